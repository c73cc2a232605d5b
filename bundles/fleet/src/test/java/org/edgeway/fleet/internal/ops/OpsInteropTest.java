package org.edgeway.fleet.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.edgeway.fleet.internal.ingest.FleetIngest;
import org.edgeway.fleet.internal.ingest.IngestSettings;
import org.edgeway.fleet.internal.ingest.MosquittoBroker;
import org.edgeway.fleet.internal.store.DatabaseSettings;
import org.edgeway.fleet.internal.store.FleetDatabase;
import org.edgeway.fleet.internal.store.FleetStore;
import org.edgeway.fleet.internal.store.Gateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet operations end to end through a real mosquitto: 200 simulated gateways, each its own MQTT connection, are
 * registered by the console's ingest from their births and answer CONF-V1 and DEPLOY-V2 requests as edgeway gateways
 * do; a few have failures injected (400, install FAILED, silence). Clean rollouts complete; a failing canary halts
 * before anyone else receives anything; failures in a later batch halt after that batch.
 */
class OpsInteropTest {

    static final String ACCOUNT = "edgeway";
    static final int GATEWAYS = 200;
    static final Duration DEADLINE = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    static String id(int i) {
        return String.format("bus-%03d", i);
    }

    static List<String> ids(int fromInclusive, int toExclusive) {
        return IntStream.range(fromInclusive, toExclusive).mapToObj(OpsInteropTest::id).toList();
    }

    static RespondingGateway.Behaviour behaviour(String id) {
        return switch (id) {
            case "bus-170" -> RespondingGateway.Behaviour.INSTALL_FAILS;
            case "bus-187" -> RespondingGateway.Behaviour.REFUSE;
            case "bus-188" -> RespondingGateway.Behaviour.SILENT;
            default -> RespondingGateway.Behaviour.OK;
        };
    }

