package org.edgeway.distrib;

import static org.edgeway.distrib.TestSupport.deleteTree;

import static org.edgeway.distrib.KuraTestCloud.intMetric;
import static org.edgeway.distrib.KuraTestCloud.longMetric;
import static org.edgeway.distrib.KuraTestCloud.stringMetric;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;

import org.edgeway.codec.internal.proto.KuraPayloadProto.KuraPayload;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * Issue 4's deployment part, end to end: the vehicle distribution as a real process against a real Mosquitto, an
 * independent Paho client playing the Kura cloud with DEPLOY-V2 requests, and packages built and signed with the
 * distribution's own {@code bin/edgeway-package} and served by an HTTP server in the test:
 * <ul>
 * <li>a signed package is downloaded (hash checked), installed, ACTIVE in {@code GET bundles} (DEPLOY-V2 and
 * INVENTORY-V1) and listed by {@code GET packages}, with NOTIFY messages carrying the job id;</li>
 * <li>a tampered package is refused with FAILED and a message naming the tampered bundle;</li>
 * <li>an update whose bundle cannot resolve is rolled back to the previous version, FAILED naming the requirement;</li>
 * <li>a gateway killed (SIGKILL) while a package is half installed (its bundle installed, the health check waiting)
 * rolls it back at restart, reports the job FAILED, and a second job while one runs is refused.</li>
 * </ul>
 */
public class RemoteDeploymentIT {

    private static final long TIMEOUT_S = 60;
    private static final String APP = "DEPLOY-V2";

    @Rule
    public final Timeout timeout = Timeout.seconds(300);

    private final Path distribution = Path.of(System.getProperty("edgeway.distribution",
            "target/edgeway-vehicle")).toAbsolutePath();
    private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    private final String account = "transit-it-" + suffix;
    private final String clientId = "bus-dp-" + suffix;
    private final String requester = "console-dp-" + suffix;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final AtomicInteger requestIds = new AtomicInteger();
    private final CountDownLatch releaseStalls = new CountDownLatch(1);
    private Path work;
    private Path home;
    private Path keys;
    private Mosquitto broker;
    private KuraTestCloud cloud;
    private HttpServer http;
    private GatewayProcess gateway;

