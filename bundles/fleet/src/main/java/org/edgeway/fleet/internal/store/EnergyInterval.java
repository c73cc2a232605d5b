package org.edgeway.fleet.internal.store;

import java.time.Instant;

/**
 * The consumption of one meter over one interval (METER-V1 {@code interval} of its import counter).
 *
 * @param kwh     consumption in the interval, never negative
 * @param quality GOOD, INTERPOLATED, GAP, RESET or PARTIAL
 */
public record EnergyInterval(String account, String clientId, String meter, Instant start, Instant end, double kwh,
        String quality) {

    /** Validates. */
    public EnergyInterval {
        Check.id("account", account);
        Check.id("clientId", clientId);
        Check.id("meter", meter);
        Check.notNull("start", start);
        Check.notNull("end", end);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end " + end + " is not after start " + start);
        }
        if (!Double.isFinite(kwh) || kwh < 0) {
            throw new IllegalArgumentException("kwh must be a finite number not below zero, not " + kwh);
        }
        Check.optionalId("quality", quality);
    }
}
