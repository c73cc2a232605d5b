package org.edgeway.fleet.internal.store;

import java.time.Instant;

/**
 * The balance of one trip run from its stored visits.
 *
 * @param visits            stored visits of the run
 * @param boardings         their boardings
 * @param alightings        their alightings
 * @param reportedVisits    visits the gateway's trip summary counted; null without a summary
 * @param reportedImbalance the summary's imbalance; null without a summary
 */
public record TripBalance(String clientId, String tripId, Instant tripStart, String line, long visits,
        long boardings, long alightings, Long reportedVisits, Long reportedImbalance, Flag flag) {

    /** How a trip adds up. */
    public enum Flag {
        /** |boardings - alightings| within the threshold. */
        BALANCED,
        /** |boardings - alightings| above the threshold. */
        IMBALANCED,
        /** No trip summary received yet, or fewer visits stored than the summary counted. */
        INCOMPLETE
    }

    /** boardings - alightings. */
    public long difference() {
        return boardings - alightings;
    }
}
