package org.edgeway.fleet.internal.store;

import java.time.Instant;

/**
 * One APC-V1 {@code occupancy} message; only the latest per vehicle is kept.
 *
 * @param occupancyStatus     the GTFS-Realtime OccupancyStatus name
 * @param occupancyStatusCode its number
 */
public record OccupancyRecord(String account, String clientId, Instant at, int load, Integer occupancyPercent,
        String occupancyStatus, Integer occupancyStatusCode, boolean doorsOpen, String tripId, String line,
        String stopId, Integer stopSequence, Double latitude, Double longitude) {

    /** Validates. */
    public OccupancyRecord {
        Check.id("account", account);
        Check.id("clientId", clientId);
        Check.notNull("at", at);
        Check.notNegative("load", load);
        if (occupancyPercent != null) {
            Check.notNegative("occupancyPercent", occupancyPercent);
        }
        Check.optionalId("occupancyStatus", occupancyStatus);
        if (occupancyStatusCode != null) {
            Check.notNegative("occupancyStatusCode", occupancyStatusCode);
        }
        Check.optionalId("tripId", tripId);
        Check.optionalId("line", line);
        Check.optionalId("stopId", stopId);
        if (stopSequence != null) {
            Check.notNegative("stopSequence", stopSequence);
        }
        Check.position(latitude, longitude);
    }
}
