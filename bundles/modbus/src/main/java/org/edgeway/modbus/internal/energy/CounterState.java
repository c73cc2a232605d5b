package org.edgeway.modbus.internal.energy;

import java.time.Instant;
import java.util.Objects;

/**
 * What an {@link EnergyCounter} needs to carry on after a restart: the last reading and the open interval.
 *
 * @param lastAt             when the last reading was taken
 * @param lastValue          the last reading
 * @param intervalStart      start of the open interval
 * @param intervalStartValue the counter's value at {@code intervalStart}
 * @param consumedBeforeDrop growth in the open interval before the counter last dropped (0 when it did not)
 * @param startQuality       how good the value at {@code intervalStart} is; {@code RESET} if the counter dropped in
 *                           the open interval
 */
public record CounterState(Instant lastAt, double lastValue, Instant intervalStart, double intervalStartValue,
        double consumedBeforeDrop, IntervalReading.Quality startQuality) {

    public CounterState {
        Objects.requireNonNull(lastAt, "lastAt");
        Objects.requireNonNull(intervalStart, "intervalStart");
        Objects.requireNonNull(startQuality, "startQuality");
    }
}
