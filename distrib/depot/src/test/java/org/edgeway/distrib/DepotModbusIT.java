package org.edgeway.distrib;

import static org.edgeway.distrib.TestSupport.deleteTree;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import org.edgeway.codec.internal.proto.KuraPayloadProto.KuraMetric;
import org.edgeway.codec.internal.proto.KuraPayloadProto.KuraPayload;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * Issue 5's "done when" for a real peer: the depot distribution as a real process ({@code bin/edgeway}, fresh home),
 * publishing to a real Mosquitto, polls a real Modbus TCP server (Debian's python3-pymodbus 3.0) with shipped device
 * profiles, all configured at launch with {@code --set} on the factory pids:
 * <ul>
 * <li>unit 1 an Eastron SDM630 register image (FLOAT32, high word first), read as meter {@code m1} with profile
 * {@code eastron-sdm630}; unit 2 a Carlo Gavazzi EM24 image (INT32, low word first, decimal scales, one holding
 * register), meter {@code m2} with {@code carlo-gavazzi-em24}; unit 3 is not served (pymodbus does not answer an
 * unknown unit id), meter {@code m3} with {@code eastron-sdm120};</li>
 * <li>an independent Paho client reads {@code ACCOUNT/CLIENT/METER-V1/#} with the classes generated from
 * {@code kurapayload.proto}: the {@code info} messages name every point's unit; the {@code values} of m1 and m2 are
 * exactly the images' values (after the EM24's scales) with {@code quality=GOOD}; m3's are {@code quality=BAD} with a
 * timeout (or skipped) reason per point, and m1 and m2 go on publishing good values while m3 stays dead; the bus
 * statistics count requests and timeouts;</li>
 * <li>counters across a restart: the gateway is stopped with SIGTERM, the SDM630 is "replaced" (pymodbus restarts on
 * the same port with a lower import counter), and the gateway restarts in the same home without any {@code --set}:
 * its configuration came back, and m1's first values carry {@code energy.import.reset=true}, which it can only know
 * from the counter state it kept in {@code var/data/modbus-counters.mv}; the log says the counter dropped.</li>
 * </ul>
 * Every wait is a poll with a deadline; nothing asserts on timing.
 */
public class DepotModbusIT {

    private static final long TIMEOUT_S = 30;
    /** FLOAT32 values are published as the shortest decimal of the float, scaled ones computed in decimal. */
    private static final double TOLERANCE = 1e-6;
    private static final String BUS = "org.edgeway.modbus.bus~plant";
    private static final String METER = "org.edgeway.modbus.meter~";
    /** m1's import counter, and the lower one of the meter that replaces it while the gateway is stopped. */
    private static final float IMPORT_KWH = 1234.5f;
    private static final float REPLACED_IMPORT_KWH = 5.0f;

    /** A point of a profile as the test expects it published: its unit and its value. */
    private record Point(String name, String unit, Object value) {
    }

    /** An Eastron SDM630 on unit 1: every point of the shipped profile, input registers, FLOAT32 ABCD. */
    private static final Map<Integer, Point> SDM630 = new LinkedHashMap<>();
    /** A Carlo Gavazzi EM24 on unit 2: raw INT32 (low word first) input registers and what they mean after scaling. */
    private static final Map<Integer, Integer> EM24_RAW = new LinkedHashMap<>();
    private static final Map<Integer, Point> EM24 = new LinkedHashMap<>();
    /** The EM24's model identification code: holding register 0x0B, UINT16, no scale, no unit. */
    private static final int EM24_MODEL_ID = 1648;
    /** The points of the shipped eastron-sdm120 profile, with their units. */
    private static final Map<String, String> SDM120_UNITS = new LinkedHashMap<>();

    static {
        sdm630(0x00, "voltage.l1", "V", 230.5);
        sdm630(0x02, "voltage.l2", "V", 231.25);
        sdm630(0x04, "voltage.l3", "V", 229.75);
        sdm630(0x06, "current.l1", "A", 12.25);
        sdm630(0x08, "current.l2", "A", 11.5);
        sdm630(0x0A, "current.l3", "A", 10.75);
        sdm630(0x0C, "power.active.l1", "W", 2823.6);
        sdm630(0x0E, "power.active.l2", "W", 2659.5);
        sdm630(0x10, "power.active.l3", "W", 2469.8);
        sdm630(0x34, "power.active.total", "W", 7952.9);
        sdm630(0x46, "frequency", "Hz", 49.98);
        sdm630(0x48, "energy.import", "kWh", IMPORT_KWH);
        sdm630(0x4A, "energy.export", "kWh", 67.25);
        sdm630(0x156, "energy.total", "kWh", 1301.75);

        em24(0x00, "voltage.l1", "V", 2301, 230.1);
        em24(0x02, "voltage.l2", "V", 2298, 229.8);
        em24(0x04, "voltage.l3", "V", 2315, 231.5);
        em24(0x0C, "current.l1", "A", 8125, 8.125);
        em24(0x0E, "current.l2", "A", 7500, 7.5);
        em24(0x10, "current.l3", "A", 9001, 9.001);
        em24(0x12, "power.active.l1", "W", 18700, 1870.0);
        em24(0x14, "power.active.l2", "W", 17250, 1725.0);
        em24(0x16, "power.active.l3", "W", -1500, -150.0); // exporting: the sign must survive the word order
        em24(0x28, "power.active.total", "W", 34450, 3445.0);
        em24(0x42, "energy.import", "kWh", 123456789, 12345678.9); // both words matter

        for (String[] point : new String[][] {{"voltage", "V"}, {"current", "A"}, {"power.active", "W"},
                {"power.apparent", "VA"}, {"power.reactive", "var"}, {"frequency", "Hz"}, {"energy.import", "kWh"},
                {"energy.export", "kWh"}, {"energy.total", "kWh"}}) {
            SDM120_UNITS.put(point[0], point[1]);
        }
        SDM120_UNITS.put("power.factor", ""); // no unit: not in info
    }

    private static void sdm630(int address, String name, String unit, double value) {
        SDM630.put(address, new Point(name, unit, value));
    }

    private static void em24(int address, String name, String unit, int raw, double value) {
        EM24_RAW.put(address, raw);
        EM24.put(address, new Point(name, unit, value));
    }

    @Rule
    public final Timeout timeout = Timeout.seconds(150);

    private final Path distribution = Path.of(System.getProperty("edgeway.distribution",
            "target/edgeway-depot")).toAbsolutePath();
    private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    private final String account = "depot-it-" + suffix;
    private final String clientId = "depot-gw-it-" + suffix;
    private final String base = account + "/" + clientId + "/METER-V1/";
    private Path work;
    private Path home;
    private Mosquitto broker;
    private KuraTestCloud cloud;
    private PymodbusServer modbus;
    private GatewayProcess gateway;

    /** A message as the cloud got it, decoded with the generated KuraPayload classes, numbered in arrival order. */
    private record Received(int seq, String topic, KuraPayload payload) {
        Map<String, Object> metrics() {
            return DepotModbusIT.metrics(payload);
        }
    }

    @Before
    public void startPeers() throws Exception {
        PymodbusServer.assumeInstalled();
        Mosquitto.executableOrSkip();
        work = Files.createTempDirectory("edgeway-depot-modbus-it-");
        home = Files.createDirectories(work.resolve("home")); // empty: the launcher fills it from the installation
        broker = Mosquitto.onFreePort(work.resolve("mosquitto"), "allow_anonymous true", "persistence false");
        broker.start();
        connectTheCloud();
        modbus = PymodbusServer.start(image(IMPORT_KWH), 0, work.resolve("pymodbus"));
    }

    @After
    public void stopEverythingStarted() {
        if (gateway != null) {
            gateway.close();
        }
        if (modbus != null) {
            modbus.close();
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
    public void pollsPymodbusWithShippedProfilesAndKeepsCounterStateAcrossARestart() throws Exception {
        gateway = startGateway("gateway-1.log", launchSettings());

        // info: the profile and every point's unit
        Map<String, Object> info1 = awaitMessage("m1's info", topic("meter/m1/info"), any()).metrics();
        assertInfo("m1", info1, "eastron-sdm630", "Eastron", "SDM630", 1, units(SDM630));
        Map<String, Object> info2 = awaitMessage("m2's info", topic("meter/m2/info"), any()).metrics();
        assertInfo("m2", info2, "carlo-gavazzi-em24", "Carlo Gavazzi", "EM24", 2, units(EM24));
        assertFalse("model.id has no unit, so info must not name one: " + info2, info2.containsKey("unit.model.id"));
        Map<String, Object> info3 = awaitMessage("m3's info", topic("meter/m3/info"), any()).metrics();
        Map<String, String> sdm120Units = new LinkedHashMap<>(SDM120_UNITS);
        sdm120Units.values().removeIf(String::isEmpty);
        assertInfo("m3", info3, "eastron-sdm120", "Eastron", "SDM120", 3, sdm120Units);

        // values: exactly the register images, good
        assertSdm630Values(awaitMessage("m1's values", topic("meter/m1/values"), any()), IMPORT_KWH, false);
        assertEm24Values(awaitMessage("m2's values", topic("meter/m2/values"), any()));

        // the dead meter: bad, with a reason per point, and never stale values
        Received dead = awaitMessage("m3's values", topic("meter/m3/values"), any());
        assertDeadSdm120(dead);

        // m1 and m2 go on while m3 does not answer (its polls time out again and again, backing off)
        awaitCount("three more m1 values after m3's first bad values", topic("meter/m1/values"), after(dead), 3);
        awaitCount("three more m2 values after m3's first bad values", topic("meter/m2/values"), after(dead), 3);
        for (Received values : all(topic("meter/m1/values"), any())) {
            assertSdm630Values(values, IMPORT_KWH, false);
        }
        for (Received values : all(topic("meter/m2/values"), any())) {
            assertEm24Values(values);
        }
        for (Received values : all(topic("meter/m3/values"), any())) {
            assertDeadSdm120(values);
        }
        gateway.awaitOutput("Modbus bus plant: device m3 (unit 3) did not answer");

        // the bus statistics count the requests and m3's timeouts
        Received stats = awaitMessage("bus statistics with requests and timeouts", topic("bus/plant/stats"),
                message -> number(message, "requests") > 0 && number(message, "timeouts") > 0);
        Map<String, Object> statistics = stats.metrics();
        String context = " in bus/plant/stats " + statistics;
        assertTrue("errors count the timeouts" + context, number(stats, "errors") >= number(stats, "timeouts"));
        assertTrue("requests count every request, failed ones too" + context,
                number(stats, "requests") > number(stats, "errors"));
        assertEquals("connected" + context, Boolean.TRUE, statistics.get("connected"));
        assertTrue("response.mean.ms of the answered requests" + context, number(stats, "response.mean.ms") > 0);
        assertFalse("no counter dropped in the first run:\n" + gateway.tail(), gateway.output().contains(" dropped to "));

        // ---- a restart, and a replaced meter meanwhile
        int exit = gateway.terminate();
        assertTrue("exit code " + exit + " after SIGTERM:\n" + gateway.tail(), exit == 0 || exit == 143);
        assertTrue(gateway.tail(), gateway.output().contains("edgeway: stopped"));
        Path counters = home.resolve("var/data/modbus-counters.mv");
        assertTrue("no counter state in " + counters, Files.isRegularFile(counters) && Files.size(counters) > 0);
        int port = modbus.port();
        modbus.close();
        modbus = PymodbusServer.start(image(REPLACED_IMPORT_KWH), port, work.resolve("pymodbus"));

        long restartedAt = System.currentTimeMillis();
        gateway = startGateway("gateway-2.log", List.of()); // no --set: the configuration is kept in the home
        Predicate<Received> secondRun = message -> message.payload().getTimestamp() >= restartedAt;
        awaitCount("two m1 values of the second run", topic("meter/m1/values"), secondRun, 2);
        List<Received> m1AfterRestart = all(topic("meter/m1/values"), secondRun);
        m1AfterRestart.sort(Comparator.comparingLong(message -> message.payload().getTimestamp()));
        Received first = m1AfterRestart.get(0);
        assertSdm630Values(first, REPLACED_IMPORT_KWH, true);
        assertEquals("the first values after the restart flag the drop from " + IMPORT_KWH + " to " + REPLACED_IMPORT_KWH
                + " kWh, known only from the saved counter state: " + first.metrics(), Boolean.TRUE,
                first.metrics().get("energy.import.reset"));
        Received second = m1AfterRestart.get(1);
        assertSdm630Values(second, REPLACED_IMPORT_KWH, false); // the drop is flagged once, not at every poll
        gateway.awaitOutput("Meter m1: counter energy.import dropped to " + REPLACED_IMPORT_KWH
                + " kWh (reset or replaced meter)");

        awaitCount("m2 values of the second run", topic("meter/m2/values"), secondRun, 1);
        for (Received values : all(topic("meter/m2/values"), secondRun)) {
            assertEm24Values(values); // its counter did not drop: no reset
        }
        assertFalse("only m1's counter dropped:\n" + gateway.tail(), gateway.output().contains("Meter m2: counter"));
        received(); // fails on any payload the generated KuraPayload classes cannot read
    }

    // ---- the gateway --------------------------------------------------------------------------------------------

    /** The bus and the three meters, as factory configurations named on the command line. */
    private List<String> launchSettings() {
        List<String> args = new ArrayList<>();
        set(args, BUS, "edgeway.modbus.bus", "plant");
        set(args, BUS, "transport", "TCP");
        set(args, BUS, "host", "127.0.0.1");
        set(args, BUS, "port", String.valueOf(modbus.port()));
        set(args, BUS, "timeout.ms", "300");
        set(args, BUS, "stats.interval.s", "1");
        meter(args, "m1", 1, "eastron-sdm630");
        meter(args, "m2", 2, "carlo-gavazzi-em24");
        meter(args, "m3", 3, "eastron-sdm120"); // no such unit on the server: it never answers
        return args;
    }

    private static void meter(List<String> args, String name, int unitId, String profile) {
        set(args, METER + name, "name", name);
        set(args, METER + name, "bus", "plant");
        set(args, METER + name, "unit.id", String.valueOf(unitId));
        set(args, METER + name, "profile", profile);
        set(args, METER + name, "publish.interval.s", "1");
    }

    private static void set(List<String> args, String pid, String key, String value) {
        args.add("--set");
        args.add(pid + ":" + key + "=" + value);
    }

    private GatewayProcess startGateway(String outputName, List<String> args) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("EDGEWAY_MQTT_URL", broker.url());
        env.put("EDGEWAY_CLIENT_ID", clientId);
        env.put("EDGEWAY_ACCOUNT", account);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return GatewayProcess.start(distribution, home, env, args, work.resolve(outputName), this::diagnostics);
    }

    // ---- the Modbus server --------------------------------------------------------------------------------------

    /** Units 1 (SDM630, with the given import counter) and 2 (EM24); no unit 3. */
    private static PymodbusServer.Image image(float sdm630ImportKwh) {
        PymodbusServer.Image image = new PymodbusServer.Image();
        // every register the planner may read, gaps included: pymodbus refuses a read over an unset address
        image.zeroInputs(1, 0, 0x160);
        SDM630.forEach((address, point) -> image.inputFloat32(1, address,
                point.name().equals("energy.import") ? sdm630ImportKwh : ((Double) point.value()).floatValue()));
        image.zeroInputs(2, 0, 0x50);
        EM24_RAW.forEach((address, raw) -> image.inputInt32LowWordFirst(2, address, raw));
        image.holding(2, 0x0B, EM24_MODEL_ID);
        return image;
    }

    // ---- expectations -------------------------------------------------------------------------------------------

    private static Map<String, String> units(Map<Integer, Point> points) {
        Map<String, String> units = new LinkedHashMap<>();
        points.values().forEach(point -> units.put(point.name(), point.unit()));
        return units;
    }

    private static void assertInfo(String meter, Map<String, Object> info, String profile, String manufacturer,
            String model, long unitId, Map<String, String> units) {
        String context = " in " + meter + "'s info " + info;
        assertEquals("profile" + context, profile, info.get("profile"));
        assertEquals("manufacturer" + context, manufacturer, info.get("manufacturer"));
        assertEquals("model" + context, model, info.get("model"));
        assertEquals("unit.id" + context, unitId, info.get("unit.id"));
        Map<String, Object> published = new TreeMap<>();
        info.forEach((name, value) -> {
            if (name.startsWith("unit.") && !name.equals("unit.id")) {
                published.put(name.substring("unit.".length()), value);
            }
        });
        assertEquals("the unit of every point" + context, new TreeMap<>(units), published);
    }

    /** m1's values: every SDM630 point, the image's value, good. */
    private static void assertSdm630Values(Received message, double importKwh, boolean reset) {
        Map<String, Object> values = message.metrics();
        String context = " in " + message.topic() + " " + values;
        Set<String> expectedNames = new LinkedHashSet<>();
        for (Point point : SDM630.values()) {
            expectedNames.add(point.name());
            double expected = point.name().equals("energy.import") ? importKwh : (Double) point.value();
            assertDouble(point.name() + context, expected, values.get(point.name()));
        }
        expectedNames.add("quality");
        if (reset) {
            expectedNames.add("energy.import.reset");
        }
        assertEquals("metrics" + context, new TreeSet<>(expectedNames), new TreeSet<>(values.keySet()));
        assertEquals("quality" + context, "GOOD", values.get("quality"));
    }

    /** m2's values: every EM24 point after its scale, the model code as an integer, good. */
    private static void assertEm24Values(Received message) {
        Map<String, Object> values = message.metrics();
        String context = " in " + message.topic() + " " + values;
        Set<String> expectedNames = new LinkedHashSet<>();
        for (Point point : EM24.values()) {
            expectedNames.add(point.name());
            assertDouble(point.name() + context, (Double) point.value(), values.get(point.name()));
        }
        assertEquals("model.id (UINT16, unscaled: an integer)" + context, (long) EM24_MODEL_ID, values.get("model.id"));
        expectedNames.add("model.id");
        expectedNames.add("quality");
        assertEquals("metrics" + context, new TreeSet<>(expectedNames), new TreeSet<>(values.keySet()));
        assertEquals("quality" + context, "GOOD", values.get("quality"));
    }

    /** m3's values: no value at all, quality BAD, and every point's reason: the read timed out or was skipped. */
    private static void assertDeadSdm120(Received message) {
        Map<String, Object> values = message.metrics();
        String context = " in " + message.topic() + " " + values;
        assertEquals("quality" + context, "BAD", values.get("quality"));
        Set<String> expectedNames = new TreeSet<>();
        boolean timedOut = false;
        for (String point : SDM120_UNITS.keySet()) {
            expectedNames.add(point + ".quality");
            Object reason = values.get(point + ".quality");
            assertTrue(point + ".quality must say the read timed out or was skipped" + context,
                    reason instanceof String text && (text.startsWith("TIMEOUT") || text.startsWith("SKIPPED")));
            timedOut |= ((String) reason).startsWith("TIMEOUT");
        }
        assertTrue("one read of each poll times out" + context, timedOut);
        expectedNames.add("quality");
        assertEquals("metrics: no values, only qualities" + context, expectedNames, new TreeSet<>(values.keySet()));
    }

    private static void assertDouble(String what, double expected, Object actual) {
        assertTrue(what + ": expected the double " + expected + ", got " + actual, actual instanceof Double);
        assertEquals(what, expected, (Double) actual, TOLERANCE * Math.max(1, Math.abs(expected)));
    }

    private static double number(Received message, String name) {
        Object value = message.metrics().get(name);
        assertNotNull("no metric " + name + " in " + message.topic() + " " + message.metrics(), value);
        assertTrue(name + " is not a number in " + message.topic() + " " + message.metrics(), value instanceof Number);
        return ((Number) value).doubleValue();
    }

    // ---- the cloud ----------------------------------------------------------------------------------------------

    private void connectTheCloud() throws Exception {
        cloud = KuraTestCloud.connect(broker.url(), account, "depot-cloud-it-" + suffix);
        cloud.subscribe(base + "#");
    }

    /** What the cloud got on the meter topics so far, decoded, numbered in arrival order. */
    private List<Received> received() {
        List<Received> decoded = new ArrayList<>();
        for (KuraTestCloud.Received message : cloud.received()) {
            if (message.topic().startsWith(base)) {
                try {
                    decoded.add(new Received(decoded.size(), message.topic(), KuraTestCloud.decode(message.payload())));
                } catch (IOException | RuntimeException e) {
                    throw new AssertionError("a payload the generated KuraPayload classes cannot read on "
                            + message.topic() + ": " + e, e);
                }
            }
        }
        return decoded;
    }

    private Predicate<String> topic(String below) {
        String full = base + below;
        return full::equals;
    }

    private static Predicate<Received> any() {
        return message -> true;
    }

    private static Predicate<Received> after(Received earlier) {
        return message -> message.seq() > earlier.seq();
    }

    private List<Received> all(Predicate<String> topic, Predicate<Received> which) {
        List<Received> all = new ArrayList<>();
        for (Received message : received()) {
            if (topic.test(message.topic()) && which.test(message)) {
                all.add(message);
            }
        }
        return all;
    }

    private Received awaitMessage(String what, Predicate<String> topic, Predicate<Received> which) throws Exception {
        Received[] found = new Received[1];
        gateway.await(what, TIMEOUT_S, () -> {
            List<Received> matching = all(topic, which);
            found[0] = matching.isEmpty() ? null : matching.get(0);
            return found[0] != null;
        });
        return found[0];
    }

    private void awaitCount(String what, Predicate<String> topic, Predicate<Received> which, int count)
            throws Exception {
        gateway.await(what, TIMEOUT_S, () -> all(topic, which).size() >= count);
    }

    /** The metrics of a payload as Java values: DOUBLE and FLOAT as Double, INT64 and INT32 as Long, BOOL, STRING. */
    private static Map<String, Object> metrics(KuraPayload payload) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (KuraMetric metric : payload.getMetricList()) {
            Object value = switch (metric.getType()) {
                case DOUBLE -> metric.getDoubleValue();
                case FLOAT -> (double) metric.getFloatValue();
                case INT64 -> metric.getLongValue();
                case INT32 -> (long) metric.getIntValue();
                case BOOL -> metric.getBoolValue();
                case STRING -> metric.getStringValue();
                case BYTES -> metric.getBytesValue();
            };
            if (metrics.put(metric.getName(), value) != null) {
                fail("metric " + metric.getName() + " twice in " + payload);
            }
        }
        return metrics;
    }

    /** For failure messages: the topics received so far, the Modbus server's and the broker's output. */
    private String diagnostics() throws IOException {
        Map<String, Integer> topics = new TreeMap<>();
        cloud.received().forEach(message -> topics.merge(message.topic(), 1, Integer::sum));
        return "topics received (count): " + topics
                + "\npymodbus:\n" + (modbus == null ? "" : modbus.output()) + "\nmosquitto:\n" + broker.tail();
    }
}
