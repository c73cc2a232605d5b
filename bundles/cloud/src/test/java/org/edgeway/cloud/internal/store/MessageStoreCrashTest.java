package org.edgeway.cloud.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.edgeway.cloud.internal.store.MessageStore.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real SIGKILL of a process in the middle of appending. */
class MessageStoreCrashTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // against a hanging child, not a speed requirement
    void everyAppendThatReturnedSurvivesAKilledProcess() throws Exception {
        everyReportedAppendSurvivesAKilledProcess("sync", 1);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyAsyncAppendWhoseFutureCompletedSurvivesAKilledProcess() throws Exception {
        everyReportedAppendSurvivesAKilledProcess("async", AppendUntilKilled.ASYNC_OUTSTANDING);
    }

    /**
     * @param mode          how the child appends
     * @param maxUnreported how many appends may be stored without the child having reported them (under way)
     */
    private void everyReportedAppendSurvivesAKilledProcess(String mode, int maxUnreported) throws Exception {
        Path file = dir.resolve("queue.mv");
        for (int round = 0; round < 3; round++) { // reopen what the previous kill left and get killed again
            Map<Long, Integer> printed = appendUntilKilled(file, 200 + 150 * round, mode);

            try (MessageStore store = MessageStore.open(file, new MessageStore.Limits(1L << 30, 10_000_000, null, null),
                    Durability.SYNC, Clock.systemUTC())) {
                Map<Long, Message> stored = store.next(Integer.MAX_VALUE, Set.of()).stream()
                        .collect(Collectors.toMap(Message::id, Function.identity()));
                assertThat(stored.keySet()).containsAll(printed.keySet());
                for (Map.Entry<Long, Integer> entry : printed.entrySet()) {
                    Message message = stored.get(entry.getKey());
                    int index = entry.getValue();
                    assertThat(message.topic()).isEqualTo(AppendUntilKilled.topic(index));
                    assertThat(message.payload()).isEqualTo(AppendUntilKilled.payload(index));
                    assertThat(message.priority()).isEqualTo(AppendUntilKilled.priority(index));
                }
                // at most the appends under way when the kill came are there without having been printed
                // (per round; earlier rounds' messages are all still there too)
                long printedMax = printed.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
                assertThat(stored.keySet().stream().filter(id -> id > printedMax))
                        .hasSizeLessThanOrEqualTo(maxUnreported);
            }
            try (var files = Files.list(dir)) {
                assertThat(files.filter(p -> p.toString().contains(".corrupt-"))).isEmpty();
            }
        }
    }

    /**
     * Starts the child, waits until it printed {@code atLeast} ids, kills it and returns every id it printed.
     * <p>
     * The child prints into a file, not a pipe: what a process wrote to a file is in the kernel's page cache and
     * survives its SIGKILL, while lines still in a pipe could be lost between the JDK's process reaper (which drains
     * and closes the pipe of a dead child) and the thread reading it, making stored messages look unreported.
     */
    private Map<Long, Integer> appendUntilKilled(Path file, int atLeast, String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path stdout = dir.resolve("child-stdout.txt");
        Path stderr = dir.resolve("child-stderr.txt");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AppendUntilKilled.class.getName(), file.toString(), "100000000", mode)
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (completeLines(stdout).size() < atLeast) {
                assertThat(child.isAlive()).as("child alive; its stderr: %s", Files.readString(stderr)).isTrue();
                assertThat(System.nanoTime()).as("child printed %s ids in 60 s", atLeast).isLessThan(deadline);
                Thread.sleep(5); // waiting for the child's output to grow, not timing anything
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
            child.waitFor(60, TimeUnit.SECONDS);
        }
        assertThat(child.exitValue()).isNotZero();
        Map<Long, Integer> printed = new LinkedHashMap<>();
        for (String line : completeLines(stdout)) {
            assertThat(line).isNotEqualTo("done");
            String[] parts = line.split(" ");
            printed.put(Long.parseLong(parts[0]), Integer.parseInt(parts[1]));
        }
        return printed;
    }

    /** Only lines ended by a newline count: a line cut off by the kill was not printed completely. */
    private static List<String> completeLines(Path stdout) throws IOException {
        String text = Files.readString(stdout, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    }
}
