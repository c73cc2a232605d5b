package org.edgeway.transit.internal.ibisip;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A CustomerInformationService {@code AllData}, as far as the trip context needs it.
 *
 * @param tripRef          TripInformation/TripRef, empty when absent
 * @param line             LineNumber (else LineName, else LineRef) of the first stop's DisplayContent, may be empty
 * @param headsign         DestinationName of that DisplayContent, may be empty
 * @param stops            the StopSequence in increasing StopIndex order; empty when the vehicle runs no trip
 * @param currentStopIndex CurrentStopIndex, empty when absent
 */
public record CisAllData(Optional<String> tripRef, String line, String headsign, List<Stop> stops,
        OptionalInt currentStopIndex) {

    public CisAllData {
        Objects.requireNonNull(tripRef, "tripRef");
        line = line == null ? "" : line;
        headsign = headsign == null ? "" : headsign;
        stops = List.copyOf(stops);
        Objects.requireNonNull(currentStopIndex, "currentStopIndex");
    }

    /** @return true when the vehicle runs a trip (it has stops) */
    public boolean hasTrip() {
        return !stops.isEmpty();
    }

    /**
     * A StopPoint of the StopSequence.
     *
     * @param index StopIndex
     * @param ref   StopRef
     * @param name  StopName, may be empty
     */
    public record Stop(int index, String ref, String name) {

        public Stop {
            Objects.requireNonNull(ref, "ref");
            name = name == null ? "" : name;
        }
    }
}
