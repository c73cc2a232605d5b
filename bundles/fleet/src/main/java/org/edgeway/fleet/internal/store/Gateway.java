package org.edgeway.fleet.internal.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A gateway as the registry knows it.
 *
 * @param online         connected as far as the last birth, data, DC or LWT tells
 * @param lastSeen       the last message from the gateway itself (not its last will), null if none
 * @param lastBirth      the last birth, null if none received
 * @param runtimeVersion the edgeway version from the birth
 * @param profile        the distribution profile if the birth names one
 */
public record Gateway(String account, String clientId, boolean online, Instant lastSeen, Instant lastBirth,
        String displayName, String modelName, String runtimeVersion, String profile, List<InstalledPackage> packages,
        Double latitude, Double longitude, Map<String, String> birthMetrics) {

    /** Copies the collections. */
    public Gateway {
        packages = packages == null ? List.of() : List.copyOf(packages);
        birthMetrics = birthMetrics == null ? Map.of() : Map.copyOf(birthMetrics);
    }
}
