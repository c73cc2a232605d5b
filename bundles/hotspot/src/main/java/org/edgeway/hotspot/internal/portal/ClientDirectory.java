package org.edgeway.hotspot.internal.portal;

import java.net.InetAddress;
import java.util.Optional;

/**
 * The hotspot's view of its clients, as the portal needs it. The portal never sees a MAC address: it knows a client
 * by the pseudonymous id the hotspot derives from it. Called from the portal's request threads, concurrently.
 */
public interface ClientDirectory {

    /**
     * @param clientAddress the address a request came from
     * @return the client's pseudonymous id, or empty if the address is not a client of this hotspot (then the portal
     *         treats it as captive and does not let it accept the terms)
     */
    Optional<String> pseudonymFor(InetAddress clientAddress);

    /**
     * The portal's only source for "captive or not": {@link PortalState#accepted()} should be true only while the
     * client's acceptance holds (the implementation consults the {@link AcceptanceStore} the portal records into)
     * and the client is let through (e.g. not over its quota).
     *
     * @param pseudonym an id returned by {@link #pseudonymFor(InetAddress)}
     * @return the client's state; never null
     */
    PortalState stateOf(String pseudonym);
}
