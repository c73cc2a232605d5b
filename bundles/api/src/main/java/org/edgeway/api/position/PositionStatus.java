package org.edgeway.api.position;

import java.time.Instant;

/**
 * The state of the position source.
 *
 * @param source          the configured source, for example {@code gpsd:127.0.0.1:2947} or {@code nmea-serial:/dev/ttyUSB0}
 * @param connected       true while the source is connected (a serial port open, a TCP session up)
 * @param mode            the mode of the latest report, {@link FixMode#NO_FIX} before the first
 * @param lastFixTime     receiver time of the latest report with a position, or null
 * @param fixes           reports with a position accepted since start
 * @param rejected        sentences or reports rejected since start (bad checksum, garbled, out of range)
 * @param lastProblem     the latest problem, or null when there was none
 */
public record PositionStatus(String source, boolean connected, FixMode mode, Instant lastFixTime, long fixes,
        long rejected, String lastProblem) {
}
