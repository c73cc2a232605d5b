package org.edgeway.hotspot.internal.control;

import java.io.IOException;

/**
 * One connected datagram socket to hostapd's control interface: a UNIX datagram socket ({@link
 * UnixDatagramTransport}) or the UDP control interface with its cookie ({@link UdpTransport}). Moves whole datagrams
 * only; matching replies to requests is {@link ControlChannel}'s job. Not thread-safe on its own.
 */
interface ControlTransport extends AutoCloseable {

    /** Sends {@code command} as one datagram (ASCII, no newline). */
    void send(String command) throws IOException;

    /**
     * Waits up to {@code timeoutMillis} (at least 1) for the next datagram.
     *
     * @return its text, or null when none came in time
     */
    String receive(int timeoutMillis) throws IOException;

    /** @return what it is connected to, for log lines: a socket path or {@code udp:host:port} (no personal data) */
    String describe();

    /** Closes the socket and removes anything it left behind (the client's socket file); never throws. */
    @Override
    void close();
}
