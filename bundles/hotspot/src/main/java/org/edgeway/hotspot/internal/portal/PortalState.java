package org.edgeway.hotspot.internal.portal;

/**
 * What the portal tells a client about itself.
 *
 * @param secondsRemaining session time left, or null when unknown or unlimited (negative values count as 0)
 * @param bytesRemaining   data volume left, or null when unknown or unlimited (negative values count as 0)
 * @param accepted         true when the client accepted the terms and is let through (so it is not captive)
 */
public record PortalState(Long secondsRemaining, Long bytesRemaining, boolean accepted) {

    private static final PortalState CAPTIVE = new PortalState(null, null, false);

    public PortalState {
        // A quota overrun makes the session's arithmetic go negative; RFC 8908 has no negative remainders.
        secondsRemaining = secondsRemaining == null ? null : Math.max(0L, secondsRemaining);
        bytesRemaining = bytesRemaining == null ? null : Math.max(0L, bytesRemaining);
    }

    /** @return the state of a client that has not accepted the terms */
    public static PortalState captive() {
        return CAPTIVE;
    }
}
