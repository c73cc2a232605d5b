package org.edgeway.fleet.internal.ops;

import java.util.List;

/**
 * The gateways of a rollout: the members of a group, explicit client ids, or both (the union). Resolved against the
 * registry when the rollout starts: every one must be a known gateway of the account.
 *
 * @param group   a group's name, or null
 * @param clients client ids, or null
 */
public record Targets(String group, List<String> clients) {

    /** Checks the form (not yet whether the gateways are known). */
    public Targets {
        if (group != null && group.isBlank()) {
            group = null;
        }
        if (group != null) {
            OpsCheck.matches("targets.group", group, OpsCheck.GROUP, "a group name");
        }
        clients = clients == null ? List.of() : List.copyOf(checkClients("targets.clients", clients));
        if (group == null && clients.isEmpty()) {
            throw OpsCheck.invalid("targets", "no gateway given: name a group or list client ids");
        }
    }

    static List<String> checkClients(String field, List<String> clients) {
        if (clients.size() > OpsCheck.MAX_TARGETS) {
            throw OpsCheck.invalid(field, "lists more than " + OpsCheck.MAX_TARGETS + " gateways");
        }
        for (String client : clients) {
            OpsCheck.clientId(field, client);
        }
        return clients;
    }

    /** Only these client ids. */
    public static Targets clients(List<String> clients) {
        return new Targets(null, clients);
    }

    /** The members of a group. */
    public static Targets group(String group) {
        return new Targets(group, null);
    }
}