    @Test
    void stagedRolloutsThroughARealBroker() throws Exception {
        MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
        String url = broker.url();
        ExecutorService worker = Executors.newFixedThreadPool(4);
        Map<String, RespondingGateway> gateways = new LinkedHashMap<>();
        FleetDatabase database = FleetDatabase.open(DatabaseSettings.h2(dir.resolve("fleet").toString()));
        FleetStore store = new FleetStore(database, Clock.systemUTC());
        FleetIngest ingest = FleetIngest.start(IngestSettings.of(url, ACCOUNT), store, Clock.systemUTC());
        FleetOperations ops = null;
        try {
            await("ingest subscribed", ingest::isSubscribed);
            // in parallel: a Paho connection takes some 300 ms to establish, most of it waiting
            List<Future<RespondingGateway>> connecting = new ArrayList<>();
            ExecutorService connector = Executors.newFixedThreadPool(20);
            for (int i = 0; i < GATEWAYS; i++) {
                String id = id(i);
                connecting.add(connector.submit(() -> RespondingGateway.connect(url, ACCOUNT, id, behaviour(id),
                        worker)));
            }
            connector.shutdown();
            for (Future<RespondingGateway> gateway : connecting) {
                RespondingGateway connected = gateway.get(60, TimeUnit.SECONDS);
                gateways.put(connected.clientId(), connected);
            }
            await("all " + GATEWAYS + " gateways registered online", () -> store.gateways(ACCOUNT).stream()
                    .filter(Gateway::online).count() == GATEWAYS);

            OpsSettings settings = new OpsSettings(Duration.ofSeconds(4), Duration.ofSeconds(10),
                    Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(3),
                    Duration.ofHours(1));
            ops = FleetOperations.start(settings, RequesterSettings.of(url, ACCOUNT), database, store,
                    Clock.systemUTC());
            FleetOperations operations = ops;
            await("requester subscribed", operations::connected);
            garbageTo(url, ops.requesterId());

            // 1. a configuration to the 170 clean gateways of a group: canary 1, then batches of 50
            List<String> clean = ids(0, 170);
            ops.putGroup(ACCOUNT, "clean", clean, "admin");
            RolloutView configured = finished(ops, ops.start(ACCOUNT, new Operation.Configure(
                    "org.edgeway.demo.simulator", Map.of("interval.ms", 500L)), Targets.group("clean"),
                    new Plan(1, null, 50, 0), "admin"));
            assertThat(configured.state()).isEqualTo(RolloutState.COMPLETED);
            assertThat(configured.stages()).isEqualTo(5);
            assertThat(configured.jobs()).hasSize(170).allSatisfy(j -> assertThat(j.state())
                    .as(j.clientId() + ": " + j.message()).isEqualTo(JobState.SUCCEEDED));
            assertThat(clean).allSatisfy(c -> assertThat(gateways.get(c).received)
                    .containsExactly("CONF-V1 PUT configurations/org.edgeway.demo.simulator"));

            // 2. a package to 30 clean gateways: accepted, notified, re-born and listing it
            List<String> deployTargets = ids(0, 30);
            RolloutView deployed = finished(ops, ops.start(ACCOUNT, new Operation.Deploy(
                    "https://repo.example/meters-1.2.0.zip", "meters", "1.2.0", null), Targets.clients(deployTargets),
                    new Plan(2, null, 10, 0), "admin"));
            assertThat(deployed.state()).isEqualTo(RolloutState.COMPLETED);
            assertThat(deployed.jobs()).hasSize(30).allSatisfy(j -> {
                assertThat(j.state()).as(j.clientId() + ": " + j.message()).isEqualTo(JobState.SUCCEEDED);
                assertThat(j.message()).isEqualTo("meters 1.2.0 installed and running");
            });
            assertThat(deployTargets).allSatisfy(c -> assertThat(gateways.get(c).received)
                    .endsWith("DEPLOY-V2 EXEC download", "DEPLOY-V2 GET packages"));

            // 3. the canary's installation fails: halted, nobody else received anything
            List<String> canaryTargets = ids(170, 180);
            RolloutView canaryFailed = finished(ops, ops.start(ACCOUNT, new Operation.Deploy(
                    "https://repo.example/meters-1.3.0.zip", "meters", "1.3.0", null), Targets.clients(canaryTargets),
                    new Plan(null, List.of("bus-170"), 3, 0), "admin"));
            assertThat(canaryFailed.state()).isEqualTo(RolloutState.HALTED);
            assertThat(canaryFailed.reason()).contains("bus-170").contains("failed to activate");
            assertThat(job(canaryFailed, "bus-170").state()).isEqualTo(JobState.FAILED);
            assertThat(job(canaryFailed, "bus-170").message()).startsWith("install failed: component meters.Poller");
            assertThat(gateways.get("bus-170").received).containsExactly("DEPLOY-V2 EXEC download");
            assertThat(ids(171, 180)).allSatisfy(c -> assertThat(gateways.get(c).received).isEmpty());
            assertThat(canaryFailed.counts()).containsEntry("FAILED", 1).containsEntry("CANCELLED", 9);

            // 4. a refusal and a silent gateway in the second batch: halted after it, later batches untouched
            List<String> batchTargets = ids(180, 200);
            RolloutView batchFailed = finished(ops, ops.start(ACCOUNT, new Operation.Configure(
                    "org.edgeway.demo.simulator", Map.of("interval.ms", 50L)), Targets.clients(batchTargets),
                    new Plan(1, null, 5, 0), "admin"));
            assertThat(batchFailed.state()).isEqualTo(RolloutState.HALTED);
            assertThat(batchFailed.currentStage()).isEqualTo(2);
            assertThat(job(batchFailed, "bus-187").state()).isEqualTo(JobState.FAILED);
            assertThat(job(batchFailed, "bus-187").message()).contains("400").contains("must be at least 100");
            assertThat(job(batchFailed, "bus-188").state()).isEqualTo(JobState.TIMED_OUT);
            assertThat(ids(180, 191)).filteredOn(c -> !c.equals("bus-187") && !c.equals("bus-188"))
                    .allSatisfy(c -> assertThat(job(batchFailed, c).state()).isEqualTo(JobState.SUCCEEDED));
            assertThat(ids(191, 200)).allSatisfy(c -> {
                assertThat(gateways.get(c).received).isEmpty();
                assertThat(job(batchFailed, c).state()).isEqualTo(JobState.CANCELLED);
            });
            assertThat(ops.gatewayJobs(ACCOUNT, "bus-187", 10)).singleElement()
                    .satisfies(j -> assertThat(j.state()).isEqualTo(JobState.FAILED));
        } finally {
            if (ops != null) {
                ops.close();
            }
            gateways.values().forEach(RespondingGateway::close);
            worker.shutdownNow();
            ingest.close();
            database.close();
            broker.close();
        }
    }

