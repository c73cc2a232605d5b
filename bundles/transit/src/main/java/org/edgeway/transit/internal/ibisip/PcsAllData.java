package org.edgeway.transit.internal.ibisip;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.edgeway.api.transit.ClassCount;
import org.edgeway.api.transit.DoorState;

/**
 * A PassengerCountingService {@code AllData}: the sensor's time and, per door, its state and cumulative counters.
 *
 * @param time  the device's TimeStamp
 * @param doors one entry per CountingData, in document order
 */
public record PcsAllData(Instant time, List<CountingData> doors) {

    public PcsAllData {
        Objects.requireNonNull(time, "time");
        doors = List.copyOf(doors);
    }

    /**
     * One door.
     *
     * @param doorId  DoorID
     * @param state   the door state from State/OpenState, empty when the device sent none (or an ErrorCode)
     * @param counts  the counts that had values; a Count whose In or Out carried an ErrorCode is left out (its
     *                counter is unknown, not zero)
     * @param skipped why counts were left out, for logging (for example {@code Adult In: ErrorCode 4}), may be empty
     */
    public record CountingData(String doorId, Optional<DoorState> state, List<ClassCount> counts,
            List<String> skipped) {

        public CountingData {
            Objects.requireNonNull(doorId, "doorId");
            Objects.requireNonNull(state, "state");
            counts = List.copyOf(counts);
            skipped = List.copyOf(skipped);
        }
    }
}
