package org.edgeway.api.hotspot;

import java.util.List;

/** The passenger Wi-Fi hotspot. Thread-safe. */
public interface HotspotService {

    /** @return the hotspot's state and today's totals */
    HotspotStatus status();

    /** @return the sessions of the clients connected now, by pseudonymous id */
    List<ClientSession> sessions();
}
