package org.edgeway.distrib;

import static org.edgeway.distrib.TestSupport.copyTree;
import static org.edgeway.distrib.TestSupport.deleteTree;
import static org.edgeway.distrib.TestSupport.findExecutable;
import static org.edgeway.distrib.TestSupport.freePort;
import static org.edgeway.distrib.TestSupport.killAll;
import static org.edgeway.distrib.TestSupport.lastLines;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.edgeway.api.payload.Metric;
import org.edgeway.api.payload.Payload;
import org.edgeway.codec.KuraPayloadCodec;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The demo distribution as a real process ({@code bin/edgeway}) against a real Mosquitto broker: what the gateway
 * accepted is delivered even when the broker restarts or the gateway is killed.
 *
 * <p>The demo's simulated meter numbers its readings ({@code run}, {@code seq}) and logs
 * {@code published run=R seq=N} at DEBUG when the cloud connection has accepted one. An independent subscriber
 * (Paho, persistent session, QoS 1) records what the broker delivers; every logged seq must arrive, duplicates
 * allowed. Each test starts its own Mosquitto on a free loopback port with persistence in a temporary directory.
 */
public class MosquittoInteropIT {

    private static final String NOT_INSTALLED = "mosquitto is not installed (apt-get install mosquitto); .ci/run installs it";
    /** The simulator's publish interval; the gateway publishes a meter and a bus reading per interval. */
    private static final long INTERVAL_MS = 20;
    /** Bounds for waits on the gateway's output, and on the broker, the subscriber and delivery. */
    private static final long START_TIMEOUT_S = 60;
    private static final long STEP_TIMEOUT_S = 30;
    private static final String METER_TOPIC = "edgeway/+/DEMO-V1/depot/meter-1";
    private static final String SUBSCRIBER_ID = "interop-sub";
    private static final String SIMULATOR_LOGGER = "org.edgeway.demo.internal.DeviceSimulator";
    /** Only complete lines count: a line cut by SIGKILL is not matched. */
    private static final Pattern PUBLISHED = Pattern.compile("published run=(\\S+) seq=(\\d+)\\r?\\n");

    @Rule
    public final Timeout timeout = Timeout.seconds(110);

    private final Path distribution = Path.of(System.getProperty("edgeway.distribution",
            "target/edgeway-demo")).toAbsolutePath();
    private final List<Process> processes = new ArrayList<>();
    private final KuraPayloadCodec codec = new KuraPayloadCodec();
    /** run id to the seqs the subscriber received; duplicates collapse. */
    private final Map<String, Set<Long>> received = new ConcurrentHashMap<>();
    private final AtomicInteger subscriberReconnects = new AtomicInteger();
    private final AtomicInteger undecodable = new AtomicInteger();
    private Path work;
    private Mosquitto broker;
    private MqttClient subscriber;

    @Before
    public void startBrokerAndSubscriber() throws Exception {
        Optional<Path> mosquitto = findExecutable("mosquitto", Path.of("/usr/sbin/mosquitto"));
        assumeTrue(NOT_INSTALLED, mosquitto.isPresent());
        work = Files.createTempDirectory("edgeway-mosquitto-it-");
        broker = new Mosquitto(mosquitto.get(), work.resolve("mosquitto"), freePort());
        broker.start();
        subscribe();
    }

    @After
    public void stopEverythingStarted() throws Exception {
        killAll(processes);
        MqttTestClients.closeQuietly(subscriber);
        if (work != null) {
            deleteTree(work);
        }
    }

