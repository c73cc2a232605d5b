package org.edgeway.fleet.internal.ops;

import java.time.Instant;
import java.util.List;

/** A named group of gateways, to target rollouts at. */
public record GroupView(String name, List<String> clients, String updatedBy, Instant updated) {

    public GroupView {
        clients = List.copyOf(clients);
    }
}
