package org.edgeway.api.transit;

/**
 * Where counting sensor adapters deliver. The passenger counting bundle registers this service; an adapter (ours
 * for IBIS-IP and JSON lines, or an integrator's for another sensor) references it and calls it with every report.
 * Thread-safe; calls return quickly. The sink validates: a report it cannot use (unknown door, a count far beyond
 * what a door can pass) is flagged in the visit's quality and logged once per episode, and never throws.
 */
public interface CountingSink {

    /**
     * Delivers a report.
     *
     * @param report the report
     */
    void report(DoorReport report);

    /**
     * Tells that a sensor cannot be read (connection lost, garbled replies) or can again. Visits while a sensor is
     * unavailable are flagged {@link VisitQuality#SENSOR_UNAVAILABLE}.
     *
     * @param sensor    the adapter-chosen sensor name
     * @param available false when it cannot be read
     * @param problem   why not (a short text, no secrets), or null when available
     */
    void sensorAvailability(String sensor, boolean available, String problem);
}
