package org.edgeway.position.internal.source;

import org.edgeway.api.position.Fix;

/**
 * What a position source reports, always from its own thread, one call at a time. Implementations must not throw.
 */
public interface SourceListener {

    /**
     * The link to the receiver came up (a serial port opened, a TCP session established and, for gpsd, watching)
     * or went down.
     *
     * @param up true when connected
     */
    void connected(boolean up);

    /**
     * A report from the receiver, with or without a position.
     *
     * @param fix the report
     */
    void fix(Fix fix);

    /**
     * Input that was rejected (bad checksum, garbled field, value out of range, line too long, ...).
     *
     * @param reason what was wrong, for logs and {@code status().lastProblem()}
     */
    void rejected(String reason);

    /**
     * Well-formed input that carries nothing we use (NMEA GSV/GSA/VTG, gpsd DEVICES/WATCH, ...). Counted only.
     *
     * @param what the sentence type or report class
     */
    void ignored(String what);

    /**
     * A problem with the link itself (cannot connect, connection lost, no data); the source retries on its own.
     *
     * @param problem what happened
     */
    void problem(String problem);
}
