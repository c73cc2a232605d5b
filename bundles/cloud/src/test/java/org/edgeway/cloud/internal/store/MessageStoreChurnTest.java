package org.edgeway.cloud.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.edgeway.cloud.internal.store.MessageStore.Limits;
import org.edgeway.cloud.internal.store.MessageStore.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Weeks of store-and-forward in fast motion: the file must reuse the space of delivered messages. */
class MessageStoreChurnTest {

    private static final int MESSAGES = 300_000;
    private static final int LIVE = 1_000;
    private static final int PAYLOAD = 200;
    /**
     * The live data is at most 1,000 x ~220 bytes = 220 KB, plus 50 long-stuck messages. MVStore needs a few times
     * that (B-tree pages, per-chunk metadata, chunks that are only partly live until compaction rewrites them, free
     * gaps), which measured here stays around a megabyte or two. Without reuse of freed space the file would grow by
     * at least one 4 KB block per commit, i.e. beyond 1 GB for 300,000 commits (and still beyond 60 MB with perfect
     * packing of every payload ever written). 16 MB is far above the first and far below the second.
     */
    private static final long MAX_FILE_BYTES = 16L << 20;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // against a hang, not a speed requirement
    void theFileStaysSmallWhileHundredsOfThousandsOfMessagesPassThrough() {
        Path file = dir.resolve("queue.mv");
        Limits limits = new Limits(64L << 20, 100_000, null, null);
        byte[] payload = new byte[PAYLOAD];
        Deque<Long> live = new ArrayDeque<>();
        List<Long> stuck = new ArrayList<>();
        long largestFile = 0;
        // COMMIT mode commits every single append, the most chunks per message of all modes, without waiting for
        // fsyncs; space reuse and compaction work the same in every mode.
        try (MessageStore store = MessageStore.open(file, limits, Durability.COMMIT, Clock.systemUTC())) {
            for (int i = 0; i < MESSAGES; i++) {
                payload[i % PAYLOAD] = (byte) i;
                if (i % 6_000 == 0) {
                    // never delivered: pins the chunks it was written in, which compaction has to deal with
                    stuck.add(store.append("churn/stuck", payload, 1, 9));
                }
                live.addLast(store.append("churn/" + (i % 100), payload, 1, i % 3));
                while (live.size() > LIVE) {
                    store.acknowledge(live.removeFirst());
                }
                if (i % 10_000 == 0) {
                    largestFile = Math.max(largestFile, store.stats().fileBytes());
                }
            }
            largestFile = Math.max(largestFile, store.stats().fileBytes());
            System.out.println("churn: largest file " + largestFile + " bytes; at the end " + store.fileDiagnostics());
            assertThat(store.stats().messages()).isEqualTo(LIVE + stuck.size());
        }

        assertThat(largestFile).isLessThan(MAX_FILE_BYTES);
        try (MessageStore reopened = MessageStore.open(file, limits, Durability.SYNC, Clock.systemUTC())) {
            assertThat(reopened.stats().fileBytes()).isLessThan(MAX_FILE_BYTES);
            List<Long> ids = reopened.next(Integer.MAX_VALUE, Set.of()).stream().map(Message::id).toList();
            List<Long> expected = new ArrayList<>(live.stream().sorted().toList());
            // send order: the live ones are priority 0-2, the stuck ones priority 9 and so last
            assertThat(ids.subList(ids.size() - stuck.size(), ids.size())).containsExactlyElementsOf(stuck);
            assertThat(ids.subList(0, ids.size() - stuck.size())).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aFileLeftLargeByADeliveredBacklogIsRebuiltSmallOnTheNextStart() {
        Path file = dir.resolve("backlog.mv");
        Limits limits = new Limits(64L << 20, 100_000, null, null);
        byte[] payload = new byte[PAYLOAD];
        List<Long> backlog = new ArrayList<>();
        List<Long> stuck = new ArrayList<>();
        long peak;
        try (MessageStore store = MessageStore.open(file, limits, Durability.BATCH, Clock.systemUTC())) {
            // an outage: 50,000 messages (10 MB of payload) pile up, a few of them never to be delivered
            for (int i = 0; i < 50_000; i++) {
                if (i % 1_000 == 0) {
                    stuck.add(store.append("backlog/stuck", payload, 1, 9));
                }
                backlog.add(store.append("backlog", payload, 1, 4));
            }
        }
        try (MessageStore store = MessageStore.open(file, limits, Durability.BATCH, Clock.systemUTC())) {
            peak = store.stats().fileBytes(); // the connection is back: everything but the stuck ones is delivered
            backlog.forEach(store::acknowledge);
            System.out.println("backlog: peak " + peak + ", after delivery " + store.fileDiagnostics());
        }
        assertThat(peak).isGreaterThan(10L << 20);

        try (MessageStore store = MessageStore.open(file, limits, Durability.BATCH, Clock.systemUTC())) {
            System.out.println("backlog: reopened " + store.fileDiagnostics());
            // 50 messages of 220 bytes live; 1 MB leaves MVStore's overhead plenty of room and is a tenth of the peak
            assertThat(store.stats().fileBytes()).isLessThan(1L << 20);
            assertThat(store.next(1000, Set.of())).extracting(Message::id).containsExactlyElementsOf(stuck);
            assertThat(store.append("t", payload, 1, 0)).isGreaterThan(backlog.get(backlog.size() - 1));
        }
        assertThat(dir.resolve("backlog.mv.rebuild")).doesNotExist();
    }
}
