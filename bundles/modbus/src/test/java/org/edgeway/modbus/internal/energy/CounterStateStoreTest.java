package org.edgeway.modbus.internal.energy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.edgeway.modbus.internal.energy.IntervalReading.Quality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CounterStateStoreTest {

    @TempDir
    Path dir;

    @Test
    void aSavedStateIsThereAfterReopening() {
        Path file = dir.resolve("data/modbus-counters.mv");
        CounterState state = new CounterState(Instant.parse("2026-11-26T10:07:00Z"), 1234.5,
                Instant.parse("2026-11-26T10:00:00Z"), 1230.25, 0.5, Quality.RESET);
        try (CounterStateStore store = new CounterStateStore(file)) {
            store.save("meter1/energy.import", state);
        }
        try (CounterStateStore store = new CounterStateStore(file)) {
            assertThat(store.load("meter1/energy.import")).contains(state);
            assertThat(store.load("meter1/energy.export")).isEmpty();
        }
    }

    @Test
    void anUnreadableFileIsMovedAsideAndCountersStartAfresh() throws IOException {
        Path file = dir.resolve("modbus-counters.mv");
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        try (CounterStateStore store = new CounterStateStore(file)) {
            assertThat(store.load("meter1/energy.import")).isEmpty();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.contains(".corrupt-"));
        }
    }
}
