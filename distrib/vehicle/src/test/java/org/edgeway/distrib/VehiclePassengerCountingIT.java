package org.edgeway.distrib;

import static org.edgeway.distrib.KuraTestCloud.find;
import static org.edgeway.distrib.KuraTestCloud.intMetric;
import static org.edgeway.distrib.KuraTestCloud.longMetric;
import static org.edgeway.distrib.KuraTestCloud.stringMetric;
import static org.edgeway.distrib.TestSupport.copyTree;
import static org.edgeway.distrib.TestSupport.deleteTree;
import static org.edgeway.distrib.TestSupport.findExecutable;
import static org.edgeway.distrib.TestSupport.freePort;
import static org.edgeway.distrib.TestSupport.lastLines;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.edgeway.api.transit.ObjectClass;
import org.edgeway.codec.internal.proto.KuraPayloadProto.KuraMetric;
import org.edgeway.codec.internal.proto.KuraPayloadProto.KuraPayload;
import org.edgeway.demo.internal.transit.Count;
import org.edgeway.demo.internal.transit.ExpectedVisit;
import org.edgeway.demo.internal.transit.Scenario;
import org.edgeway.demo.internal.transit.TransitSimulator;
import org.edgeway.demo.internal.transit.TripTotals;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * Issue 6's "done when": the vehicle distribution, as a process, with a real gpsd reading the simulated bus's NMEA
 * stream, door sensors over IBIS-IP (subscribed) and JSON lines, and a real Mosquitto: every stop visit of a full
 * pass over Berlin bus line 100 (out and back, with an opening away from any stop) arrives on APC-V1 with exactly
 * the scenario's counts per door and object class, at the right stop; the trips balance, occupancy never goes
 * negative.
 */
public class VehiclePassengerCountingIT {

    private static final long TIMEOUT_S = 60;

    @Rule
    public final Timeout timeout = Timeout.seconds(300);

    private final Path distribution = Path.of(System.getProperty("edgeway.distribution",
            "target/edgeway-vehicle")).toAbsolutePath();
    private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    private final String account = "transit-it-" + suffix;
    private final String clientId = "bus-apc-" + suffix;
    private Path work;
    private Mosquitto broker;
    private KuraTestCloud cloud;
    private TransitSimulator bus;
    private Process gpsd;
    private GatewayProcess gateway;

