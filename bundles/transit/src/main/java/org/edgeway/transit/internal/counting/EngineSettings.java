package org.edgeway.transit.internal.counting;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the stop-visit engine judges its inputs.
 *
 * @param doors          the vehicle's door ids (reports for other doors are kept and flagged UNKNOWN_DOOR)
 * @param bayRadiusMetres a visit is at a stop when the vehicle stood within this distance of it
 * @param maxStopSpeed   metres per second; faster at door opening flags MOVING
 * @param closeGrace     counts arriving this long after the last door closed still belong to the visit; a door
 *                       reopening within it continues the visit
 * @param maxCountStep   a counter step above this between two reports of one door and class is flagged
 *                       IMPLAUSIBLE_COUNT (and kept)
 * @param maxFixAge      a fix received longer ago than this (gateway clock) is not used for a visit
 * @param occupancy      occupancy rules
 */
public record EngineSettings(Set<String> doors, double bayRadiusMetres, double maxStopSpeed, Duration closeGrace,
        long maxCountStep, Duration maxFixAge, OccupancyRules occupancy) {

    /** Validates. */
    public EngineSettings {
        doors = Set.copyOf(doors);
        if (doors.isEmpty()) {
            throw new IllegalArgumentException("at least one door must be configured");
        }
        if (!(bayRadiusMetres > 0)) {
            throw new IllegalArgumentException("bay radius must be positive, was " + bayRadiusMetres);
        }
        if (!(maxStopSpeed >= 0)) {
            throw new IllegalArgumentException("maximum stop speed must not be negative, was " + maxStopSpeed);
        }
        if (closeGrace.isNegative() || maxFixAge.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (maxCountStep < 1) {
            throw new IllegalArgumentException("maximum count step must be at least 1, was " + maxCountStep);
        }
        Objects.requireNonNull(occupancy, "occupancy");
    }
}
