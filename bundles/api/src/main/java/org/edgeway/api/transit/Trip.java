package org.edgeway.api.transit;

import java.util.List;
import java.util.Objects;

/**
 * A trip the vehicle runs: one journey of a line from its first to its last stop.
 *
 * @param tripId   the trip's id in the operator's data (GTFS trip_id, IBIS-IP TripRef), never blank
 * @param line     the line as passengers know it (GTFS route_short_name, IBIS-IP LineNumber), may be empty
 * @param headsign where it goes, may be empty
 * @param stops    its stops in increasing sequence, at least one
 */
public record Trip(String tripId, String line, String headsign, List<TripStop> stops) {

    /** Validates and copies. */
    public Trip {
        Objects.requireNonNull(tripId, "tripId");
        if (tripId.isBlank()) {
            throw new IllegalArgumentException("tripId must not be blank");
        }
        line = line == null ? "" : line;
        headsign = headsign == null ? "" : headsign;
        stops = List.copyOf(stops);
        if (stops.isEmpty()) {
            throw new IllegalArgumentException("trip " + tripId + " has no stops");
        }
        for (int i = 1; i < stops.size(); i++) {
            if (stops.get(i).sequence() <= stops.get(i - 1).sequence()) {
                throw new IllegalArgumentException("trip " + tripId + ": stop sequence must increase, "
                        + stops.get(i).sequence() + " follows " + stops.get(i - 1).sequence());
            }
        }
    }

    /** @return the last stop (the terminus) */
    public TripStop lastStop() {
        return stops.get(stops.size() - 1);
    }
}
