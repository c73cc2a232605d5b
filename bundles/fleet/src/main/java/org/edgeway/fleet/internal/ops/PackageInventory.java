package org.edgeway.fleet.internal.ops;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.edgeway.fleet.internal.store.FleetStore;
import org.edgeway.fleet.internal.store.Gateway;
import org.edgeway.fleet.internal.store.InstalledPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registry's installed packages current. Kura's birth certificate lists no packages, so after every new
 * birth of an online gateway the console asks it {@code DEPLOY-V2 GET packages} (as a Kura cloud does) and stores the
 * answer. Runs on the operations' thread only.
 */
final class PackageInventory {

    private static final Logger LOG = LoggerFactory.getLogger(PackageInventory.class);
    /** At most this many questions per round, so that a whole fleet coming online is asked over several rounds. */
    static final int MAX_PER_ROUND = 100;
    /** Unanswered questions remembered at most (a gateway that never answers is asked again at its next birth). */
    private static final int MAX_PENDING = 10_000;

    private final String account;
    private final FleetStore registry;
    private final GatewayTransport transport;
    /** The birth each gateway was last asked about. */
    private final Map<String, Instant> askedAbout = new HashMap<>();
    /** Request id -> gateway, oldest first. */
    private final Map<String, String> pending = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_PENDING;
        }
    };

    PackageInventory(String account, FleetStore registry, GatewayTransport transport) {
        this.account = account;
        this.registry = registry;
        this.transport = transport;
    }

    /** Asks the online gateways born since they were last asked. */
    void round() {
        if (!transport.ready()) {
            return;
        }
        int asked = 0;
        for (Gateway gateway : registry.gateways(account)) {
            if (asked == MAX_PER_ROUND) {
                return;
            }
            Instant birth = gateway.lastBirth();
            if (!gateway.online() || birth == null || birth.equals(askedAbout.get(gateway.clientId()))) {
                continue;
            }
            String requestId = UUID.randomUUID().toString();
            try {
                transport.send(new GatewayTransport.Request(gateway.clientId(), RolloutDriver.DEPLOY_APP, "GET",
                        "packages", requestId, Map.of(), null));
            } catch (IllegalStateException e) {
                return; // the connection went: the next round asks again
            }
            pending.put(requestId, gateway.clientId());
            askedAbout.put(gateway.clientId(), birth);
            asked++;
        }
    }

    /** @return whether the reply answers one of the inventory's questions (then it is handled here) */
    boolean onReply(GatewayTransport.Reply reply) {
        String clientId = pending.remove(reply.requestId());
        if (clientId == null) {
            return false;
        }
        if (reply.code() != 200 || reply.body() == null || !reply.app().equals(RolloutDriver.DEPLOY_APP)) {
            LOG.debug("fleet inventory: {} answered GET packages with {}", clientId, reply.code());
            return true;
        }
        try {
            List<InstalledPackage> packages = PackageList.parse(reply.body()).packages().stream()
                    .map(p -> new InstalledPackage(p.name(), p.version())).toList();
            registry.packages(account, clientId, packages);
        } catch (IllegalArgumentException e) {
            LOG.warn("fleet inventory: the package list of {} is refused: {}", clientId,
                    OpsCheck.shorten(String.valueOf(e.getMessage()), 200));
        }
        return true;
    }
}
