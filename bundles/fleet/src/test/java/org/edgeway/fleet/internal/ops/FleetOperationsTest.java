package org.edgeway.fleet.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.edgeway.fleet.internal.store.DatabaseSettings;
import org.edgeway.fleet.internal.store.FleetDatabase;
import org.edgeway.fleet.internal.store.FleetStore;
import org.edgeway.fleet.internal.store.GatewayBirth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The rollout state machine through {@link FleetOperations}, with the requester faked in memory (the test answers
 * as the gateways), a clock the test moves and ticks the test triggers; the registry and the operations' tables are
 * a real H2 store.
 */
class FleetOperationsTest {

    static final String ACCOUNT = "edgeway";
    static final String PID = "org.edgeway.demo.simulator";
    static final Operation CONFIGURE = new Operation.Configure(PID, Map.of("interval.ms", 500L));
    static final Operation DEPLOY = new Operation.Deploy("https://repo.example/meters-1.2.0.zip", "meters", "1.2.0",
            null);
    static final OpsSettings SETTINGS = new OpsSettings(Duration.ofSeconds(60), Duration.ofSeconds(600),
            Duration.ofHours(1), Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(3),
            Duration.ofHours(1));

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    FleetDatabase database;
    FleetStore registry;
    OpsStore store;
    FakeTransport transport = new FakeTransport("edgeway-console-a");
    FleetOperations ops;
    final List<FleetOperations> opened = new ArrayList<>();

    @BeforeEach
    void open() {
        database = FleetDatabase.open(DatabaseSettings.h2(dir.resolve("fleet").toString()));
        registry = new FleetStore(database, clock);
        store = new OpsStore(database);
        ops = operations(transport);
    }

    FleetOperations operations(FakeTransport fake) {
        FleetOperations operations = new FleetOperations(SETTINGS, ACCOUNT, store, registry, fake, clock,
                FleetOperations.newExecutor());
        opened.add(operations);
        return operations;
    }

    @AfterEach
    void close() {
        opened.forEach(FleetOperations::close);
        database.close();
    }

    /** Gateways gw-01 ... gw-NN, online. */
    List<String> gateways(int count) {
        List<String> ids = IntStream.rangeClosed(1, count).mapToObj(i -> String.format("gw-%02d", i)).toList();
        for (String id : ids) {
            registry.birth(new GatewayBirth(ACCOUNT, id, clock.instant(), Map.of("display_name", "bus " + id), null,
                    null, null));
        }
        return ids;
    }

    void offline(String clientId) {
        registry.disconnected(ACCOUNT, clientId, clock.instant(), false);
    }

    RolloutView view(long id) {
        return ops.rollout(ACCOUNT, id).orElseThrow();
    }

    JobView job(long id, String clientId) {
        return view(id).jobs().stream().filter(j -> j.clientId().equals(clientId)).findFirst().orElseThrow();
    }

    void answerAll(List<String> clients, int code) {
        for (String client : clients) {
            transport.reply(transport.last(client), code, code == 200 ? null : "refused by " + client);
        }
        ops.sync();
    }

    // ---- staging -------------------------------------------------------------------------------------------------

