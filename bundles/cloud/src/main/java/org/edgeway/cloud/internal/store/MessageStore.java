package org.edgeway.cloud.internal.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.RandomAccessStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crash-safe store-and-forward queue behind every publish, kept in one H2 MVStore file.
 *
 * <h2>Order and capacity</h2>
 * Priorities run from 0 (most urgent) to 9. {@link #next} returns the lowest priority number first and, within a
 * priority, append order. The store is bounded by {@link Limits#maxMessages()} and {@link Limits#maxBytes()} (bytes
 * are counted as stored: topic and payload plus {@value RecordCodec#HEADER_BYTES} bytes of header per message); what
 * happens when a new message does not fit is the {@link OverflowPolicy}. Messages older than {@link Limits#maxAge()}
 * are removed when {@link #next}, {@link #purgeExpired()} or a full store meets them. A message's time stamp is the
 * clock's time, but never earlier than the previous message's, so a clock stepped backwards cannot reorder expiry.
 *
 * <h2>Durability modes and what they cost</h2>
 * <ul>
 * <li>{@link Durability#SYNC} (default): {@code append} returns after a commit and an fsync of the file covering the
 * message. No returned append is lost by a killed process or a power cut. Cost: one fsync per append when appends come
 * one at a time (typically 0.1 to 10 ms each, depending on the medium; on SD cards and cheap eMMC much more), and each
 * fsync wears flash. Concurrent appenders are grouped: a dedicated committer thread commits and fsyncs everything
 * written so far and releases all appenders whose messages that covered, so N threads share one fsync.</li>
 * <li>{@link Durability#COMMIT}: {@code append} returns after the commit has written the data to the operating system,
 * without fsync. Survives a killed process (the kernel still has the pages), not a power cut: recently appended
 * messages can be lost, and since freed file space is reused at once the file can be left unreadable, in which case
 * it is moved aside on the next start and the queue starts empty. Cost: one write of at least 4 KB per append (or per
 * group of concurrent appends), no waiting for the disk.</li>
 * <li>{@link Durability#BATCH}: {@code append} returns at once; the committer commits and fsyncs every batch interval
 * ({@link #DEFAULT_BATCH_INTERVAL} unless given). Any crash, including a power cut, may lose the messages appended in
 * the last interval (plus the time one commit takes); older ones are safe. Cost: one commit and fsync per interval,
 * the cheapest mode by far.</li>
 * </ul>
 * In every mode acknowledgements are committed lazily (within about a second, or with the next append's commit): a
 * crash may bring back an acknowledged message, which is then delivered twice (at least once, never lost).
 * {@link #close()} commits and fsyncs in every mode.
 *
 * <h2>Crash recovery and bounded file size</h2>
 * MVStore is copy-on-write: a commit appends a new chunk and never overwrites live data, and on open it finds the
 * newest complete chunk, so a process killed at any point reopens with everything that was committed. A file that
 * cannot be opened or read (corrupt, truncated, unknown format) is renamed to {@code <file>.corrupt-<timestamp>}, a
 * WARN is logged and the store starts empty rather than keeping the gateway from starting. A file locked by another
 * live process is not touched: {@code open} fails instead.
 * <p>
 * To keep the file small over weeks of churn, the space of a chunk is reused as soon as no committed version needs it
 * (retention time 0 and no old versions kept; safe for SYNC and BATCH because every commit is fsync'ed before the
 * next one can reuse space, for COMMIT as far as killed processes go, see above; callers register the version they
 * read, so a concurrent commit never reuses a page they may still read). About once a second while the content
 * changes, and for a few more rounds while that helps, the committer releases emptied chunks, rewrites chunks that are
 * less than half live and, when the file is less than half used, moves chunks towards its start so that it can be
 * truncated (files up to 1 MB are left alone). While a backlog builds up fast the file may be a few times the live
 * data; once delivered, the space is reused. Should MVStore still leave the file much larger than its content (more
 * than 4 MB plus four times the live data), {@code open} copies the live data into a fresh file and atomically
 * renames it over the old one. MVStore's own background thread and auto-commit are disabled: after {@code open}, only
 * the committer thread writes, so the modes above hold.
 *
 * <h2>Storage format</h2>
 * One map {@code messages}: key = priority in the top 8 bits and the id in the low 56 bits, so the natural key order is
 * the send order; value = {@link RecordCodec}. A map {@code meta} holds the format version ({@value #FORMAT_VERSION})
 * and the last id handed out, so ids keep increasing across restarts even when the queue was empty.
 *
 * <h2>Threads</h2>
 * All methods are thread safe. Appends may come from many threads; {@code next}/{@code acknowledge} are meant for one
 * sender thread. Disk writes happen only on the private committer thread, so interrupting a caller cannot close the
 * file under MVStore (an interrupted caller of a SYNC/COMMIT append keeps waiting for its commit and returns with its
 * interrupt flag set). Reads of pages not cached may still happen on caller threads; a caller interrupted exactly
 * during such a read makes the store fail (operations then throw {@link IllegalStateException}; close and reopen it,
 * which recovers everything committed).
 */
public final class MessageStore implements AutoCloseable {

    /** A stored message. {@code payload} is a private copy. */
    public record Message(long id, String topic, byte[] payload, int qos, int priority, long storedAtMillis) {
    }

    /**
     * Capacity of the store.
     *
     * @param maxBytes    stored bytes (topic + payload + 11 per message), at least 1
     * @param maxMessages number of messages, at least 1
     * @param policy      what to do when full; {@code null} means {@link OverflowPolicy#DROP_OLDEST_LOWEST_PRIORITY}
     * @param maxAge      age after which a message is dropped unsent; {@code null} means never
     */
    public record Limits(long maxBytes, long maxMessages, OverflowPolicy policy, Duration maxAge) {
        public Limits {
            if (maxBytes <= 0 || maxMessages <= 0) {
                throw new IllegalArgumentException("store limits must be positive, got maxBytes=" + maxBytes
                        + " maxMessages=" + maxMessages);
            }
            if (policy == null) {
                policy = OverflowPolicy.DROP_OLDEST_LOWEST_PRIORITY;
            }
            if (maxAge != null && (maxAge.isZero() || maxAge.isNegative())) {
                throw new IllegalArgumentException("maxAge must be positive or null (never expire), got " + maxAge);
            }
        }
    }

    /**
     * Counters since this store was opened ({@code appended}, {@code acknowledged}, {@code dropped}, {@code expired})
     * and the current content ({@code messages}, {@code bytes} as counted against the limits, {@code fileBytes} the
     * size of the file on disk).
     */
    public record Stats(long messages, long bytes, long appended, long acknowledged, long dropped, long expired,
            long fileBytes) {
    }

    public static final int MOST_URGENT = 0;
    public static final int LEAST_URGENT = 9;
    public static final Duration DEFAULT_BATCH_INTERVAL = Duration.ofMillis(200);

    static final int FORMAT_VERSION = 1;
    static final String DATA_MAP = "messages";
    static final String META_MAP = "meta";
    static final String META_FORMAT = "format";
    static final String META_LAST_ID = "lastId";
    static final String META_MAINTENANCE = "maintenanceRounds";

    private static final Logger LOG = LoggerFactory.getLogger(MessageStore.class);
    private static final int PRIORITIES = LEAST_URGENT + 1;
    private static final int ID_BITS = 56;
    private static final long MAX_ID = (1L << ID_BITS) - 1;
    private static final long LAZY_COMMIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAINTENANCE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Rewrite chunks, and move chunks to shrink the file, when less than this percentage of them is live. */
    private static final int COMPACT_FILL_RATE = 50;
    /**
     * Bytes rewritten or moved per maintenance round: an eighth of the file, at least 1 MB and at most 64 MB, so one
     * round never stalls commits for long and yet keeps up with a queue that fills fast.
     */
    private static final int COMPACT_WRITE_SHARE = 8;
    private static final int COMPACT_MIN_WRITE_BYTES = 1 << 20;
    private static final int COMPACT_MAX_WRITE_BYTES = 64 << 20;
    /** A file is rebuilt at start-up when larger than this plus {@link #REBUILD_FACTOR} times the live data. */
    private static final long REBUILD_SLACK_BYTES = 4L << 20;
    private static final int REBUILD_FACTOR = 4;
    private static final long REBUILD_COMMIT_BYTES = 4L << 20;
    /** Maintenance rounds in a row without new content, as long as they make progress. */
    private static final int MAX_IDLE_MAINTENANCE_ROUNDS = 30;
    /** Files smaller than this are not worth moving chunks around for. */
    private static final long COMPACT_MIN_FILE_BYTES = 1 << 20;
    /** MVStore's two header blocks of 4 KB: what a file holds before its first commit. */
    private static final long EMPTY_FILE_BYTES = 2 * 4096;
    private static final DateTimeFormatter ASIDE_STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Limits limits;
    private final Durability durability;
    private final Clock clock;
    private final long batchIntervalNanos;
    private final MVStore mv;
    private final MVMap<Long, byte[]> data;
    private final MVMap<String, String> meta;

    /** Guards the maps' content and everything below up to the commit fields. */
    private final ReentrantLock lock = new ReentrantLock();
    private final long[] count = new long[PRIORITIES];
    private final long[] bytes = new long[PRIORITIES];
    private long totalCount;
    private long totalBytes;
    private long lastId;
    private long lastStoredAt;
    private long appended;
    private long acknowledged;
    private long dropped;
    private long expired;
    private boolean closed;

    /** Guards the commit hand-over between callers and the committer thread. */
    private final ReentrantLock commitLock = new ReentrantLock();
    private final Condition commitWanted = commitLock.newCondition();
    private final Condition commitDone = commitLock.newCondition();
    /** Highest id put into the map; every id up to it is in the map (or was never stored). */
    private volatile long writtenId;
    /** Acknowledgements, expiries and the like wait to be committed. */
    private volatile boolean lazyChanges;
    private long durableId; // commitLock
    private boolean stopRequested; // commitLock
    private boolean committerDone; // commitLock
    private Throwable failure; // commitLock
    private final Thread committer;
    /** Asynchronous appends waiting for their commit, in id order (added with {@link #lock} held). */
    private final ConcurrentLinkedQueue<PendingAppend> pendingAppends = new ConcurrentLinkedQueue<>();
    /** Completes the futures of asynchronous appends, one task per commit. */
    private final ExecutorService completions;
    private long maintenanceRounds; // committer thread only
    private final Object closeMonitor = new Object();
    private boolean closeDone; // closeMonitor

    private MessageStore(Path file, Limits limits, Durability durability, Clock clock, Duration batchInterval,
            Opened opened) {
        this.file = file;
        this.limits = limits;
        this.durability = durability;
        this.clock = clock;
        this.batchIntervalNanos = batchInterval.toNanos();
        this.mv = opened.mv;
        this.data = opened.data;
        this.meta = opened.meta;
        System.arraycopy(opened.count, 0, count, 0, PRIORITIES);
        System.arraycopy(opened.bytes, 0, bytes, 0, PRIORITIES);
        for (int p = 0; p < PRIORITIES; p++) {
            totalCount += count[p];
            totalBytes += bytes[p];
        }
        this.lastId = opened.lastId;
        this.lastStoredAt = opened.lastStoredAt;
        this.writtenId = opened.lastId;
        this.durableId = opened.lastId;
        this.completions = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "edgeway-store-completions " + file.getFileName());
            thread.setDaemon(true);
            return thread;
        });
        this.committer = new Thread(this::runCommitter, "edgeway-store-committer " + file.getFileName());
        committer.setDaemon(true);
        committer.start();
    }

    /** Opens with {@link #DEFAULT_BATCH_INTERVAL} for {@link Durability#BATCH}. */
    public static MessageStore open(Path file, Limits limits, Durability durability, Clock clock) {
        return open(file, limits, durability, clock, DEFAULT_BATCH_INTERVAL);
    }

    /**
     * Opens (or creates) the store in {@code file}, recovering everything committed before. An unreadable file is
     * moved aside to {@code <file>.corrupt-<timestamp>} and the store starts empty.
     *
     * @param batchInterval how often {@link Durability#BATCH} commits; ignored by the other modes
     * @throws IllegalStateException if the file is in use by another store or cannot be created
     */
    public static MessageStore open(Path file, Limits limits, Durability durability, Clock clock,
            Duration batchInterval) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(batchInterval, "batchInterval");
        if (batchInterval.isZero() || batchInterval.isNegative()) {
            throw new IllegalArgumentException("batch interval must be positive, got " + batchInterval);
        }
        Path absolute = file.toAbsolutePath();
        try {
            Path parent = absolute.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the directory of message store " + absolute, e);
        }
        Opened opened;
        try {
            opened = Opened.load(absolute);
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new IllegalStateException("message store " + absolute + " is in use by another store", e);
            }
            opened = startOver(absolute, clock, e);
        } catch (RuntimeException e) {
            opened = startOver(absolute, clock, e);
        }
        return new MessageStore(absolute, limits, durability, clock, batchInterval, opened);
    }

    private static Opened startOver(Path file, Clock clock, RuntimeException cause) {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + ASIDE_STAMP.format(clock.instant()));
        for (int i = 1; Files.exists(aside); i++) {
            aside = file.resolveSibling(file.getFileName() + ".corrupt-" + ASIDE_STAMP.format(clock.instant()) + "-" + i);
        }
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            IllegalStateException failure = new IllegalStateException("message store " + file
                    + " is unreadable and could not be moved aside to " + aside, e);
            failure.addSuppressed(cause);
            throw failure;
        }
        LOG.warn("Message store {} is unreadable ({}); moved it aside to {} and started with an empty queue", file,
                cause.toString(), aside);
        try {
            return Opened.load(file);
        } catch (RuntimeException e) {
            e.addSuppressed(cause);
            throw new IllegalStateException("cannot create a new message store in " + file, e);
        }
    }

    /**
     * Stores a message and returns its id, once it is as durable as the {@link Durability} mode promises.
     *
     * @param qos      0, 1 or 2 (kept for the publisher, not interpreted here)
     * @param priority 0 (most urgent) to 9
     * @throws StoreFullException       if the message does not fit and the overflow policy says to reject it
     * @throws IllegalArgumentException if the message alone is larger than the byte limit, or an argument is invalid
     * @throws IllegalStateException    if the store is closed or failed
     */
    public long append(String topic, byte[] payload, int qos, int priority) {
        long id = insert(topic, payload, qos, priority, null);
        if (durability != Durability.BATCH) {
            awaitDurable(id);
        }
        return id;
    }

    /**
     * Stores a message like {@link #append} but does not wait for the commit: the returned future completes with the
     * message's id once the message is as durable as the {@link Durability} mode promises (at once in
     * {@link Durability#BATCH}), or exceptionally if the store fails first. One commit covers every append waiting, so a
     * caller that keeps many appends outstanding shares each fsync among all of them, where {@link #append} shares it
     * only among concurrent threads. Futures complete on the store's completion thread (never the committer, so a
     * dependent action cannot delay commits); keep dependent actions short.
     *
     * @throws StoreFullException       if the message does not fit and the overflow policy says to reject it
     * @throws IllegalArgumentException if the message alone is larger than the byte limit, or an argument is invalid
     * @throws IllegalStateException    if the store is closed or failed
     */
    public CompletableFuture<Long> appendAsync(String topic, byte[] payload, int qos, int priority) {
        if (durability == Durability.BATCH) {
            return CompletableFuture.completedFuture(insert(topic, payload, qos, priority, null));
        }
        CompletableFuture<Long> durable = new CompletableFuture<>();
        insert(topic, payload, qos, priority, durable);
        boolean committerStopped;
        commitLock.lock();
        try {
            commitWanted.signal();
            committerStopped = committerDone;
        } finally {
            commitLock.unlock();
        }
        if (committerStopped) { // it stopped (failed) between the insert and now: nobody else settles this one
            settlePendingAppends();
        }
        return durable;
    }

    /** Puts the message into the map; {@code durable}, if given, is queued to be completed by its commit. */
    private long insert(String topic, byte[] payload, int qos, int priority, CompletableFuture<Long> durable) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2, got " + qos);
        }
        checkPriority(priority);
        byte[] topicBytes = RecordCodec.topicBytes(topic);
        long size = RecordCodec.recordSize(topicBytes, payload);
        if (size > limits.maxBytes()) {
            throw new IllegalArgumentException("message of " + size + " bytes (topic " + topicBytes.length
                    + ", payload " + payload.length + ") is larger than the store limit of " + limits.maxBytes()
                    + " bytes");
        }
        long id;
        Entered entered = enter();
        try {
            checkUsable();
            if (overflows(size) && limits.maxAge() != null) {
                purgeExpiredLocked(); // expired messages go first, and count as expired, not dropped
            }
            if (overflows(size)) {
                makeRoom(size, priority);
            }
            if (lastId >= MAX_ID) {
                throw new IllegalStateException("message store ids exhausted");
            }
            long storedAt = Math.max(clock.millis(), lastStoredAt);
            byte[] value = RecordCodec.encode(topicBytes, payload, qos, storedAt);
            id = lastId + 1;
            data.put(key(priority, id), value);
            meta.put(META_LAST_ID, Long.toString(id));
            lastId = id;
            lastStoredAt = storedAt;
            count[priority]++;
            bytes[priority] += value.length;
            totalCount++;
            totalBytes += value.length;
            appended++;
            writtenId = id;
            if (durable != null) {
                pendingAppends.add(new PendingAppend(id, durable));
            }
        } finally {
            exit(entered);
        }
        return id;
    }

    /**
     * Up to {@code max} messages in send order (priority, then append order), skipping the ids in {@code exclude}
     * (those in flight). Expired messages met on the way are removed.
     */
    public List<Message> next(int max, Set<Long> exclude) {
        return next(max, exclude, null);
    }

    /**
     * Like {@link #next(int, Set)}, starting each priority {@code p} after id {@code after[p]}: a sender that remembers
     * how far it got reads only new messages instead of stepping over everything in flight again. {@code exclude} is
     * only read, so a concurrent set may be passed as is.
     *
     * @param after one id per priority (0 to {@link #LEAST_URGENT}), or {@code null} to start at the beginning
     */
    public List<Message> next(int max, Set<Long> exclude, long[] after) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative, got " + max);
        }
        if (after != null && after.length != PRIORITIES) {
            throw new IllegalArgumentException("after must hold " + PRIORITIES + " ids, got " + after.length);
        }
        Set<Long> skip = exclude == null ? Set.of() : exclude;
        List<Message> result = new ArrayList<>(Math.min(max, 256));
        Entered entered = enter();
        try {
            checkUsable();
            if (limits.maxAge() != null) {
                purgeExpiredLocked();
            }
            for (int p = 0; p < PRIORITIES && result.size() < max; p++) {
                if (count[p] == 0) {
                    continue;
                }
                long from = after == null ? 0 : Math.min(Math.max(after[p], 0) + 1, MAX_ID);
                Cursor<Long, byte[]> cursor = data.cursor(key(p, from), key(p, MAX_ID), false);
                while (result.size() < max && cursor.hasNext()) {
                    long id = cursor.next() & MAX_ID;
                    if (!skip.contains(id)) {
                        result.add(RecordCodec.decode(id, p, cursor.getValue()));
                    }
                }
            }
        } finally {
            exit(entered);
        }
        return result;
    }

    /** Removes a delivered message. Unknown ids (already acknowledged, dropped or expired) are ignored. */
    public void acknowledge(long id) {
        if (id <= 0 || id > MAX_ID) {
            return;
        }
        Entered entered = enter();
        try {
            checkUsable();
            for (int p = 0; p < PRIORITIES; p++) {
                if (count[p] > 0) {
                    byte[] removed = data.remove(key(p, id));
                    if (removed != null) {
                        account(p, removed);
                        acknowledged++;
                        lazyChanges = true;
                        return;
                    }
                }
            }
        } finally {
            exit(entered);
        }
    }

    /** Removes the messages older than {@link Limits#maxAge()} and returns how many. */
    public int purgeExpired() {
        if (limits.maxAge() == null) {
            return 0;
        }
        Entered entered = enter();
        try {
            checkUsable();
            return purgeExpiredLocked();
        } finally {
            exit(entered);
        }
    }

    public Stats stats() {
        long fileBytes;
        try {
            fileBytes = Files.size(file);
        } catch (IOException e) {
            fileBytes = -1;
        }
        lock.lock();
        try {
            return new Stats(totalCount, totalBytes, appended, acknowledged, dropped, expired, fileBytes);
        } finally {
            lock.unlock();
        }
    }

    /** Commits, fsyncs and closes the file. Appends still waiting are committed first. Idempotent. */
    @Override
    public void close() {
        synchronized (closeMonitor) {
            if (closeDone) {
                return;
            }
            closeDone = true;
        }
        lock.lock();
        try {
            closed = true; // no new changes from here on
        } finally {
            lock.unlock();
        }
        commitLock.lock();
        try {
            stopRequested = true;
            commitWanted.signalAll();
        } finally {
            commitLock.unlock();
        }
        boolean interrupted = false;
        while (committer.isAlive()) {
            try {
                committer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        completions.shutdown(); // after the committer's last round has handed over its completions
        Throwable failed;
        commitLock.lock();
        try {
            failed = failure;
        } finally {
            commitLock.unlock();
        }
        try {
            if (failed == null) {
                mv.close(); // commits (nothing left), writes the clean-shutdown mark and fsyncs
            } else {
                mv.closeImmediately();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** MVStore's view of the file, for tests and troubleshooting. */
    String fileDiagnostics() {
        FileStore<?> fileStore = mv.getFileStore();
        return "file " + fileStore.size() + " bytes, " + mv.getFillRate() + "% of it used, chunks "
                + fileStore.getChunksFillRate() + "% live";
    }

    // ---------------------------------------------------------------- internals, all with lock held

    /** What {@link #enter()} changed, for {@link #exit} to undo. */
    private record Entered(boolean interrupted, MVStore.TxCounter reading) {
    }

    /**
     * Takes the lock for an operation on the maps. Clears the caller's interrupt flag meanwhile (an interrupt during
     * a read would close MVStore's file channel) and registers the current version as in use, so that no page this
     * operation may still read is reused by a concurrent commit or compaction (retention time is 0).
     */
    private Entered enter() {
        boolean interrupted = Thread.interrupted();
        lock.lock();
        try {
            return new Entered(interrupted, mv.registerVersionUsage());
        } catch (RuntimeException | Error e) {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
    }

    private void exit(Entered entered) {
        try {
            mv.deregisterVersionUsage(entered.reading());
        } finally {
            lock.unlock();
            if (entered.interrupted()) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean overflows(long size) {
        return totalCount + 1 > limits.maxMessages() || totalBytes + size > limits.maxBytes();
    }

    private void makeRoom(long size, int priority) {
        if (limits.policy() == OverflowPolicy.REJECT_NEW) {
            throw new StoreFullException(fullMessage(size));
        }
        long evictableCount = 0;
        long evictableBytes = 0;
        for (int p = priority; p < PRIORITIES; p++) {
            evictableCount += count[p];
            evictableBytes += bytes[p];
        }
        if (totalCount - evictableCount + 1 > limits.maxMessages()
                || totalBytes - evictableBytes + size > limits.maxBytes()) {
            throw new StoreFullException(fullMessage(size) + "; only messages more urgent than priority " + priority
                    + " could make room, and those are kept");
        }
        int p = LEAST_URGENT;
        while (overflows(size)) {
            while (count[p] == 0) {
                p--; // stays >= priority: the check above proved the evictable messages suffice
            }
            Long oldest = data.ceilingKey(key(p, 0));
            byte[] removed = data.remove(oldest);
            account(p, removed);
            dropped++;
        }
        lazyChanges = true;
    }

    private String fullMessage(long size) {
        if (totalCount + 1 > limits.maxMessages()) {
            return "message store full: maxMessages=" + limits.maxMessages() + " reached (" + totalCount + " stored)";
        }
        return "message store full: maxBytes=" + limits.maxBytes() + " would be exceeded (" + totalBytes
                + " bytes stored, new message " + size + " bytes)";
    }

    private int purgeExpiredLocked() {
        long cutoff = clock.millis() - limits.maxAge().toMillis();
        int removedCount = 0;
        for (int p = 0; p < PRIORITIES; p++) {
            // time stamps never decrease with the id, so the expired messages of a priority are a prefix of it
            while (count[p] > 0) {
                Long oldest = data.ceilingKey(key(p, 0));
                byte[] value = data.get(oldest);
                if (RecordCodec.storedAt(value) >= cutoff) {
                    break;
                }
                data.remove(oldest);
                account(p, value);
                expired++;
                removedCount++;
            }
        }
        if (removedCount > 0) {
            lazyChanges = true;
        }
        return removedCount;
    }

    private void account(int priority, byte[] removed) {
        count[priority]--;
        bytes[priority] -= removed.length;
        totalCount--;
        totalBytes -= removed.length;
    }

    private void checkUsable() {
        if (closed) {
            throw new IllegalStateException("message store " + file + " is closed");
        }
        Throwable failed = failure();
        if (failed != null) {
            throw new IllegalStateException("message store " + file + " failed: " + failed, failed);
        }
    }

    private Throwable failure() {
        commitLock.lock();
        try {
            return failure;
        } finally {
            commitLock.unlock();
        }
    }

    private static void checkPriority(int priority) {
        if (priority < MOST_URGENT || priority > LEAST_URGENT) {
            throw new IllegalArgumentException("priority must be " + MOST_URGENT + " to " + LEAST_URGENT + ", got "
                    + priority);
        }
    }

    static long key(int priority, long id) {
        return ((long) priority << ID_BITS) | id;
    }

    // ---------------------------------------------------------------- group commit

    private record PendingAppend(long id, CompletableFuture<Long> durable) {
    }

    /**
     * Completes the asynchronous appends that the last commit covered, and fails all waiting ones once the committer
     * has stopped (a failure; a clean close commits everything appended before it). Called by the committer after
     * every commit and by {@link #appendAsync} itself, hence the lock around taking them off the queue in order.
     */
    private void settlePendingAppends() {
        long durable;
        Throwable failed;
        boolean done;
        commitLock.lock();
        try {
            durable = durableId;
            failed = failure;
            done = committerDone;
        } finally {
            commitLock.unlock();
        }
        List<PendingAppend> settled = new ArrayList<>();
        synchronized (pendingAppends) {
            PendingAppend next;
            while ((next = pendingAppends.peek()) != null && (next.id() <= durable || done)) {
                settled.add(pendingAppends.poll());
            }
        }
        if (settled.isEmpty()) {
            return;
        }
        Runnable complete = () -> {
            for (PendingAppend append : settled) {
                if (append.id() <= durable) {
                    append.durable().complete(append.id());
                } else {
                    append.durable().completeExceptionally(new IllegalStateException("message store " + file
                            + (failed != null ? " failed before message " + append.id() + " was committed: " + failed
                                    : " was closed before message " + append.id() + " was committed"), failed));
                }
            }
        };
        try {
            completions.execute(complete);
        } catch (RejectedExecutionException closing) {
            complete.run();
        }
    }

    private void awaitDurable(long id) {
        commitLock.lock();
        try {
            commitWanted.signal();
            while (durableId < id) {
                if (failure != null) {
                    throw new IllegalStateException("message store " + file + " failed before message " + id
                            + " was committed: " + failure, failure);
                }
                if (committerDone) {
                    throw new IllegalStateException("message store " + file + " was closed before message " + id
                            + " was committed");
                }
                commitDone.awaitUninterruptibly(); // keeps (and restores) the caller's interrupt flag
            }
        } finally {
            commitLock.unlock();
        }
    }

    private void runCommitter() {
        long lastCommit = System.nanoTime();
        long lastMaintenance = lastCommit;
        boolean changedSinceMaintenance = false;
        int idleRounds = 0;
        while (true) {
            long target;
            boolean stopping;
            boolean maintain;
            commitLock.lock();
            try {
                while (true) {
                    stopping = stopRequested;
                    target = writtenId;
                    long now = System.nanoTime();
                    long sinceCommit = now - lastCommit;
                    maintain = changedSinceMaintenance && now - lastMaintenance >= MAINTENANCE_NANOS;
                    if (stopping || maintain) {
                        break;
                    }
                    // how long until something is due; idle BATCH wakes every interval as appends do not signal
                    long wait = durability == Durability.BATCH ? batchIntervalNanos : MAINTENANCE_NANOS;
                    if (durability == Durability.BATCH) {
                        if (target > durableId || lazyChanges) {
                            if (sinceCommit >= batchIntervalNanos) {
                                break;
                            }
                            wait = batchIntervalNanos - sinceCommit;
                        }
                    } else if (target > durableId) {
                        break;
                    } else if (lazyChanges) {
                        if (sinceCommit >= LAZY_COMMIT_NANOS) {
                            break;
                        }
                        wait = Math.min(wait, LAZY_COMMIT_NANOS - sinceCommit);
                    }
                    if (changedSinceMaintenance) {
                        wait = Math.min(wait, MAINTENANCE_NANOS - (now - lastMaintenance));
                    }
                    try {
                        commitWanted.awaitNanos(Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1)));
                    } catch (InterruptedException e) {
                        // nobody but close() stops this thread, and it does so with stopRequested
                    }
                }
            } finally {
                commitLock.unlock();
            }

            Throwable failed = null;
            try {
                lazyChanges = false; // cleared before the commit: whatever changes later is committed later
                long version = mv.commit();
                if (durability != Durability.COMMIT || stopping) {
                    mv.sync();
                }
                checkAlive();
                changedSinceMaintenance |= version >= 0;
                if (maintain && !stopping) { // closing stays quick; open() rebuilds a file left oversized
                    // more rounds while they get somewhere (a bounded number), then rest until the content changes
                    boolean progress = maintain();
                    idleRounds = version >= 0 ? 0 : idleRounds + 1;
                    changedSinceMaintenance = progress && idleRounds < MAX_IDLE_MAINTENANCE_ROUNDS;
                    lastMaintenance = System.nanoTime();
                }
            } catch (Throwable e) {
                failed = e;
            }
            lastCommit = System.nanoTime();
            commitLock.lock();
            try {
                if (failed == null) {
                    durableId = Math.max(durableId, target);
                } else {
                    failure = failed;
                }
                if (stopping || failed != null) {
                    committerDone = true;
                }
                commitDone.signalAll();
            } finally {
                commitLock.unlock();
            }
            settlePendingAppends();
            if (failed != null) {
                LOG.error("Message store {} failed to commit; appends fail until it is reopened", file, failed);
                return;
            }
            if (stopping) {
                return;
            }
        }
    }

    /**
     * Keeps the file from growing: rewrites the live pages out of chunks that are mostly dead, releases chunks without
     * live data (so their space is reused) and, when the file is mostly free space, moves chunks towards its start so
     * that it can be truncated. Every step commits and fsyncs before space is reused. Files up to 1 MB are left alone.
     *
     * @return whether it made progress, so that another round is worth it
     */
    private boolean maintain() {
        FileStore<?> fileStore = mv.getFileStore();
        long fileBefore = fileStore.size();
        if (fileBefore <= COMPACT_MIN_FILE_BYTES) {
            return false;
        }
        int chunksLiveBefore = fileStore.getChunksFillRate();
        int fileUsedBefore = mv.getFillRate();
        // proportional to the file, so that a queue filling up fast does not outrun its compaction
        int budget = (int) Math.min(COMPACT_MAX_WRITE_BYTES, Math.max(COMPACT_MIN_WRITE_BYTES,
                fileBefore / COMPACT_WRITE_SHARE));
        if (chunksLiveBefore < COMPACT_FILL_RATE) {
            // MVStore learns that a chunk became empty while storing the next version and releases its space while
            // storing the one after; an idle queue would never get there, hence the extra commits.
            touchCommit();
            if (mv.compact(COMPACT_FILL_RATE, budget)) {
                commitAndSync();
            }
            touchCommit();
            touchCommit();
        }
        if (fileStore instanceof RandomAccessStore randomAccess && mv.getFillRate() < COMPACT_FILL_RATE) {
            randomAccess.compactMoveChunks(COMPACT_FILL_RATE, budget, mv); // commits and fsyncs itself
        }
        checkAlive();
        return fileStore.size() < fileBefore || fileStore.getChunksFillRate() > chunksLiveBefore
                || mv.getFillRate() < fileUsedBefore;
    }

    /** Commits a change of nothing but a counter in the meta map, so that MVStore stores a new version. */
    private void touchCommit() {
        meta.put(META_MAINTENANCE, Long.toString(++maintenanceRounds));
        commitAndSync();
    }

    private void commitAndSync() {
        mv.commit();
        mv.sync();
    }

    private void checkAlive() {
        MVStoreException panic = mv.getPanicException();
        if (panic != null) {
            throw panic;
        }
        if (mv.isClosed()) {
            throw new IllegalStateException("MVStore closed unexpectedly");
        }
    }

    // ---------------------------------------------------------------- opening

    /** What {@link #open} found in the file. */
    private static final class Opened {
        MVStore mv;
        MVMap<Long, byte[]> data;
        MVMap<String, String> meta;
        final long[] count = new long[PRIORITIES];
        final long[] bytes = new long[PRIORITIES];
        long lastId;
        long lastStoredAt;

        static Opened load(Path file) {
            return load(file, true);
        }

        private static Opened load(Path file, boolean mayRebuild) {
            long sizeBefore;
            try {
                sizeBefore = Files.exists(file) ? Files.size(file) : 0;
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the size of " + file, e);
            }
            MVStore mv = openMVStore(file);
            Opened opened = new Opened();
            try {
                opened.mv = mv;
                opened.data = openData(mv);
                opened.meta = openMeta(mv);
                opened.scan(sizeBefore);
            } catch (RuntimeException | Error e) {
                mv.closeImmediately();
                throw e;
            }
            Path copy = file.resolveSibling(file.getFileName() + ".rebuild");
            try {
                Files.deleteIfExists(copy); // left by a process that died while rebuilding; the file is intact
            } catch (IOException e) {
                LOG.warn("Cannot delete the leftover {}", copy, e);
            }
            if (mayRebuild && opened.isBloated(sizeBefore)) {
                return opened.rebuild(file, copy, sizeBefore);
            }
            return opened;
        }

        private static MVStore openMVStore(Path file) {
            MVStore mv = new MVStore.Builder()
                    .fileName(file.toString())
                    .autoCommitDisabled() // no background thread: only the committer writes
                    .autoCommitBufferSize(0) // and no commit from a writing caller's thread either
                    .open();
            // Reuse the space of a chunk as soon as no committed version needs it. Safe because every commit is
            // written (and in SYNC and BATCH fsync'ed) before the next one starts, and readers register the version
            // they read (see enter()).
            mv.setRetentionTime(0);
            mv.setVersionsToKeep(0);
            return mv;
        }

        private static MVMap<Long, byte[]> openData(MVStore mv) {
            return mv.openMap(DATA_MAP, new MVMap.Builder<Long, byte[]>()
                    .keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        }

        private static MVMap<String, String> openMeta(MVStore mv) {
            return mv.openMap(META_MAP, new MVMap.Builder<String, String>()
                    .keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE));
        }

        /**
         * Whether the file is much larger than what it holds. Compaction while running keeps it from getting there,
         * but MVStore can leave a chunk that it counts as partly live and cannot rewrite (seen after a large backlog
         * committed in BATCH mode was delivered); copying the live data into a new file at start-up cures any such
         * leftover.
         */
        private boolean isBloated(long fileBytes) {
            long live = 0;
            for (int p = 0; p < PRIORITIES; p++) {
                live += bytes[p] + 16 * count[p]; // keys and per-entry overhead
            }
            return fileBytes > REBUILD_SLACK_BYTES + REBUILD_FACTOR * live;
        }

        /**
         * Copies the live data into {@code copy}, fsyncs it and renames it over {@code file} (atomic: a crash leaves
         * either the old or the new file, never neither). If anything fails, goes on with the old file.
         */
        private Opened rebuild(Path file, Path copy, long fileBytes) {
            try {
                MVStore target = openMVStore(copy);
                try {
                    MVMap<Long, byte[]> targetData = openData(target);
                    MVMap<String, String> targetMeta = openMeta(target);
                    meta.forEach(targetMeta::put);
                    targetMeta.put(META_LAST_ID, Long.toString(lastId));
                    long unsaved = 0;
                    MVStore.TxCounter reading = mv.registerVersionUsage();
                    try {
                        Cursor<Long, byte[]> cursor = data.cursor(null);
                        while (cursor.hasNext()) {
                            Long key = cursor.next();
                            byte[] value = cursor.getValue();
                            targetData.put(key, value);
                            unsaved += value.length;
                            if (unsaved > REBUILD_COMMIT_BYTES) { // keeps memory bounded for large queues
                                target.commit();
                                unsaved = 0;
                            }
                        }
                    } finally {
                        mv.deregisterVersionUsage(reading);
                    }
                    target.commit();
                    target.sync();
                    target.close();
                } catch (RuntimeException | Error e) {
                    target.closeImmediately();
                    throw e;
                }
                mv.close();
                Files.move(copy, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                syncDirectory(file.getParent());
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not rebuild the oversized message store {}; going on with it as it is", file, e);
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException ignored) {
                    // deleted on the next start
                }
                return mv.isClosed() ? load(file, false) : this;
            }
            Opened rebuilt = load(file, false);
            LOG.info("Rebuilt message store {}: {} bytes for {} messages, was {} bytes", file,
                    rebuilt.mv.getFileStore().size(), rebuilt.data.sizeAsLong(), fileBytes);
            return rebuilt;
        }

        private static void syncDirectory(Path directory) {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true); // makes the rename itself durable
            } catch (IOException e) {
                // not supported on every platform; the rename is still atomic
            }
        }

        /** Checks the format and reads every record once: counts the queue and proves the file is readable. */
        private void scan(long sizeBefore) {
            String format = meta.get(META_FORMAT);
            if (format == null) {
                // The format is in the very first commit. A file with more than MVStore's two header blocks but
                // without it had data that MVStore could not find: keep it for inspection instead of overwriting it.
                if (sizeBefore > EMPTY_FILE_BYTES) {
                    throw new IllegalStateException("the file has " + sizeBefore
                            + " bytes but no readable message store in them");
                }
                if (!data.isEmpty()) {
                    throw new IllegalStateException("messages without a format version");
                }
                meta.put(META_FORMAT, Integer.toString(FORMAT_VERSION));
                mv.commit();
                mv.sync();
            } else if (!format.equals(Integer.toString(FORMAT_VERSION))) {
                throw new IllegalStateException("unsupported message store format " + format + ", this version reads "
                        + FORMAT_VERSION);
            }
            String storedLastId = meta.get(META_LAST_ID);
            lastId = storedLastId == null ? 0 : Long.parseLong(storedLastId);
            MVStore.TxCounter reading = mv.registerVersionUsage();
            try {
                Cursor<Long, byte[]> cursor = data.cursor(null);
                while (cursor.hasNext()) {
                    long key = cursor.next();
                    int priority = (int) (key >>> ID_BITS);
                    long id = key & MAX_ID;
                    if (priority > LEAST_URGENT || id == 0) {
                        throw new IllegalStateException("corrupt key " + Long.toHexString(key));
                    }
                    byte[] value = cursor.getValue();
                    Message message = RecordCodec.decode(id, priority, value);
                    count[priority]++;
                    bytes[priority] += value.length;
                    lastId = Math.max(lastId, id);
                    lastStoredAt = Math.max(lastStoredAt, message.storedAtMillis());
                }
            } finally {
                mv.deregisterVersionUsage(reading);
            }
        }
    }
}
