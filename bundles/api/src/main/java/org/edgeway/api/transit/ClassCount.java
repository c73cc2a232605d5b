package org.edgeway.api.transit;

import java.util.Objects;

/**
 * A sensor's counters for one door and object class: <b>cumulative</b> since the sensor's count start, so that a
 * lost report loses nothing (the next one carries the sum). A counter that goes down is taken as a sensor reset.
 *
 * @param objectClass what was counted
 * @param in          boardings since the count start, not negative
 * @param out         alightings since the count start, not negative
 * @param quality     the sensor's verdict
 */
public record ClassCount(ObjectClass objectClass, long in, long out, CountQuality quality) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming a negative counter
     */
    public ClassCount {
        Objects.requireNonNull(objectClass, "objectClass");
        Objects.requireNonNull(quality, "quality");
        if (in < 0) {
            throw new IllegalArgumentException("in must not be negative, was " + in);
        }
        if (out < 0) {
            throw new IllegalArgumentException("out must not be negative, was " + out);
        }
    }
}
