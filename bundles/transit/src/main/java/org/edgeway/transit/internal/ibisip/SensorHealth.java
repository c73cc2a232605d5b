package org.edgeway.transit.internal.ibisip;

import java.util.Objects;

import org.edgeway.api.transit.CountingSink;
import org.slf4j.Logger;

/**
 * A counting sensor's availability, told to the sink and the log once per episode: when it starts failing and when it
 * works again, not on every failed attempt. Thread-safe.
 */
public final class SensorHealth {

    private final CountingSink sink;
    private final String sensor;
    private final String description;
    private final Logger log;
    private Boolean available; // this; null until the first outcome

    /**
     * @param sink        where availability goes
     * @param sensor      the sensor name
     * @param description what is read, for log lines (for example "IBIS-IP passenger counting at http://..."); no
     *                    secrets
     * @param log         the adapter's logger
     */
    public SensorHealth(CountingSink sink, String sensor, String description, Logger log) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.sensor = Objects.requireNonNull(sensor, "sensor");
        this.description = Objects.requireNonNull(description, "description");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** The sensor was read. Reports availability on the first success and after a failure. */
    public synchronized void ok() {
        if (Boolean.TRUE.equals(available)) {
            return;
        }
        if (available != null) {
            log.info("Sensor {} ({}) works again", sensor, description);
        }
        available = true;
        sink.sensorAvailability(sensor, true, null);
    }

    /**
     * The sensor could not be read. Reports and logs only when it was not already failing.
     *
     * @param problem why, short, no secrets
     */
    public synchronized void failed(String problem) {
        if (Boolean.FALSE.equals(available)) {
            log.debug("Sensor {} still failing: {}", sensor, problem);
            return;
        }
        available = false;
        log.warn("Sensor {} ({}) cannot be read: {}; retrying (logged again when it works)", sensor, description,
                problem);
        sink.sensorAvailability(sensor, false, problem);
    }

    /** @return true once read and not failing since, false while failing, null before the first attempt */
    public synchronized Boolean available() {
        return available;
    }
}
