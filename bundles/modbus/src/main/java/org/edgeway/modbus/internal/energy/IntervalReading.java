package org.edgeway.modbus.internal.energy;

import java.time.Instant;

/**
 * One closed interval of an energy counter, the figure energy managers bill on.
 *
 * @param start       the interval's start, on a boundary (e.g. :00, :15, :30, :45)
 * @param end         the interval's end, the next boundary
 * @param endValue    the counter's value at {@code end} (interpolated between the readings around it)
 * @param consumption how much the counter grew in the interval; never negative
 * @param quality     how far the figures can be trusted
 */
public record IntervalReading(Instant start, Instant end, double endValue, double consumption, Quality quality) {

    /** Trust in an interval's figures, best first: an interval has the worst quality of its two boundaries. */
    public enum Quality {
        /** A reading close to each boundary (within the tolerance): as good as a read at the boundary. */
        GOOD,
        /** No reading within the tolerance of a boundary: its value is a linear interpolation. */
        INTERPOLATED,
        /**
         * The readings around a boundary are more than an interval apart (an outage, the gateway off): the value there
         * is interpolated across the gap.
         */
        GAP,
        /**
         * The counter dropped inside the interval (reset or replaced meter): the consumption counts only the growth
         * seen before and after the drop, so it may be too low.
         */
        RESET,
        /** The counter was first read inside the interval: the consumption counts from that reading only. */
        PARTIAL;

        Quality worst(Quality other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }
}