    @Test
    void theRequesterReconnectsAndSubscribesAgain() throws Exception {
        MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
        String url = broker.url();
        ExecutorService worker = Executors.newFixedThreadPool(2);
        List<RespondingGateway> gateways = new ArrayList<>();
        FleetDatabase database = FleetDatabase.open(DatabaseSettings.h2(dir.resolve("fleet").toString()));
        FleetStore store = new FleetStore(database, Clock.systemUTC());
        FleetOperations ops = null;
        try {
            for (String id : ids(0, 3)) {
                gateways.add(RespondingGateway.connect(url, ACCOUNT, id, RespondingGateway.Behaviour.OK, worker));
                store.birth(new org.edgeway.fleet.internal.store.GatewayBirth(ACCOUNT, id, java.time.Instant.now(),
                        Map.of(), null, null, null));
            }
            ops = FleetOperations.start(OpsSettings.withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10)),
                    new RequesterSettings(url, ACCOUNT, "edgeway-console-test", null, null), database, store,
                    Clock.systemUTC());
            FleetOperations operations = ops;
            await("requester subscribed", operations::connected);
            // another client with the same id takes the session over: the broker drops the requester
            MqttClient intruder = new MqttClient(url, ops.requesterId(), new MemoryPersistence());
            intruder.connect();
            await("requester disconnected", () -> !operations.connected());
            intruder.disconnect();
            intruder.close();
            await("requester connected and subscribed again", operations::connected);

            RolloutView done = finished(ops, ops.start(ACCOUNT, new Operation.Rollback(null),
                    Targets.clients(ids(0, 3)), null, "admin"));
            assertThat(done.state()).isEqualTo(RolloutState.COMPLETED);
            assertThat(done.counts()).containsEntry("SUCCEEDED", 3);
        } finally {
            if (ops != null) {
                ops.close();
            }
            gateways.forEach(RespondingGateway::close);
            worker.shutdownNow();
            database.close();
            broker.close();
        }
    }

    /** Messages a careless or hostile client publishes on the console's reply topics: dropped, nothing breaks. */
    private static void garbageTo(String url, String requester) throws Exception {
        MqttClient client = new MqttClient(url, "garbage-" + System.nanoTime(), new MemoryPersistence());
        client.connect();
        try {
            String prefix = "$EDC/" + ACCOUNT + "/" + requester + "/";
            client.publish(prefix + "CONF-V1/REPLY/nope", "garbage".getBytes(), 1, false);
            client.publish(prefix + "CONF-V1/REPLY/x", RespondingGateway.CODEC.encode(
                    org.edgeway.api.payload.Payload.builder().metric("response.code", 200).build()), 1, false);
            client.publish(prefix + "DEPLOY-V2/NOTIFY/bus-001/install", new byte[] {0x1f, (byte) 0x8b, 1, 2}, 1,
                    false);
        } finally {
            client.disconnect();
            client.close();
        }
    }

    private static RolloutView finished(FleetOperations ops, RolloutView started) throws InterruptedException {
        await("rollout " + started.id() + " (" + started.summary() + ") ends",
                () -> ops.rollout(ACCOUNT, started.id()).orElseThrow().state() != RolloutState.RUNNING);
        return ops.rollout(ACCOUNT, started.id()).orElseThrow();
    }

    private static JobView job(RolloutView rollout, String clientId) {
        return rollout.jobs().stream().filter(j -> j.clientId().equals(clientId)).findFirst().orElseThrow();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

}
