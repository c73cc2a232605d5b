package org.edgeway.api.cloud;

import java.time.Instant;

/**
 * A snapshot of a cloud connection's state.
 *
 * @param connected  whether the MQTT session is up
 * @param brokerUrl  the broker the connection points at
 * @param since      when the connection last changed between connected and disconnected, or null if never
 * @param lastError  the last connection error, for a person to read, or null
 * @param nextRetry  when the next connection attempt is due while disconnected, or null
 */
public record ConnectionStatus(boolean connected, String brokerUrl, Instant since, String lastError, Instant nextRetry) {
}
