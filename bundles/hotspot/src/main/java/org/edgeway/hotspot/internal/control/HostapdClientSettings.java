package org.edgeway.hotspot.internal.control;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link DefaultHostapdClient} reaches hostapd.
 *
 * @param transport             {@link Transport#UNIX} (hostapd's {@code <ctrl_interface>/<ifname>} socket) or
 *                              {@link Transport#UDP} ({@code ctrl_interface=udp:<port>})
 * @param socketPath            hostapd's control socket, e.g. {@code /var/run/hostapd/wlan0} (UNIX only, else null)
 * @param host                  hostapd's UDP control address, e.g. {@code 127.0.0.1} (UDP only, else null)
 * @param port                  hostapd's UDP control port (UDP only, else 0)
 * @param requestTimeout        how long a request waits for its reply (default 2 s)
 * @param clientSocketDirectory where the client binds its own UNIX sockets (default {@code java.io.tmpdir})
 * @param pingInterval          how often the attached socket is PINGed to notice a vanished hostapd (default 5 s)
 */
public record HostapdClientSettings(Transport transport, Path socketPath, String host, int port,
        Duration requestTimeout, Path clientSocketDirectory, Duration pingInterval) {

    /** The kind of control interface. */
    public enum Transport {
        UNIX,
        UDP
    }

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(5);

    /** Fills defaults and validates (IllegalArgumentException naming the setting). */
    public HostapdClientSettings {
        Objects.requireNonNull(transport, "transport");
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        pingInterval = pingInterval == null ? DEFAULT_PING_INTERVAL : pingInterval;
        clientSocketDirectory = clientSocketDirectory == null ? Path.of(System.getProperty("java.io.tmpdir"))
                : clientSocketDirectory;
        if (transport == Transport.UNIX) {
            if (socketPath == null || socketPath.toString().isEmpty()) {
                throw new IllegalArgumentException("the hostapd control socket path is required for UNIX");
            }
        } else {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("the hostapd host is required for UDP");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("the hostapd UDP port must be 1..65535, was " + port);
            }
        }
        if (requestTimeout.toMillis() < 1 || requestTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("the request timeout must be 1 ms .. 1 min, was " + requestTimeout);
        }
        if (pingInterval.toMillis() < 1 || pingInterval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("the ping interval must be 1 ms .. 1 h, was " + pingInterval);
        }
    }

    /** hostapd's UNIX control socket with the default timeout, ping interval and client socket directory. */
    public static HostapdClientSettings unix(Path socketPath) {
        return new HostapdClientSettings(Transport.UNIX, socketPath, null, 0, null, null, null);
    }

    /** hostapd's UDP control interface with the default timeout and ping interval. */
    public static HostapdClientSettings udp(String host, int port) {
        return new HostapdClientSettings(Transport.UDP, null, host, port, null, null, null);
    }

    public HostapdClientSettings withRequestTimeout(Duration timeout) {
        return new HostapdClientSettings(transport, socketPath, host, port, timeout, clientSocketDirectory,
                pingInterval);
    }

    public HostapdClientSettings withPingInterval(Duration interval) {
        return new HostapdClientSettings(transport, socketPath, host, port, requestTimeout, clientSocketDirectory,
                interval);
    }

    public HostapdClientSettings withClientSocketDirectory(Path directory) {
        return new HostapdClientSettings(transport, socketPath, host, port, requestTimeout, directory, pingInterval);
    }

    /** @return the control interface, for log lines: the socket path or {@code udp:host:port} */
    public String describe() {
        return transport == Transport.UNIX ? socketPath.toString() : "udp:" + host + ":" + port;
    }
}
