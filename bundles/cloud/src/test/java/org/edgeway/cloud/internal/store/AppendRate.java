package org.edgeway.cloud.internal.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: prints append rates per durability mode on this machine, for benchmarks and reports. Run with the test
 * class path: {@code java -cp ... org.edgeway.cloud.internal.store.AppendRate [seconds-per-run] [threads...]}.
 */
public final class AppendRate {

    private AppendRate() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        List<Integer> threadCounts = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            threadCounts.add(Integer.parseInt(args[i]));
        }
        if (threadCounts.isEmpty()) {
            threadCounts.add(1);
            threadCounts.add(8);
        }
        byte[] payload = new byte[200];
        Path dir = Files.createTempDirectory("store-rate");
        for (Durability durability : Durability.values()) {
            for (int threads : threadCounts) {
                Path file = dir.resolve(durability + "-" + threads + ".mv");
                MessageStore.Limits limits = new MessageStore.Limits(1L << 30, 10_000_000, null, null);
                try (MessageStore store = MessageStore.open(file, limits, durability, Clock.systemUTC())) {
                    long deadline = System.nanoTime() + (long) (seconds * 1e9);
                    long start = System.nanoTime();
                    List<Thread> workers = new ArrayList<>();
                    long[] counts = new long[threads];
                    for (int t = 0; t < threads; t++) {
                        int index = t;
                        Thread worker = new Thread(() -> {
                            while (System.nanoTime() < deadline) {
                                store.append("rate/test", payload, 1, 4);
                                counts[index]++;
                            }
                        });
                        workers.add(worker);
                        worker.start();
                    }
                    for (Thread worker : workers) {
                        worker.join();
                    }
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    long total = 0;
                    for (long c : counts) {
                        total += c;
                    }
                    System.out.printf("%-6s threads=%d  %,10.0f appends/s  (%,d in %.1f s, %s)%n",
                            durability, threads, total / elapsed, total, elapsed, store.fileDiagnostics());
                }
            }
        }
    }
}
