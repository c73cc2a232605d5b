package org.edgeway.transit.internal;

import java.util.function.BooleanSupplier;

/** The transit tests' one way to wait for what other threads do: a condition polled until a deadline. */
public final class Await {

    private static final long TIMEOUT_NANOS = 10_000_000_000L;

    private Await() {
    }

    /**
     * Polls {@code condition} every 10 ms until it holds.
     *
     * @throws AssertionError naming {@code what} when it does not hold within 10 s
     */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 10 s for " + what);
            }
            Thread.sleep(10);
        }
    }
}
