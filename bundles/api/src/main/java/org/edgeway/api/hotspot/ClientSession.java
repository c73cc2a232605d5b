package org.edgeway.api.hotspot;

import java.time.Instant;
import java.util.Objects;

/**
 * A client's session, from association to disassociation.
 *
 * @param clientId      pseudonymous id: a keyed hash of the client's MAC address with today's key (the same client
 *                      gets another id tomorrow)
 * @param start         when the client associated
 * @param bytesUp       bytes the client sent in this session
 * @param bytesDown     bytes the client received in this session
 * @param signalDbm     the latest signal, or null
 * @param termsAccepted true once the client accepted the portal's terms today
 */
public record ClientSession(String clientId, Instant start, long bytesUp, long bytesDown, Integer signalDbm,
        boolean termsAccepted) {

    /** Validates. */
    public ClientSession {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(start, "start");
    }
}
