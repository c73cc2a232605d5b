package org.edgeway.api.transit;

import java.time.Instant;
import java.util.Objects;

/**
 * The live load of the vehicle.
 *
 * @param time       when it was computed
 * @param tripId     the current trip, or null when the vehicle runs no trip
 * @param load       passengers on board by the counts (sum of boardings minus alightings since trip start, never
 *                   below zero)
 * @param percentage load against seated plus standing capacity, rounded to the configured step (coarse on
 *                   purpose, so no single person shows), may exceed 100; null when no capacity is configured
 * @param status     the GTFS-Realtime occupancy status from the configured thresholds
 */
public record Occupancy(Instant time, String tripId, int load, Integer percentage, OccupancyStatus status) {

    /** Validates. */
    public Occupancy {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(status, "status");
        if (load < 0) {
            throw new IllegalArgumentException("load must not be negative, was " + load);
        }
    }
}