    @Test
    public void brokerRestartMidStreamLosesNothing() throws Exception {
        Gateway gateway = startGateway(prepareHome("home"));
        String run = gateway.awaitPublished(100);

        broker.stop(); // SIGTERM: Mosquitto saves its persistence database and exits
        long beforeOutage = gateway.highestPublished(run);
        Thread.sleep(3000); // the gateway keeps publishing into its queue
        long duringOutage = gateway.highestPublished(run);
        gateway.assertAlive();
        assertTrue("the gateway accepted nothing while the broker was down (highest seq " + beforeOutage
                + " before and after the 3 s outage): it must buffer\n" + gateway.tail(), duringOutage > beforeOutage);

        broker.start();
        await("the subscriber to reconnect to the restarted broker",
                () -> subscriberReconnects.get() > 0 && subscriber.isConnected());
        Thread.sleep(3000);
        long cutOff = gateway.highestPublished(run);

        awaitAllReceived(gateway, run, cutOff, "a broker restart (down after seq " + beforeOutage
                + ", " + duringOutage + " accepted while it was down)");
        gateway.assertAlive();
    }

    /**
     * With the broker up, it acknowledges each message within milliseconds of the publish returning, so this only
     * catches what is in flight at the kill; the next test kills the gateway while messages can only be in its queue.
     */
    @Test
    public void gatewayKilledWithSigkillLosesNothingAcknowledged() throws Exception {
        Path home = prepareHome("home");
        Gateway first = startGateway(home);
        String run = first.awaitPublished(200);

        first.process.destroyForcibly(); // SIGKILL: bin/edgeway execs java, so this is the JVM
        assertTrue("the gateway did not die on SIGKILL", first.process.waitFor(10, TimeUnit.SECONDS));
        long highest = first.highestPublished(run);

        Gateway second = startGateway(home);
        second.awaitPublishedOtherThan(run);
        awaitAllReceived(first, run, highest, "SIGKILL of the gateway after seq " + highest, second);
    }

    @Test
    public void gatewayKilledWithSigkillWhileTheBrokerIsDownLosesNothingAcknowledged() throws Exception {
        Path home = prepareHome("home");
        Gateway first = startGateway(home);
        String run = first.awaitPublished(30);

        broker.stop();
        long beforeOutage = first.highestPublished(run);
        // everything accepted from now on exists only in the gateway's queue
        first.awaitPublished(run, beforeOutage + 20);
        first.process.destroyForcibly();
        assertTrue("the gateway did not die on SIGKILL", first.process.waitFor(10, TimeUnit.SECONDS));
        long highest = first.highestPublished(run);

        broker.start();
        Gateway second = startGateway(home);
        second.awaitPublishedOtherThan(run);
        awaitAllReceived(first, run, highest, "SIGKILL of the gateway after seq " + highest
                + " while the broker was down since seq " + beforeOutage, second);
    }

    // ---- the subscriber ---------------------------------------------------------------------------------------

