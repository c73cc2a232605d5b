package org.edgeway.api.transit;

import java.time.Instant;
import java.util.Objects;

/**
 * The balance of a finished trip run. On a perfect count the load at the end is zero: whatever remains is the
 * imbalance, which is reported and then reset (the trip end is a point of known load).
 *
 * @param tripId      the trip
 * @param tripStart   when the run started
 * @param tripEnd     when it ended
 * @param line        the line
 * @param visits      stop visits in the run
 * @param boardings   all boardings
 * @param alightings  all alightings
 * @param imbalance   load left at the end (boardings - alightings, after clamping at zero), reset afterwards
 * @param clamped     alightings that would have taken the load below zero and were not subtracted
 */
public record TripSummary(String tripId, Instant tripStart, Instant tripEnd, String line, int visits, long boardings,
        long alightings, int imbalance, long clamped) {

    /** Validates. */
    public TripSummary {
        Objects.requireNonNull(tripId, "tripId");
        Objects.requireNonNull(tripStart, "tripStart");
        Objects.requireNonNull(tripEnd, "tripEnd");
    }
}
