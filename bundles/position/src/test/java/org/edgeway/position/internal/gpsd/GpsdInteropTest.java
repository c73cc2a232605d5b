package org.edgeway.position.internal.gpsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.edgeway.api.position.Fix;
import org.edgeway.api.position.FixMode;
import org.edgeway.position.internal.nmea.Nmea;
import org.edgeway.position.internal.source.ExternalProcess;
import org.edgeway.position.internal.source.MutableClock;
import org.edgeway.position.internal.source.RecordingListener;
import org.edgeway.position.internal.source.SourceSettings;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our gpsd client against the real gpsd (Debian packages gpsd and gpsd-clients): gpsd replays a short drive that the
 * test wrote as NMEA, and the fixes our client reports must match the log.
 */
@Timeout(180)
class GpsdInteropTest {

    /** Epochs 0-11 moving north-west at 10 knots, 12-19 standing still, 20-23 without a fix. */
    private static final int MOVING = 12;
    private static final int WITH_FIX = 20;
    private static final int EPOCHS = 24;
    private static final Instant START = Instant.parse("2024-03-15T12:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final RecordingListener listener = new RecordingListener();

    private static double latitude(int epoch) {
        return 40.4 + Math.min(epoch, MOVING - 1) * 0.0001;
    }

    private static double longitude(int epoch) {
        return -3.7 - Math.min(epoch, MOVING - 1) * 0.0001;
    }

    private static double knots(int epoch) {
        return epoch < MOVING ? 10.0 : 0.0;
    }

    /** GGA and RMC of one epoch, CR LF terminated. */
    static List<String> epoch(int i) {
        String time = String.format(Locale.ROOT, "%02d%02d%02d.00", 12, i / 60, i % 60);
        if (i >= WITH_FIX) {
            return List.of(Nmea.sentence("GPGGA," + time + ",,,,,0,00,99.99,,,,,,") + "\r\n",
                    Nmea.sentence("GPRMC," + time + ",V,,,,,,,150324,,,N") + "\r\n");
        }
        String lat = Nmea.latitude(latitude(i));
        String lon = Nmea.longitude(longitude(i));
        return List.of(
                Nmea.sentence("GPGGA," + time + "," + lat + ",N," + lon + ",W,1,08,0.9,45.0,M,46.9,M,,") + "\r\n",
                Nmea.sentence(String.format(Locale.ROOT, "GPRMC,%s,A,%s,N,%s,W,%.1f,330.0,150324,,,A", time, lat, lon,
                        knots(i))) + "\r\n");
    }

    private static List<String> drive(int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            lines.addAll(epoch(i));
        }
        return lines;
    }

