package org.edgeway.demo.internal.transit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.edgeway.api.transit.ObjectClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class JsonLinesServerTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:03Z");

    private JsonLinesServer server;

    @BeforeEach
    void start() throws IOException {
        server = new JsonLinesServer(TestScenarios.tiny(), InetAddress.getLoopbackAddress(), 0,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void streamsStateChangesAndCumulativeCounts() throws Exception {
        try (Socket socket = connect(); BufferedReader in = reader(socket)) {
            JsonObject greeting = line(in);
            assertThat(greeting.keySet()).containsExactly("time", "door", "state", "counts");
            assertThat(greeting.get("door").getAsString()).isEqualTo("3");
            assertThat(greeting.get("state").getAsString()).isEqualTo("closed");
            assertThat(counts(greeting)).containsExactly(Map.entry("Adult", "0/0"), Map.entry("Child", "0/0"),
                    Map.entry("Bike", "0/0"));

            server.setDoorOpen("3", true);
            JsonObject opened = line(in);
            assertThat(opened.keySet()).containsExactly("time", "door", "state");
            assertThat(Instant.parse(opened.get("time").getAsString())).isEqualTo(NOW);
            assertThat(opened.get("state").getAsString()).isEqualTo("open");

            server.count("3", ObjectClass.ADULT, new Count(1, 0));
            assertThat(counts(line(in))).containsEntry("Adult", "1/0");
            server.count("3", ObjectClass.BIKE, new Count(0, 1));
            server.count("3", ObjectClass.ADULT, new Count(1, 0));
            assertThat(counts(line(in))).containsEntry("Bike", "0/1").containsEntry("Adult", "1/0");
            JsonObject counted = line(in);
            assertThat(counted.keySet()).containsExactly("time", "door", "counts");
            assertThat(counts(counted)).containsEntry("Adult", "2/0").containsEntry("Bike", "0/1");

            server.setDoorOpen("3", true); // no change, no line
            server.setDoorOpen("3", false);
            JsonObject closed = line(in);
            assertThat(closed.get("state").getAsString()).isEqualTo("closed");
            assertThat(counts(closed)).containsEntry("Adult", "2/0").containsEntry("Bike", "0/1");
        }
    }

    @Test
    void aClientConnectingLaterStartsFromTheCurrentCounts() throws Exception {
        server.setDoorOpen("3", true);
        server.count("3", ObjectClass.CHILD, new Count(1, 0));

        try (Socket socket = connect(); BufferedReader in = reader(socket)) {
            JsonObject greeting = line(in);

            assertThat(greeting.get("state").getAsString()).isEqualTo("open");
            assertThat(counts(greeting)).containsEntry("Child", "1/0");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
        return socket;
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    static JsonObject line(BufferedReader in) throws IOException {
        String line = in.readLine();
        assertThat(line).as("a line").isNotNull();
        assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
        return JsonParser.parseString(line).getAsJsonObject();
    }

    /** class -> "in/out", in the order of the line. */
    static Map<String, String> counts(JsonObject line) {
        Map<String, String> counts = new LinkedHashMap<>();
        for (JsonElement element : line.getAsJsonArray("counts")) {
            JsonObject count = element.getAsJsonObject();
            assertThat(count.keySet()).containsExactly("class", "in", "out");
            counts.put(count.get("class").getAsString(), count.get("in").getAsInt() + "/" + count.get("out").getAsInt());
        }
        return counts;
    }
}
