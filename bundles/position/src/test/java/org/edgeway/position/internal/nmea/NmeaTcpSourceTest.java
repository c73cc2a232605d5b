package org.edgeway.position.internal.nmea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.edgeway.position.internal.nmea.Nmea.sentence;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.edgeway.api.position.Fix;
import org.edgeway.api.position.FixMode;
import org.edgeway.position.internal.source.MutableClock;
import org.edgeway.position.internal.source.RecordingListener;
import org.edgeway.position.internal.source.SourceSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class NmeaTcpSourceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    static final String THREAD = "edgeway-position-nmea-tcp";

    private final MutableClock clock = MutableClock.at("2024-03-15T12:00:30Z");
    private final RecordingListener listener = new RecordingListener();

    static SourceSettings settings(Duration silence) {
        return new SourceSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(100), silence);
    }

    /** GGA and RMC of second {@code s} after 12:00:00 on 2024-03-15, moving north at 10 knots. */
    static String epoch(int s) {
        String time = String.format(Locale.ROOT, "1200%02d.00", s);
        String lat = Nmea.latitude(52 + s * 0.0001);
        return sentence("GPGGA," + time + "," + lat + ",N,01323.0000,E,1,08,0.9,45.0,M,46.9,M,,") + "\r\n"
                + sentence("GPRMC," + time + ",A," + lat + ",N,01323.0000,E,10.0,0.0,150324,,,A") + "\r\n";
    }

    static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive())
                .count();
    }

    @Test
    void readsFixesAndReconnectsWhenTheServerClosesTheConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) WAIT.toMillis());
            NmeaTcpSource source = new NmeaTcpSource("127.0.0.1", server.getLocalPort(), settings(WAIT), clock,
                    listener);
            assertThat(source.description()).isEqualTo("nmea-tcp:127.0.0.1:" + server.getLocalPort());
            try {
                source.start();
                try (Socket connection = server.accept()) {
                    assertThat(listener.nextConnection(WAIT)).isTrue();
                    write(connection, epoch(0));
                    write(connection, sentence("GPGSV,1,1,01,03,03,111,00") + "\r\n");
                    write(connection, "$GPGGA,120001.00,5200.0060,N,01323.0000,E,1,08,0.9,45.0,M,46.9,M,,*00\r\n");
                    write(connection, epoch(1));
                    Fix first = listener.nextFix(WAIT);
                    assertThat(first.time()).isEqualTo(Instant.parse("2024-03-15T12:00:00Z"));
                    assertThat(first.mode()).isEqualTo(FixMode.FIX_3D);
                    assertThat(first.latitude()).isEqualTo(52.0);
                    assertThat(listener.nextFix(WAIT).latitude()).isCloseTo(52.0001, within(1e-9));
                    assertThat(listener.nextRejection(WAIT)).contains("checksum mismatch");
                    assertThat(listener.ignored).contains("GPGSV");
                    assertThat(threadsNamed(THREAD)).isEqualTo(1);
                }
                // the server closed the connection: the source notices and connects again after 1 s
                assertThat(listener.nextConnection(WAIT)).isFalse();
                assertThat(listener.nextProblem(WAIT)).isEqualTo("closed by the other end");
                try (Socket connection = server.accept()) {
                    assertThat(listener.nextConnection(WAIT)).isTrue();
                    write(connection, epoch(2));
                    assertThat(listener.nextFix(WAIT).time()).isEqualTo(Instant.parse("2024-03-15T12:00:02Z"));
                }
            } finally {
                source.close();
            }
            assertThat(source.isRunning()).isFalse();
            assertThat(threadsNamed(THREAD)).isZero();
        }
    }

    @Test
    void thePendingEpochIsEmittedWhenTheLinkCloses() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) WAIT.toMillis());
            try (NmeaTcpSource source = new NmeaTcpSource("127.0.0.1", server.getLocalPort(), settings(WAIT), clock,
                    listener)) {
                source.start();
                try (Socket connection = server.accept()) {
                    // an RMC alone: its epoch is complete only when the next one starts, or the link ends
                    write(connection, sentence("GPRMC,120005.00,A,5200.0000,N,01323.0000,E,0.0,0.0,150324,,,A")
                            + "\r\n");
                    assertThat(listener.nextConnection(WAIT)).isTrue();
                }
                Fix fix = listener.nextFix(WAIT);
                assertThat(fix.time()).isEqualTo(Instant.parse("2024-03-15T12:00:05Z"));
                assertThat(fix.mode()).isEqualTo(FixMode.FIX_2D);
            }
        }
    }

    @Test
    void overlongLinesAreRejected() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) WAIT.toMillis());
            try (NmeaTcpSource source = new NmeaTcpSource("127.0.0.1", server.getLocalPort(), settings(WAIT), clock,
                    listener)) {
                source.start();
                try (Socket connection = server.accept()) {
                    write(connection, "$GPTXT," + "A".repeat(300) + "\r\n" + epoch(3));
                    assertThat(listener.nextRejection(WAIT)).startsWith("line longer than 120 characters: $GPTXT,AAA");
                    assertThat(listener.nextFix(WAIT).time()).isEqualTo(Instant.parse("2024-03-15T12:00:03Z"));
                    assertThat(listener.rejections).as("one rejection for the long line").isEmpty();
                }
            }
        }
    }

    @Test
    void aSilentConnectionIsReopened() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) WAIT.toMillis());
            try (NmeaTcpSource source = new NmeaTcpSource("127.0.0.1", server.getLocalPort(),
                    settings(Duration.ofMillis(300)), clock, listener); Socket silent = acceptAfterStart(source,
                            server)) {
                assertThat(listener.nextProblem(WAIT)).isEqualTo("no data for 300 ms");
                try (Socket again = server.accept()) {
                    write(again, epoch(4));
                    assertThat(listener.nextFix(WAIT).time()).isEqualTo(Instant.parse("2024-03-15T12:00:04Z"));
                }
            }
        }
    }

    private static Socket acceptAfterStart(NmeaTcpSource source, ServerSocket server) throws IOException {
        source.start();
        return server.accept();
    }

    @Test
    void anUnreachableServerIsRetriedUntilItAppears() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (NmeaTcpSource source = new NmeaTcpSource("127.0.0.1", port, settings(WAIT), clock, listener)) {
            source.start();
            assertThat(listener.nextProblem(WAIT)).containsIgnoringCase("refused");
            try (ServerSocket server = new ServerSocket()) {
                server.setReuseAddress(true);
                server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                server.setSoTimeout((int) WAIT.toMillis());
                try (Socket connection = server.accept()) {
                    write(connection, epoch(5));
                    assertThat(listener.nextFix(WAIT).time()).isEqualTo(Instant.parse("2024-03-15T12:00:05Z"));
                }
            }
        }
    }
}
