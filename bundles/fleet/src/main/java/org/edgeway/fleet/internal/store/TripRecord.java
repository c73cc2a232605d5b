package org.edgeway.fleet.internal.store;

import java.time.Instant;

/**
 * One APC-V1 {@code trip} message: the balance of a finished trip run.
 *
 * @param visits     stop visits the gateway counted in the run
 * @param boardings  all boardings of the run
 * @param alightings all alightings of the run
 * @param imbalance  the load left at the trip end (after clamping at zero)
 * @param clamped    alightings that would have taken the load below zero
 */
public record TripRecord(String account, String clientId, String tripId, Instant tripStart, Instant tripEnd,
        String line, int visits, long boardings, long alightings, long imbalance, long clamped) {

    /** Validates. */
    public TripRecord {
        Check.id("account", account);
        Check.id("clientId", clientId);
        Check.id("tripId", tripId);
        Check.notNull("tripStart", tripStart);
        Check.notNull("tripEnd", tripEnd);
        if (tripEnd.isBefore(tripStart)) {
            throw new IllegalArgumentException("tripEnd " + tripEnd + " is before tripStart " + tripStart);
        }
        Check.optionalId("line", line);
        Check.notNegative("visits", visits);
        Check.notNegative("boardings", boardings);
        Check.notNegative("alightings", alightings);
        Check.notNegative("imbalance", imbalance);
        Check.notNegative("clamped", clamped);
    }
}
