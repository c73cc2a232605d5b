package org.edgeway.modbus.internal.bus;

/**
 * Counters of one bus since it started.
 *
 * @param requests           requests sent (retries included)
 * @param errors             requests that gave no data (timeouts, exceptions, protocol errors, I/O errors)
 * @param timeouts           of the errors, timeouts
 * @param busy               "server device busy" replies (exception 6), each retried
 * @param meanResponseMillis mean time from sending a request to its valid reply; 0 before the first one
 * @param connected          whether the connection or serial port is open
 */
public record BusStats(long requests, long errors, long timeouts, long busy, double meanResponseMillis,
        boolean connected) {
}