    private static SourceSettings settings() {
        return new SourceSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(100),
                Duration.ofSeconds(2));
    }

    /** Checks one fix with a position against the log. */
    private static void assertMatchesLog(Fix fix, int epoch) {
        assertThat(fix.time()).isEqualTo(START.plusSeconds(epoch));
        assertThat(fix.mode()).isEqualTo(FixMode.FIX_3D);
        assertThat(fix.latitude()).isCloseTo(latitude(epoch), within(1e-6));
        assertThat(fix.longitude()).isCloseTo(longitude(epoch), within(1e-6));
        assertThat(fix.altitude()).isCloseTo(45.0, within(1e-3));
        assertThat(fix.speed()).as("epoch %d speed", epoch).isCloseTo(knots(epoch) * 1852 / 3600, within(1e-3));
        assertThat(fix.track()).isCloseTo(330.0, within(1e-3));
        assertThat(fix.horizontalError()).isNotNull().isPositive();
    }

    /** Collects fixes until one with a position for {@code lastEpoch} and then {@code noFixes} no-fix reports came. */
    private List<Fix> collect(int lastEpoch, int noFixes) throws InterruptedException {
        List<Fix> fixes = new ArrayList<>();
        Instant last = START.plusSeconds(lastEpoch);
        int seenNoFix = 0;
        boolean seenLast = false;
        while (!seenLast || seenNoFix < noFixes) {
            Fix fix = listener.nextFix(WAIT);
            fixes.add(fix);
            if (fix.hasPosition()) {
                seenLast |= fix.time().equals(last);
            } else if (seenLast) {
                seenNoFix++;
            }
        }
        return fixes;
    }

    private static Optional<Path> executable(String name, String fallback) {
        return ExternalProcess.onPath(name).or(() -> Files.isExecutable(Path.of(fallback))
                ? Optional.of(Path.of(fallback)) : Optional.empty());
    }

    @Test
    void gpsfakeReplaysADriveThatOurClientReportsExactly(@TempDir Path dir) throws Exception {
        Optional<Path> gpsfake = ExternalProcess.onPath("gpsfake");
        if (gpsfake.isEmpty()) {
            Assumptions.abort("gpsfake not installed (apt-get install gpsd gpsd-clients): skipping gpsd interop");
        }
        List<String> log = drive(0, EPOCHS);
        Path file = dir.resolve("drive.nmea");
        Files.writeString(file, String.join("", log), StandardCharsets.US_ASCII);

        ExternalProcess fake = null;
        int port = 0;
        // gpsfake needs a free port; another process may take it between our check and gpsd's bind: retry
        for (int attempt = 1; attempt <= 3 && fake == null; attempt++) {
            port = ExternalProcess.freePort();
            // -i: one sentence per line on stdin, so nothing is sent before our client watches; -n: gpsd opens the
            // pty at once; -1: once through the log; -c: 50 ms between sentences
            // TMPDIR: gpsfake puts gpsd's control socket there, and leaves it behind when stopped
            ExternalProcess candidate = ExternalProcess.start("gpsfake", List.of(gpsfake.get().toString(), "-i",
                    "-n", "-q", "-1", "-P", Integer.toString(port), "-c", "0.05", file.toString()),
                    Map.of("TMPDIR", dir.toString()));
            if (candidate.awaitPort(port, Duration.ofSeconds(20))) {
                fake = candidate;
            } else {
                candidate.close();
            }
        }
        assertThat(fake).as("gpsfake did not start on a free port in 3 attempts").isNotNull();
        GpsdSource source = new GpsdSource("127.0.0.1", port, settings(), new MutableClock(START), listener);
        try {
            source.start();
            assertThat(listener.nextConnection(WAIT)).as("watching").isTrue();
            OutputStream stdin = fake.stdin();
            stdin.write("\n".repeat(log.size() + 5).getBytes(StandardCharsets.US_ASCII));
            stdin.flush();

            List<Fix> fixes = collect(WITH_FIX - 1, 1);
            List<Fix> positions = fixes.stream().filter(Fix::hasPosition).toList();
            assertThat(positions).as(fake.output()).hasSize(WITH_FIX);
            for (int i = 0; i < WITH_FIX; i++) {
                assertMatchesLog(positions.get(i), i);
            }
            assertThat(fixes.get(fixes.size() - 1).mode()).isEqualTo(FixMode.NO_FIX);
            assertThat(fixes.get(fixes.size() - 1).time()).isBetween(START.plusSeconds(WITH_FIX),
                    START.plusSeconds(EPOCHS - 1));
            assertThat(listener.ignored).as("gpsd's first report before it knows the date")
                    .contains("TPV without time");
            assertThat(listener.rejections).isEmpty();
        } finally {
            source.close();
            fake.close();
        }
        assertThat(fake.isAlive()).isFalse();
    }

    /**
     * gpsd reading NMEA from a TCP server, as integration tests feed gpsd from a simulator:
     * {@code gpsd -N -n -S <port> tcp://127.0.0.1:<nmeaPort>} ({@code -n}: connect to the source at once, without
     * waiting for a client; {@code -N}: stay in the foreground; no {@code -G}, the port is on loopback). gpsd writes a
     * few probe strings (about 180 bytes) to the source, which a simulator can ignore.
     *
     * <p>gpsd 3.22 does not reconnect to a dropped TCP source by itself; our client's repeated {@code ?WATCH} makes it
     * reconnect. How the source goes away matters (measured with gpsd 3.22): a reset (RST) is an error for gpsd, which
     * closes the device at once, and the next watch reopens it, every time. An orderly close (FIN) is a zero-length
     * read, which gpsd "repolls"; now and then it never notices the close (debug log: "will be repolled", then
     * "already active" for every later watch) and only a gpsd restart helps: about one run in eight with {@code -b}
     * (gpsd then writes nothing to the source, so a closing simulator sends FIN), rarely without it (gpsd's unread
     * probe strings make the close a reset). So the simulator should reset its connections when it stops
     * ({@code SO_LINGER 0}), and gpsd should run without {@code -b}. This test resets.
     */
    @Test
    void gpsdOnATcpNmeaSourceAndItsReconnect() throws Exception {
        Optional<Path> gpsdBinary = executable("gpsd", "/usr/sbin/gpsd");
        if (gpsdBinary.isEmpty()) {
            Assumptions.abort("gpsd not installed (apt-get install gpsd gpsd-clients): skipping gpsd interop");
        }
        try (ServerSocket nmea = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            nmea.setSoTimeout((int) WAIT.toMillis());
            ExternalProcess gpsd = null;
            Socket feed = null;
            int port = 0;
            for (int attempt = 1; attempt <= 3 && gpsd == null; attempt++) {
                port = ExternalProcess.freePort();
                ExternalProcess candidate = ExternalProcess.start("gpsd", List.of(gpsdBinary.get().toString(), "-N",
                        "-n", "-S", Integer.toString(port), "tcp://127.0.0.1:" + nmea.getLocalPort()));
                if (candidate.awaitPort(port, Duration.ofSeconds(20))) {
                    gpsd = candidate;
                } else {
                    candidate.close();
                }
            }
            assertThat(gpsd).as("gpsd did not start on a free port in 3 attempts").isNotNull();
            GpsdSource source = new GpsdSource("127.0.0.1", port, settings(), new MutableClock(START), listener);
            try {
                // -n: gpsd connects to the NMEA source at once
                feed = nmea.accept();
                source.start();
                assertThat(listener.nextConnection(WAIT)).as("watching").isTrue();
                send(feed, drive(0, 10));
                List<Fix> first = collect(9, 0);
                assertThat(first).as(gpsd.output()).hasSize(10);
                for (int i = 0; i < 10; i++) {
                    assertMatchesLog(first.get(i), i);
                }

                // the simulator goes away (reset, as when a process dies with unread data: see the method comment);
                // gpsd deactivates the device and our client's ?WATCH brings it back
                feed.setSoLinger(true, 0);
                feed.close();
                feed = nmea.accept();
                send(feed, drive(10, EPOCHS));
                List<Fix> second = collect(WITH_FIX - 1, 1);
                List<Fix> positions = second.stream().filter(Fix::hasPosition).toList();
                assertThat(positions).as(gpsd.output()).isNotEmpty();
                int firstEpoch = (int) (positions.get(0).time().getEpochSecond() - START.getEpochSecond());
                assertThat(firstEpoch).as("at most the first epoch after a reconnect is lost").isBetween(10, 11);
                for (int i = 0; i < positions.size(); i++) {
                    assertMatchesLog(positions.get(i), firstEpoch + i);
                }
                assertThat(positions.get(positions.size() - 1).time()).isEqualTo(START.plusSeconds(WITH_FIX - 1));
                assertThat(second.get(second.size() - 1).mode()).isEqualTo(FixMode.NO_FIX);
                assertThat(listener.problems).as("gpsd said it closed the device, or went silent").anyMatch(
                        p -> p.startsWith("gpsd closed device tcp://127.0.0.1:") || p.startsWith("gpsd sent no TPV"));
            } finally {
                source.close();
                if (feed != null) {
                    feed.close();
                }
                gpsd.close();
            }
        }
    }

    /** Writes sentences at a receiver-like pace (gpsd sees them one by one, as from a real simulator). */
    private static void send(Socket socket, List<String> lines) throws IOException, InterruptedException {
        OutputStream out = socket.getOutputStream();
        for (String line : lines) {
            out.write(line.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(10);
        }
    }
}
