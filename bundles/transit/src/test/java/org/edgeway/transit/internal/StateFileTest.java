package org.edgeway.transit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.edgeway.api.transit.DoorCount;
import org.edgeway.api.transit.ObjectClass;
import org.edgeway.transit.internal.counting.SavedState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {

    @TempDir
    Path dir;

    @Test
    void aSavedStateReadsBackTheSame() {
        StateFile file = new StateFile(dir.resolve("var/data/transit-state.json"));
        assertThat(file.load()).isEmpty();
        SavedState state = new SavedState(Map.of("apc/1/ADULT", new long[] {12, 3}),
                new SavedState.Run("T-out", "100", Instant.parse("2026-11-26T08:00:00Z"), 12, 3,
                        List.of(new DoorCount("1", ObjectClass.ADULT, 12, 3)), 0, 4, 3, 9));
        file.save(state);
        SavedState read = file.load().orElseThrow();
        assertThat(read.counters().get("apc/1/ADULT")).containsExactly(12, 3);
        assertThat(read.run()).isEqualTo(state.run());
        assertThat(dir.resolve("var/data/transit-state.json.tmp")).doesNotExist();
    }

    @Test
    void anUnreadableFileIsSetAsideAndCountingStartsAfresh() throws Exception {
        Path path = dir.resolve("transit-state.json");
        Files.writeString(path, "{\"counters\": {\"apc/1/ADULT\": [5, -1]}}");
        assertThat(new StateFile(path).load()).isEmpty();
        assertThat(dir.resolve("transit-state.json.bad")).exists();
        assertThat(path).doesNotExist();
        Files.writeString(path, "not json at all {");
        assertThat(new StateFile(path).load()).isEmpty();
    }
}
