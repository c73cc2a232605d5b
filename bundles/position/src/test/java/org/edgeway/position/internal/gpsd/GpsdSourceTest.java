package org.edgeway.position.internal.gpsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;

import org.edgeway.api.position.Fix;
import org.edgeway.api.position.FixMode;
import org.edgeway.position.internal.source.MutableClock;
import org.edgeway.position.internal.source.RecordingListener;
import org.edgeway.position.internal.source.SourceSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class GpsdSourceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String THREAD = "edgeway-position-gpsd";

    private final MutableClock clock = MutableClock.at("2024-03-15T12:00:30Z");
    private final RecordingListener listener = new RecordingListener();

    private static SourceSettings settings() {
        return new SourceSettings(Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofMillis(100),
                Duration.ofSeconds(30));
    }

    private GpsdSource source(int port) {
        return new GpsdSource("127.0.0.1", port, settings(), clock, listener);
    }

    private static long threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(THREAD) && t.isAlive())
                .count();
    }

    @Test
    void watchesAndReportsTpvWithTheSatellitesOfSky() throws Exception {
        try (FakeGpsd gpsd = new FakeGpsd(WAIT)) {
            GpsdSource source = source(gpsd.port());
            assertThat(source.description()).isEqualTo("gpsd:127.0.0.1:" + gpsd.port());
            try {
                source.start();
                try (FakeGpsd.Session session = gpsd.accept()) {
                    session.handshake(WAIT);
                    assertThat(listener.nextConnection(WAIT)).isTrue();
                    session.send(GpsdParserTest.SKY_322).send(GpsdParserTest.TPV_WITH_ERRORS)
                            .send("{\"class\":\"TPV\",\"mode\":3,\"lat\":")
                            .send("{\"class\":\"TPV\",\"device\":\"/dev/ttyACM0\",\"mode\":3,"
                                    + "\"time\":\"2024-03-15T12:00:03.000Z\",\"lat\":95.0,\"lon\":13.0}")
                            .send("{\"class\":\"TPV\",\"device\":\"/dev/ttyACM0\",\"mode\":1,"
                                    + "\"time\":\"2024-03-15T12:00:04.000Z\"}");
                    Fix fix = listener.nextFix(WAIT);
                    assertThat(fix.mode()).isEqualTo(FixMode.FIX_3D);
                    assertThat(fix.time()).isEqualTo(Instant.parse("2024-03-15T12:00:02Z"));
                    assertThat(fix.latitude()).isEqualTo(-33.86882);
                    assertThat(fix.satellites()).isEqualTo(3);
                    assertThat(fix.horizontalError()).isEqualTo(4.471);
                    assertThat(fix.source()).isEqualTo("gpsd:127.0.0.1:" + gpsd.port());
                    assertThat(listener.nextRejection(WAIT)).startsWith("garbled JSON");
                    assertThat(listener.nextRejection(WAIT)).startsWith("TPV lat 95.0 is out of range");
                    Fix noFix = listener.nextFix(WAIT);
                    assertThat(noFix.mode()).isEqualTo(FixMode.NO_FIX);
                    assertThat(noFix.time()).isEqualTo(Instant.parse("2024-03-15T12:00:04Z"));
                    assertThat(listener.ignored).contains("DEVICES", "WATCH");
                    assertThat(threads()).isEqualTo(1);
                }
                // gpsd restarts: the connection drops, the client reconnects and watches again
                assertThat(listener.nextConnection(WAIT)).isFalse();
                try (FakeGpsd.Session session = gpsd.accept()) {
                    session.handshake(WAIT).send(GpsdParserTest.TPV_322);
                    assertThat(listener.nextConnection(WAIT)).isTrue();
                    Fix fix = listener.nextFix(WAIT);
                    assertThat(fix.time()).isEqualTo(Instant.parse("2024-03-15T12:00:01Z"));
                    assertThat(fix.satellites()).as("a new session forgets the old SKY").isNull();
                }
            } finally {
                source.close();
            }
            assertThat(source.isRunning()).isFalse();
            assertThat(threads()).isZero();
        }
    }

    @Test
    void somethingThatIsNotGpsdIsRetried() throws Exception {
        try (FakeGpsd gpsd = new FakeGpsd(WAIT); GpsdSource source = source(gpsd.port())) {
            source.start();
            try (FakeGpsd.Session session = gpsd.accept()) {
                session.send("SSH-2.0-OpenSSH_9.2p1 Debian-2");
                assertThat(listener.nextProblem(WAIT)).startsWith("not gpsd: first line garbled JSON");
            }
            try (FakeGpsd.Session session = gpsd.accept()) {
                session.send("{\"class\":\"TPV\",\"mode\":1}");
                assertThat(listener.nextProblem(WAIT)).isEqualTo("not gpsd: first report is TPV, expected VERSION");
            }
            try (FakeGpsd.Session session = gpsd.accept()) {
                // silent: no banner within the connect timeout
                assertThat(listener.nextProblem(WAIT)).isEqualTo("no VERSION banner within 2 s (is this gpsd?)");
            }
            assertThat(listener.connections).as("never connected").isEmpty();
        }
    }

    @Test
    void gpsdAbsentAtStartIsRetriedUntilItRuns() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (GpsdSource source = source(port)) {
            source.start();
            assertThat(listener.nextProblem(WAIT)).containsIgnoringCase("refused");
            try (ServerSocket server = new ServerSocket()) {
                server.setReuseAddress(true);
                server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                server.setSoTimeout((int) WAIT.toMillis());
                try (Socket socket = server.accept(); FakeGpsd.Session session = new FakeGpsd.Session(socket)) {
                    session.handshake(WAIT).send(GpsdParserTest.TPV_322);
                    assertThat(listener.nextFix(WAIT).mode()).isEqualTo(FixMode.FIX_3D);
                }
            }
        }
    }

    @Test
    void aDeactivatedDeviceIsWatchedAgainUntilReportsFlow() throws Exception {
        try (FakeGpsd gpsd = new FakeGpsd(WAIT); GpsdSource source = source(gpsd.port())) {
            source.start();
            try (FakeGpsd.Session session = gpsd.accept()) {
                session.handshake(WAIT).send(GpsdParserTest.TPV_322);
                listener.nextFix(WAIT);
                // the receiver's source dropped: gpsd closes the device and waits
                session.send("{\"class\":\"DEVICE\",\"path\":\"tcp://127.0.0.1:10110\",\"activated\":0}");
                assertThat(session.command(WAIT)).as("first repeated watch (after 1 s)")
                        .isEqualTo(FakeGpsd.WATCH_COMMAND);
                session.send(FakeGpsd.DEVICES).send(FakeGpsd.WATCH_REPLY);
                assertThat(session.command(WAIT)).as("second one (after 2 s more), still no reports")
                        .isEqualTo(FakeGpsd.WATCH_COMMAND);
                session.send(GpsdParserTest.TPV_WITH_ERRORS);
                assertThat(listener.nextFix(WAIT).time()).isEqualTo(Instant.parse("2024-03-15T12:00:02Z"));
                assertThat(listener.nextProblem(WAIT)).isEqualTo("gpsd closed device tcp://127.0.0.1:10110");
            }
        }
    }

    @Test
    void silenceIsAnsweredWithRepeatedWatches() throws Exception {
        SourceSettings quick = new SourceSettings(Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofMillis(100),
                Duration.ofMillis(500));
        try (FakeGpsd gpsd = new FakeGpsd(WAIT);
                GpsdSource source = new GpsdSource("127.0.0.1", gpsd.port(), quick, clock, listener)) {
            source.start();
            try (FakeGpsd.Session session = gpsd.accept()) {
                session.handshake(WAIT).send(GpsdParserTest.TPV_322);
                listener.nextFix(WAIT);
                // gpsd lost its source without saying so: no TPV for 500 ms
                assertThat(session.command(WAIT)).isEqualTo(FakeGpsd.WATCH_COMMAND);
                assertThat(listener.nextProblem(WAIT)).isEqualTo("gpsd sent no TPV for 500 ms");
                session.send(FakeGpsd.DEVICES).send(FakeGpsd.WATCH_REPLY);
                assertThat(session.command(WAIT)).as("repeated after 1 s").isEqualTo(FakeGpsd.WATCH_COMMAND);
                session.send(GpsdParserTest.TPV_WITH_ERRORS);
                assertThat(listener.nextFix(WAIT).time()).isEqualTo(Instant.parse("2024-03-15T12:00:02Z"));
                assertThat(listener.connections).as("the session stayed up").containsExactly(true);
            }
        }
    }

    @Test
    void closeUnblocksARead() throws Exception {
        try (FakeGpsd gpsd = new FakeGpsd(WAIT)) {
            GpsdSource source = new GpsdSource("127.0.0.1", gpsd.port(), new SourceSettings(Duration.ofSeconds(4),
                    Duration.ofSeconds(2), Duration.ofHours(1), Duration.ofSeconds(30)), clock, listener);
            source.start();
            try (FakeGpsd.Session session = gpsd.accept()) {
                session.handshake(WAIT);
                assertThat(listener.nextConnection(WAIT)).isTrue();
                // the read timeout is an hour: only closing the socket can end the read (close() waits 5 s at most)
                source.close();
                assertThat(source.isRunning()).isFalse();
                assertThat(listener.nextConnection(WAIT)).isFalse();
            }
        }
    }
}
