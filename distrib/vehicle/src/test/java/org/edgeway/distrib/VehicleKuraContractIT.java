package org.edgeway.distrib;

import static org.edgeway.distrib.TestSupport.deleteTree;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;

import org.edgeway.codec.internal.proto.KuraPayloadProto.KuraMetric;
import org.edgeway.codec.internal.proto.KuraPayloadProto.KuraPayload;
import org.edgeway.distrib.KuraProtoc.Metric;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * Issue 3's "done when", end to end: the vehicle distribution as a real process ({@code bin/edgeway}, fresh home),
 * pointed at a real Mosquitto with {@code EDGEWAY_MQTT_URL}, {@code EDGEWAY_CLIENT_ID} and {@code EDGEWAY_ACCOUNT},
 * with an independent Paho client playing the Kura cloud:
 * <ul>
 * <li>its BIRTH certificate arrives on {@code $EDC/ACCOUNT/CLIENT/MQTT/BIRTH} and {@code protoc} reads it with Kura's
 * schema: every birth metric of the wire contract, as a string, with values that are true of this gateway;</li>
 * <li>garbage on its control topics (random bytes, a corrupt gzip, a gzip bomb, an oversized payload, requests
 * without {@code request.id} or requester, a topic without a method) is dropped with a log line, an unknown
 * application or resource is answered 404 and an unknown method 400 on the requester's REPLY topic, and nothing
 * crashes: the gateway stays alive on its first connection;</li>
 * <li>then {@code INVENTORY-V1/GET/bundles} is answered {@code response.code} 200 on
 * {@code $EDC/ACCOUNT/REQUESTER/INVENTORY-V1/REPLY/REQUEST-ID}, with a JSON body listing every bundle.</li>
 * </ul>
 * Requests are built and replies read with the protobuf classes generated from the codec's {@code kurapayload.proto},
 * not with edgeway's own payload mapping.
 */
public class VehicleKuraContractIT {

    private static final long TIMEOUT_S = 30;
    private static final String IDENTITY_PID = "org.edgeway.core.identity";
    private static final String DISPLAY_NAME = "Bus 4711 (contract test)";
    private static final String MODEL_NAME = "Citaro G contract test";
    private static final String MODEL_ID = "CG-IT-2";
    private static final String SERIAL_NUMBER = "SN-IT-0815";
    /** The connection's default maximum payload (max.payload.bytes). */
    private static final int MAX_PAYLOAD_BYTES = 262_144;
    /** Birth metrics of the wire contract (shared docs: wire-contract.md), all strings; modem fields are optional. */
    private static final List<String> BIRTH_METRICS = List.of("uptime", "display_name", "model_name", "model_id",
            "part_number", "serial_number", "firmware_version", "bios_version", "cpu_version", "os", "os_version",
            "os_arch", "jvm_name", "jvm_version", "jvm_profile", "jvm_vendor", "kura_version", "application_framework",
            "application_framework_version", "osgi_framework", "osgi_framework_version", "connection_interface",
            "connection_ip", "available_processors", "total_memory", "accept_encoding", "application_ids",
            "payload_encoding");

    @Rule
    public final Timeout timeout = Timeout.seconds(90);

    private final Path distribution = Path.of(System.getProperty("edgeway.distribution",
            "target/edgeway-vehicle")).toAbsolutePath();
    private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    private final String account = "transit-it-" + suffix;
    private final String clientId = "bus-it-" + suffix;
    /** The client id of the cloud application that sends requests; replies go to its REPLY topics. */
    private final String requester = "console-it-" + suffix;
    private Path work;
    private Mosquitto broker;
    private KuraTestCloud cloud;
    private GatewayProcess gateway;
    private long launchedAtMillis;

