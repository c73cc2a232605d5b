package org.edgeway.api.meter;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The last reading of one utility meter.
 *
 * @param meter    the meter's name, unique on the gateway
 * @param bus      the name of the bus it is read on
 * @param unitId   its unit (slave) id on the bus
 * @param time     when it was read last, or null if not yet
 * @param values   the values read, by point name (numbers, or booleans for coils)
 * @param units    the unit of each point that has one (e.g. {@code kWh}, {@code V}), by point name
 * @param problems why a point has no value in this reading (a Modbus exception, a timeout, a sentinel), by point name
 */
public record MeterReading(String meter, String bus, int unitId, Instant time, Map<String, Object> values,
        Map<String, String> units, Map<String, String> problems) {

    /** Checks that nothing is missing and copies the maps (sorted by point name). */
    public MeterReading {
        Objects.requireNonNull(meter, "meter");
        values = Collections.unmodifiableMap(new TreeMap<>(values == null ? Map.of() : values));
        units = Collections.unmodifiableMap(new TreeMap<>(units == null ? Map.of() : units));
        problems = Collections.unmodifiableMap(new TreeMap<>(problems == null ? Map.of() : problems));
    }
}
