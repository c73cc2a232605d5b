package org.edgeway.cloud.internal;

import java.util.function.DoubleSupplier;

/**
 * Exponential reconnect delay with "equal jitter": half of the exponential delay is fixed, half random, so a fleet
 * that lost its broker at the same moment does not reconnect in lockstep. Never gives up.
 */
final class Backoff {

    private final long minMs;
    private final long maxMs;
    private final DoubleSupplier random;

    Backoff(long minMs, long maxMs, DoubleSupplier random) {
        if (minMs <= 0 || maxMs < minMs) {
            throw new IllegalArgumentException("reconnect delays must satisfy 0 < min <= max, got " + minMs + " and " + maxMs);
        }
        this.minMs = minMs;
        this.maxMs = maxMs;
        this.random = random;
    }

    /** The delay before attempt number {@code failures + 1}, after {@code failures} failures in a row. */
    long delayMs(int failures) {
        long exponential = minMs << Math.min(Math.max(failures - 1, 0), 30);
        long capped = Math.min(Math.max(exponential, minMs), maxMs);
        long half = capped / 2;
        return half + (long) (random.getAsDouble() * (capped - half));
    }
}