    @Before
    public void startBrokerCloudAndGateway() throws Exception {
        work = Files.createTempDirectory("edgeway-vehicle-contract-it-");
        broker = Mosquitto.onFreePort(work.resolve("mosquitto"), "allow_anonymous true", "persistence false");
        broker.start();
        connectTheCloud();

        Path home = Files.createDirectories(work.resolve("home")); // empty: the launcher fills it from the install
        Map<String, String> env = new HashMap<>();
        env.put("EDGEWAY_MQTT_URL", broker.url());
        env.put("EDGEWAY_CLIENT_ID", clientId);
        env.put("EDGEWAY_ACCOUNT", account);
        // the JVM of this test, so that the birth certificate's jvm_* metrics can be checked against it
        env.put("JAVA_HOME", System.getProperty("java.home"));
        launchedAtMillis = System.currentTimeMillis();
        gateway = GatewayProcess.start(distribution, home, env, List.of(
                "--set", IDENTITY_PID + ":display.name=" + DISPLAY_NAME,
                "--set", IDENTITY_PID + ":model.name=" + MODEL_NAME,
                "--set", IDENTITY_PID + ":model.id=" + MODEL_ID,
                "--set", IDENTITY_PID + ":serial.number=" + SERIAL_NUMBER),
                work.resolve("gateway.log"), this::topicsAndBroker);
    }

