package org.edgeway.hotspot.internal.control;

/** Events from hostapd (after ATTACH) and the state of the control connection; called from the client's thread. */
public interface HostapdListener {

    void stationConnected(MacAddress station);

    void stationDisconnected(MacAddress station);

    /**
     * The control connection came up (attached) or went down.
     *
     * @param up      true once attached
     * @param problem why it is down (no MAC addresses in it), or null when up
     */
    void connectionChanged(boolean up, String problem);
}
