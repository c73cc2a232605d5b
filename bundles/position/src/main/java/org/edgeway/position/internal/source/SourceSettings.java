package org.edgeway.position.internal.source;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of a source's link.
 *
 * @param reconnectMax   the longest delay between reconnect attempts (they start at 1 s and double)
 * @param connectTimeout how long a TCP connect may take
 * @param pollInterval   the read timeout: how often a blocked read wakes up to check for close and silence
 * @param silenceTimeout a link without reports for this long is suspect (a receiver talks every second): an NMEA
 *                       link without a line is reopened (a silent TCP session is usually half-open); gpsd without a
 *                       TPV is asked to reopen its devices (see {@code GpsdSource})
 */
public record SourceSettings(Duration reconnectMax, Duration connectTimeout, Duration pollInterval,
        Duration silenceTimeout) {

    /** The first reconnect delay. */
    public static final Duration INITIAL_RECONNECT_DELAY = Duration.ofSeconds(1);

    /** Checks that every duration is positive and the maximum delay at least the initial one. */
    public SourceSettings {
        for (Duration d : new Duration[] { reconnectMax, connectTimeout, pollInterval, silenceTimeout }) {
            Objects.requireNonNull(d, "duration");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive, was " + d);
            }
        }
        if (reconnectMax.compareTo(INITIAL_RECONNECT_DELAY) < 0) {
            throw new IllegalArgumentException("reconnectMax must be at least 1 s, was " + reconnectMax);
        }
    }

    /**
     * The production timing: connect within 5 s, wake up every second, a link is suspect after 10 s of silence.
     *
     * @param reconnectMax the longest reconnect delay
     * @return the settings
     */
    public static SourceSettings defaults(Duration reconnectMax) {
        return new SourceSettings(reconnectMax, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    /** @return the reconnect delays for a new source */
    Backoff backoff() {
        return new Backoff(INITIAL_RECONNECT_DELAY, reconnectMax);
    }

    /**
     * A duration for messages: {@code 10 s}, or {@code 300 ms} below a whole second.
     *
     * @param duration the duration
     * @return the text
     */
    public static String format(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** @return the poll interval as a read timeout in milliseconds */
    public int pollMillis() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, pollInterval.toMillis()));
    }

    /** @return the connect timeout in milliseconds */
    public int connectMillis() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
    }
}
