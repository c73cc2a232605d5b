package org.edgeway.position.internal;

import java.time.Clock;
import java.time.Duration;

import org.edgeway.position.internal.gpsd.GpsdSource;
import org.edgeway.position.internal.nmea.NmeaSerialSource;
import org.edgeway.position.internal.nmea.NmeaTcpSource;
import org.edgeway.position.internal.source.PositionSource;
import org.edgeway.position.internal.source.SourceListener;
import org.edgeway.position.internal.source.SourceSettings;

/**
 * The checked configuration.
 *
 * @param source       which kind of source
 * @param host         gpsd or NMEA TCP host (unused for the others)
 * @param port         gpsd or NMEA TCP port
 * @param device       the serial device
 * @param baudRate     the serial line speed
 * @param maxFixAge    how old the last fix may be to count as current
 * @param reconnectMax the longest reconnect delay
 */
record PositionSettings(Kind source, String host, int port, String device, int baudRate, Duration maxFixAge,
        Duration reconnectMax) {

    /** The kinds of source, by their configuration value. */
    enum Kind {
        GPSD("gpsd"), NMEA_TCP("nmea-tcp"), NMEA_SERIAL("nmea-serial"), NONE("none");

        final String value;

        Kind(String value) {
            this.value = value;
        }

        static Kind parse(String text) {
            String t = text == null ? "" : text.trim();
            for (Kind kind : values()) {
                if (kind.value.equalsIgnoreCase(t)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("source: '" + text + "' is not one of gpsd, nmea-tcp, nmea-serial, "
                    + "none");
        }
    }

    /**
     * Checks the configuration.
     *
     * @param config the configuration
     * @return the settings
     * @throws IllegalArgumentException naming the configuration key that is wrong
     */
    static PositionSettings from(PositionConfig config) {
        Kind kind = Kind.parse(config.source());
        String host = "";
        int port = 0;
        String device = "";
        int baud = 0;
        switch (kind) {
            case GPSD -> {
                host = host("gpsd.host", config.gpsd_host());
                port = port("gpsd.port", config.gpsd_port());
            }
            case NMEA_TCP -> {
                host = host("nmea.host", config.nmea_host());
                port = port("nmea.port", config.nmea_port());
            }
            case NMEA_SERIAL -> {
                device = config.nmea_device() == null ? "" : config.nmea_device().trim();
                if (device.isEmpty()) {
                    throw new IllegalArgumentException("nmea.device: must name a serial port, e.g. /dev/ttyUSB0");
                }
                baud = config.nmea_baud();
                if (baud < 300 || baud > 921_600) {
                    throw new IllegalArgumentException("nmea.baud: " + baud + " is not between 300 and 921600");
                }
            }
            case NONE -> {
                // nothing to check
            }
        }
        if (config.maxFixAgeSeconds() < 1) {
            throw new IllegalArgumentException("maxFixAgeSeconds: " + config.maxFixAgeSeconds()
                    + " must be at least 1");
        }
        if (config.reconnect_maxSeconds() < 1) {
            throw new IllegalArgumentException("reconnect.maxSeconds: " + config.reconnect_maxSeconds()
                    + " must be at least 1");
        }
        return new PositionSettings(kind, host, port, device, baud, Duration.ofSeconds(config.maxFixAgeSeconds()),
                Duration.ofSeconds(config.reconnect_maxSeconds()));
    }

    /** @return the source's name, as written into fixes and {@code status().source()} */
    String description() {
        return switch (source) {
            case GPSD -> "gpsd:" + host + ":" + port;
            case NMEA_TCP -> "nmea-tcp:" + host + ":" + port;
            case NMEA_SERIAL -> "nmea-serial:" + device;
            case NONE -> "none";
        };
    }

    /**
     * Creates the source (not started).
     *
     * @param clock    the gateway clock
     * @param listener where its reports go
     * @return the source
     */
    PositionSource createSource(Clock clock, SourceListener listener) {
        SourceSettings timing = SourceSettings.defaults(reconnectMax);
        return switch (source) {
            case GPSD -> new GpsdSource(host, port, timing, clock, listener);
            case NMEA_TCP -> new NmeaTcpSource(host, port, timing, clock, listener);
            case NMEA_SERIAL -> new NmeaSerialSource(device, baudRate, timing, clock, listener);
            case NONE -> PositionSource.none();
        };
    }

    private static String host(String key, String value) {
        String host = value == null ? "" : value.trim();
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '/')) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a host name or address");
        }
        return host;
    }

    private static int port(String key, int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(key + ": " + port + " is not between 1 and 65535");
        }
        return port;
    }
}
