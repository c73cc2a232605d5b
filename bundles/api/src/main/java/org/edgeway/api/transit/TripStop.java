package org.edgeway.api.transit;

import java.util.Objects;

/**
 * A stop of a trip, in trip order.
 *
 * @param sequence the stop's position in the trip (GTFS stop_sequence, IBIS-IP StopIndex): increasing along the trip
 * @param stop     the stop
 */
public record TripStop(int sequence, StopPoint stop) {

    /** Validates. */
    public TripStop {
        Objects.requireNonNull(stop, "stop");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative, was " + sequence);
        }
    }
}
