package org.edgeway.position.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgeway.api.position.Fix;
import org.edgeway.api.position.FixMode;
import org.edgeway.api.position.PositionListener;
import org.edgeway.api.position.PositionStatus;
import org.edgeway.position.internal.nmea.Nmea;
import org.edgeway.position.internal.source.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PositionServiceComponentTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String THREAD = "edgeway-position-nmea-tcp";

    private final MutableClock clock = MutableClock.at("2024-03-15T12:00:30Z");

    private static long threads(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive())
                .count();
    }

    private static Fix poll(BlockingQueue<Fix> queue) throws InterruptedException {
        Fix fix = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(fix).as("a fix within %s", WAIT).isNotNull();
        return fix;
    }

    @Test
    void nmeaOverTcpToListenersAndTheCurrentFix() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) WAIT.toMillis());
            PositionServiceComponent component = new PositionServiceComponent(TestConfigs.position(Map.of(
                    "source", "nmea-tcp", "nmea_host", "127.0.0.1", "nmea_port", server.getLocalPort(),
                    "maxFixAgeSeconds", 10)), clock);
            BlockingQueue<Fix> heard = new LinkedBlockingQueue<>();
            AtomicInteger failures = new AtomicInteger();
            PositionListener broken = fix -> {
                failures.incrementAndGet();
                throw new IllegalStateException("broken listener");
            };
            component.addListener(broken);
            component.addListener(heard::add);
            try (Socket receiver = server.accept()) {
                OutputStream out = receiver.getOutputStream();
                out.write((Nmea.sentence("GNGGA,120029.00,5230.0000,N,01323.0000,E,1,09,1.1,34.5,M,40.0,M,,")
                        + "\r\n" + Nmea.sentence("GNRMC,120029.00,A,5230.0000,N,01323.0000,E,10.0,90.0,150324,,,A")
                        + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Fix fix = poll(heard);
                assertThat(fix.time()).isEqualTo(Instant.parse("2024-03-15T12:00:29Z"));
                assertThat(fix.mode()).isEqualTo(FixMode.FIX_3D);
                assertThat(fix.source()).isEqualTo("nmea-tcp:127.0.0.1:" + server.getLocalPort());
                assertThat(component.currentFix()).contains(fix);
                PositionStatus status = component.status();
                assertThat(status.source()).isEqualTo("nmea-tcp:127.0.0.1:" + server.getLocalPort());
                assertThat(status.connected()).isTrue();
                assertThat(status.mode()).isEqualTo(FixMode.FIX_3D);
                assertThat(status.fixes()).isEqualTo(1);
                assertThat(threads(THREAD)).isEqualTo(1);

                // maxFixAgeSeconds on the gateway clock
                clock.advance(Duration.ofSeconds(11));
                assertThat(component.currentFix()).isEmpty();

                out.write((Nmea.sentence("GNRMC,120040.00,V,,,,,,,150324,,,N") + "\r\n"
                        + Nmea.sentence("GNGGA,120040.00,,,,,0,00,99.99,,,,,,") + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Fix lost = poll(heard);
                assertThat(lost.mode()).as("NO_FIX reports reach listeners too").isEqualTo(FixMode.NO_FIX);
                assertThat(component.status().mode()).isEqualTo(FixMode.NO_FIX);
                assertThat(failures).as("the broken listener was called for each report").hasValue(2);

                component.removeListener(broken);
                out.write((Nmea.sentence("GNRMC,120041.00,A,5230.0000,N,01323.0000,E,0.0,90.0,150324,,,A")
                        + "\r\n" + Nmea.sentence("GNGGA,120041.00,5230.0000,N,01323.0000,E,1,09,1.1,34.5,M,,M,,")
                        + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Fix back = poll(heard);
                assertThat(component.currentFix()).contains(back);
                assertThat(failures).hasValue(2);
            } finally {
                component.deactivate();
            }
            assertThat(threads(THREAD)).as("stopped on deactivate").isZero();
        }
    }

    @Test
    void sourceNoneRunsNoThreadAndHasNoFix() {
        PositionServiceComponent component = new PositionServiceComponent(TestConfigs.position(Map.of(
                "source", "none")), clock);
        try {
            assertThat(component.currentFix()).isEmpty();
            assertThat(component.status()).isEqualTo(new PositionStatus("none", false, FixMode.NO_FIX, null, 0, 0,
                    null));
            assertThat(threads("edgeway-position-none")).isZero();
        } finally {
            component.deactivate();
        }
    }

    @Test
    void defaultsTryGpsdAndReportTheProblem() throws Exception {
        // nothing listens on this port: the component still activates and says why it has no fix
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        PositionServiceComponent component = new PositionServiceComponent(TestConfigs.position(Map.of(
                "gpsd_port", port)), clock);
        try {
            assertThat(threads("edgeway-position-gpsd")).isEqualTo(1);
            long end = System.nanoTime() + WAIT.toNanos();
            while (component.status().lastProblem() == null && System.nanoTime() < end) {
                Thread.sleep(20); // waiting for a condition, not timing anything
            }
            assertThat(component.status().lastProblem()).containsIgnoringCase("refused");
            assertThat(component.status().connected()).isFalse();
            assertThat(component.status().source()).isEqualTo("gpsd:127.0.0.1:" + port);
        } finally {
            component.deactivate();
        }
        assertThat(threads("edgeway-position-gpsd")).isZero();
    }

    @Test
    void aBadConfigurationKeepsTheComponentFromActivating() {
        assertThatThrownBy(() -> new PositionServiceComponent(TestConfigs.position(Map.of("source", "gps")), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("source: 'gps'");
        assertThat(threads("edgeway-position-gpsd")).isZero();
    }
}
