package org.edgeway.modbus.internal.energy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.edgeway.modbus.internal.energy.IntervalReading.Quality;

/**
 * Turns the readings of one energy (or volume) counter into sane figures: a counter only grows, so a drop is reported
 * as a reset or replaced meter and never as negative consumption; and every clock-aligned interval (quarter hours by
 * default: :00, :15, :30, :45 UTC, which are quarter hours in every time zone in use) is closed with the counter's value
 * at its end and the consumption inside it.
 *
 * <p>Meters are polled every few seconds, not at the boundary itself, so the value at a boundary is interpolated
 * linearly between the last reading before it and the first one after it. A boundary value is good when one of the two
 * readings is within the tolerance of the boundary; the quality says when it is not.
 *
 * <p>Not thread safe: one meter's poller feeds it.
 */
public final class EnergyCounter {

    /** The result of one reading. */
    public record Update(double value, boolean dropped, List<IntervalReading> closedIntervals) {
    }

    private final Duration interval;
    private final Duration tolerance;
    private CounterState state;

    /**
     * @param interval  interval length; must divide a day (e.g. 15 minutes)
     * @param tolerance how far from a boundary the readings around it may be for the interval to count as good
     * @param restored  the state saved before a restart, or {@code null} for a new counter
     */
    public EnergyCounter(Duration interval, Duration tolerance, CounterState restored) {
        if (interval.isNegative() || interval.isZero() || Duration.ofDays(1).toMillis() % interval.toMillis() != 0) {
            throw new IllegalArgumentException("interval must divide a day evenly, got " + interval);
        }
        this.interval = interval;
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
        this.state = restored;
    }

    /** The state to save, {@code null} before the first reading. */
    public CounterState state() {
        return state;
    }

    /**
     * Accepts a reading. Readings not newer than the last one are ignored (a clock stepped back must not close
     * intervals twice); non-finite and negative values are the caller's to reject before.
     *
     * @throws IllegalArgumentException if the value is not finite or negative
     */
    public Update accept(Instant at, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException("counter reading must be a finite, non-negative number, got " + value);
        }
        if (state == null) {
            Instant start = boundaryAtOrBefore(at);
            // a first reading within the tolerance after a boundary is as good as one at the boundary
            Quality quality = Duration.between(start, at).compareTo(tolerance) <= 0 ? Quality.GOOD : Quality.PARTIAL;
            state = new CounterState(at, value, start, value, 0, quality);
            return new Update(value, false, List.of());
        }
        if (!at.isAfter(state.lastAt())) {
            return new Update(state.lastValue(), false, List.of());
        }
        Instant lastAt = state.lastAt();
        double lastValue = state.lastValue();
        boolean dropped = value < lastValue;
        Instant start = state.intervalStart();
        double startValue = state.intervalStartValue();
        double beforeDrop = state.consumedBeforeDrop();
        Quality startQuality = state.startQuality();
        if (dropped) {
            // the growth up to the last reading is known; whatever happened between it and this one is not
            beforeDrop += lastValue - startValue;
            startQuality = startQuality.worst(Quality.RESET);
        }
        List<IntervalReading> closed = new ArrayList<>();
        for (Instant end = start.plus(interval); !end.isAfter(at); end = end.plus(interval)) {
            // after a drop the counter restarted somewhere at or below this reading: the boundary value is unknowable
            // between the two readings, so take the new reading and count nothing of the gap
            double endValue = dropped ? value : interpolate(lastAt, lastValue, at, value, end);
            double grown = dropped ? 0 : endValue - startValue;
            Quality endQuality = boundaryQuality(lastAt, at, end);
            closed.add(new IntervalReading(start, end, endValue, Math.max(0, beforeDrop + grown),
                    startQuality.worst(endQuality)));
            start = end;
            startValue = endValue;
            beforeDrop = 0;
            startQuality = dropped ? Quality.RESET : endQuality; // the interval after a drop is not whole either
            dropped = false;
        }
        if (dropped) { // the drop is inside the still open interval: count on from this reading
            startValue = value;
        }
        state = new CounterState(at, value, start, startValue, beforeDrop, startQuality);
        return new Update(value, value < lastValue, closed);
    }

    /** How good a value interpolated at {@code boundary} between readings at {@code before} and {@code after} is. */
    private Quality boundaryQuality(Instant before, Instant after, Instant boundary) {
        if (Duration.between(before, after).compareTo(interval) > 0) {
            return Quality.GAP;
        }
        // a reading at (or within the tolerance of) the boundary pins the value there
        boolean close = Duration.between(before, boundary).compareTo(tolerance) <= 0
                || Duration.between(boundary, after).compareTo(tolerance) <= 0;
        return close ? Quality.GOOD : Quality.INTERPOLATED;
    }

    private static double interpolate(Instant t1, double v1, Instant t2, double v2, Instant at) {
        double span = Duration.between(t1, t2).toNanos();
        double part = Duration.between(t1, at).toNanos();
        return v1 + (v2 - v1) * (part / span);
    }

    private Instant boundaryAtOrBefore(Instant at) {
        long length = interval.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), length) * length);
    }
}
