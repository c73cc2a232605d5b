package org.edgeway.hotspot.internal.control;

import java.util.List;

/**
 * A hostapd control-interface client: one request socket and one attached event socket, over a UNIX datagram socket
 * ({@code ctrl_interface=/var/run/hostapd}, the interface's socket) or hostapd's UDP control interface. Survives
 * hostapd restarts: it pings, and re-attaches when hostapd is back. Requests are serialised; thread-safe.
 */
public interface HostapdClient extends AutoCloseable {

    /** Starts connecting (and keeps reconnecting); events and connection changes go to {@code listener}. */
    void start(HostapdListener listener);

    /** @return true while attached */
    boolean connected();

    /** {@code STATUS}. */
    HostapdStatus status() throws HostapdException;

    /** {@code STA-FIRST}, then {@code STA-NEXT} until FAIL: every associated station. */
    List<StationInfo> stations() throws HostapdException;

    /** {@code DEAUTHENTICATE <mac>}; true when hostapd answered OK. */
    boolean deauthenticate(MacAddress station) throws HostapdException;

    /** {@code RELOAD}: re-read the configuration file; true when hostapd answered OK. */
    boolean reload() throws HostapdException;

    @Override
    void close();
}
