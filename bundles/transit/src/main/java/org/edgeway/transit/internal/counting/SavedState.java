package org.edgeway.transit.internal.counting;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.edgeway.api.transit.DoorCount;

/**
 * What the engine keeps across a restart of the gateway: the sensors' last counters (so that what they counted
 * while the gateway was down is counted once the first report comes) and the trip run in progress (so that a restart
 * in the middle of a trip does not split it). Saved after every visit and at a clean stop.
 *
 * @param counters per {@code sensor/door/CLASS}: the cumulative boardings and alightings last accounted for
 * @param run      the trip run in progress, or null
 */
public record SavedState(Map<String, long[]> counters, Run run) {

    /** Copies. */
    public SavedState {
        counters = Map.copyOf(counters);
    }

    /**
     * A trip run in progress.
     *
     * @param tripId             the trip
     * @param line               its line
     * @param tripStart          when the run started
     * @param boardings          its boardings so far
     * @param alightings         its alightings so far
     * @param tripCounts         per door and class so far
     * @param clamped            alightings not subtracted so far
     * @param visits             visits so far
     * @param lastStopSequence   the sequence of the last stop attributed, or null
     * @param load               the load
     */
    public record Run(String tripId, String line, Instant tripStart, long boardings, long alightings, List<DoorCount> tripCounts,
            long clamped, int visits, Integer lastStopSequence, int load) {

        /** Copies. */
        public Run {
            tripCounts = List.copyOf(tripCounts);
        }
    }
}
