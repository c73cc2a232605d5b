package org.edgeway.cloud.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.edgeway.cloud.internal.store.MessageStore.Limits;
import org.edgeway.cloud.internal.store.MessageStore.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessageStoreConcurrencyTest {

    private static final int THREADS = 6;
    private static final int PER_THREAD = 300;
    private static final Limits ROOMY = new Limits(1L << 30, 1_000_000, null, null);

    @TempDir
    Path dir;

    private static byte[] payload(int thread, int index) {
        return ByteBuffer.allocate(8).putInt(thread).putInt(index).array();
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // against a deadlock, not a speed requirement
    void concurrentAppendsAreAllStoredExactlyOnce(Durability durability) throws Exception {
        Path file = dir.resolve("queue.mv");
        List<List<Long>> idsByThread = new ArrayList<>();
        try (MessageStore store = MessageStore.open(file, ROOMY, durability, Clock.systemUTC())) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<Long>>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        start.await();
                        List<Long> ids = new ArrayList<>();
                        for (int i = 0; i < PER_THREAD; i++) {
                            ids.add(store.append("t/" + thread, payload(thread, i), 1, thread % 3));
                        }
                        return ids;
                    }));
                }
                start.countDown();
                for (Future<List<Long>> future : futures) {
                    idsByThread.add(future.get());
                }
            } finally {
                pool.shutdownNow();
            }
            assertAllThere(store, idsByThread);
        }
        try (MessageStore reopened = MessageStore.open(file, ROOMY, Durability.SYNC, Clock.systemUTC())) {
            assertAllThere(reopened, idsByThread);
        }
    }

    private static void assertAllThere(MessageStore store, List<List<Long>> idsByThread) {
        Set<Long> returned = new HashSet<>();
        idsByThread.forEach(returned::addAll);
        assertThat(returned).hasSize(THREADS * PER_THREAD); // ids are unique

        List<Message> stored = store.next(Integer.MAX_VALUE, Set.of());
        assertThat(stored).hasSize(THREADS * PER_THREAD);
        assertThat(stored).extracting(Message::id).containsExactlyInAnyOrderElementsOf(returned);
        assertThat(store.stats().messages()).isEqualTo(THREADS * PER_THREAD);

        for (int thread = 0; thread < THREADS; thread++) {
            List<Long> ids = idsByThread.get(thread);
            assertThat(ids).isSorted(); // one thread's appends get increasing ids
            int t = thread;
            List<Message> own = stored.stream().filter(m -> m.topic().equals("t/" + t)).toList();
            assertThat(own).extracting(Message::id).containsExactlyElementsOf(ids); // and come out in that order
            for (int i = 0; i < own.size(); i++) {
                assertThat(own.get(i).payload()).isEqualTo(payload(thread, i));
                assertThat(own.get(i).priority()).isEqualTo(thread % 3);
            }
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aSenderDrainingWhileOthersAppendSeesEveryMessageOnce() throws Exception {
        int total = THREADS * PER_THREAD;
        try (MessageStore store = MessageStore.open(dir.resolve("queue.mv"), ROOMY, Durability.COMMIT,
                Clock.systemUTC())) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            Set<Long> delivered = new HashSet<>();
            try {
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    pool.submit(() -> {
                        for (int i = 0; i < PER_THREAD; i++) {
                            store.append("t/" + thread, payload(thread, i), 1, i % 10);
                        }
                        return null;
                    });
                }
                Set<Long> inFlight = new HashSet<>();
                while (delivered.size() < total) {
                    List<Message> batch = store.next(20, inFlight);
                    for (Message message : batch) {
                        assertThat(delivered.add(message.id())).as("delivered once: %s", message.id()).isTrue();
                        inFlight.add(message.id());
                    }
                    for (Message message : batch) {
                        store.acknowledge(message.id());
                        inFlight.remove(message.id());
                    }
                    if (batch.isEmpty()) {
                        Thread.onSpinWait();
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(store.next(10, Set.of())).isEmpty();
            assertThat(store.stats().acknowledged()).isEqualTo(total);
            assertThat(store.stats().messages()).isZero();
        }
    }
}
