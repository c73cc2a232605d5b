package org.edgeway.api.transit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a counting sensor says about one door at one moment: its state, its cumulative counters, or both.
 *
 * @param sensor an adapter-chosen name for the sensor (for logs and quality), never null
 * @param doorId the door as configured for the vehicle (for example {@code 1}), never null
 * @param time   the sensor's time of the report, never null
 * @param state  the door state, or null when the report carries none
 * @param counts cumulative counters per object class (see {@link ClassCount}), may be empty
 */
public record DoorReport(String sensor, String doorId, Instant time, DoorState state, List<ClassCount> counts) {

    /** Validates and copies the list. */
    public DoorReport {
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(doorId, "doorId");
        Objects.requireNonNull(time, "time");
        counts = List.copyOf(counts);
        if (doorId.isBlank()) {
            throw new IllegalArgumentException("doorId must not be blank");
        }
    }
}