    private void subscribe() throws MqttException {
        subscriber = new MqttClient(broker.url(), SUBSCRIBER_ID, new MemoryPersistence());
        subscriber.setTimeToWait(TimeUnit.SECONDS.toMillis(10));
        subscriber.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                if (reconnect) {
                    subscriberReconnects.incrementAndGet();
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                // automatic reconnect takes over
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                record(message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // the subscriber publishes nothing
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false); // the broker keeps the subscription and queues QoS 1 messages while away
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(1000);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(10);
        subscriber.connect(options);
        subscriber.subscribe(METER_TOPIC, 1);
    }

    private void record(byte[] bytes) {
        try {
            Payload payload = codec.decode(bytes);
            Optional<String> run = payload.stringMetric("run");
            Optional<Object> seq = payload.metric("seq").map(Metric::value);
            if (run.isPresent() && seq.isPresent() && seq.get() instanceof Long number) {
                received.computeIfAbsent(run.get(), key -> ConcurrentHashMap.newKeySet()).add(number);
            } else {
                undecodable.incrementAndGet();
            }
        } catch (RuntimeException e) {
            // never throw into Paho: it would drop the connection
            undecodable.incrementAndGet();
        }
    }

    /**
     * Waits until the subscriber has every seq 1..upTo of the run; fails naming the first 20 missing.
     *
     * @param gateway   the gateway that logged the run
     * @param restarted the gateway started after it, if any, whose output the failure message shows too
     */
    private void awaitAllReceived(Gateway gateway, String run, long upTo, String after, Gateway... restarted)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_TIMEOUT_S);
        List<Long> missing = missing(run, upTo);
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            missing = missing(run, upTo);
        }
        if (!missing.isEmpty()) {
            Set<Long> published = gateway.published().getOrDefault(run, new TreeSet<>());
            List<Long> neverAccepted = missing.stream().filter(seq -> !published.contains(seq)).limit(20).toList();
            fail("after " + after + ": " + missing.size() + " of seq 1.." + upTo + " of run " + run
                    + " never reached the subscriber within " + STEP_TIMEOUT_S + " s; first missing: "
                    + missing.stream().limit(20).toList()
                    + (neverAccepted.isEmpty() ? "" : "; of these not logged as published (publish threw, or "
                            + "logged before DEBUG was on): " + neverAccepted)
                    + "; received " + received.getOrDefault(run, Set.of()).size() + " distinct, "
                    + undecodable.get() + " undecodable\ngateway:\n" + gateway.tail()
                    + (restarted.length == 0 ? "" : "\nrestarted gateway:\n" + restarted[0].tail())
                    + "\nmosquitto:\n" + broker.tail());
        }
    }

    private List<Long> missing(String run, long upTo) {
        Set<Long> got = received.getOrDefault(run, Set.of());
        List<Long> missing = new ArrayList<>();
        for (long seq = 1; seq <= upTo; seq++) {
            if (!got.contains(seq)) {
                missing.add(seq);
            }
        }
        return missing;
    }

    // ---- the gateway ------------------------------------------------------------------------------------------

    /** A fresh home with the distribution's etc/ and the simulator's DEBUG lines on the console. */
    private Path prepareHome(String name) throws IOException {
        Path home = work.resolve(name);
        Path etc = home.resolve("etc");
        copyTree(distribution.resolve("etc"), etc);
        Files.writeString(etc.resolve("org.ops4j.pax.logging.cfg"), String.join("\n", "",
                "# MosquittoInteropIT: the simulator logs every accepted meter reading",
                "log4j2.logger.interopsimulator.name = " + SIMULATOR_LOGGER,
                "log4j2.logger.interopsimulator.level = DEBUG", ""),
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return home;
    }

    private Gateway startGateway(Path home) throws IOException {
        List<String> command = List.of(distribution.resolve("bin/edgeway").toString(), "--home", home.toString(),
                "--set", "org.edgeway.demo.broker:port=" + freePort(),
                "--set", "org.edgeway.demo.broker:print.messages=false",
                "--set", "org.edgeway.demo.simulator:interval.ms=" + INTERVAL_MS);
        Path output = Files.createTempFile(work, "gateway-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(key -> key.startsWith("EDGEWAY_"));
        builder.environment().put("EDGEWAY_MQTT_URL", broker.url());
        Process process = builder.start();
        processes.add(process);
        return new Gateway(process, output);
    }

    private final class Gateway {
        final Process process;
        final Path outputFile;

        Gateway(Process process, Path outputFile) {
            this.process = process;
            this.outputFile = outputFile;
        }

        String output() throws IOException {
            return Files.readString(outputFile, StandardCharsets.ISO_8859_1);
        }

        /** The last lines of the output, for failure messages. */
        String tail() throws IOException {
            return lastLines(output(), 40);
        }

        /** run id to the seqs logged as published, from complete lines. */
        Map<String, TreeSet<Long>> published() throws IOException {
            Map<String, TreeSet<Long>> published = new HashMap<>();
            Matcher matcher = PUBLISHED.matcher(output());
            while (matcher.find()) {
                published.computeIfAbsent(matcher.group(1), key -> new TreeSet<>()).add(Long.parseLong(matcher.group(2)));
            }
            return published;
        }

        long highestPublished(String run) throws IOException {
            TreeSet<Long> seqs = published().get(run);
            return seqs == null ? 0 : seqs.last();
        }

        /** Waits until one run has logged {@code count} publishes and returns its id. */
        String awaitPublished(int count) throws Exception {
            String[] run = new String[1];
            awaitGateway("" + count + " 'published' lines", () -> {
                run[0] = published().entrySet().stream().filter(entry -> entry.getValue().size() >= count)
                        .map(Map.Entry::getKey).findFirst().orElse(null);
                return run[0] != null;
            });
            return run[0];
        }

        void awaitPublished(String run, long seq) throws Exception {
            awaitGateway("'published run=" + run + " seq=" + seq + "'", () -> highestPublished(run) >= seq);
        }

        void awaitPublishedOtherThan(String run) throws Exception {
            awaitGateway("a 'published' line of a new run", () -> published().keySet().stream().anyMatch(r -> !r.equals(run)));
        }

        void assertAlive() throws IOException {
            if (!process.isAlive()) {
                fail("the gateway exited with " + process.exitValue() + ":\n" + tail());
            }
        }

        private void awaitGateway(String what, Check check) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
            while (System.nanoTime() < deadline) {
                if (check.ok()) {
                    return;
                }
                assertAlive();
                Thread.sleep(100);
            }
            fail(what + " not logged within " + START_TIMEOUT_S + " s:\n" + tail() + "\nmosquitto:\n" + broker.tail());
        }
    }

    private interface Check {
        boolean ok() throws IOException;
    }

    // ---- Mosquitto --------------------------------------------------------------------------------------------

    /** One Mosquitto configuration and persistence directory; start and stop it as often as needed. */
    private final class Mosquitto {
        private final Path executable;
        private final Path dir;
        private final int port;
        private final Path config;
        private final Path log;
        private final Path console;
        private Process process;

        Mosquitto(Path executable, Path dir, int port) throws IOException {
            this.executable = executable;
            this.dir = Files.createDirectories(dir);
            this.port = port;
            this.config = dir.resolve("mosquitto.conf");
            this.log = dir.resolve("mosquitto.log");
            this.console = dir.resolve("mosquitto.out");
            // run as ourselves: as root, Mosquitto would otherwise switch to the user 'mosquitto', who cannot
            // write to our temporary directory
            Files.writeString(config, String.join("\n",
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous true",
                    "persistence true",
                    "persistence_location " + dir + "/",
                    "autosave_interval 1",
                    "user " + System.getProperty("user.name"),
                    // the subscriber's queue while it is away is the test's business, not a broker limit
                    "max_queued_messages 0",
                    // a file: Mosquitto flushes it per line, unlike stdout redirected to a file
                    "log_dest file " + log,
                    "log_timestamp_format %H:%M:%S",
                    ""), StandardCharsets.UTF_8);
        }

        String url() {
            return "tcp://127.0.0.1:" + port;
        }

        void start() throws Exception {
            long linesBefore = lines();
            process = new ProcessBuilder(executable.toString(), "-c", config.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            processes.add(process);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                if (Files.exists(log) && Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                        .skip(linesBefore).anyMatch(line -> line.contains(" running"))) {
                    return;
                }
                if (!process.isAlive()) {
                    fail("mosquitto exited with " + process.exitValue() + ":\n" + tail());
                }
                Thread.sleep(50);
            }
            fail("mosquitto did not report running within 15 s:\n" + tail());
        }

        void stop() throws Exception {
            process.destroy();
            assertTrue("mosquitto did not stop within 15 s of SIGTERM", process.waitFor(15, TimeUnit.SECONDS));
            assertEquals("mosquitto's exit code after SIGTERM:\n" + tail(), 0, process.exitValue());
        }

        private long lines() throws IOException {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1).size() : 0;
        }

        String tail() throws IOException {
            StringBuilder tail = new StringBuilder();
            for (Path file : List.of(console, log)) {
                if (Files.exists(file)) {
                    tail.append(lastLines(Files.readString(file, StandardCharsets.ISO_8859_1), 30)).append('\n');
                }
            }
            return tail.toString();
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_TIMEOUT_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + STEP_TIMEOUT_S + " s for " + what + "\nmosquitto:\n" + broker.tail());
            }
            Thread.sleep(100);
        }
    }
}