    @Before
    public void startPeers() throws Exception {
        Optional<Path> gpsdExecutable = findExecutable("gpsd", Path.of("/usr/sbin/gpsd"));
        assumeTrue("gpsd is not installed (Debian packages 'gpsd gpsd-clients': apt-get install gpsd gpsd-clients): "
                + "skipping the passenger counting test against real gpsd", gpsdExecutable.isPresent());
        work = Files.createTempDirectory("edgeway-apc-it-");
        broker = Mosquitto.onFreePort(work.resolve("mosquitto"), "allow_anonymous true", "persistence false");
        broker.start();
        cloud = KuraTestCloud.connect(broker.url(), account, "console-apc-" + suffix);
        cloud.subscribe(account + "/" + clientId + "/APC-V1/#");

        bus = new TransitSimulator(fast(Scenario.builtIn()), 0, 0, 0, false);
        int gpsdPort = freePort();
        // gpsd reads the simulator's NMEA over TCP, as it would read a receiver on a network port
        gpsd = new ProcessBuilder(gpsdExecutable.get().toString(), "-N", "-n", "-S", Integer.toString(gpsdPort),
                "tcp://127.0.0.1:" + bus.nmeaPort())
                .redirectErrorStream(true).redirectOutput(work.resolve("gpsd.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        awaitListening(gpsdPort);

        Path home = work.resolve("home");
        copyTree(distribution.resolve("etc"), home.resolve("etc"));
        Path etc = home.resolve("etc");
        Scenario scenario = bus.scenario();
        Scenario.Trip outbound = scenario.trips().get(0);
        Scenario.Trip inbound = scenario.trips().get(1);
        write(etc.resolve("org.edgeway.position.cfg"), "source = gpsd", "gpsd.host = 127.0.0.1",
                "gpsd.port = " + gpsdPort);
        // a .cfg file with lists must be written typed throughout: "text" values, ["a", "b"] lists
        write(etc.resolve("org.edgeway.transit.cfg"), "source = \"config\"", "line = " + quoted(scenario.line()),
                "trip.id = " + quoted(outbound.tripId()), "headsign = " + quoted(outbound.headsign()),
                "return.trip.id = " + quoted(inbound.tripId()), "return.headsign = " + quoted(inbound.headsign()),
                "stops = " + cfgArray(outbound.stopIds().stream().map(id -> {
                    Scenario.Stop stop = scenario.stop(id);
                    return stop.id() + "|" + stop.name() + "|" + stop.lat() + "|" + stop.lon();
                }).toList()),
                "doors = " + cfgArray(scenario.doors().stream().map(Scenario.Door::id).toList()),
                "close.grace.s = \"1\"", "occupancy.interval.s = \"5\"");
        write(etc.resolve("org.edgeway.transit.ibisip.pcs-bus.cfg"), "url = http://127.0.0.1:" + bus.ibisIpPort(),
                "sensor = ibisip-doors", "mode = subscribe", "subscribe.host = 127.0.0.1");
        write(etc.resolve("org.edgeway.transit.jsonlines-bus.cfg"), "sensor = rear-door", "transport = tcp",
                "host = 127.0.0.1", "port = " + bus.jsonLinesPort());

        Map<String, String> env = new HashMap<>();
        env.put("EDGEWAY_MQTT_URL", broker.url());
        env.put("EDGEWAY_CLIENT_ID", clientId);
        env.put("EDGEWAY_ACCOUNT", account);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        gateway = GatewayProcess.start(distribution, home, env, List.of(), work.resolve("gateway.log"),
                () -> "gpsd:\n" + lastLines(Files.readString(work.resolve("gpsd.log"), StandardCharsets.ISO_8859_1), 20)
                        + "\nmosquitto:\n" + broker.tail());
        gateway.awaitOutput("edgeway vehicle ready");
        // counting starts with the sensors' current counters as baselines: the bus leaves once both adapters have them
        String occupancyTopic = topic("occupancy");
        gateway.await("the first occupancy report", () -> !cloud.messages(occupancyTopic).isEmpty());
        gateway.await("both sensor adapters connected", () -> gateway.output().contains("ibisip-doors")
                && gateway.output().contains("rear-door"));
    }

    @After
    public void stopEverythingStarted() {
        if (gateway != null) {
            gateway.close();
        }
        if (bus != null) {
            bus.close();
        }
        if (gpsd != null) {
            TestSupport.killAll(List.of(gpsd));
        }
        if (cloud != null) {
            cloud.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (work != null) {
            deleteTree(work);
        }
    }

    @Test
    public void aFullPassPublishesExactStopVisitsBalancedTripsAndOccupancy() throws Exception {
        Scenario scenario = bus.scenario();
        List<ExpectedVisit> expected = scenario.expectedVisits();
        bus.start();
        assertTrue("the bus did not finish its pass", bus.awaitPassCompleted(Duration.ofSeconds(180)));

        String visitTopic = topic("stopvisit");
        gateway.await(expected.size() + " stop visits (got: " + describe(cloud.messages(visitTopic)) + ")", () ->
                cloud.messages(visitTopic).size() >= expected.size());
        List<KuraPayload> visits = cloud.messages(visitTopic);
        assertEquals("stop visits: " + describe(visits), expected.size(), visits.size());
        for (int i = 0; i < expected.size(); i++) {
            ExpectedVisit want = expected.get(i);
            KuraPayload got = visits.get(i);
            String where = "visit " + i + " " + describe(List.of(got));
            assertEquals(where, want.tripId(), stringMetric(got, "trip_id"));
            assertEquals(where, scenario.line(), stringMetric(got, "line"));
            if (want.awayFromStop()) {
                assertNull(where, find(got, "stop_id"));
                assertEquals(where, "AWAY_FROM_STOP", stringMetric(got, "quality"));
            } else {
                assertEquals(where, want.stopId(), stringMetric(got, "stop_id"));
                assertEquals(where, (long) want.stopSequence(), intMetric(got, "stop_sequence"));
                assertEquals(where, "", stringMetric(got, "quality"));
            }
            assertEquals(where, expectedCounts(want), publishedCounts(got));
            assertEquals(where, want.boardings(), longMetric(got, "boardings"));
            assertEquals(where, want.alightings(), longMetric(got, "alightings"));
            assertTrue(where + ": no position", got.hasPosition());
            assertTrue(where + ": occupancy below zero", intMetric(got, "occupancy") >= 0);
        }

        // both trips of the pass ended balanced, with the scenario's totals
        String tripTopic = topic("trip");
        gateway.await("two trip balances", () -> cloud.messages(tripTopic).size() >= 2);
        List<KuraPayload> trips = cloud.messages(tripTopic);
        List<TripTotals> totals = scenario.expectedTripTotals();
        for (int i = 0; i < totals.size(); i++) {
            assertEquals(totals.get(i).tripId(), stringMetric(trips.get(i), "trip_id"));
            assertEquals(totals.get(i).boardings(), longMetric(trips.get(i), "boardings"));
            assertEquals(totals.get(i).alightings(), longMetric(trips.get(i), "alightings"));
            assertEquals(0, intMetric(trips.get(i), "imbalance"));
            assertEquals(0, longMetric(trips.get(i), "clamped"));
        }

        List<KuraPayload> occupancy = cloud.messages(topic("occupancy"));
        assertTrue("occupancy reports: " + occupancy.size(), occupancy.size() >= 2);
        assertTrue(occupancy.stream().allMatch(o -> intMetric(o, "load") >= 0));
        assertTrue("some occupancy report shows passengers on board",
                occupancy.stream().anyMatch(o -> intMetric(o, "load") > 0));
        String log = gateway.output();
        assertFalse("the gateway logged an error:\n" + lastLines(log, 40), log.contains(" ERROR "));
    }

    private String topic(String resource) {
        return account + "/" + clientId + "/APC-V1/" + resource;
    }

    /** The scenario's counts as {@code door.N.class.in/out} metric names, non-zero only. */
    private static Map<String, Long> expectedCounts(ExpectedVisit visit) {
        Map<String, Long> counts = new TreeMap<>();
        visit.counts().forEach((door, classes) -> classes.forEach((objectClass, count) -> put(counts, door,
                objectClass, count)));
        return counts;
    }

    private static void put(Map<String, Long> counts, String door, ObjectClass objectClass, Count count) {
        String prefix = "door." + door + "." + objectClass.name().toLowerCase(Locale.ROOT);
        if (!count.isZero()) {
            counts.put(prefix + ".in", (long) count.boardings());
            counts.put(prefix + ".out", (long) count.alightings());
        }
    }

    private static Map<String, Long> publishedCounts(KuraPayload payload) {
        Map<String, Long> counts = new TreeMap<>();
        for (KuraMetric metric : payload.getMetricList()) {
            if (metric.getName().startsWith("door.")) {
                counts.put(metric.getName(), metric.getLongValue());
            }
        }
        return counts;
    }

    private static String describe(List<KuraPayload> visits) {
        List<String> lines = new ArrayList<>();
        for (KuraPayload visit : visits) {
            lines.add(visit.getMetricList().stream().filter(m -> !m.getName().equals("visit_id"))
                    .map(m -> m.getName() + "=" + (m.hasStringValue() ? m.getStringValue()
                            : m.hasLongValue() ? Long.toString(m.getLongValue()) : Integer.toString(m.getIntValue())))
                    .collect(Collectors.joining(" ")));
        }
        return "\n  " + String.join("\n  ", lines);
    }

    /** The built-in route with short times, so that a full pass takes about a minute. */
    private static Scenario fast(Scenario s) {
        return new Scenario(s.name(), s.line(), s.vehicleRef(), s.language(), 200,
                new Scenario.Timing(1200L, s.timing().cruiseSpeedMps(), 800, 1200, 600, 1000),
                s.stops(), s.doors(), s.trips(), false);
    }

    private static String cfgArray(List<String> values) {
        return values.stream().map(VehiclePassengerCountingIT::quoted).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A typed .cfg string value; non-ASCII as \\u escapes, since .cfg files are read as ISO-8859-1. */
    private static String quoted(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c > 126) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static void write(Path file, String... lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                assertTrue("gpsd exited:\n" + Files.readString(work.resolve("gpsd.log")), gpsd.isAlive());
                Thread.sleep(50);
            }
        }
        throw new AssertionError("gpsd did not listen on " + port);
    }
}
