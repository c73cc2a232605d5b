package org.edgeway.hotspot.internal.portal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Decides whether a problem gets a log line: at most one per kind of problem per interval, so that a misbehaving
 * client (or a scanner) cannot flood the log. The line that is let through reports how many were held back.
 */
final class ProblemGate {

    private static final class Window {
        Instant lastLogged;
        long suppressed;
    }

    private final Clock clock;
    private final Duration interval;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    ProblemGate(Clock clock, Duration interval) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /**
     * @param kind the kind of problem (a small fixed set of names)
     * @return empty to stay quiet, or the number of occurrences held back since the last line to log one now
     */
    OptionalLong admit(String kind) {
        Window window = windows.computeIfAbsent(kind, k -> new Window());
        synchronized (window) {
            Instant now = clock.instant();
            if (window.lastLogged != null && now.isBefore(window.lastLogged.plus(interval))) {
                window.suppressed++;
                return OptionalLong.empty();
            }
            long held = window.suppressed;
            window.lastLogged = now;
            window.suppressed = 0;
            return OptionalLong.of(held);
        }
    }
}