    @After
    public void stopEverythingStarted() {
        if (gateway != null) {
            gateway.close();
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
    public void birthCertificateReadsWithProtocAndKurasSchemaAndTellsTheTruth() throws Exception {
        KuraProtoc.executableOrSkip();
        KuraTestCloud.Received birth = awaitMessage("the BIRTH certificate", topic -> topic.equals(birthTopic()));
        long arrivedAtMillis = System.currentTimeMillis();

        String decoded = KuraProtoc.decode(birth.payload());
        Map<String, Metric> metrics = KuraProtoc.metrics(decoded);
        String context = "\nBIRTH as protoc decodes it with " + System.getProperty("edgeway.kura.proto") + ":\n" + decoded;
        assertTrue("the BIRTH has no timestamp" + context, decoded.lines().anyMatch(line -> line.matches("timestamp: \\d+")));
        for (String name : BIRTH_METRICS) {
            assertTrue("the BIRTH lacks the contract's metric " + name + context, metrics.containsKey(name));
            assertEquals("type of birth metric " + name + context, "STRING", metrics.get(name).type());
            assertNotNull("birth metric " + name + " has no value" + context, metrics.get(name).value());
        }

        // what the integrator configured
        assertMetric(metrics, "display_name", DISPLAY_NAME, context);
        assertMetric(metrics, "model_name", MODEL_NAME, context);
        assertMetric(metrics, "model_id", MODEL_ID, context);
        assertMetric(metrics, "serial_number", SERIAL_NUMBER, context);
        // not readable portably from the JVM: reported as unknown rather than invented
        assertMetric(metrics, "firmware_version", "unknown", context);
        assertMetric(metrics, "bios_version", "unknown", context);
        // the machine and the JVM (JAVA_HOME is this test's JVM)
        assertMetric(metrics, "os", System.getProperty("os.name"), context);
        assertMetric(metrics, "os_version", System.getProperty("os.version"), context);
        assertMetric(metrics, "os_arch", System.getProperty("os.arch"), context);
        assertMetric(metrics, "jvm_name", System.getProperty("java.vm.name"), context);
        assertMetric(metrics, "jvm_version", System.getProperty("java.vm.version"), context);
        assertMetric(metrics, "jvm_vendor", System.getProperty("java.vm.vendor"), context);
        assertMetric(metrics, "available_processors", String.valueOf(Runtime.getRuntime().availableProcessors()), context);
        long totalKib = Long.parseLong(metrics.get("total_memory").value());
        assertTrue("total_memory (KiB, the heap limit) is not within bin/edgeway's -Xmx128m" + context,
                totalKib > 0 && totalKib <= 128 * 1024);
        long uptime = Long.parseLong(metrics.get("uptime").value());
        assertTrue("uptime " + uptime + " ms is not between 0 and the " + (arrivedAtMillis - launchedAtMillis)
                + " ms since bin/edgeway was launched" + context, uptime >= 0 && uptime <= arrivedAtMillis - launchedAtMillis);
        assertConnectionInterface(metrics.get("connection_interface").value(), metrics.get("connection_ip").value(),
                context);
        // the runtime, read from the distribution's own jars
        String runtimeVersion = bundleVersion(singleJar(distribution.resolve("bundle"), "org.edgeway.core-"));
        assertMetric(metrics, "kura_version", "edgeway-" + runtimeVersion, context);
        assertMetric(metrics, "application_framework", "edgeway", context);
        assertMetric(metrics, "application_framework_version", runtimeVersion, context);
        assertMetric(metrics, "osgi_framework", "org.apache.felix.framework", context);
        assertMetric(metrics, "osgi_framework_version",
                bundleVersion(singleJar(distribution.resolve("lib"), "org.apache.felix.framework-")), context);
        // the contract's encoding and the applications that answer requests
        assertMetric(metrics, "accept_encoding", "gzip", context);
        assertMetric(metrics, "payload_encoding", "KURA_PROTOBUF", context);
        assertTrue("application_ids does not name INVENTORY-V1" + context,
                List.of(metrics.get("application_ids").value().split(",")).contains("INVENTORY-V1"));
    }

    @Test
    public void garbageOnTheControlTopicsIsRefusedAndTheInventoryStillAnswers200() throws Exception {
        awaitMessage("the BIRTH certificate (the gateway has subscribed to its control topics)",
                topic -> topic.equals(birthTopic()));
        String bundles = control("INVENTORY-V1/GET/bundles");

        // no reply is possible for these: dropped with a log line
        byte[] randomBytes = new byte[512];
        new Random(4711).nextBytes(randomBytes);
        publish(bundles, randomBytes);
        publish(bundles, new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});
        byte[] bomb = gzipBomb("bomb-1", 64 * 1024 * 1024);
        assertTrue("the gzip bomb must be within the payload limit, so that only its inflation is refused: "
                + bomb.length + " bytes", bomb.length < MAX_PAYLOAD_BYTES);
        publish(bundles, bomb);
        byte[] body = new byte[MAX_PAYLOAD_BYTES];
        new Random(42).nextBytes(body); // incompressible
        byte[] oversized = KuraPayload.newBuilder(requestPayload("big-1")).setBody(ByteString.copyFrom(body)).build()
                .toByteArray();
        publish(bundles, oversized);
        publish(bundles, KuraPayload.newBuilder().addMetric(string("requester.client.id", requester)).build().toByteArray());
        publish(bundles, KuraPayload.newBuilder().addMetric(string("request.id", "no-requester-1")).build().toByteArray());
        publish(control("INVENTORY-V1"), new byte[0]);

        // answerable: 404 for an unknown application or resource, 400 for an unknown method
        publish(control("NOPE-V1/GET/x"), request("nope-1"));
        KuraPayload unknownApp = awaitReply("NOPE-V1", "nope-1");
        assertResponse(unknownApp, 404, "NOPE-V1");
        publish(control("INVENTORY-V1/GET/nothing"), request("nothing-1"));
        assertResponse(awaitReply("INVENTORY-V1", "nothing-1"), 404, "nothing");
        publish(control("INVENTORY-V1/FETCH/bundles"), request("fetch-1"));
        assertResponse(awaitReply("INVENTORY-V1", "fetch-1"), 400, "FETCH");

        // and a valid request is answered as if nothing had happened
        publish(bundles, request("bundles-1"));
        KuraPayload inventory = awaitReply("INVENTORY-V1", "bundles-1");
        assertEquals("response.code of GET bundles: " + inventory, 200, intMetric(inventory, "response.code"));
        assertBundlesListed(inventory.getBody().toStringUtf8());

        // the gateway handles control messages in order, so the valid reply came after any reply to the garbage
        for (String unanswerable : List.of("bomb-1", "big-1", "no-requester-1")) {
            assertFalse("a reply to '" + unanswerable + "', which must be dropped unanswered: " + topics(),
                    cloud.received().stream().anyMatch(message -> message.topic().endsWith("/REPLY/" + unanswerable)));
        }
        String base = "$EDC/" + account + "/" + clientId + "/";
        awaitLogged("random bytes", "control message on " + bundles + " dropped: not a Kura payload");
        awaitLogged("the gzip bomb", "dropped: not a Kura payload: gzip payload inflates to more than the limit");
        awaitLogged("the oversized payload", "control message on " + bundles + " dropped: " + oversized.length + " bytes exceed the limit of " + MAX_PAYLOAD_BYTES);
        awaitLogged("the requests without request.id or requester",
                "request on " + bundles + " dropped: it needs string metrics request.id and requester.client.id");
        awaitLogged("the topic without a method", "control message on " + base + "INVENTORY-V1 ignored");
        String output = gateway.output();
        assertEquals("both requests without request.id or requester are logged:\n" + gateway.tail(), 2,
                count(output, "request on " + bundles + " dropped"));
        assertEquals("the corrupt gzip and the random bytes are both logged:\n" + gateway.tail(), 2,
                count(output, "control message on " + bundles + " dropped: not a Kura payload: not a valid")
                        + count(output, "control message on " + bundles + " dropped: not a Kura payload: truncated")
                        + count(output, "control message on " + bundles + " dropped: not a Kura payload: corrupt"));

        // nothing crashed: same process, same connection, one birth certificate
        gateway.assertAlive();
        assertEquals("'connected to' lines: the connection must survive the garbage\n" + gateway.tail(), 1,
                count(output, "cloud connection default connected to " + broker.url()));
        assertFalse("the connection was lost:\n" + gateway.tail(), output.contains("connection lost"));
        assertEquals("BIRTH certificates: one per connection, and there was one connection; " + topics(), 1,
                cloud.received().stream().filter(message -> message.topic().equals(birthTopic())).count());
        assertTrue(cloud.isConnected());
    }

    // ---- the cloud --------------------------------------------------------------------------------------------

    private void connectTheCloud() throws Exception {
        cloud = KuraTestCloud.connect(broker.url(), account, requester);
        // '#' does not match topics that start with '$' (MQTT 3.1.1, 4.7.2): both, to see everything
        cloud.subscribe("$EDC/#");
        cloud.subscribe("#");
    }

    private void publish(String topic, byte[] payload) throws Exception {
        cloud.publish(topic, payload);
    }

    private String birthTopic() {
        return "$EDC/" + account + "/" + clientId + "/MQTT/BIRTH";
    }

    private String control(String appAndResource) {
        return "$EDC/" + account + "/" + clientId + "/" + appAndResource;
    }

    private KuraTestCloud.Received awaitMessage(String what, Predicate<String> topic) throws Exception {
        KuraTestCloud.Received[] found = new KuraTestCloud.Received[1];
        gateway.await(what, TIMEOUT_S, () -> {
            found[0] = cloud.received().stream().filter(message -> topic.test(message.topic())).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private KuraPayload awaitReply(String appId, String requestId) throws Exception {
        String replyTopic = "$EDC/" + account + "/" + requester + "/" + appId + "/REPLY/" + requestId;
        return KuraTestCloud.decode(awaitMessage("a reply on " + replyTopic, topic -> topic.equals(replyTopic)).payload());
    }

    private void awaitLogged(String what, String line) throws Exception {
        gateway.await("a log line for " + what + " ('" + line + "')", TIMEOUT_S, () -> gateway.output().contains(line));
    }

    /** For failure messages: the topics received so far and the broker's log. */
    private String topicsAndBroker() throws IOException {
        return topics() + "\nmosquitto:\n" + broker.tail();
    }

    private String topics() {
        return cloud.topics();
    }

    // ---- Kura payloads, with the classes generated from kurapayload.proto ----------------------------------------

    private static KuraMetric string(String name, String value) {
        return KuraMetric.newBuilder().setName(name).setType(KuraMetric.ValueType.STRING).setStringValue(value).build();
    }

    private KuraPayload requestPayload(String requestId) {
        return KuraPayload.newBuilder().setTimestamp(System.currentTimeMillis())
                .addMetric(string("request.id", requestId))
                .addMetric(string("requester.client.id", requester))
                .build();
    }

    private byte[] request(String requestId) {
        return requestPayload(requestId).toByteArray();
    }

    /**
     * A gzip bomb: a valid request whose body is {@code zeros} zero bytes, gzipped, a thousandth of its inflated size.
     * Inflated, it would be a request to answer; the gateway must refuse to inflate it.
     */
    private byte[] gzipBomb(String requestId, int zeros) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 64 * 1024)) {
            gzip.write(request(requestId));
            CodedOutputStream header = CodedOutputStream.newInstance(gzip);
            header.writeTag(KuraPayload.BODY_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            header.writeUInt32NoTag(zeros);
            header.flush();
            byte[] chunk = new byte[1024 * 1024];
            for (int written = 0; written < zeros; written += chunk.length) {
                gzip.write(chunk, 0, Math.min(chunk.length, zeros - written));
            }
        }
        return bytes.toByteArray();
    }

    private static int intMetric(KuraPayload payload, String name) {
        KuraMetric metric = payload.getMetricList().stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in " + payload));
        assertEquals("type of " + name + " in " + payload, KuraMetric.ValueType.INT32, metric.getType());
        return metric.getIntValue();
    }

    private static void assertResponse(KuraPayload reply, int code, String messageMentions) {
        assertEquals("response.code in " + reply, code, intMetric(reply, "response.code"));
        String message = reply.getMetricList().stream().filter(m -> m.getName().equals("response.exception.message"))
                .map(KuraMetric::getStringValue).findFirst().orElse("");
        assertTrue("response.exception.message should name '" + messageMentions + "': " + reply,
                message.contains(messageMentions));
    }

    // ---- expectations -------------------------------------------------------------------------------------------

    private static void assertMetric(Map<String, Metric> metrics, String name, String expected, String context) {
        assertEquals("birth metric " + name + context, expected, metrics.get(name).value());
    }

    /** The interface and IPv4 address the gateway reports are this machine's (the same host), or "unknown". */
    private static void assertConnectionInterface(String name, String ip, String context) throws IOException {
        if (!name.equals("unknown")) {
            NetworkInterface nic = NetworkInterface.getByName(name);
            assertTrue("connection_interface " + name + " is not an up, non-loopback interface here" + context,
                    nic != null && nic.isUp() && !nic.isLoopback());
        }
        if (!ip.equals("unknown")) {
            Set<String> addresses = new TreeSet<>();
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    Collections.list(nic.getInetAddresses()).stream().map(InetAddress::getHostAddress)
                            .forEach(addresses::add);
                }
            }
            assertTrue("connection_ip " + ip + " is not among this machine's addresses " + addresses + context,
                    addresses.contains(ip));
        }
    }

