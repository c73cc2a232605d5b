package org.edgeway.position.internal.source;

import java.time.Duration;
import java.util.Objects;

/** Reconnect delays: the initial delay, doubled on every further failure up to a maximum. Not thread-safe. */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration next;

    /**
     * @param initial the first delay, positive
     * @param max     the longest delay, at least {@code initial}
     */
    public Backoff(Duration initial, Duration max) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /** @return the delay to wait now; the following call returns twice as much, up to the maximum */
    public Duration next() {
        Duration current = next;
        Duration doubled = current.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return current;
    }

    /** Starts over at the initial delay (after a connection that delivered data). */
    public void reset() {
        next = initial;
    }

    /** @return the longest delay */
    public Duration max() {
        return max;
    }
}
