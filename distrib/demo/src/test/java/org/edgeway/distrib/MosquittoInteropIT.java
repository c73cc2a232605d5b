package org.edgeway.distrib;

import static org.edgeway.distrib.SimulatorLog.METER_TOPIC;
import static org.edgeway.distrib.TestSupport.deleteTree;
import static org.edgeway.distrib.TestSupport.freePort;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.edgeway.codec.KuraPayloadCodec;
import org.edgeway.distrib.SimulatorLog.Reading;
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
 * {@code published run=R seq=N} at DEBUG when the cloud connection has accepted one ({@link SimulatorLog}). An
 * independent subscriber (Paho, persistent session, QoS 1) records what the broker delivers; every logged seq must
 * arrive, duplicates allowed. Each test starts its own Mosquitto on a free loopback port with persistence in a
 * temporary directory.
 */
public class MosquittoInteropIT {

    /** The simulator's publish interval; the gateway publishes a meter and a bus reading per interval. */
    private static final long INTERVAL_MS = 20;
    /** Readings accepted during the outage (and after it) before the test moves on: about 2 s at INTERVAL_MS. */
    private static final long OUTAGE_READINGS = 100;
    /** Bound for waits on the broker, the subscriber and delivery. */
    private static final long STEP_TIMEOUT_S = 30;
    private static final String SUBSCRIBER_ID = "interop-sub";

    @Rule
    public final Timeout timeout = Timeout.seconds(110);

    private final Path distribution = Path.of(System.getProperty("edgeway.distribution",
            "target/edgeway-demo")).toAbsolutePath();
    private final List<GatewayProcess> gateways = new ArrayList<>();
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
        Path mosquitto = Mosquitto.executableOrSkip();
        work = Files.createTempDirectory("edgeway-mosquitto-it-");
        Path brokerDir = work.resolve("mosquitto");
        broker = new Mosquitto(mosquitto, brokerDir, freePort(), Mosquitto.persistentConfig(brokerDir));
        broker.start();
        subscribe();
    }

    @After
    public void stopEverythingStarted() throws Exception {
        gateways.forEach(GatewayProcess::close);
        if (broker != null) {
            broker.close();
        }
        MqttTestClients.closeQuietly(subscriber);
        if (work != null) {
            deleteTree(work);
        }
    }

    @Test
    public void brokerRestartMidStreamLosesNothing() throws Exception {
        GatewayProcess gateway = startGateway(prepareHome("home"));
        String run = awaitPublished(gateway, 100);

        broker.stop(); // SIGTERM: Mosquitto saves its persistence database and exits
        long beforeOutage = highestPublished(gateway, run);
        // the outage lasts until the gateway has accepted OUTAGE_READINGS more readings into its queue
        gateway.await("the gateway to accept " + OUTAGE_READINGS + " readings while the broker is down",
                () -> highestPublished(gateway, run) >= beforeOutage + OUTAGE_READINGS);
        long duringOutage = highestPublished(gateway, run);
        gateway.assertAlive();
        assertTrue("the gateway accepted nothing while the broker was down (highest seq " + beforeOutage
                + " before and after the outage): it must buffer\n" + gateway.tail(), duringOutage > beforeOutage);

        broker.start();
        await("the subscriber to reconnect to the restarted broker",
                () -> subscriberReconnects.get() > 0 && subscriber.isConnected());
        // and some readings published after the restart, so that the check covers both sides of it
        gateway.await("the gateway to accept readings after the restart",
                () -> highestPublished(gateway, run) >= duringOutage + OUTAGE_READINGS);
        long cutOff = highestPublished(gateway, run);

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
        GatewayProcess first = startGateway(home);
        String run = awaitPublished(first, 200);

        first.kill(); // SIGKILL: bin/edgeway execs java, so this is the JVM
        long highest = highestPublished(first, run);

        GatewayProcess second = startGateway(home);
        awaitPublishedOtherThan(second, run);
        awaitAllReceived(first, run, highest, "SIGKILL of the gateway after seq " + highest, second);
    }

    @Test
    public void gatewayKilledWithSigkillWhileTheBrokerIsDownLosesNothingAcknowledged() throws Exception {
        Path home = prepareHome("home");
        GatewayProcess first = startGateway(home);
        String run = awaitPublished(first, 30);

        broker.stop();
        long beforeOutage = highestPublished(first, run);
        // everything accepted from now on exists only in the gateway's queue
        awaitPublished(first, run, beforeOutage + 20);
        first.kill();
        long highest = highestPublished(first, run);

        broker.start();
        GatewayProcess second = startGateway(home);
        awaitPublishedOtherThan(second, run);
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
            Reading reading = Reading.of(codec.decode(bytes)).orElse(null);
            if (reading != null) {
                received.computeIfAbsent(reading.run(), key -> ConcurrentHashMap.newKeySet()).add(reading.seq());
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
    private void awaitAllReceived(GatewayProcess gateway, String run, long upTo, String after,
            GatewayProcess... restarted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_TIMEOUT_S);
        List<Long> missing = missing(run, upTo);
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            missing = missing(run, upTo);
        }
        if (!missing.isEmpty()) {
            Set<Long> published = SimulatorLog.published(gateway.output()).getOrDefault(run, new TreeSet<>());
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

    private Path prepareHome(String name) throws IOException {
        return SimulatorLog.prepareHome(distribution, work.resolve(name), "MosquittoInteropIT");
    }

    private GatewayProcess startGateway(Path home) throws IOException {
        GatewayProcess gateway = GatewayProcess.start(distribution, home, Map.of("EDGEWAY_MQTT_URL", broker.url()),
                Stream.concat(Stream.of("--set", "org.edgeway.demo.broker:port=" + freePort(),
                        "--set", "org.edgeway.demo.broker:print.messages=false",
                        "--set", "org.edgeway.demo.simulator:interval.ms=" + INTERVAL_MS),
                        TestSupport.demoMeterPortOptions().stream()).toList(),
                Files.createTempFile(work, "gateway-", ".log"), () -> "mosquitto:\n" + broker.tail());
        gateways.add(gateway);
        return gateway;
    }

    private static long highestPublished(GatewayProcess gateway, String run) throws IOException {
        return SimulatorLog.highestPublished(gateway.output(), run);
    }

    /** Waits until one run has logged {@code count} publishes and returns its id. */
    private static String awaitPublished(GatewayProcess gateway, int count) throws Exception {
        String[] run = new String[1];
        gateway.await("" + count + " 'published' lines", () -> {
            run[0] = SimulatorLog.published(gateway.output()).entrySet().stream()
                    .filter(entry -> entry.getValue().size() >= count)
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            return run[0] != null;
        });
        return run[0];
    }

    private static void awaitPublished(GatewayProcess gateway, String run, long seq) throws Exception {
        gateway.await("'published run=" + run + " seq=" + seq + "'", () -> highestPublished(gateway, run) >= seq);
    }

    private static void awaitPublishedOtherThan(GatewayProcess gateway, String run) throws Exception {
        gateway.await("a 'published' line of a new run",
                () -> SimulatorLog.published(gateway.output()).keySet().stream().anyMatch(r -> !r.equals(run)));
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