    @Before
    public void startBrokerCloudAndHttp() throws Exception {
        work = Files.createTempDirectory("edgeway-deploy-it-");
        broker = Mosquitto.onFreePort(work.resolve("mosquitto"), "allow_anonymous true", "persistence false");
        broker.start();
        connectTheCloud();
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException e) {
                // the gateway went away
            }
        });
        http.setExecutor(Executors.newCachedThreadPool());
        http.start();
        keys = work.resolve("keys");
        tool("keygen", "--out", keys.toString());
        home = Files.createDirectories(work.resolve("home"));
    }

    @After
    public void stopEverythingStarted() {
        releaseStalls.countDown();
        if (gateway != null) {
            gateway.close();
        }
        if (http != null) {
            http.stop(0);
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
    public void installsASignedPackageRefusesATamperedOneAndRollsBackABrokenUpdate() throws Exception {
        Path bundles = Files.createDirectories(work.resolve("bundles"));
        Path hello1 = bundle(bundles, "org.edgeway.it.hello", "1.0.0", Map.of());
        Path hello2 = bundle(bundles, "org.edgeway.it.hello", "2.0.0", Map.of());
        Path broken2 = bundle(bundles, "org.edgeway.it.broken", "2.0.0",
                Map.of("Import-Package", "org.edgeway.it.nonexistent"));
        byte[] good = build("it-app", "1.0.0", hello1);
        serve("/it-app-1.0.0.zip", good);
        byte[] signed2 = build("it-app", "2.0.0", hello2);
        serve("/tampered.zip", replaceEntry(signed2, "bundles/" + hello2.getFileName(), Files.readAllBytes(hello1)));
        serve("/it-app-2.0.0.zip", build("it-app", "2.0.0", hello2, broken2));
        startGateway("gateway.log", 20);

        // install: 200 at once, then NOTIFY download and install with the job id, and the bundle ACTIVE
        KuraPayload reply = request("EXEC/download", 1001, "/it-app-1.0.0.zip", "it-app", "1.0.0",
                "SHA-256:" + sha256(good));
        assertEquals("reply " + reply, 200, intMetric(reply, "response.code"));
        KuraPayload installed = awaitNotify("install", 1001, "COMPLETED");
        assertEquals("it-app", stringMetric(installed, "dp.name"));
        assertTrue("no download NOTIFY with job.id 1001: " + topics(), notifications("download").stream()
                .anyMatch(n -> longMetric(n, "job.id") == 1001 && "COMPLETED".equals(stringMetric(n, "dp.download.status"))));
        assertEquals("ACTIVE", bundleState("org.edgeway.it.hello", "1.0.0"));
        assertEquals("ACTIVE", inventoryState("org.edgeway.it.hello"));
        String packages = body(request("GET/packages", Map.of()));
        assertTrue(packages, packages.contains("<name>it-app</name><version>1.0.0</version>"));

        // a tampered package: refused, nothing changed
        request("EXEC/download", 1002, "/tampered.zip", "it-app", "2.0.0", null);
        KuraPayload tampered = awaitNotify("install", 1002, "FAILED");
        String message = stringMetric(tampered, "dp.install.error.message");
        assertTrue(message, message.contains("was tampered with") && message.contains("org.edgeway.it.hello-2.0.0.jar"));
        assertEquals("ACTIVE", bundleState("org.edgeway.it.hello", "1.0.0"));

        // an update with an unresolvable bundle: rolled back to 1.0.0, FAILED naming the requirement
        request("EXEC/download", 1003, "/it-app-2.0.0.zip", "it-app", "2.0.0", null);
        KuraPayload rolledBack = awaitNotify("install", 1003, "FAILED");
        message = stringMetric(rolledBack, "dp.install.error.message");
        assertTrue(message, message.contains("org.edgeway.it.nonexistent") && message.contains("rolled back"));
        assertEquals("ACTIVE", bundleState("org.edgeway.it.hello", "1.0.0"));
        assertEquals(null, bundleState("org.edgeway.it.hello", "2.0.0"));
        assertEquals(null, bundleState("org.edgeway.it.broken", "2.0.0"));
        packages = body(request("GET/packages", Map.of()));
        assertTrue(packages, packages.contains("<name>it-app</name><version>1.0.0</version>"));

        // uninstall
        KuraPayload uninstall = request("EXEC/uninstall", Map.of("dp.name", "it-app", "job.id", 1004L));
        assertEquals("reply " + uninstall, 200, intMetric(uninstall, "response.code"));
        awaitNotify("uninstall", 1004, "COMPLETED");
        assertEquals(null, bundleState("org.edgeway.it.hello", "1.0.0"));
    }

    @Test
    public void aGatewayKilledMidInstallRollsBackAtRestartAndReportsTheJob() throws Exception {
        Path bundles = Files.createDirectories(work.resolve("bundles"));
        // its component waits forever for a service nobody provides: the health check waits, the job stays open
        Path waiting = bundle(bundles, "org.edgeway.it.waiting", "1.0.0", Map.of("Service-Component",
                "OSGI-INF/waiting.xml"), Map.of("OSGI-INF/waiting.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="org.edgeway.it.waiting"
                    immediate="true">
                  <implementation class="org.edgeway.it.Waiting"/>
                  <reference name="missing" interface="org.edgeway.it.Missing" cardinality="1..1" policy="static"/>
                </scr:component>
                """));
        serve("/it-slow-1.0.0.zip", build("it-slow", "1.0.0", waiting));
        startGateway("gateway-1.log", 600);

        request("EXEC/download", 2001, "/it-slow-1.0.0.zip", "it-slow", "1.0.0", null);
        awaitNotifyProgress("install", 2001, 60);
        assertEquals("half installed: the bundle is there while the health check waits", "ACTIVE",
                bundleState("org.edgeway.it.waiting", "1.0.0"));
        // only one job at a time
        KuraPayload second = request("EXEC/download", 2002, "/it-slow-1.0.0.zip", "it-other", "1.0.0", null);
        assertEquals("reply " + second, 400, intMetric(second, "response.code"));
        assertTrue(second.toString(), stringMetric(second, "response.exception.message")
                .contains("another deployment job is running (job 2001"));

        gateway.kill();
        cloud.received().clear(); // what the next start sends, not the first run's
        startGateway("gateway-2.log", 600);
        KuraPayload recovered = awaitNotify("install", 2001, "FAILED");
        String message = stringMetric(recovered, "dp.install.error.message");
        assertTrue(message, message.contains("interrupted by a restart") && message.contains("rolled back"));
        assertEquals("the half-installed bundle is gone", null, bundleState("org.edgeway.it.waiting", "1.0.0"));
        String packages = body(request("GET/packages", Map.of()));
        assertFalse(packages, packages.contains("it-slow"));
        assertFalse("journal left behind", Files.exists(home.resolve("var/deploy/journal.json")));
        try (var versions = Files.list(home.resolve("var/deploy/packages"))) {
            assertEquals("unpacked files of the rolled back package", 0, versions.count());
        }
    }

    // ---- gateway, packages and HTTP -----------------------------------------------------------------------------

    private void startGateway(String log, int healthTimeoutS) throws Exception {
        String publicKey = Files.readString(keys.resolve("public.pem"))
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        Map<String, String> env = new HashMap<>();
        env.put("EDGEWAY_MQTT_URL", broker.url());
        env.put("EDGEWAY_CLIENT_ID", clientId);
        env.put("EDGEWAY_ACCOUNT", account);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        gateway = GatewayProcess.start(distribution, home, env, List.of(
                "--set", "org.edgeway.deploy:trusted.keys=" + publicKey,
                "--set", "org.edgeway.deploy:health.timeout.s=" + healthTimeoutS),
                work.resolve(log), () -> topics() + "\nmosquitto:\n" + broker.tail());
        // DEPLOY-V2 answers once the gateway is connected and the application registered
        gateway.await("DEPLOY-V2 to answer GET packages", TIMEOUT_S, () -> {
            KuraPayload reply = request("GET/packages", Map.of(), 5);
            return reply != null && intMetric(reply, "response.code") == 200;
        });
    }

    private void tool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(distribution.resolve("bin/edgeway-package").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("edgeway-package did not finish", process.waitFor(60, TimeUnit.SECONDS));
        assertEquals("edgeway-package " + args[0] + ":\n" + output, 0, process.exitValue());
    }

    private byte[] build(String name, String version, Path... bundles) throws Exception {
        Path out = work.resolve(name + "-" + version + "-" + requestIds.incrementAndGet() + ".zip");
        List<String> args = new ArrayList<>(List.of("build", "--name", name, "--version", version,
                "--key", keys.resolve("private.pem").toString(), "-o", out.toString()));
        for (Path bundle : bundles) {
            args.add(bundle.toString());
        }
        tool(args.toArray(String[]::new));
        return Files.readAllBytes(out);
    }

    private static Path bundle(Path dir, String symbolicName, String version, Map<String, String> headers)
            throws IOException {
        return bundle(dir, symbolicName, version, headers, Map.of());
    }

    private static Path bundle(Path dir, String symbolicName, String version, Map<String, String> headers,
            Map<String, String> files) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        headers.forEach(main::putValue);
        Path jar = dir.resolve(symbolicName + "-" + version + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                out.putNextEntry(new JarEntry(file.getKey()));
                out.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static byte[] replaceEntry(byte[] zipBytes, String name, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean replaced = false;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipBytes));
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                zip.putNextEntry(new ZipEntry(entry.getName()));
                byte[] original = in.readAllBytes();
                replaced |= entry.getName().equals(name);
                zip.write(entry.getName().equals(name) ? content : original);
            }
        }
        assertTrue("no entry " + name, replaced);
        return out.toByteArray();
    }

    private void serve(String path, byte[] body) {
        served.put(path, body);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    // ---- the cloud ----------------------------------------------------------------------------------------------

    private void connectTheCloud() throws Exception {
        cloud = KuraTestCloud.connect(broker.url(), account, requester);
    }

    private KuraPayload request(String resource, long jobId, String path, String name, String version, String hash)
            throws Exception {
        Map<String, Object> metrics = new HashMap<>();
        metrics.put("dp.uri", url(path));
        metrics.put("dp.name", name);
        metrics.put("dp.version", version);
        metrics.put("dp.install", true);
        metrics.put("dp.download.timeout", 20_000L);
        metrics.put("job.id", jobId);
        if (hash != null) {
            metrics.put("dp.download.hash", hash);
        }
        return request(resource, metrics);
    }

    private KuraPayload request(String resource, Map<String, Object> metrics) throws Exception {
        KuraPayload reply = request(resource, metrics, TIMEOUT_S);
        assertTrue("no reply to " + resource + ": " + topics(), reply != null);
        return reply;
    }

    /** Sends a request and waits up to {@code waitS} for its reply; null if none came. */
    private KuraPayload request(String resource, Map<String, Object> metrics, long waitS) throws Exception {
        return cloud.request(clientId, APP, resource, metrics, null, waitS, gateway::assertAlive);
    }

    private List<KuraPayload> notifications(String resource) throws IOException {
        return cloud.notifications(clientId, APP, resource);
    }

    private KuraPayload awaitNotify(String resource, long jobId, String status) throws Exception {
        return awaitNotification(resource + " NOTIFY " + status + " for job " + jobId, resource,
                n -> longMetric(n, "job.id") == jobId && status.equals(stringMetric(n, "dp." + resource + ".status")));
    }

    private KuraPayload awaitNotifyProgress(String resource, long jobId, int progress) throws Exception {
        return awaitNotification(resource + " NOTIFY progress " + progress + " for job " + jobId, resource,
                n -> longMetric(n, "job.id") == jobId && intMetric(n, "dp." + resource + ".progress") >= progress);
    }

    private KuraPayload awaitNotification(String what, String resource, Predicate<KuraPayload> match) throws Exception {
        KuraPayload[] found = new KuraPayload[1];
        gateway.await(what, TIMEOUT_S, () -> {
            found[0] = notifications(resource).stream().filter(match).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    /** The state of the bundle in DEPLOY-V2's {@code GET bundles} (Kura's XML), or null if it is not installed. */
    private String bundleState(String symbolicName, String version) throws Exception {
        String xml = body(request("GET/bundles", Map.of()));
        String start = "<bundle><name>" + symbolicName + "</name><version>" + version + "</version>";
        int at = xml.indexOf(start);
        if (at < 0) {
            return null;
        }
        int state = xml.indexOf("<state>", at);
        return xml.substring(state + "<state>".length(), xml.indexOf("</state>", state));
    }

    /** The state in INVENTORY-V1's {@code GET bundles} (Kura's JSON). */
    private String inventoryState(String symbolicName) throws Exception {
        KuraPayload reply = cloud.request(clientId, "INVENTORY-V1", "GET/bundles", Map.of(), null, TIMEOUT_S,
                gateway::assertAlive);
        assertTrue("no INVENTORY-V1 reply: " + cloud.topics(), reply != null);
        for (JsonElement bundle : JsonParser.parseString(body(reply)).getAsJsonObject().getAsJsonArray("bundles")) {
            if (bundle.getAsJsonObject().get("name").getAsString().equals(symbolicName)) {
                return bundle.getAsJsonObject().get("state").getAsString();
            }
        }
        return null;
    }

    private String topics() {
        return cloud.topics();
    }

    // ---- Kura payloads ------------------------------------------------------------------------------------------

    private static String body(KuraPayload payload) {
        assertEquals("response.code in " + payload, 200, intMetric(payload, "response.code"));
        return payload.getBody().toString(StandardCharsets.UTF_8);
    }
}
