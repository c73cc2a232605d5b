package org.edgeway.cloud.internal.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.edgeway.cloud.internal.store.MessageStore.Limits;
import org.edgeway.cloud.internal.store.MessageStore.Message;
import org.edgeway.cloud.internal.store.MessageStore.Stats;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.StringDataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageStoreTest {

    private static final Limits ROOMY = new Limits(1 << 20, 1000, null, null);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    private final List<MessageStore> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(MessageStore::close);
    }

    private MessageStore open(Limits limits) {
        return open(limits, Durability.SYNC);
    }

    private MessageStore open(Limits limits, Durability durability) {
        MessageStore store = MessageStore.open(dir.resolve("queue.mv"), limits, durability, clock);
        opened.add(store);
        return store;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static List<String> payloads(List<Message> messages) {
        return messages.stream().map(m -> new String(m.payload(), UTF_8)).toList();
    }

    private static List<Long> ids(List<Message> messages) {
        return messages.stream().map(Message::id).toList();
    }

    /** Bytes one message of this topic and payload counts against maxBytes. */
    private static long size(String topic, String payload) {
        return RecordCodec.HEADER_BYTES + topic.getBytes(UTF_8).length + payload.getBytes(UTF_8).length;
    }

    @Test
    void nextReturnsMostUrgentPriorityFirstAndAppendOrderWithinAPriority() {
        MessageStore store = open(ROOMY);
        store.append("t", bytes("p5-a"), 1, 5);
        store.append("t", bytes("p9-a"), 1, 9);
        store.append("t", bytes("p0-a"), 1, 0);
        store.append("t", bytes("p5-b"), 1, 5);
        store.append("t", bytes("p0-b"), 1, 0);
        store.append("t", bytes("p9-b"), 1, 9);
        store.append("t", bytes("p5-c"), 1, 5);

        assertThat(payloads(store.next(100, Set.of())))
                .containsExactly("p0-a", "p0-b", "p5-a", "p5-b", "p5-c", "p9-a", "p9-b");
        assertThat(payloads(store.next(3, Set.of()))).containsExactly("p0-a", "p0-b", "p5-a");
        assertThat(store.next(0, Set.of())).isEmpty();
    }

    @Test
    void messagesComeBackWithEverythingThatWasAppended() {
        MessageStore store = open(ROOMY);
        long id = store.append("spBv1.0/group/DDATA/node/dev ü", new byte[] {0, -1, 42}, 2, 3);

        Message message = store.next(1, Set.of()).get(0);

        assertThat(message.id()).isEqualTo(id);
        assertThat(message.topic()).isEqualTo("spBv1.0/group/DDATA/node/dev ü");
        assertThat(message.payload()).containsExactly(0, -1, 42);
        assertThat(message.qos()).isEqualTo(2);
        assertThat(message.priority()).isEqualTo(3);
        assertThat(message.storedAtMillis()).isEqualTo(clock.millis());
    }

    @Test
    void idsIncreaseInAppendOrderAcrossPriorities() {
        MessageStore store = open(ROOMY);
        long a = store.append("t", bytes("a"), 0, 9);
        long b = store.append("t", bytes("b"), 0, 0);
        long c = store.append("t", bytes("c"), 0, 4);

        assertThat(a).isPositive();
        assertThat(b).isGreaterThan(a);
        assertThat(c).isGreaterThan(b);
        assertThat(ids(store.next(10, Set.of()))).containsExactly(b, c, a);
    }

    @Test
    void nextSkipsExcludedIdsAndFillsUpWithLaterOnes() {
        MessageStore store = open(ROOMY);
        long first = store.append("t", bytes("1"), 1, 2);
        long second = store.append("t", bytes("2"), 1, 2);
        long third = store.append("t", bytes("3"), 1, 7);
        long fourth = store.append("t", bytes("4"), 1, 7);

        assertThat(ids(store.next(2, Set.of(first, third)))).containsExactly(second, fourth);
        assertThat(ids(store.next(10, Set.of(first, second, third, fourth)))).isEmpty();
        assertThat(ids(store.next(10, null))).containsExactly(first, second, third, fourth);
        assertThat(store.stats().messages()).isEqualTo(4);
    }

    @Test
    void nextAfterPerPriorityIdsReadsOnlyLaterMessagesOfEachPriority() {
        MessageStore store = open(ROOMY);
        long p2a = store.append("t", bytes("p2-a"), 1, 2);
        long p7a = store.append("t", bytes("p7-a"), 1, 7);
        long p2b = store.append("t", bytes("p2-b"), 1, 2);
        long p7b = store.append("t", bytes("p7-b"), 1, 7);
        long[] after = new long[MessageStore.LEAST_URGENT + 1];

        after[2] = p2a;
        assertThat(ids(store.next(10, Set.of(), after))).containsExactly(p2b, p7a, p7b);
        after[7] = p7b;
        assertThat(ids(store.next(10, Set.of(p2b), after))).isEmpty();
        after[2] = 0; // rewound: everything of priority 2 again, still skipping what is excluded
        assertThat(ids(store.next(10, Set.of(p2b), after))).containsExactly(p2a);
        assertThatThrownBy(() -> store.next(10, Set.of(), new long[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10 ids");
    }

    @Test
    void appendAsyncCompletesWithTheIdOnceCommittedAndKeepsAppendOrder() throws Exception {
        MessageStore store = open(ROOMY);
        List<java.util.concurrent.CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(store.appendAsync("t", bytes("m" + i), 1, 4));
        }
        List<Long> ids = new ArrayList<>();
        for (var future : futures) {
            ids.add(future.get(30, java.util.concurrent.TimeUnit.SECONDS));
        }
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(ids(store.next(1000, Set.of()))).containsExactlyElementsOf(ids);
        store.close();
        assertThat(payloads(open(ROOMY).next(1000, Set.of()))).hasSize(200).startsWith("m0", "m1").endsWith("m199");
    }

    @Test
    void appendAsyncValidatesAtOnceAndFailsWhenFullLikeAppend() {
        MessageStore store = open(new Limits(1 << 20, 1, OverflowPolicy.REJECT_NEW, null));
        store.appendAsync("t", bytes("kept"), 1, 5).join();

        assertThatThrownBy(() -> store.appendAsync("t", bytes("rejected"), 1, 5))
                .isInstanceOf(StoreFullException.class);
        assertThatThrownBy(() -> store.appendAsync("t", bytes("x"), 1, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("priority");
        assertThat(payloads(store.next(10, Set.of()))).containsExactly("kept");
    }

    @Test
    void appendAsyncInBatchModeCompletesAtOnceAndInCommitModeAfterTheWrite() {
        MessageStore batch = open(ROOMY, Durability.BATCH);
        assertThat(batch.appendAsync("t", bytes("b"), 1, 1)).isCompleted();
        batch.close();
        MessageStore commit = open(ROOMY, Durability.COMMIT);
        assertThat(commit.appendAsync("t", bytes("c"), 1, 1).join()).isPositive();
        assertThat(commit.stats().messages()).isEqualTo(2);
    }

    @Test
    void appendAsyncAfterCloseFailsAtOnce() {
        MessageStore store = open(ROOMY);
        store.close();
        assertThatThrownBy(() -> store.appendAsync("t", bytes("late"), 1, 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void acknowledgeRemovesTheMessageAndIgnoresUnknownIds() {
        MessageStore store = open(ROOMY);
        long first = store.append("t", bytes("1"), 1, 2);
        long second = store.append("t", bytes("2"), 1, 8);

        store.acknowledge(first);
        store.acknowledge(first);
        store.acknowledge(123_456);
        store.acknowledge(-1);

        assertThat(ids(store.next(10, Set.of()))).containsExactly(second);
        Stats stats = store.stats();
        assertThat(stats.messages()).isEqualTo(1);
        assertThat(stats.bytes()).isEqualTo(size("t", "2"));
        assertThat(stats.appended()).isEqualTo(2);
        assertThat(stats.acknowledged()).isEqualTo(1);

        store.acknowledge(second);
        assertThat(store.next(10, Set.of())).isEmpty();
        assertThat(store.stats().bytes()).isZero();
    }

    @Test
    void fullByCountDropsTheOldestOfTheLeastUrgentPriorityFirst() {
        MessageStore store = open(new Limits(1 << 20, 4, OverflowPolicy.DROP_OLDEST_LOWEST_PRIORITY, null));
        store.append("t", bytes("p3-old"), 1, 3);
        store.append("t", bytes("p8-old"), 1, 8);
        store.append("t", bytes("p8-new"), 1, 8);
        store.append("t", bytes("p1"), 1, 1);

        store.append("t", bytes("p5"), 1, 5);
        assertThat(payloads(store.next(10, Set.of()))).containsExactly("p1", "p3-old", "p5", "p8-new");

        store.append("t", bytes("p2"), 1, 2);
        store.append("t", bytes("p3-new"), 1, 3);
        assertThat(payloads(store.next(10, Set.of()))).containsExactly("p1", "p2", "p3-old", "p3-new");
        assertThat(store.stats().dropped()).isEqualTo(3);
        assertThat(store.stats().messages()).isEqualTo(4);
    }

    @Test
    void aMessageOfTheSameUrgencyReplacesTheOldestOfItsPriority() {
        MessageStore store = open(new Limits(1 << 20, 2, null, null));
        store.append("t", bytes("a"), 1, 4);
        store.append("t", bytes("b"), 1, 4);

        store.append("t", bytes("c"), 1, 4);

        assertThat(payloads(store.next(10, Set.of()))).containsExactly("b", "c");
        assertThat(store.stats().dropped()).isEqualTo(1);
    }

    @Test
    void fullByBytesDropsAsManyAsNeededForTheNewMessageToFit() {
        long limit = 4 * size("t", "0123456789");
        MessageStore store = open(new Limits(limit, 1000, OverflowPolicy.DROP_OLDEST_LOWEST_PRIORITY, null));
        store.append("t", bytes("0123456789"), 1, 9);
        store.append("t", bytes("0123456789"), 1, 6);
        store.append("t", bytes("0123456789"), 1, 9);
        store.append("t", bytes("0123456789"), 1, 0);
        assertThat(store.stats().bytes()).isEqualTo(limit);

        // 50 bytes need the room of more than two stored messages: both priority 9 ones and the priority 6 one go
        String big = "x".repeat(38);
        store.append("t", bytes(big), 1, 5);

        assertThat(payloads(store.next(10, Set.of()))).containsExactly("0123456789", big);
        Stats stats = store.stats();
        assertThat(stats.dropped()).isEqualTo(3);
        assertThat(stats.messages()).isEqualTo(2);
        assertThat(stats.bytes()).isEqualTo(size("t", "0123456789") + size("t", big)).isLessThanOrEqualTo(limit);
    }

    @Test
    void whenOnlyMoreUrgentMessagesCouldMakeRoomTheNewOneIsRejectedAndNothingIsDropped() {
        MessageStore store = open(new Limits(1 << 20, 3, null, null));
        store.append("t", bytes("p1"), 1, 1);
        store.append("t", bytes("p2"), 1, 2);
        store.append("t", bytes("p7"), 1, 7);

        store.append("t", bytes("p5"), 1, 5); // the priority 7 one makes room
        assertThatThrownBy(() -> store.append("t", bytes("p6"), 1, 6))
                .isInstanceOf(StoreFullException.class)
                .hasMessageContaining("maxMessages=3")
                .hasMessageContaining("more urgent than priority 6");

        assertThat(payloads(store.next(10, Set.of()))).containsExactly("p1", "p2", "p5");
        assertThat(store.stats().dropped()).isEqualTo(1);
        assertThat(store.stats().appended()).isEqualTo(4);
    }

    @Test
    void byBytesTooTheNewMessageIsRejectedIfOnlyDroppingMoreUrgentOnesWouldMakeItFit() {
        long limit = 3 * size("t", "0123456789");
        MessageStore store = open(new Limits(limit, 1000, null, null));
        store.append("t", bytes("0123456789"), 1, 0);
        store.append("t", bytes("0123456789"), 1, 0);
        store.append("t", bytes("0123456789"), 1, 8);

        // fits only if a priority 0 message went as well as the priority 8 one: must not drop either
        String big = "y".repeat(15);
        assertThatThrownBy(() -> store.append("t", bytes(big), 1, 4))
                .isInstanceOf(StoreFullException.class)
                .hasMessageContaining("maxBytes=" + limit);

        assertThat(store.stats().messages()).isEqualTo(3);
        assertThat(store.stats().dropped()).isZero();
    }

    @Test
    void rejectNewKeepsWhatIsStoredAndNamesTheCountLimit() {
        MessageStore store = open(new Limits(1 << 20, 2, OverflowPolicy.REJECT_NEW, null));
        store.append("t", bytes("a"), 1, 9);
        store.append("t", bytes("b"), 1, 9);

        assertThatThrownBy(() -> store.append("t", bytes("urgent"), 1, 0))
                .isInstanceOf(StoreFullException.class)
                .hasMessageContaining("maxMessages=2");

        assertThat(payloads(store.next(10, Set.of()))).containsExactly("a", "b");
        assertThat(store.stats().dropped()).isZero();

        store.acknowledge(store.next(1, Set.of()).get(0).id());
        store.append("t", bytes("urgent"), 1, 0);
        assertThat(payloads(store.next(10, Set.of()))).containsExactly("urgent", "b");
    }

    @Test
    void rejectNewNamesTheByteLimit() {
        long limit = 2 * size("t", "0123456789");
        MessageStore store = open(new Limits(limit, 1000, OverflowPolicy.REJECT_NEW, null));
        store.append("t", bytes("0123456789"), 1, 5);
        store.append("t", bytes("0123456789"), 1, 5);

        assertThatThrownBy(() -> store.append("t", bytes("z"), 1, 5))
                .isInstanceOf(StoreFullException.class)
                .hasMessageContaining("maxBytes=" + limit);
        assertThat(store.stats().messages()).isEqualTo(2);
    }

    @Test
    void aMessageLargerThanTheWholeStoreIsRejectedNamingBothSizes() {
        MessageStore store = open(new Limits(100, 1000, null, null));
        store.append("t", bytes("small"), 1, 5);

        byte[] payload = new byte[200];
        long size = RecordCodec.HEADER_BYTES + 1 + 200;
        assertThatThrownBy(() -> store.append("t", payload, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(size + " bytes")
                .hasMessageContaining("100 bytes");

        assertThat(store.stats().messages()).isEqualTo(1);
        assertThat(store.stats().dropped()).isZero();
    }

    @Test
    void invalidArgumentsAreRejected() {
        MessageStore store = open(ROOMY);
        assertThatThrownBy(() -> store.append("t", bytes("x"), 1, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("priority");
        assertThatThrownBy(() -> store.append("t", bytes("x"), 1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.append("t", bytes("x"), 3, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("qos");
        assertThatThrownBy(() -> store.append("t".repeat(70_000), bytes("x"), 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic");
        assertThatThrownBy(() -> new Limits(0, 10, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limits(10, 10, null, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Limits(10, 10, null, null).policy()).isEqualTo(OverflowPolicy.DROP_OLDEST_LOWEST_PRIORITY);
        assertThat(store.stats().messages()).isZero();
    }

    @Test
    void expiredMessagesAreRemovedByNextAndCounted() {
        MessageStore store = open(new Limits(1 << 20, 1000, null, Duration.ofMinutes(10)));
        store.append("t", bytes("old-p0"), 1, 0);
        store.append("t", bytes("old-p6"), 1, 6);
        clock.advance(Duration.ofMinutes(6));
        store.append("t", bytes("young-p6"), 1, 6);
        store.append("t", bytes("young-p0"), 1, 0);

        clock.advance(Duration.ofMinutes(5)); // the first two are now 11 minutes old
        assertThat(payloads(store.next(10, Set.of()))).containsExactly("young-p0", "young-p6");
        Stats stats = store.stats();
        assertThat(stats.expired()).isEqualTo(2);
        assertThat(stats.messages()).isEqualTo(2);
        assertThat(stats.dropped()).isZero();

        clock.advance(Duration.ofMinutes(6));
        assertThat(store.purgeExpired()).isEqualTo(2);
        assertThat(store.purgeExpired()).isZero();
        assertThat(store.stats().expired()).isEqualTo(4);
        assertThat(store.stats().bytes()).isZero();
    }

    @Test
    void purgeExpiredKeepsYoungMessagesAndDoesNothingWithoutMaxAge() {
        MessageStore store = open(new Limits(1 << 20, 1000, null, Duration.ofSeconds(30)));
        store.append("t", bytes("a"), 1, 3);
        clock.advance(Duration.ofSeconds(30));
        assertThat(store.purgeExpired()).isZero(); // exactly maxAge old is not yet expired
        clock.advance(Duration.ofMillis(1));
        assertThat(store.purgeExpired()).isEqualTo(1);
        store.close();

        MessageStore forever = open(ROOMY);
        forever.append("t", bytes("b"), 1, 3);
        clock.advance(Duration.ofDays(3650));
        assertThat(forever.purgeExpired()).isZero();
        assertThat(forever.next(10, Set.of())).hasSize(1);
    }

    @Test
    void aClockSteppedBackDoesNotMakeLaterMessagesOlder() {
        MessageStore store = open(new Limits(1 << 20, 1000, null, Duration.ofMinutes(1)));
        store.append("t", bytes("first"), 1, 3);
        clock.advance(Duration.ofHours(-1));
        store.append("t", bytes("second"), 1, 3);

        List<Message> messages = store.next(10, Set.of());
        assertThat(messages.get(1).storedAtMillis()).isEqualTo(messages.get(0).storedAtMillis());
    }

    @Test
    void whenFullExpiredMessagesGoFirstAndCountAsExpiredNotDropped() {
        MessageStore store = open(new Limits(1 << 20, 2, null, Duration.ofMinutes(1)));
        store.append("t", bytes("old"), 1, 0);
        clock.advance(Duration.ofMinutes(2));
        store.append("t", bytes("young"), 1, 9);

        store.append("t", bytes("new"), 1, 5);

        assertThat(payloads(store.next(10, Set.of()))).containsExactly("new", "young");
        assertThat(store.stats().expired()).isEqualTo(1);
        assertThat(store.stats().dropped()).isZero();
    }

    @Test
    void everythingSurvivesCloseAndReopen() {
        MessageStore store = open(ROOMY);
        long a = store.append("a/b", bytes("one"), 0, 7);
        long b = store.append("a/c", bytes("two"), 1, 2);
        long c = store.append("a/d", bytes("three"), 2, 7);
        store.acknowledge(b);
        List<Message> before = store.next(10, Set.of());
        store.close();

        MessageStore reopened = open(ROOMY);
        List<Message> after = reopened.next(10, Set.of());

        assertThat(ids(after)).containsExactly(a, c);
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i)).usingRecursiveComparison().isEqualTo(before.get(i));
        }
        Stats stats = reopened.stats();
        assertThat(stats.messages()).isEqualTo(2);
        assertThat(stats.bytes()).isEqualTo(size("a/b", "one") + size("a/d", "three"));
        assertThat(stats.appended()).isZero(); // counters are per opening
        assertThat(stats.fileBytes()).isPositive();
    }

    @Test
    void idsKeepIncreasingAfterReopenEvenWhenEverythingWasAcknowledged() {
        MessageStore store = open(ROOMY);
        long last = 0;
        for (int i = 0; i < 5; i++) {
            last = store.append("t", bytes("m" + i), 1, 4);
            store.acknowledge(last);
        }
        store.close();

        MessageStore reopened = open(ROOMY);
        assertThat(reopened.stats().messages()).isZero();
        long next = reopened.append("t", bytes("after"), 1, 4);
        assertThat(next).isGreaterThan(last);
        reopened.close();

        MessageStore again = open(ROOMY);
        assertThat(again.append("t", bytes("again"), 1, 9)).isGreaterThan(next);
    }

    @Test
    void batchModeKeepsWhatWasAppendedOnceClosed() {
        MessageStore store = open(ROOMY, Durability.BATCH);
        for (int i = 0; i < 50; i++) {
            store.append("t", bytes("m" + i), 1, i % 10);
        }
        assertThat(store.next(100, Set.of())).hasSize(50);
        store.close();

        MessageStore reopened = open(ROOMY, Durability.COMMIT);
        assertThat(reopened.next(100, Set.of())).hasSize(50);
    }

    @Test
    void closeIsIdempotentAndLaterCallsFail() {
        MessageStore store = open(ROOMY);
        store.append("t", bytes("x"), 1, 1);
        store.close();
        store.close();

        assertThatThrownBy(() -> store.append("t", bytes("y"), 1, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.next(1, Set.of())).isInstanceOf(IllegalStateException.class);
        assertThat(store.stats().messages()).isEqualTo(1);
    }

    @Test
    void anInterruptedAppenderStillStoresDurablyAndKeepsItsInterruptFlag() {
        MessageStore store = open(ROOMY);
        Thread.currentThread().interrupt();
        try {
            long id = store.append("t", bytes("x"), 1, 1);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(ids(store.next(1, Set.of()))).containsExactly(id);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        store.append("t", bytes("y"), 1, 1);
        store.close();
        assertThat(open(ROOMY).stats().messages()).isEqualTo(2);
    }

    @Test
    void aFileOfGarbageIsMovedAsideAndTheStoreStartsEmpty() throws IOException {
        Path file = dir.resolve("queue.mv");
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Files.write(file, garbage);

        MessageStore store = open(ROOMY);

        assertThat(store.stats().messages()).isZero();
        List<Path> aside = corruptCopies();
        assertThat(aside).hasSize(1);
        assertThat(aside.get(0).getFileName().toString()).startsWith("queue.mv.corrupt-20250301T100000");
        assertThat(Files.readAllBytes(aside.get(0))).isEqualTo(garbage);
        long id = store.append("t", bytes("works"), 1, 1);
        store.close();
        assertThat(ids(open(ROOMY).next(10, Set.of()))).containsExactly(id);
    }

    @Test
    void aStoreWithDamagedChunksDoesNotKeepTheGatewayFromStarting() throws IOException {
        MessageStore store = open(ROOMY);
        for (int i = 0; i < 200; i++) {
            store.append("t", new byte[100], 1, i % 10);
        }
        store.close();
        Path file = dir.resolve("queue.mv");
        byte[] content = Files.readAllBytes(file);
        // keep the two header blocks, overwrite everything after them
        Random random = new Random(11);
        for (int i = 8192; i < content.length; i++) {
            content[i] = (byte) random.nextInt();
        }
        Files.write(file, content);

        MessageStore reopened = open(ROOMY);

        assertThat(reopened.stats().messages()).isZero();
        assertThat(corruptCopies()).hasSize(1);
        reopened.append("t", bytes("works"), 1, 1);
        assertThat(reopened.next(10, Set.of())).hasSize(1);
    }

    @Test
    void aFileOfAnUnknownFormatVersionIsMovedAsideNotMisread() {
        Path file = dir.resolve("queue.mv");
        MVStore mv = new MVStore.Builder().fileName(file.toString()).open();
        MVMap<String, String> meta = mv.openMap(MessageStore.META_MAP, new MVMap.Builder<String, String>()
                .keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE));
        meta.put(MessageStore.META_FORMAT, "99");
        mv.close();

        MessageStore store = open(ROOMY);

        assertThat(store.stats().messages()).isZero();
        assertThat(corruptCopies()).hasSize(1);
    }

    @Test
    void aFileInUseByAnotherStoreIsNeitherOpenedNorMovedAside() {
        MessageStore store = open(ROOMY);
        store.append("t", bytes("x"), 1, 1);

        assertThatThrownBy(() -> open(ROOMY)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in use");
        assertThat(corruptCopies()).isEmpty();
        assertThat(store.next(10, Set.of())).hasSize(1);
    }

    @Test
    void aCopyLeftByAnInterruptedRebuildIsDiscardedAndTheFileKept() throws IOException {
        MessageStore store = open(ROOMY);
        long id = store.append("t", bytes("kept"), 1, 1);
        store.close();
        Path leftover = dir.resolve("queue.mv.rebuild");
        Files.write(leftover, new byte[] {1, 2, 3});

        MessageStore reopened = open(ROOMY);

        assertThat(leftover).doesNotExist();
        assertThat(ids(reopened.next(10, Set.of()))).containsExactly(id);
    }

    private List<Path> corruptCopies() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().contains(".corrupt-")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
