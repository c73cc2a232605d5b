package org.edgeway.distrib;

import static org.edgeway.distrib.TestSupport.deleteTree;
import static org.edgeway.distrib.TestSupport.freePort;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.edgeway.api.payload.Payload;
import org.edgeway.codec.KuraPayloadCodec;
import org.edgeway.distrib.SimulatorLog.Reading;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * "Fill the store: the policy holds", with the demo distribution as a real process ({@code bin/edgeway}): the
 * gateway starts while its broker is down, with a store of {@value #STORE_MAX_MESSAGES} messages, and its simulator
 * (every {@value #INTERVAL_MS} ms a meter reading numbered {@code seq} and a bus reading, both at data priority 7, QoS 1)
 * overflows the store; then Mosquitto starts on the broker URL and an independent subscriber records what arrives.
 * <ul>
 * <li>Drop oldest, lowest priority first (the default): the readings from the outage that arrive are exactly the
 * newest, no more than the store holds, contiguous up to the readings published after the reconnect; the birth
 * certificate (priority 0, queued into the full store on connect) still arrives; no connection metrics message of
 * the outage (priority 8) survives the data; the connection's metrics report at least the drops the subscriber
 * saw.</li>
 * <li>Reject new: the oldest readings are kept and all arrive, the new ones were refused (the simulator logs the
 * store-full error and never logged them as published, and none of them arrives), nothing is counted as dropped,
 * and publishing works again once the store has drained.</li>
 * </ul>
 * The subscriber's persistent session is created before the gateway starts (Mosquitto is started once for it and
 * stopped), so that it misses nothing of what the gateway sends as soon as it connects; Mosquitto queues that for it,
 * QoS 0 included, until it has reconnected.
 */
public class StoreOverflowIT {

    private static final long INTERVAL_MS = 20;
    private static final int STORE_MAX_MESSAGES = 100; // the metatype minimum of store.max.messages
    private static final String CONNECTION_PID = "org.edgeway.cloud.connection~default";
    private static final long TIMEOUT_S = 30;

    @Rule
    public final Timeout timeout = Timeout.seconds(90);

    private final Path distribution = Path.of(System.getProperty("edgeway.distribution",
            "target/edgeway-demo")).toAbsolutePath();
    private final String clientId = "overflow-it-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    private final KuraPayloadCodec codec = new KuraPayloadCodec();
    /** Everything the subscriber received, in order. */
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private Path work;
    private Mosquitto broker;
    private MqttClient subscriber;
    private GatewayProcess gateway;

    private record Received(String topic, byte[] payload) {
    }

    @Before
    public void createTheSubscribersSessionAndStopTheBroker() throws Exception {
        Path mosquitto = Mosquitto.executableOrSkip();
        work = Files.createTempDirectory("edgeway-store-overflow-it-");
        Path brokerDir = work.resolve("mosquitto");
        List<String> config = new ArrayList<>(Mosquitto.persistentConfig(brokerDir));
        config.add("queue_qos0_messages true"); // the connection metrics are QoS 0
        broker = new Mosquitto(mosquitto, brokerDir, freePort(), config);
        broker.start();
        subscribe();
        broker.stop(); // the session and its subscriptions are in the persistence database
    }

    @After
    public void stopEverythingStarted() {
        if (gateway != null) {
            gateway.close();
        }
        if (broker != null) {
            broker.close();
        }
        MqttTestClients.closeQuietly(subscriber);
        if (work != null) {
            deleteTree(work);
        }
    }

    @Test
    public void dropOldestKeepsTheNewestAndTheBirthCertificateAndCountsTheDrops() throws Exception {
        startGateway("DROP_OLDEST_LOWEST_PRIORITY");
        String run = awaitRunWithPublished(3 * STORE_MAX_MESSAGES / 2); // 300 messages into a store of 100

        broker.start();
        long lastBeforeConnect = awaitConnectedAndLastPublishedBefore(run);
        gateway.await("the simulator to publish on the connection",
                () -> SimulatorLog.highestPublished(gateway.output(), run) >= lastBeforeConnect + 20);
        long live = SimulatorLog.highestPublished(gateway.output(), run);

        // the newest of the outage, contiguous to the live ones
        awaitReceived("seq " + live + " and everything from the first seq received up to it", run, seqs ->
                !seqs.isEmpty() && seqs.contains(live) && seqs.last() - seqs.first() + 1 == seqs.size());
        TreeSet<Long> seqs = receivedSeqs(run);
        long first = seqs.first();
        assertTrue("the oldest readings of the outage must have been dropped, but seq " + first + " arrived "
                + describe(seqs, lastBeforeConnect), first > 1);
        assertTrue("nothing of the outage was kept: the first seq received is " + first + ", the last one published "
                + "before the connection " + lastBeforeConnect + describe(seqs, lastBeforeConnect),
                first <= lastBeforeConnect);
        long keptFromOutage = seqs.headSet(lastBeforeConnect, true).size();
        assertTrue(keptFromOutage + " readings of the outage arrived, more than the store's "
                + STORE_MAX_MESSAGES + " messages" + describe(seqs, lastBeforeConnect),
                keptFromOutage <= STORE_MAX_MESSAGES);

        // priority: the birth certificate (0) got into the full store; the connection metrics (8) of the outage did not
        awaitMessage("the BIRTH certificate", topic -> topic.equals("$EDC/edgeway/" + clientId + "/MQTT/BIRTH"));
        Payload metrics = awaitMetrics("connection metrics reporting the drops, published since the connection",
                payload -> Boolean.TRUE.equals(value(payload, "connected")) && value(payload, "dropped") instanceof Long dropped
                        && dropped >= first - 1);
        List<Payload> outageMetrics = metricsMessages().stream()
                .filter(payload -> Boolean.FALSE.equals(value(payload, "connected"))).toList();
        assertTrue("connection metrics queued during the outage (priority 8) arrived although data (priority 7) "
                + "overflowed the store: " + outageMetrics, outageMetrics.isEmpty());
        assertTrue("the connection metrics report fewer drops than the " + (first - 1) + " meter readings missing: "
                + metrics, (Long) value(metrics, "dropped") >= first - 1);
        gateway.assertAlive();
    }

    @Test
    public void rejectNewKeepsTheOldestAndRefusesTheRest() throws Exception {
        startGateway("REJECT_NEW");
        String run = awaitRunWithPublished(1);
        gateway.await("the simulator to be refused 20 times by the full store",
                () -> count(gateway.output(), "demo simulator could not publish: message store full") >= 20);
        // nothing is accepted any more: the last reading accepted is the last one the store holds
        long lastKept = SimulatorLog.highestPublished(gateway.output(), run);
        assertTrue(lastKept + " meter readings accepted into a store of " + STORE_MAX_MESSAGES + " messages",
                lastKept <= STORE_MAX_MESSAGES);

        broker.start();
        awaitConnectedAndLastPublishedBefore(run);
        // a full store must not keep the cloud from learning about the connection
        awaitMessage("the BIRTH certificate, sent past the full store",
                topic -> topic.equals("$EDC/edgeway/" + clientId + "/MQTT/BIRTH"));
        gateway.await("the simulator to publish again once the store has drained",
                () -> SimulatorLog.highestPublished(gateway.output(), run) > lastKept);
        long firstAfterDrain = SimulatorLog.published(gateway.output()).get(run).higher(lastKept);
        assertTrue("the simulator was refused while the store was full, so seq " + (lastKept + 1)
                + " cannot have been accepted\n" + gateway.tail(), firstAfterDrain > lastKept + 1);

        awaitReceived("seq 1.." + lastKept + " (the oldest, kept) and seq " + firstAfterDrain, run,
                seqs -> seqs.contains(firstAfterDrain) && seqs.headSet(lastKept, true).size() == lastKept);
        TreeSet<Long> seqs = receivedSeqs(run);
        assertTrue("refused readings (seq " + (lastKept + 1) + ".." + (firstAfterDrain - 1) + ") arrived: "
                + seqs.subSet(lastKept, false, firstAfterDrain, false),
                seqs.subSet(lastKept, false, firstAfterDrain, false).isEmpty());
        Payload metrics = awaitMetrics("connection metrics published since the connection",
                payload -> Boolean.TRUE.equals(value(payload, "connected")));
        assertEquals("reject-new drops nothing: " + metrics, 0L, value(metrics, "dropped"));
        gateway.assertAlive();
    }

    // ---- the gateway ------------------------------------------------------------------------------------------

    private void startGateway(String policy) throws IOException {
        Path home = SimulatorLog.prepareHome(distribution, work.resolve("home"), "StoreOverflowIT");
        gateway = GatewayProcess.start(distribution, home,
                Map.of("EDGEWAY_MQTT_URL", broker.url(), "EDGEWAY_CLIENT_ID", clientId),
                Stream.concat(Stream.of("--set", "org.edgeway.demo.broker:port=" + freePort(),
                        "--set", "org.edgeway.demo.broker:print.messages=false",
                        "--set", "org.edgeway.demo.simulator:interval.ms=" + INTERVAL_MS,
                        "--set", CONNECTION_PID + ":store.max.messages=" + STORE_MAX_MESSAGES,
                        "--set", CONNECTION_PID + ":store.overflow.policy=" + policy,
                        "--set", CONNECTION_PID + ":metrics.interval.s=1",
                        "--set", CONNECTION_PID + ":reconnect.max.delay.ms=1000"),
                        TestSupport.demoMeterPortOptions().stream()).toList(),
                work.resolve("gateway.log"), () -> "subscriber received " + received.size()
                        + " messages\nmosquitto:\n" + broker.tail());
    }

    /** Waits until a run of the simulator has logged {@code count} accepted readings; returns its id. */
    private String awaitRunWithPublished(int count) throws Exception {
        String[] run = new String[1];
        gateway.await(count + " 'published' lines of one run", () -> {
            run[0] = SimulatorLog.published(gateway.output()).entrySet().stream()
                    .filter(entry -> entry.getValue().size() >= count).map(Map.Entry::getKey).findFirst().orElse(null);
            return run[0] != null;
        });
        return run[0];
    }

    /** Waits for the connection; returns the last seq logged as published before it was logged. */
    private long awaitConnectedAndLastPublishedBefore(String run) throws Exception {
        String connected = "cloud connection default connected to " + broker.url();
        gateway.awaitOutput(connected);
        String output = gateway.output();
        return SimulatorLog.highestPublished(output.substring(0, output.indexOf(connected)), run);
    }

    // ---- the subscriber ---------------------------------------------------------------------------------------

    private void subscribe() throws Exception {
        subscriber = new MqttClient(broker.url(), "overflow-sub-" + clientId, new MemoryPersistence());
        subscriber.setTimeToWait(TimeUnit.SECONDS.toMillis(10));
        subscriber.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // automatic reconnect takes over
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(topic, message.getPayload()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // the subscriber publishes nothing
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false); // the broker keeps the subscriptions and queues messages while it is away
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(1000);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(10);
        subscriber.connect(options);
        // '#' does not match topics that start with '$' (MQTT 3.1.1, 4.7.2)
        subscriber.subscribe(new String[] {"#", "$EDC/#"}, new int[] {1, 1});
    }

    /** The seqs of the run's meter readings received so far; duplicates (QoS 1) collapse. */
    private TreeSet<Long> receivedSeqs(String run) {
        TreeSet<Long> seqs = new TreeSet<>();
        for (Received message : received) {
            if (message.topic().equals("edgeway/" + clientId + "/DEMO-V1/depot/meter-1")) {
                Reading.of(codec.decode(message.payload())).filter(reading -> reading.run().equals(run))
                        .ifPresent(reading -> seqs.add(reading.seq()));
            }
        }
        return seqs;
    }

    private void awaitReceived(String what, String run, Predicate<TreeSet<Long>> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!done.test(receivedSeqs(run))) {
            if (System.nanoTime() > deadline) {
                fail("the subscriber did not receive " + what + " within " + TIMEOUT_S + " s; it has "
                        + compact(receivedSeqs(run)) + "\ngateway:\n" + gateway.tail() + gateway.context());
            }
            gateway.assertAlive();
            Thread.sleep(100);
        }
    }

    private void awaitMessage(String what, Predicate<String> topic) throws Exception {
        gateway.await(what, TIMEOUT_S, () -> received.stream().anyMatch(message -> topic.test(message.topic())));
    }

    private List<Payload> metricsMessages() {
        String topic = "edgeway/" + clientId + "/EDGEWAY-V1/cloud/default";
        return received.stream().filter(message -> message.topic().equals(topic))
                .map(message -> codec.decode(message.payload())).toList();
    }

    private Payload awaitMetrics(String what, Predicate<Payload> wanted) throws Exception {
        Payload[] found = new Payload[1];
        gateway.await(what, TIMEOUT_S, () -> {
            found[0] = metricsMessages().stream().filter(wanted).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private static Object value(Payload payload, String metric) {
        return payload.metric(metric).map(m -> m.value()).orElse(null);
    }

    // ---- messages ---------------------------------------------------------------------------------------------

    private static String describe(TreeSet<Long> seqs, long lastBeforeConnect) {
        return ": received " + compact(seqs) + ", last published before the connection: " + lastBeforeConnect;
    }

    /** Seqs as ranges: [1-5, 9, 12-40]. */
    private static String compact(TreeSet<Long> seqs) {
        List<String> ranges = new ArrayList<>();
        Long start = null;
        Long previous = null;
        for (long seq : seqs) {
            if (previous != null && seq == previous + 1) {
                previous = seq;
                continue;
            }
            if (start != null) {
                ranges.add(start.equals(previous) ? "" + start : start + "-" + previous);
            }
            start = seq;
            previous = seq;
        }
        if (start != null) {
            ranges.add(start.equals(previous) ? "" + start : start + "-" + previous);
        }
        return ranges.toString();
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
