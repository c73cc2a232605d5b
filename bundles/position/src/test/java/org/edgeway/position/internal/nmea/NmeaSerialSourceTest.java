package org.edgeway.position.internal.nmea;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.edgeway.api.position.FixMode;
import org.edgeway.position.internal.source.ExternalProcess;
import org.edgeway.position.internal.source.MutableClock;
import org.edgeway.position.internal.source.RecordingListener;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The serial reader through jSerialComm, on a pseudo-terminal pair from socat. */
@Timeout(60)
class NmeaSerialSourceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String THREAD = "edgeway-position-nmea-serial";

    private final MutableClock clock = MutableClock.at("2024-03-15T12:00:30Z");
    private final RecordingListener listener = new RecordingListener();

    @Test
    void readsAReceiverOnASerialPort(@TempDir Path dir) throws Exception {
        if (ExternalProcess.onPath("socat").isEmpty()) {
            Assumptions.abort("socat not installed (apt-get install socat): skipping the serial test");
        }
        Path receiver = dir.resolve("receiver");
        Path gateway = dir.resolve("gateway");
        try (ExternalProcess socat = ExternalProcess.start("socat", List.of("socat", "-d", "-d",
                "pty,raw,echo=0,link=" + receiver, "pty,raw,echo=0,link=" + gateway))) {
            assertThat(socat.awaitOutput(line -> line.contains("starting data transfer loop"), WAIT))
                    .as(socat.output()).isTrue();
            try (NmeaSerialSource source = new NmeaSerialSource(gateway.toString(), 4800,
                    NmeaTcpSourceTest.settings(WAIT), clock, listener)) {
                assertThat(source.description()).isEqualTo("nmea-serial:" + gateway);
                source.start();
                assertThat(listener.nextConnection(WAIT)).isTrue();
                assertThat(NmeaTcpSourceTest.threadsNamed(THREAD)).isEqualTo(1);
                try (OutputStream out = new FileOutputStream(receiver.toFile())) {
                    out.write((NmeaTcpSourceTest.epoch(7) + "$GPRMC,garbled*00\r\n" + NmeaTcpSourceTest.epoch(8))
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    assertThat(listener.nextFix(WAIT).time()).isEqualTo(Instant.parse("2024-03-15T12:00:07Z"));
                    assertThat(listener.nextFix(WAIT).mode()).isEqualTo(FixMode.FIX_3D);
                    assertThat(listener.nextRejection(WAIT)).contains("checksum mismatch");
                }
            }
            assertThat(NmeaTcpSourceTest.threadsNamed(THREAD)).isZero();
            assertThat(Files.exists(gateway)).isTrue();
        }
    }

    @Test
    void aMissingPortIsRetried() throws Exception {
        try (NmeaSerialSource source = new NmeaSerialSource("/dev/edgeway-no-such-port", 9600,
                NmeaTcpSourceTest.settings(WAIT), clock, listener)) {
            source.start();
            assertThat(listener.nextProblem(WAIT)).contains("/dev/edgeway-no-such-port");
            assertThat(listener.nextProblem(WAIT)).as("tried again after 1 s").contains("/dev/edgeway-no-such-port");
            assertThat(listener.connections).isEmpty();
        }
    }
}
