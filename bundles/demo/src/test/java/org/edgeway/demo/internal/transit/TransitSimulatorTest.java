package org.edgeway.demo.internal.transit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.edgeway.demo.internal.transit.Xml.child;
import static org.edgeway.demo.internal.transit.Xml.children;
import static org.edgeway.demo.internal.transit.Xml.value;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.edgeway.api.transit.ObjectClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpServer;

class TransitSimulatorTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void onePassDeliversTheGroundTruthThroughAllThreeProtocols() throws Exception {
        Scenario tiny = TestScenarios.tiny();
        TransitSimulator simulator = simulator(tiny, false);
        BlockingQueue<byte[]> pushes = subscribe(simulator);
        assertThat(pushes.poll(Await.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("initial push").isNotNull();
        Socket jsonSocket = socket(simulator.jsonLinesPort());
        BufferedReader json = new BufferedReader(new InputStreamReader(jsonSocket.getInputStream(),
                StandardCharsets.UTF_8));
        assertThat(JsonLinesServerTest.line(json).get("door").getAsString()).isEqualTo("3"); // connected
        Socket nmea = socket(simulator.nmeaPort());

        simulator.start();
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(
                t -> t.getName().equals(TransitSimulator.THREAD_NAME) && t.isAlive());
        assertThat(simulator.awaitPassCompleted(Await.TIMEOUT)).isTrue();

        Map<String, Map<ObjectClass, Count>> expected = expectedTotals(tiny, 1);
        // IBIS-IP GetAllData: cumulative counts of doors 1 and 2, all closed
        Element allData = child(Xml.parse(post(simulator, "/PassengerCountingService/GetAllData")), "AllData");
        assertThat(ibisIpCounts(allData)).isEqualTo(Map.of("1", expected.get("1"), "2", expected.get("2")));
        assertThat(children(allData, "CountingData")).allSatisfy(
                door -> assertThat(value(child(door, "State"), "OpenState")).isEqualTo("SingleDoorClosed"));
        // IBIS-IP push: eventually one with the final counts
        assertThat(Await.until(() -> {
            byte[] push = pushes.poll();
            return push != null && ibisIpCounts(push).equals(Map.of("1", expected.get("1"), "2", expected.get("2")));
        })).as("a push with the final counts").isTrue();
        // JSON lines: door 3 opens at each of the six stop visits; each count change is a line
        int increments = expected.get("3").values().stream().mapToInt(c -> c.boardings() + c.alightings()).sum();
        int opened = 0;
        int closed = 0;
        JsonObject last = null;
        for (int i = 0; i < 2 * 6 + increments; i++) {
            last = JsonLinesServerTest.line(json);
            assertThat(last.get("door").getAsString()).isEqualTo("3");
            if (last.has("state")) {
                if (last.get("state").getAsString().equals("open")) {
                    opened++;
                } else {
                    closed++;
                }
            }
        }
        assertThat(opened).isEqualTo(6);
        assertThat(closed).isEqualTo(6);
        Map<String, String> lastCounts = JsonLinesServerTest.counts(last);
        expected.get("3").forEach((c, count) -> assertThat(lastCounts)
                .containsEntry(c.vdvName(), count.boardings() + "/" + count.alightings()));
        // NMEA: GGA and RMC pairs along the route
        for (int i = 0; i < 20; i++) {
            String[] gga = NmeaServerTest.verifiedFields(NmeaServerTest.readLine(nmea.getInputStream()));
            String[] rmc = NmeaServerTest.verifiedFields(NmeaServerTest.readLine(nmea.getInputStream()));
            assertThat(gga[0]).isEqualTo("GPGGA");
            assertThat(rmc[0]).isEqualTo("GPRMC");
            assertThat(rmc[1]).isEqualTo(gga[1]);
            assertThat(NmeaServerTest.degrees(rmc[3], rmc[4])).isBetween(52.4999, 52.5001);
            assertThat(NmeaServerTest.degrees(rmc[5], rmc[6])).isBetween(13.3999, 13.4201);
        }
        // CustomerInformationService: the bus stands at the end of the last trip
        Element cis = child(Xml.parse(post(simulator, "/CustomerInformationService/GetAllData")), "AllData");
        assertThat(value(child(cis, "TripInformation"), "TripRef")).isEqualTo("T2");
        assertThat(value(child(cis, "TripInformation"), "LocationState")).isEqualTo("AtStop");
        assertThat(value(cis, "CurrentStopIndex")).isEqualTo("3");
        assertThat(value(cis, "DoorState")).isEqualTo("AllDoorsClosed");
        assertThat(simulator.passesCompleted()).isEqualTo(1);
    }

    @Test
    void loopingKeepsCountingAcrossPasses() throws Exception {
        Scenario tiny = TestScenarios.tiny();
        TransitSimulator simulator = simulator(tiny, true);

        simulator.start();

        assertThat(simulator.awaitPasses(2, Await.TIMEOUT)).isTrue();
        Map<String, Map<ObjectClass, Count>> counts = ibisIpCounts(post(simulator,
                "/PassengerCountingService/GetAllData"));
        Count twice = expectedTotals(tiny, 2).get("1").get(ObjectClass.ADULT);
        assertThat(counts.get("1").get(ObjectClass.ADULT).boardings()).isGreaterThanOrEqualTo(twice.boardings());
        assertThat(counts.get("1").get(ObjectClass.ADULT).alightings()).isGreaterThanOrEqualTo(twice.alightings());
    }

    @Test
    void closeStopsThePlaybackAndFreesThePorts() throws Exception {
        TransitSimulator simulator = new TransitSimulator(TestScenarios.tiny(), 0, 0, 0, true);
        simulator.start();
        int nmeaPort = simulator.nmeaPort();
        int ibisIpPort = simulator.ibisIpPort();
        int jsonPort = simulator.jsonLinesPort();

        simulator.close();

        for (int port : List.of(nmeaPort, ibisIpPort, jsonPort)) {
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                    .isInstanceOf(ConnectException.class);
        }
        assertThat(Await.until(TransitSimulatorTest::noSimulatorThreads)).isTrue();
    }

    @Test
    void aPortInUseFailsClearlyAndLeavesNothingOpen() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> new TransitSimulator(TestScenarios.tiny(), InetAddress.getLoopbackAddress(), 0,
                    0, taken.getLocalPort(), false, Clock.systemUTC()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("jsonlines")
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
        }
        assertThat(Await.until(TransitSimulatorTest::noSimulatorThreads)).isTrue();
    }