    /**
     * The body is Kura's JSON for {@code GET bundles}: every bundle of the distribution, by symbolic name, active
     * (a fragment: resolved), and the framework itself.
     */
    private void assertBundlesListed(String json) throws IOException {
        Map<String, String> states = new TreeMap<>();
        JsonObject body = JsonParser.parseString(json).getAsJsonObject();
        for (JsonElement bundle : body.getAsJsonArray("bundles")) {
            JsonObject object = bundle.getAsJsonObject();
            states.put(object.get("name").getAsString(), object.get("state").getAsString());
        }
        List<String> problems = new ArrayList<>();
        if (!"ACTIVE".equals(states.get("org.apache.felix.framework"))) {
            problems.add("org.apache.felix.framework: " + states.get("org.apache.felix.framework"));
        }
        try (Stream<Path> jars = Files.list(distribution.resolve("bundle"))) {
            for (Path jar : jars.filter(path -> path.toString().endsWith(".jar")).sorted().toList()) {
                Manifest manifest = manifest(jar);
                String name = manifest.getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].trim();
                String expected = manifest.getMainAttributes().getValue("Fragment-Host") != null ? "RESOLVED" : "ACTIVE";
                if (!expected.equals(states.get(name))) {
                    problems.add(name + " (" + jar.getFileName() + "): " + states.get(name) + ", expected " + expected);
                }
            }
        }
        assertTrue("GET bundles does not list the distribution's bundles as they should be: " + problems
                + "\nbody: " + json, problems.isEmpty());
    }

    private static Path singleJar(Path directory, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> jars = files.filter(path -> path.getFileName().toString().startsWith(prefix)
                    && path.toString().endsWith(".jar")).toList();
            assertEquals("jars " + prefix + "* in " + directory, 1, jars.size());
            return jars.get(0);
        }
    }

    private static String bundleVersion(Path jar) throws IOException {
        return manifest(jar).getMainAttributes().getValue("Bundle-Version").trim();
    }

    private static Manifest manifest(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest();
        }
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
