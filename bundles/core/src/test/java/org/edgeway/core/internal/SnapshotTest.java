package org.edgeway.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {

    @TempDir
    Path directory;

    private static Snapshot.Entry entry(String pid, String factoryPid, Map<String, Object> properties) {
        return new Snapshot.Entry(pid, factoryPid, properties);
    }

    @Test
    void jsonKeepsTypesArraysListsAndFactoryPids() throws Exception {
        Snapshot snapshot = new Snapshot(42, Instant.parse("2025-01-02T03:04:05Z"), "on demand", List.of(
                entry("org.example.meter~a", "org.example.meter", Map.of("unit.id", 3, "ratio", 1.5, "on", true,
                        "hosts", new String[] {"a", "b"}, "ids", List.of(1L, 2L), "password", "{enc}abc", "c", 'x')),
                entry("org.example.single", null, Map.of("interval.ms", 2000L, "service.pid", "dropped"))));
        Snapshot read = SnapshotStore.fromJson(SnapshotStore.toJson(snapshot));
        assertThat(read.id()).isEqualTo(42);
        assertThat(read.reason()).isEqualTo("on demand");
        Snapshot.Entry meter = read.configurations().get(0);
        assertThat(meter.factoryPid()).isEqualTo("org.example.meter");
        assertThat(meter.properties()).containsEntry("unit.id", 3).containsEntry("ratio", 1.5).containsEntry("on", true)
                .containsEntry("ids", List.of(1L, 2L)).containsEntry("password", "{enc}abc").containsEntry("c", 'x');
        assertThat((String[]) meter.properties().get("hosts")).containsExactly("a", "b");
        assertThat(read.configurations().get(1).properties()).containsOnlyKeys("interval.ms").containsEntry("interval.ms", 2000L);
    }

    @Test
    void theStoreKeepsTheNewestNAndListsThemNewestFirst() throws Exception {
        SnapshotStore store = new SnapshotStore(directory.resolve("snapshots"));
        for (int i = 0; i < 5; i++) {
            long id = store.nextId(Instant.ofEpochMilli(1000));
            store.save(new Snapshot(id, Instant.ofEpochMilli(id), "change " + i, List.of()), 3);
        }
        assertThat(store.list()).extracting(s -> s.reason()).containsExactly("change 4", "change 3", "change 2");
        assertThat(store.load(store.list().get(0).id())).isPresent();
        assertThat(store.load(1)).isEmpty();
        Files.writeString(directory.resolve("snapshots/snapshot_5000.json"), "{broken");
        assertThat(store.list()).hasSize(3);
    }

    @Test
    void rollbackRestoresChangedAndDeletedInstancesAndDeletesCreatedOnes() {
        List<Snapshot.Entry> then = List.of(
                entry("sim", null, Map.of("interval.ms", 2000L)),
                entry("meter~workshop", "meter", Map.of("name", "workshop")),
                entry("meter~supply", "meter", Map.of("name", "supply")));
        List<Snapshot.Entry> now = List.of(
                entry("sim", null, Map.of("interval.ms", 500L)),
                entry("meter~supply", "meter", Map.of("name", "supply")),
                entry("meter~extra", "meter", Map.of("name", "extra")),
                entry("created.singleton", null, Map.of("a", "b")));
        RollbackPlan plan = RollbackPlan.between(now, then);
        assertThat(plan.write()).extracting(Snapshot.Entry::pid).containsExactlyInAnyOrder("meter~workshop", "sim");
        assertThat(plan.delete()).containsExactly("created.singleton", "meter~extra");
        assertThat(RollbackPlan.between(then, then).isEmpty()).isTrue();
    }

    @Test
    void valuesAreComparedByTextSoAFileRoundTripIsNoChange() {
        assertThat(entry("p", null, Map.of("port", "1883")).sameValues(entry("p", null, Map.of("port", 1883)))).isTrue();
        assertThat(entry("p", null, Map.of("h", new String[] {"a"})).sameValues(entry("p", null, Map.of("h", List.of("a"))))).isTrue();
        assertThat(entry("p", null, Map.of("port", 1)).sameValues(entry("p", null, Map.of("port", 1, "x", 2)))).isFalse();
    }
}