    @Test
    void allSucceedCompletesStageByStage() {
        List<String> gw = gateways(5);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("interval.ms", 500.0); // as a JSON parser hands it over
        properties.put("name", null);
        properties.put("tags", List.of("a", 2L, true));
        RolloutView started = ops.start(ACCOUNT, new Operation.Configure(PID, properties), Targets.clients(gw),
                new Plan(1, null, 2, 0), "admin");

        assertThat(started.state()).isEqualTo(RolloutState.RUNNING);
        assertThat(started.stages()).isEqualTo(3);
        assertThat(started.jobs()).extracting(JobView::clientId, JobView::stage, JobView::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("gw-01", 0, JobState.SENT),
                org.assertj.core.groups.Tuple.tuple("gw-02", 1, JobState.PENDING),
                org.assertj.core.groups.Tuple.tuple("gw-03", 1, JobState.PENDING),
                org.assertj.core.groups.Tuple.tuple("gw-04", 2, JobState.PENDING),
                org.assertj.core.groups.Tuple.tuple("gw-05", 2, JobState.PENDING));
        assertThat(transport.receivers()).containsExactly("gw-01");
        GatewayTransport.Request request = transport.last("gw-01");
        assertThat(request.app()).isEqualTo("CONF-V1");
        assertThat(request.verb()).isEqualTo("PUT");
        assertThat(request.resource()).isEqualTo("configurations/" + PID);
        assertThat(request.metrics()).containsEntry("format", "json");
        JsonObject body = JsonParser.parseString(new String(request.body(), StandardCharsets.UTF_8)).getAsJsonObject();
        assertThat(body.getAsJsonObject("properties").toString())
                .isEqualTo("{\"interval.ms\":500,\"name\":null,\"tags\":[\"a\",2,true]}");

        answerAll(List.of("gw-01"), 200);
        assertThat(transport.receivers()).containsExactly("gw-01", "gw-02", "gw-03");
        assertThat(view(started.id()).currentStage()).isEqualTo(1);
        answerAll(List.of("gw-02", "gw-03"), 200);
        assertThat(transport.receivers()).hasSize(5);
        answerAll(List.of("gw-04", "gw-05"), 200);

        RolloutView done = view(started.id());
        assertThat(done.state()).isEqualTo(RolloutState.COMPLETED);
        assertThat(done.finished()).isNotNull();
        assertThat(done.jobs()).allSatisfy(j -> {
            assertThat(j.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(j.message()).isEqualTo("applied");
        });
        assertThat(done.counts()).containsEntry("SUCCEEDED", 5).containsEntry("FAILED", 0).hasSize(8);
        assertThat(done.reason()).startsWith("5 succeeded");
        assertThat(transport.sent).hasSize(5);
        assertThat(ops.rollouts(ACCOUNT, 10)).singleElement().satisfies(r -> {
            assertThat(r.jobs()).isNull();
            assertThat(r.counts()).containsEntry("SUCCEEDED", 5);
            assertThat(r.summary()).contains(PID);
        });
        assertThat(ops.gatewayJobs(ACCOUNT, "gw-03", 10)).singleElement()
                .satisfies(j -> assertThat(j.state()).isEqualTo(JobState.SUCCEEDED));
    }

    @Test
    void defaultPlanIsOneCanaryThenTenPercentBatches() {
        List<String> gw = gateways(25);
        RolloutView started = ops.start(ACCOUNT, CONFIGURE, Targets.clients(gw), null, "admin");
        assertThat(started.canary()).isEqualTo(1);
        assertThat(started.batchSize()).isEqualTo(3);
        assertThat(started.maxFailures()).isZero();
        assertThat(started.stages()).isEqualTo(1 + 8); // 24 others in batches of 3
    }

    @Test
    void aCanaryFailureHaltsBeforeAnyOtherGatewayIsSentAnything() {
        List<String> gw = gateways(6);
        RolloutView started = ops.start(ACCOUNT, CONFIGURE, Targets.clients(gw), new Plan(1, null, 2, 0), "admin");
        transport.reply(transport.last("gw-01"), 400, "invalid configuration, nothing changed: interval.ms: min 1000");
        ops.sync();

        RolloutView halted = view(started.id());
        assertThat(halted.state()).isEqualTo(RolloutState.HALTED);
        assertThat(halted.reason()).contains("1 failed (at most 0 allowed)").contains("gw-01")
                .contains("min 1000");
        assertThat(transport.receivers()).containsExactly("gw-01");
        assertThat(job(started.id(), "gw-01").state()).isEqualTo(JobState.FAILED);
        assertThat(job(started.id(), "gw-01").message()).isEqualTo("the gateway answered 400: invalid "
                + "configuration, nothing changed: interval.ms: min 1000");
        assertThat(halted.jobs()).filteredOn(j -> j.stage() > 0).allSatisfy(j -> {
            assertThat(j.state()).isEqualTo(JobState.CANCELLED);
            assertThat(j.message()).isEqualTo("not sent: the rollout halted");
        });
        ops.tick();
        assertThat(transport.sent).hasSize(1);
    }

    @Test
    void aFailureInTheSecondBatchHaltsAfterItAndLaterBatchesGetNothing() {
        List<String> gw = gateways(7);
        RolloutView started = ops.start(ACCOUNT, CONFIGURE, Targets.clients(gw), new Plan(1, null, 2, 0), "admin");
        answerAll(List.of("gw-01"), 200); // canary
        answerAll(List.of("gw-02", "gw-03"), 200); // batch 1
        transport.reply(transport.last("gw-04"), 500, "component failed to activate");
        ops.sync();
        assertThat(view(started.id()).state()).as("gw-05 of the same batch still runs").isEqualTo(RolloutState.RUNNING);
        transport.reply(transport.last("gw-05"), 200, null);
        ops.sync();

        RolloutView halted = view(started.id());
        assertThat(halted.state()).isEqualTo(RolloutState.HALTED);
        assertThat(halted.currentStage()).isEqualTo(2);
        assertThat(halted.reason()).contains("end of stage 2").contains("gw-04");
        assertThat(transport.receivers()).containsExactly("gw-01", "gw-02", "gw-03", "gw-04", "gw-05");
        assertThat(halted.counts()).containsEntry("SUCCEEDED", 4).containsEntry("FAILED", 1)
                .containsEntry("CANCELLED", 2);
    }

    @Test
    void failuresUpToTheMaximumAreTolerated() {
        List<String> gw = gateways(4);
        RolloutView started = ops.start(ACCOUNT, CONFIGURE, Targets.clients(gw), new Plan(1, null, 3, 1), "admin");
        answerAll(List.of("gw-01"), 400);
        assertThat(transport.receivers()).hasSize(4);
        answerAll(List.of("gw-02", "gw-03", "gw-04"), 200);
        assertThat(view(started.id()).state()).isEqualTo(RolloutState.COMPLETED);
        assertThat(view(started.id()).reason()).contains("1 failed");
    }

    @Test
    void timeoutsCountAsFailures() {
        List<String> gw = gateways(3);
        RolloutView started = ops.start(ACCOUNT, CONFIGURE, Targets.clients(gw), new Plan(1, null, 2, 0), "admin");
        clock.advance(Duration.ofSeconds(59));
        ops.tick();
        assertThat(job(started.id(), "gw-01").state()).isEqualTo(JobState.SENT);
        clock.advance(Duration.ofSeconds(1));
        ops.tick();

        assertThat(job(started.id(), "gw-01").state()).isEqualTo(JobState.TIMED_OUT);
        assertThat(job(started.id(), "gw-01").message()).isEqualTo("no final answer within 60 s");
        assertThat(view(started.id()).state()).isEqualTo(RolloutState.HALTED);
        assertThat(transport.receivers()).containsExactly("gw-01");
        // a late answer changes nothing
        transport.reply(transport.last("gw-01"), 200, null);
        ops.sync();
        assertThat(job(started.id(), "gw-01").state()).isEqualTo(JobState.TIMED_OUT);
    }

    @Test
    void offlineGatewaysAreListedNotSentAndNoFailure() {
        List<String> gw = gateways(5);
        offline("gw-01"); // canaries are picked among the online gateways first
        offline("gw-04");
        RolloutView started = ops.start(ACCOUNT, CONFIGURE, Targets.clients(gw), new Plan(1, null, 2, 0), "admin");
        assertThat(started.jobs()).filteredOn(j -> j.stage() == 0).extracting(JobView::clientId)
                .containsExactly("gw-02");
        answerAll(List.of("gw-02"), 200); // stage 1: gw-01 (offline), gw-03
        assertThat(job(started.id(), "gw-01").state()).isEqualTo(JobState.OFFLINE);
        assertThat(job(started.id(), "gw-01").message()).startsWith("offline when stage 1 started: not sent");
        answerAll(List.of("gw-03"), 200); // stage 2: gw-04 (offline), gw-05
        answerAll(List.of("gw-05"), 200);

        RolloutView done = view(started.id());
        assertThat(done.state()).isEqualTo(RolloutState.COMPLETED);
        assertThat(done.counts()).containsEntry("SUCCEEDED", 3).containsEntry("OFFLINE", 2);
        assertThat(transport.receivers()).containsExactly("gw-02", "gw-03", "gw-05");
    }

    @Test
    void aCanaryStageWithEveryCanaryOfflineHalts() {
        List<String> gw = gateways(3);
        offline("gw-02");
        RolloutView started = ops.start(ACCOUNT, CONFIGURE, Targets.clients(gw),
                new Plan(null, List.of("gw-02"), 5, 0), "admin");
        RolloutView halted = view(started.id());
        assertThat(halted.state()).isEqualTo(RolloutState.HALTED);
        assertThat(halted.reason()).startsWith("no canary gateway was online");
        assertThat(transport.sent).isEmpty();
    }

    @Test
    void anUnreachableBrokerFailsTheJob() {
        List<String> gw = gateways(2);
        transport.unreachable = "gw-01";
        RolloutView started = ops.start(ACCOUNT, CONFIGURE, Targets.clients(gw), new Plan(1, null, 1, 0), "admin");
        assertThat(job(started.id(), "gw-01").state()).isEqualTo(JobState.FAILED);
        assertThat(job(started.id(), "gw-01").message()).isEqualTo("not sent: not connected to the broker");
        assertThat(view(started.id()).state()).isEqualTo(RolloutState.HALTED);
    }

    @Test
    void cancelStopsARunningRollout() {
        List<String> gw = gateways(4);
        RolloutView started = ops.start(ACCOUNT, CONFIGURE, Targets.clients(gw), new Plan(1, null, 2, 0), "admin");
        RolloutView cancelled = ops.cancel(ACCOUNT, started.id(), "alice").orElseThrow();

        assertThat(cancelled.state()).isEqualTo(RolloutState.CANCELLED);
        assertThat(cancelled.reason()).isEqualTo("cancelled by alice");
        assertThat(job(started.id(), "gw-01").state()).isEqualTo(JobState.CANCELLED);
        assertThat(job(started.id(), "gw-01").message()).contains("while waiting for the gateway");
        assertThat(job(started.id(), "gw-02").message()).isEqualTo("not sent: cancelled by alice");
        transport.reply(transport.last("gw-01"), 200, null);
        ops.sync();
        ops.tick();
        assertThat(transport.receivers()).containsExactly("gw-01");
        assertThat(job(started.id(), "gw-01").state()).isEqualTo(JobState.CANCELLED);
        // cancelling again (or an ended rollout) changes nothing
        assertThat(ops.cancel(ACCOUNT, started.id(), "bob").orElseThrow().reason()).isEqualTo("cancelled by alice");
        assertThat(ops.cancel(ACCOUNT, 999, "bob")).isEmpty();
    }

    @Test
    void aCancelByAnotherConsoleStopsTheDriver() {
        List<String> gw = gateways(3);
        RolloutView started = ops.start(ACCOUNT, CONFIGURE, Targets.clients(gw), new Plan(1, null, 1, 0), "admin");
        FleetOperations other = operations(new FakeTransport("edgeway-console-b"));
        other.cancel(ACCOUNT, started.id(), "bob");
        ops.tick(); // the driver notices
        transport.reply(transport.last("gw-01"), 200, null);
        ops.sync();

        assertThat(transport.receivers()).containsExactly("gw-01");
        assertThat(view(started.id()).state()).isEqualTo(RolloutState.CANCELLED);
        assertThat(job(started.id(), "gw-01").state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void aRestartedConsoleHaltsTheRolloutsItDrove() {
        List<String> gw = gateways(3);
        RolloutView started = ops.start(ACCOUNT, CONFIGURE, Targets.clients(gw), null, "admin");
        // the same console (same requester id) again, as after a crash: the old driver's memory is gone
        operations(new FakeTransport("edgeway-console-a"));

        RolloutView halted = view(started.id());
        assertThat(halted.state()).isEqualTo(RolloutState.HALTED);
        assertThat(halted.reason()).isEqualTo("console restarted");
        assertThat(job(started.id(), "gw-01").state()).isEqualTo(JobState.CANCELLED);
        assertThat(job(started.id(), "gw-02").message()).isEqualTo("not sent: console restarted");
    }

    @Test
    void rolloutsOfAConsoleThatVanishedAreHaltedByAnother() {
        List<String> gw = gateways(2);
        FakeTransport vanishing = new FakeTransport("edgeway-console-gone");
        FleetOperations gone = operations(vanishing);
        RolloutView started = gone.start(ACCOUNT, CONFIGURE, Targets.clients(gw), null, "admin");
        opened.remove(gone);
        gone.close(); // as if it had crashed: set the rollout RUNNING again, heartbeat stays old
        try (var c = database.dataSource().getConnection(); var s = c.createStatement()) {
            s.executeUpdate("UPDATE rollout SET state = 'RUNNING', reason = NULL WHERE id = " + started.id());
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        clock.advance(Duration.ofMinutes(2));
        ops.tick();
        assertThat(view(started.id()).state()).isEqualTo(RolloutState.RUNNING);
        clock.advance(Duration.ofMinutes(2));
        ops.tick();
        assertThat(view(started.id()).state()).isEqualTo(RolloutState.HALTED);
        assertThat(view(started.id()).reason()).contains("edgeway-console-gone").contains("stopped");
    }

    @Test
    void closingHaltsWhatRuns() {
        List<String> gw = gateways(2);
        RolloutView started = ops.start(ACCOUNT, CONFIGURE, Targets.clients(gw), null, "admin");
        opened.remove(ops);
        ops.close();
        assertThat(store.rollout(ACCOUNT, started.id()).orElseThrow().reason())
                .isEqualTo("console stopped while it ran");
    }

    // ---- deploy --------------------------------------------------------------------------------------------------

    static String packagesXml(String name, String version, String state) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><packages><package><name>" + name + "</name><version>"
                + version + "</version><signer>CN=integrator</signer><bundles><bundle><name>org.example.meters"
                + "</name><version>" + version + "</version><id>42</id><state>" + state + "</state></bundle>"
                + "</bundles></package></packages>";
    }

    @Test
    void aDeploymentSucceedsWhenTheGatewayListsThePackageRunning() {
        List<String> gw = gateways(1);
        RolloutView started = ops.start(ACCOUNT, new Operation.Deploy("https://repo.example/m.zip", "meters",
                "1.2.0", "SHA-256:" + "AB".repeat(32)), Targets.clients(gw), null, "admin");
        GatewayTransport.Request download = transport.last("gw-01");
        assertThat(download.app()).isEqualTo("DEPLOY-V2");
        assertThat(download.verb()).isEqualTo("EXEC");
        assertThat(download.resource()).isEqualTo("download");
        assertThat(download.metrics()).containsEntry("dp.uri", "https://repo.example/m.zip")
                .containsEntry("dp.name", "meters").containsEntry("dp.version", "1.2.0")
                .containsEntry("dp.install", true).containsEntry("dp.download.hash", "SHA-256:" + "ab".repeat(32));
        assertThat(download.metrics().get("job.id")).isInstanceOf(Long.class);

        transport.reply(download, 200, null);
        transport.notify("gw-01", download, "download", "IN_PROGRESS", 50, null);
        ops.sync();
        assertThat(job(started.id(), "gw-01").state()).isEqualTo(JobState.RUNNING);
        assertThat(job(started.id(), "gw-01").message()).isEqualTo("download 50 %");
        transport.notify("gw-01", download, "download", "COMPLETED", 100, null);
        transport.notify("gw-01", download, "install", "IN_PROGRESS", 60, null);
        transport.notify("gw-01", download, "install", "COMPLETED", 100, null);
        ops.sync();
        GatewayTransport.Request check = transport.last("gw-01");
        assertThat(check.verb() + " " + check.resource()).isEqualTo("GET packages");
        assertThat(job(started.id(), "gw-01").state()).isEqualTo(JobState.RUNNING);

        transport.replyBody(check, 200, packagesXml("meters", "1.2.0", "ACTIVE"));
        ops.sync();
        assertThat(job(started.id(), "gw-01").state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job(started.id(), "gw-01").message()).isEqualTo("meters 1.2.0 installed and running");
        assertThat(view(started.id()).state()).isEqualTo(RolloutState.COMPLETED);
    }

    @Test
    void alreadyInstalledCountsOnceTheGatewayListsIt() {
        List<String> gw = gateways(1);
        RolloutView started = ops.start(ACCOUNT, DEPLOY, Targets.clients(gw), null, "admin");
        GatewayTransport.Request download = transport.last("gw-01");
        transport.reply(download, 200, null);
        transport.notify("gw-01", download, "download", "ALREADY DONE", 100, null);
        ops.sync();
        // no answer to the package list: asked again after verifyRetry
        clock.advance(Duration.ofSeconds(15));
        ops.tick();
        assertThat(transport.to("gw-01")).extracting(GatewayTransport.Request::resource)
                .containsExactly("download", "packages", "packages");
        transport.replyBody(transport.last("gw-01"), 200, packagesXml("meters", "1.2.0", "ACTIVE"));
        ops.sync();
        assertThat(job(started.id(), "gw-01").state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void deploymentFailuresKeepTheGatewaysReason() {
        List<String> gw = gateways(4);
        RolloutView started = ops.start(ACCOUNT, DEPLOY, Targets.clients(gw), new Plan(0, null, 4, 4), "admin");
        assertThat(started.stages()).isEqualTo(1);
        // gw-01: install failed; gw-02: refused; gw-03: installed but a bundle does not run; gw-04: another version
        GatewayTransport.Request d1 = transport.last("gw-01");
        transport.reply(d1, 200, null);
        transport.notify("gw-01", d1, "install", "FAILED", 80, "component meters.Poller failed to activate; rolled "
                + "back to the previous bundle set");
        transport.reply(transport.last("gw-02"), 400, "another deployment job is running (job 7: ...)");
        for (String client : List.of("gw-03", "gw-04")) {
            GatewayTransport.Request d = transport.last(client);
            transport.reply(d, 200, null);
            transport.notify(client, d, "install", "COMPLETED", 100, null);
        }
        ops.sync();
        transport.replyBody(transport.last("gw-03"), 200, packagesXml("meters", "1.2.0", "INSTALLED"));
        transport.replyBody(transport.last("gw-04"), 200, packagesXml("meters", "1.1.0", "ACTIVE"));
        ops.sync();

        assertThat(job(started.id(), "gw-01").message()).isEqualTo("install failed: component meters.Poller failed "
                + "to activate; rolled back to the previous bundle set");
        assertThat(job(started.id(), "gw-02").message()).isEqualTo("the gateway answered 400: another deployment "
                + "job is running (job 7: ...)");
        assertThat(job(started.id(), "gw-03").message()).isEqualTo("installed, but org.example.meters is INSTALLED");
        assertThat(job(started.id(), "gw-04").message()).isEqualTo("the gateway does not list meters 1.2.0 among "
                + "its packages (it runs version 1.1.0)");
        assertThat(view(started.id()).jobs()).allSatisfy(j -> assertThat(j.state()).isEqualTo(JobState.FAILED));
        assertThat(view(started.id()).state()).isEqualTo(RolloutState.COMPLETED); // 4 failures allowed
    }

    @Test
    void answersForAnotherGatewaysJobAreIgnored() {
        List<String> gw = gateways(2);
        RolloutView started = ops.start(ACCOUNT, DEPLOY, Targets.clients(gw), new Plan(0, null, 2, 0), "admin");
        GatewayTransport.Request ofFirst = transport.last("gw-01");
        transport.reply(ofFirst, 200, null);
        // gw-02 claims gw-01's job failed, and that it completed
        transport.notify("gw-02", ofFirst, "install", "FAILED", 0, "hostile");
        transport.notify("gw-02", ofFirst, "install", "COMPLETED", 100, null);
        // replies for requests nobody sent, with odd values
        transport.reply(new GatewayTransport.Request("gw-01", "CONF-V1", "PUT", "x", "no-such-request", Map.of(),
                null), 200, null);
        transport.reply(new GatewayTransport.Request("gw-01", "CONF-V1", "PUT", "x", ofFirst.requestId(), Map.of(),
                null), 500, "wrong application");
        ops.sync();
        assertThat(job(started.id(), "gw-01").state()).isEqualTo(JobState.RUNNING);
        assertThat(job(started.id(), "gw-01").message()).isEqualTo("accepted: downloading");
        assertThat(transport.to("gw-01")).hasSize(1);
    }

    @Test
    void aRollbackIsSentAsConfV1Exec() {
        List<String> gw = gateways(2);
        ops.start(ACCOUNT, new Operation.Rollback(1700000000000L), Targets.clients(List.of("gw-01")), null, "admin");
        ops.start(ACCOUNT, new Operation.Rollback(null), Targets.clients(List.of("gw-02")), null, "admin");
        assertThat(transport.last("gw-01").resource()).isEqualTo("rollback/1700000000000");
        assertThat(transport.last("gw-02").resource()).isEqualTo("rollback");
        assertThat(transport.last("gw-02").verb()).isEqualTo("EXEC");
        assertThat(transport.last("gw-02").app()).isEqualTo("CONF-V1");
        answerAll(gw, 200);
        assertThat(ops.gatewayJobs(ACCOUNT, "gw-02", 5)).singleElement()
                .satisfies(j -> assertThat(j.message()).isEqualTo("rolled back"));
    }

    // ---- groups and targets --------------------------------------------------------------------------------------

    @Test
    void groupsAreStoredAndTargeted() {
        gateways(5);
        ops.putGroup(ACCOUNT, "depot-north", List.of("gw-03", "gw-01", "gw-03"), "admin");
        assertThat(ops.groups(ACCOUNT)).singleElement().satisfies(g -> {
            assertThat(g.name()).isEqualTo("depot-north");
            assertThat(g.clients()).containsExactly("gw-01", "gw-03");
            assertThat(g.updatedBy()).isEqualTo("admin");
        });
        ops.putGroup(ACCOUNT, "depot-north", List.of("gw-02", "gw-04"), "bob");
        assertThat(ops.group(ACCOUNT, "depot-north").orElseThrow().clients()).containsExactly("gw-02", "gw-04");

        RolloutView started = ops.start(ACCOUNT, CONFIGURE, new Targets("depot-north", List.of("gw-05")), null,
                "admin");
        assertThat(started.group()).isEqualTo("depot-north");
        assertThat(started.jobs()).extracting(JobView::clientId).containsExactlyInAnyOrder("gw-02", "gw-04", "gw-05");

        assertThat(ops.deleteGroup(ACCOUNT, "depot-north")).isTrue();
        assertThat(ops.deleteGroup(ACCOUNT, "depot-north")).isFalse();
        assertThat(ops.groups(ACCOUNT)).isEmpty();
        assertThat(view(started.id()).jobs()).hasSize(3);
    }

    @Test
    void invalidInputIsRefusedNamingTheField() {
        gateways(3);
        assertField(() -> ops.start(ACCOUNT, CONFIGURE, Targets.clients(List.of("gw-01", "gw-77", "gw-99")), null,
                "admin"), "targets.clients", "unknown gateways: 'gw-77', 'gw-99'");
        assertField(() -> Targets.clients(List.of()), "targets", "no gateway given");
        assertField(() -> new Targets(null, null), "targets", "no gateway given");
        assertField(() -> Targets.clients(List.of("gw/01")), "targets.clients", "is not a client id");
        assertField(() -> ops.start(ACCOUNT, CONFIGURE, Targets.group("nobody"), null, "admin"), "targets.group",
                "no group named 'nobody'");
        assertField(() -> ops.start(ACCOUNT, null, Targets.clients(List.of("gw-01")), null, "admin"), "operation",
                "is missing");
        assertField(() -> new Operation.Configure("org/edgeway", Map.of("a", 1)), "operation.pid",
                "is not a configuration pid");
        assertField(() -> new Operation.Configure("", Map.of("a", 1)), "operation.pid", "is missing");
        assertField(() -> new Operation.Configure(PID, Map.of()), "operation.properties", "is empty");
        assertField(() -> new Operation.Configure(PID, Map.of("a", Map.of("nested", 1))),
                "operation.properties.a", "must be text, a number");
        assertField(() -> new Operation.Configure(PID, Map.of("a", Double.NaN)), "operation.properties.a",
                "not a finite number");
        assertField(() -> new Operation.Configure(PID, Map.of("bad key", 1)), "operation.properties",
                "is not a configuration key");
        assertField(() -> new Operation.Deploy("ftp://repo/m.zip", "m", "1", null), "operation.uri",
                "http:// or https://");
        assertField(() -> new Operation.Deploy("https://user:secret@repo/m.zip", "m", "1", null), "operation.uri",
                "must not carry credentials");
        assertField(() -> new Operation.Deploy("https:///m.zip", "m", "1", null), "operation.uri", "");
        assertField(() -> new Operation.Deploy("not a url", "m", "1", null), "operation.uri", "");
        assertField(() -> new Operation.Deploy("https://repo/m.zip", "../m", "1", null), "operation.name",
                "is not a package name");
        assertField(() -> new Operation.Deploy("https://repo/m.zip", "m", null, null), "operation.version",
                "is missing");
        assertField(() -> new Operation.Deploy("https://repo/m.zip", "m", "1", "SHA-256:abc"), "operation.hash",
                "64 hexadecimal digits");
        assertField(() -> new Operation.Deploy("https://repo/m.zip", "m", "1", "NOPE:abc"), "operation.hash",
                "unknown digest algorithm");
        assertField(() -> new Operation.Rollback(-3L), "operation.snapshot", "positive");
        assertField(() -> new Plan(-1, null, null, null), "plan.canary", "between 0 and");
        assertField(() -> new Plan(null, null, 0, null), "plan.batchSize", "between 1 and");
        assertField(() -> ops.start(ACCOUNT, CONFIGURE, Targets.clients(List.of("gw-01")), new Plan(2, null, null,
                null), "admin"), "plan.canary", "only 1 gateways");
        assertField(() -> ops.start(ACCOUNT, CONFIGURE, Targets.clients(List.of("gw-01")),
                new Plan(null, List.of("gw-02"), null, null), "admin"), "plan.canaryClients",
                "not among the targets: 'gw-02'");
        assertField(() -> ops.start("other", CONFIGURE, Targets.clients(List.of("gw-01")), null, "admin"),
                "account", "gateways of account edgeway");
        assertField(() -> ops.start(ACCOUNT, CONFIGURE, Targets.clients(List.of("gw-01")), null, " "), "createdBy",
                "is missing");
        assertField(() -> ops.putGroup(ACCOUNT, "a group", List.of(), "admin"), "name", "is not a group name");
        assertField(() -> ops.putGroup(ACCOUNT, "north", List.of("gw-01", "gw-42"), "admin"), "clients",
                "unknown gateways: 'gw-42'");
        assertField(() -> ops.rollouts(ACCOUNT, 0), "limit", "between 1 and 500");
        assertThat(ops.rollouts(ACCOUNT, 10)).isEmpty();
        assertThat(transport.sent).isEmpty();
    }

    static void assertField(Runnable call, String field, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(InvalidInput.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).startsWith(field + ": ").contains(message);
        });
    }
}
