package org.edgeway.fleet.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.edgeway.fleet.internal.store.DatabaseSettings;
import org.edgeway.fleet.internal.store.FleetDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operations' tables, run once per database by the subclasses (H2 and PostgreSQL). */
abstract class OpsStoreContract {

    static final String ACCOUNT = "edgeway";
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    FleetDatabase database;
    OpsStore store;

    /** A new empty database (file or schema), removed after the test. */
    abstract DatabaseSettings newDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        database = FleetDatabase.open(newDatabase());
        store = new OpsStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    long insert(Operation operation, String owner, List<List<String>> stages) {
        return store.insert(new OpsStore.NewRollout(ACCOUNT, operation, "north", "admin", T0, stages.get(0).size(), 2,
                0, stages, Duration.ofSeconds(60), owner));
    }

    static Operation configure() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("interval.ms", 500L);
        properties.put("ratio", 0.25);
        properties.put("name", null);
        properties.put("tags", List.of("a", "b"));
        properties.put("enabled", true);
        return new Operation.Configure("org.edgeway.modbus.meter~hall", properties);
    }

    @Test
    void groupsAreCreatedReplacedListedAndDeleted() {
        store.putGroup(ACCOUNT, "north", List.of("gw-1", "gw-2"), "alice", T0);
        store.putGroup(ACCOUNT, "empty", List.of(), "alice", T0);
        store.putGroup("other-account", "north", List.of("gw-9"), "carol", T0);
        GroupView replaced = store.putGroup(ACCOUNT, "north", List.of("gw-2", "gw-3"), "bob", T0.plusSeconds(5));

        assertThat(replaced.clients()).containsExactly("gw-2", "gw-3");
        assertThat(replaced.updatedBy()).isEqualTo("bob");
        assertThat(replaced.updated()).isEqualTo(T0.plusSeconds(5));
        assertThat(store.groups(ACCOUNT)).extracting(GroupView::name).containsExactly("empty", "north");
        assertThat(store.group(ACCOUNT, "empty").orElseThrow().clients()).isEmpty();
        assertThat(store.deleteGroup(ACCOUNT, "north")).isTrue();
        assertThat(store.group(ACCOUNT, "north")).isEmpty();
        assertThat(store.group("other-account", "north").orElseThrow().clients()).containsExactly("gw-9");
        // the members went with the group: a new one of the same name starts empty
        assertThat(store.putGroup(ACCOUNT, "north", List.of(), "alice", T0).clients()).isEmpty();
    }

    @Test
    void aRolloutIsStoredWithItsJobsAndOperation() {
        long id = insert(configure(), "console-a", List.of(List.of("gw-1"), List.of("gw-2", "gw-3")));
        RolloutView view = store.rollout(ACCOUNT, id).orElseThrow();

        assertThat(view.state()).isEqualTo(RolloutState.RUNNING);
        assertThat(view.kind()).isEqualTo("configure");
        assertThat(view.summary()).isEqualTo("configure org.edgeway.modbus.meter~hall (5 keys: interval.ms, ratio, "
                + "name, tags, enabled)");
        assertThat(view.operation()).isEqualTo(configure());
        assertThat(((Operation.Configure) view.operation()).properties().get("interval.ms")).isInstanceOf(Long.class);
        assertThat(view.stages()).isEqualTo(2);
        assertThat(view.group()).isEqualTo("north");
        assertThat(view.owner()).isEqualTo("console-a");
        assertThat(view.created()).isEqualTo(T0);
        assertThat(view.jobs()).extracting(JobView::clientId, JobView::stage, JobView::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("gw-1", 0, JobState.PENDING),
                org.assertj.core.groups.Tuple.tuple("gw-2", 1, JobState.PENDING),
                org.assertj.core.groups.Tuple.tuple("gw-3", 1, JobState.PENDING));
        assertThat(view.counts()).containsEntry("PENDING", 3).containsEntry("SUCCEEDED", 0);
        assertThat(store.rollout("other-account", id)).isEmpty();

        long deploy = insert(new Operation.Deploy("https://repo.example/m.zip", "meters", "1.2.0", null), "console-a",
                List.of(List.of("gw-1")));
        assertThat(store.rollout(ACCOUNT, deploy).orElseThrow().operation())
                .isEqualTo(new Operation.Deploy("https://repo.example/m.zip", "meters", "1.2.0", null));
        long rollback = insert(new Operation.Rollback(null), "console-a", List.of(List.of("gw-1")));
        assertThat(store.rollout(ACCOUNT, rollback).orElseThrow().operation()).isEqualTo(new Operation.Rollback(null));
    }

    @Test
    void jobUpdatesNeverOverwriteAnEndedJob() {
        long id = insert(configure(), "console-a", List.of(List.of("gw-1"), List.of("gw-2")));
        assertThat(store.startStage(id, 0, T0.plusSeconds(1))).isTrue();
        store.updateJobs(id, List.of(new OpsStore.JobUpdate("gw-1", JobState.SENT, null, "req-1", null,
                T0.plusSeconds(1))), T0.plusSeconds(1));
        JobView sent = store.rollout(ACCOUNT, id).orElseThrow().jobs().get(0);
        assertThat(sent.state()).isEqualTo(JobState.SENT);
        assertThat(sent.sent()).isEqualTo(T0.plusSeconds(1));

        assertThat(store.finish(id, RolloutState.CANCELLED, "cancelled by bob", "not sent", "in flight",
                T0.plusSeconds(2))).isTrue();
        assertThat(store.finish(id, RolloutState.HALTED, "late", "x", "y", T0.plusSeconds(3))).isFalse();
        store.updateJobs(id, List.of(new OpsStore.JobUpdate("gw-1", JobState.SUCCEEDED, "applied", null, null, null)),
                T0.plusSeconds(4));
        assertThat(store.startStage(id, 1, T0.plusSeconds(4))).isFalse();

        RolloutView view = store.rollout(ACCOUNT, id).orElseThrow();
        assertThat(view.state()).isEqualTo(RolloutState.CANCELLED);
        assertThat(view.reason()).isEqualTo("cancelled by bob");
        assertThat(view.finished()).isEqualTo(T0.plusSeconds(2));
        assertThat(view.currentStage()).isZero();
        assertThat(view.jobs()).extracting(JobView::state, JobView::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(JobState.CANCELLED, "in flight"),
                org.assertj.core.groups.Tuple.tuple(JobState.CANCELLED, "not sent"));
    }

    @Test
    void messagesAreCutAndStoredAsText() {
        long id = insert(configure(), "console-a", List.of(List.of("gw-1")));
        String huge = "x".repeat(5000) + "\u0001";
        store.updateJobs(id, List.of(new OpsStore.JobUpdate("gw-1", JobState.FAILED, "Ünïcode ✓ " + huge, null, null,
                null)), T0);
        String stored = store.rollout(ACCOUNT, id).orElseThrow().jobs().get(0).message();
        assertThat(stored).startsWith("Ünïcode ✓ xxx").endsWith("...").hasSize(OpsCheck.MAX_MESSAGE + 3);
    }

    @Test
    void rolloutsAreListedNewestFirstWithCountsAndGatewayJobs() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(insert(configure(), "console-a", List.of(List.of("gw-1", "gw-2"))));
        }
        store.updateJobs(ids.get(3), List.of(new OpsStore.JobUpdate("gw-1", JobState.SUCCEEDED, "applied", null, null,
                null)), T0);
        List<RolloutView> listed = store.rollouts(ACCOUNT, 3);
        assertThat(listed).extracting(RolloutView::id).containsExactly(ids.get(3), ids.get(2), ids.get(1));
        assertThat(listed.get(0).counts()).containsEntry("SUCCEEDED", 1).containsEntry("PENDING", 1);
        assertThat(listed.get(1).counts()).containsEntry("PENDING", 2).containsEntry("SUCCEEDED", 0);
        assertThat(listed).allSatisfy(r -> assertThat(r.jobs()).isNull());
        assertThat(store.rollouts("other-account", 10)).isEmpty();

        List<GatewayJobView> jobs = store.gatewayJobs(ACCOUNT, "gw-1", 2);
        assertThat(jobs).extracting(GatewayJobView::rolloutId).containsExactly(ids.get(3), ids.get(2));
        assertThat(jobs.get(0).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(jobs.get(0).kind()).isEqualTo("configure");
    }

    @Test
    void ownersHeartbeatsAndAbandonedRollouts() {
        long mine = insert(configure(), "console-a", List.of(List.of("gw-1")));
        long theirs = insert(configure(), "console-b", List.of(List.of("gw-1")));
        long stale = insert(configure(), "console-c", List.of(List.of("gw-1")));
        store.heartbeat(List.of(mine, theirs), T0.plusSeconds(200));

        assertThat(store.ended(Set.of(mine, theirs, stale, 424242L))).containsExactly(424242L);
        assertThat(store.haltStale(T0.plusSeconds(100), T0.plusSeconds(200))).containsExactly(stale);
        assertThat(store.rollout(ACCOUNT, stale).orElseThrow().reason())
                .startsWith("the console console-c that drove it stopped (no heartbeat since 2026-11-27T10:00:00Z");
        assertThat(store.haltOwned("console-a", "console restarted", T0.plusSeconds(300))).containsExactly(mine);
        assertThat(store.rollout(ACCOUNT, mine).orElseThrow().jobs().get(0).message())
                .isEqualTo("not sent: console restarted");
        assertThat(store.ended(List.of(mine, theirs, stale))).containsExactlyInAnyOrder(mine, stale);
        assertThat(store.rollout(ACCOUNT, theirs).orElseThrow().state()).isEqualTo(RolloutState.RUNNING);
    }

    @Test
    void manyJobsAndIdsGoInBatches() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            ids.add("gw-" + i);
        }
        long id = insert(configure(), "console-a", List.of(ids.subList(0, 1), ids.subList(1, ids.size())));
        assertThat(store.rollout(ACCOUNT, id).orElseThrow().counts()).containsEntry("PENDING", 1200);
        List<Long> many = new ArrayList<>();
        for (long i = 0; i < 1100; i++) {
            many.add(id + 1 + i);
        }
        many.add(id);
        assertThat(store.ended(many)).hasSize(1100).doesNotContain(id);
    }
}
