package org.edgeway.cloud.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.edgeway.cloud.internal.store.MessageStore.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real SIGKILL of a process in the middle of appending. */
class MessageStoreCrashTest {

    private static final String END = "\u0000end";

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

    /** Starts the child, waits until it printed {@code atLeast} ids, kills it and returns every id it printed. */
    private Map<Long, Integer> appendUntilKilled(Path file, int atLeast, String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AppendUntilKilled.class.getName(), file.toString(), "100000000", mode);
        File stderr = dir.resolve("child-stderr.txt").toFile();
        builder.redirectError(stderr);
        Process child = builder.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readCompleteLines(child.getInputStream(), lines), "child-stdout");
        reader.start();
        Map<Long, Integer> printed = new LinkedHashMap<>();
        try {
            while (printed.size() < atLeast) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                assertThat(line).as("child output; its stderr: %s", Files.readString(stderr.toPath()))
                        .isNotNull().isNotEqualTo(END).isNotEqualTo("done");
                record(line, printed);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
            child.waitFor(60, TimeUnit.SECONDS);
        }
        // lines the child printed before it died may still be in the pipe
        reader.join(TimeUnit.SECONDS.toMillis(60));
        for (String line = lines.poll(); line != null && !line.equals(END); line = lines.poll()) {
            record(line, printed);
        }
        assertThat(child.exitValue()).isNotZero();
        return printed;
    }

    private static void record(String line, Map<Long, Integer> printed) {
        String[] parts = line.split(" ");
        printed.put(Long.parseLong(parts[0]), Integer.parseInt(parts[1]));
    }

    /** Only lines ended by a newline count: a line cut off by the kill was not printed completely. */
    private static void readCompleteLines(InputStream in, BlockingQueue<String> lines) {
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            for (int c = reader.read(); c >= 0; c = reader.read()) {
                if (c == '\n') {
                    lines.add(line.toString());
                    line.setLength(0);
                } else {
                    line.append((char) c);
                }
            }
        } catch (IOException e) {
            // the pipe breaks when the child dies
        } finally {
            lines.add(END);
        }
    }
}
