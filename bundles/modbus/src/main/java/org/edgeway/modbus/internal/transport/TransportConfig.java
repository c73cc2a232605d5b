package org.edgeway.modbus.internal.transport;

import java.time.Duration;
import java.util.Locale;

/**
 * How to reach one Modbus bus: Modbus TCP, RTU on a serial line, or RTU framing on a TCP socket (serial-to-Ethernet
 * converters in transparent mode). Fields that the type does not use are ignored (TCP types ignore the serial
 * settings, RTU ignores host and port). The constructor refuses bad values with an {@link IllegalArgumentException}
 * whose message starts with the field name, e.g. {@code "port: must be 1..65535, was 0"}.
 *
 * @param type         TCP, RTU or RTU_OVER_TCP
 * @param host         host name or address (TCP types)
 * @param port         TCP port, 1..65535 (TCP types; Modbus TCP's registered port is 502)
 * @param serialDevice serial device path, e.g. {@code /dev/ttyUSB0} (RTU)
 * @param baudRate     bits per second (RTU)
 * @param parity       NONE, EVEN or ODD (RTU; the Modbus serial line specification's default is EVEN)
 * @param dataBits     must be 8: RTU frames carry 8-bit bytes (RTU)
 * @param stopBits     1 or 2 (RTU)
 * @param timeout      how long one transaction may take, also the TCP connect timeout; 1 ms to 60 s
 */
public record TransportConfig(Type type, String host, int port, String serialDevice, int baudRate, Parity parity,
        int dataBits, int stopBits, Duration timeout) {

    /** The framing and the medium. */
    public enum Type {
        /** Modbus TCP (MBAP header with transaction id). */
        TCP,
        /** Modbus RTU (CRC, no transaction id) on a serial line. */
        RTU,
        /** Modbus RTU frames on a TCP socket. */
        RTU_OVER_TCP
    }

    /** Serial parity. */
    public enum Parity {
        NONE('N'), EVEN('E'), ODD('O');

        private final char letter;

        Parity(char letter) {
            this.letter = letter;
        }

        /** N, E or O, as in {@code 8E1}. */
        public char letter() {
            return letter;
        }

        /** Accepts {@code N}/{@code E}/{@code O} and {@code none}/{@code even}/{@code odd}, any case. */
        public static Parity parse(String text) {
            String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
            for (Parity p : values()) {
                if (t.equals(p.name()) || t.equals(String.valueOf(p.letter))) {
                    return p;
                }
            }
            throw new IllegalArgumentException("parity: must be N, E or O (none, even, odd), was '" + text + "'");
        }
    }

    public static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    public static final int MIN_BAUD_RATE = 50;
    public static final int MAX_BAUD_RATE = 4_000_000;

    public TransportConfig {
        if (type == null) {
            throw new IllegalArgumentException("type: missing, must be one of TCP, RTU, RTU_OVER_TCP");
        }
        if (timeout == null) {
            throw new IllegalArgumentException("timeout: missing");
        }
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout: must be 1 ms to 60 s, was " + timeout.toMillis() + " ms");
        }
        if (type == Type.RTU) {
            if (serialDevice == null || serialDevice.isBlank()) {
                throw new IllegalArgumentException("serialDevice: missing, e.g. /dev/ttyUSB0");
            }
            if (baudRate < MIN_BAUD_RATE || baudRate > MAX_BAUD_RATE) {
                throw new IllegalArgumentException(
                        "baudRate: must be " + MIN_BAUD_RATE + ".." + MAX_BAUD_RATE + ", was " + baudRate);
            }
            if (parity == null) {
                throw new IllegalArgumentException("parity: missing, must be NONE, EVEN or ODD");
            }
            if (dataBits != 8) {
                throw new IllegalArgumentException("dataBits: Modbus RTU needs 8 data bits, was " + dataBits);
            }
            if (stopBits != 1 && stopBits != 2) {
                throw new IllegalArgumentException("stopBits: must be 1 or 2, was " + stopBits);
            }
        } else {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host: missing");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port: must be 1..65535, was " + port);
            }
        }
    }

    /** Modbus TCP to {@code host:port}. */
    public static TransportConfig tcp(String host, int port, Duration timeout) {
        return new TransportConfig(Type.TCP, host, port, null, 0, null, 0, 0, timeout);
    }

    /** RTU frames on a TCP socket to {@code host:port}. */
    public static TransportConfig rtuOverTcp(String host, int port, Duration timeout) {
        return new TransportConfig(Type.RTU_OVER_TCP, host, port, null, 0, null, 0, 0, timeout);
    }

    /** RTU on a serial line. */
    public static TransportConfig rtu(String serialDevice, int baudRate, Parity parity, int dataBits, int stopBits,
            Duration timeout) {
        return new TransportConfig(Type.RTU, null, 0, serialDevice, baudRate, parity, dataBits, stopBits, timeout);
    }

    /** For logs: {@code tcp://host:502}, {@code rtu-over-tcp://host:4001}, {@code rtu:/dev/ttyUSB0 9600 8E1}. */
    public String endpoint() {
        return switch (type) {
            case TCP -> "tcp://" + hostForUri() + ":" + port;
            case RTU_OVER_TCP -> "rtu-over-tcp://" + hostForUri() + ":" + port;
            case RTU -> "rtu:" + serialDevice + " " + baudRate + " " + dataBits + parity.letter() + stopBits;
        };
    }

    private String hostForUri() {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