    /** No thread of the transit simulator or its servers is alive. */
    static boolean noSimulatorThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).noneMatch(name ->
                name.equals(TransitSimulator.THREAD_NAME) || name.startsWith("edgeway-demo-nmea-")
                        || name.startsWith("edgeway-demo-jsonlines-") || name.startsWith("edgeway-demo-ibisip-"));
    }

    /** Per door and class, what {@code passes} passes over the scenario add up to. */
    static Map<String, Map<ObjectClass, Count>> expectedTotals(Scenario scenario, int passes) {
        Map<String, Map<ObjectClass, Count>> totals = new LinkedHashMap<>();
        for (int pass = 0; pass < passes; pass++) {
            for (ExpectedVisit visit : scenario.expectedVisits()) {
                visit.counts().forEach((door, classes) -> classes.forEach((c, count) -> totals
                        .computeIfAbsent(door, d -> new EnumMap<>(ObjectClass.class)).merge(c, count, Count::plus)));
            }
        }
        // a sensor reports the classes it counts, zero included
        for (Scenario.Door door : scenario.doors()) {
            Map<ObjectClass, Count> classes = totals.computeIfAbsent(door.id(), d -> new EnumMap<>(ObjectClass.class));
            scenario.classesCounted(door.id()).forEach(c -> classes.putIfAbsent(c, Count.ZERO));
        }
        return totals;
    }

    private static Map<String, Map<ObjectClass, Count>> ibisIpCounts(byte[] xml) {
        try {
            return ibisIpCounts(child(Xml.parse(xml), "AllData"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Map<ObjectClass, Count>> ibisIpCounts(Element allData) {
        Map<String, Map<ObjectClass, Count>> counts = new LinkedHashMap<>();
        for (Element door : children(allData, "CountingData")) {
            Map<ObjectClass, Count> classes = new EnumMap<>(ObjectClass.class);
            for (Element count : children(door, "Count")) {
                classes.put(ObjectClass.parse(value(count, "ObjectClass")),
                        new Count(Integer.parseInt(value(count, "In")), Integer.parseInt(value(count, "Out"))));
            }
            counts.put(value(door, "DoorID"), classes);
        }
        return counts;
    }

    private TransitSimulator simulator(Scenario scenario, boolean loop) throws IOException {
        TransitSimulator simulator = new TransitSimulator(scenario, 0, 0, 0, loop);
        resources.add(simulator);
        return simulator;
    }

    private Socket socket(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
        resources.add(socket);
        return socket;
    }

    private BlockingQueue<byte[]> subscribe(TransitSimulator simulator) throws Exception {
        BlockingQueue<byte[]> pushes = new LinkedBlockingQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/edgeway/apc/alldata", exchange -> {
            pushes.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        resources.add(() -> receiver.stop(0));
        int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.ibisIpPort()
                + "/PassengerCountingService/SubscribeAllData"))
                .POST(BodyPublishers.ofString(IbisIpServerTest.subscribeRequest(receiver.getAddress().getPort())))
                .build(), BodyHandlers.discarding()).statusCode();
        assertThat(status).isEqualTo(200);
        return pushes;
    }

    private byte[] post(TransitSimulator simulator, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.ibisIpPort() + path))
                .POST(BodyPublishers.noBody()).build(), BodyHandlers.ofByteArray()).body();
    }
}
