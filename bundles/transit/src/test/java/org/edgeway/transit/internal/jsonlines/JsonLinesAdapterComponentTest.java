package org.edgeway.transit.internal.jsonlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.edgeway.api.transit.ClassCount;
import org.edgeway.api.transit.CountQuality;
import org.edgeway.api.transit.DoorReport;
import org.edgeway.api.transit.DoorState;
import org.edgeway.api.transit.ObjectClass;
import org.edgeway.transit.internal.ibisip.ConfigProxy;
import org.edgeway.transit.internal.ibisip.RecordingSink;
import org.edgeway.transit.internal.ibisip.RecordingSink.Availability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class JsonLinesAdapterComponentTest {

    private ServerSocket server;
    private final RecordingSink sink = new RecordingSink();
    private JsonLinesAdapterComponent component;

    @BeforeEach
    void setUp() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        server.setSoTimeout(10_000); // accept() fails the test instead of hanging it
    }

    @AfterEach
    void tearDown() throws IOException {
        if (component != null) {
            component.deactivate();
        }
        server.close();
    }

    private JsonLinesAdapterComponent activate(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of("sensor", "jl1", "transport", "tcp", "host", "127.0.0.1",
                "port", server.getLocalPort()));
        config.putAll(extra);
        component = new JsonLinesAdapterComponent(ConfigProxy.of(JsonLinesConfig.class, config), sink);
        return component;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static DoorReport adult(String time, DoorState state, long in, long out) {
        return new DoorReport("jl1", "1", Instant.parse(time), state,
                state == null || in >= 0 ? List.of(new ClassCount(ObjectClass.ADULT, in, out, CountQuality.REGULAR))
                        : List.of());
    }

    @Test
    void linesAreDeliveredInOrderAndBadOnesSkipped() throws Exception {
        activate(Map.of());
        try (Socket sensor = server.accept()) {
            assertThat(sink.nextAvailability()).isEqualTo(new Availability("jl1", true, null));
            send(sensor, "{\"time\":\"2026-11-26T12:00:00Z\",\"door\":\"1\",\"state\":\"open\"}\n"
                    + "{\"time\":\"2026-11-26T12:00:03Z\",\"door\":\"1\",\"counts\":[{\"class\":\"Adult\",\"in\":12,"
                    + "\"out\":3}]}\n"
                    + "{\"time\":\"2026-11-26T12:00:04Z\",\"door\":\"1\",\"pad\":\"" + "x".repeat(5000) + "\","
                    + "\"counts\":[{\"class\":\"Adult\",\"in\":99,\"out\":99}]}\n"
                    + "{\"time\":\"2026-11-26T12:00:05Z\",\"door\":\"1\",\"state\":\"ajar\"}\r\n"
                    + "\n"
                    + "{\"time\":\"2026-11-26T12:00:06Z\",\"door\":\"1\",\"state\":\"closed\",\"counts\":[{\"class\":"
                    + "\"Adult\",\"in\":14,\"out\":3}]}\n");
            assertThat(sink.nextReport()).isEqualTo(new DoorReport("jl1", "1", Instant.parse("2026-11-26T12:00:00Z"),
                    DoorState.OPEN, List.of()));
            assertThat(sink.nextReport()).isEqualTo(adult("2026-11-26T12:00:03Z", null, 12, 3));
            // the oversized line and the bad state are skipped, the connection goes on
            assertThat(sink.nextReport()).isEqualTo(adult("2026-11-26T12:00:06Z", DoorState.CLOSED, 14, 3));
            // a line split over two writes
            send(sensor, "{\"time\":\"2026-11-26T12:00:09Z\",\"door\":\"1\",");
            send(sensor, "\"state\":\"open\"}\n");
            assertThat(sink.nextReport().time()).isEqualTo(Instant.parse("2026-11-26T12:00:09Z"));
            assertThat(sink.availability).as("bad lines do not make the sensor unavailable").isEmpty();
        }
    }

    @Test
    void reconnectsAfterTheSensorDropsTheConnection() throws Exception {
        activate(Map.of());
        try (Socket first = server.accept()) {
            assertThat(sink.nextAvailability().available()).isTrue();
            send(first, "{\"time\":\"2026-11-26T12:00:00Z\",\"door\":\"1\",\"state\":\"open\"}\n");
            assertThat(sink.nextReport().state()).isEqualTo(DoorState.OPEN);
            // half a line, then the connection is gone: the half line is not delivered
            send(first, "{\"time\":\"2026-11-26T12:00:01Z\",\"door\":\"1\",");
        }
        Availability down = sink.nextAvailability();
        assertThat(down).isEqualTo(new Availability("jl1", false, "connection ended"));
        try (Socket second = server.accept()) {
            assertThat(sink.nextAvailability()).isEqualTo(new Availability("jl1", true, null));
            send(second, "{\"time\":\"2026-11-26T12:00:10Z\",\"door\":\"1\",\"state\":\"closed\"}\n");
            assertThat(sink.nextReport()).isEqualTo(new DoorReport("jl1", "1", Instant.parse("2026-11-26T12:00:10Z"),
                    DoorState.CLOSED, List.of()));
        }
        assertThat(sink.reports).isEmpty();
    }

    @Test
    void anUnreachableSensorIsUnavailableUntilItListens() throws Exception {
        int port = server.getLocalPort();
        server.close();
        activate(Map.of("port", port));
        Availability down = sink.nextAvailability();
        assertThat(down.available()).isFalse();
        assertThat(down.problem()).startsWith("cannot connect: ");
        server = new ServerSocket(port, 5, InetAddress.getLoopbackAddress());
        server.setSoTimeout(10_000);
        try (Socket sensor = server.accept()) {
            assertThat(sink.nextAvailability().available()).isTrue();
            send(sensor, "{\"door\":3,\"state\":\"open\"}\n");
            assertThat(sink.nextReport().doorId()).isEqualTo("3");
        }
    }

    @Test
    void deactivateClosesTheConnectionAndEndsTheThread() throws Exception {
        activate(Map.of());
        try (Socket sensor = server.accept()) {
            assertThat(sink.nextAvailability().available()).isTrue();
            component.deactivate();
            component = null;
            assertThat(sensor.getInputStream().read()).as("end of stream").isEqualTo(-1);
            awaitThreadEnd("edgeway-jsonlines-jl1");
        }
        assertThat(sink.availability).as("closing is not a failure").isEmpty();
    }

    /** Waits up to 10 s for the thread to end (an executor counts as terminated just before its thread is gone). */
    static void awaitThreadEnd(String name) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive())) {
            assertThat(System.nanoTime()).as("thread %s ended", name).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void badConfigurationNamesTheKey() {
        assertThatThrownBy(() -> activate(Map.of("transport", "udp"))).hasMessage(
                "transport: 'udp' is neither tcp nor serial");
        assertThatThrownBy(() -> activate(Map.of("port", 0))).hasMessageStartingWith("port: 0 is not 1-65535");
        assertThatThrownBy(() -> activate(Map.of("host", " "))).hasMessageStartingWith("host: required");
        assertThatThrownBy(() -> activate(Map.of("transport", "serial"))).hasMessageStartingWith("device: required");
        assertThatThrownBy(() -> activate(Map.of("transport", "serial", "device", "/dev/ttyX", "baud", 0)))
                .hasMessageStartingWith("baud: 0");
        assertThatThrownBy(() -> activate(Map.of("sensor", ""))).hasMessageStartingWith("sensor: ''");
        component = null;
    }
}
