package org.edgeway.modbus.internal.bus;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.edgeway.modbus.internal.plan.ReadRequest;
import org.edgeway.modbus.internal.profile.RegisterKind;
import org.edgeway.modbus.internal.profile.RegisterReader;
import org.edgeway.modbus.internal.transport.ModbusDeviceException;
import org.edgeway.modbus.internal.transport.ModbusIoException;
import org.edgeway.modbus.internal.transport.ModbusProtocolException;
import org.edgeway.modbus.internal.transport.ModbusTimeoutException;
import org.edgeway.modbus.internal.transport.ModbusTransport;
import org.edgeway.modbus.internal.transport.ModbusTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every device of one bus through its {@link ModbusTransport}, one request at a time (an RS-485 line carries
 * one transaction at a time, and many TCP devices accept one connection and no pipelining).
 *
 * <ul>
 * <li>Fair: the devices with work take turns request by request (round robin), so a device with many reads does not
 * hold the line for a whole poll while the others wait.</li>
 * <li>A dead device costs at most one timeout per poll: the first timeout skips the rest of its poll, and its next
 * polls back off (doubling up to {@link Settings#deadDeviceBackoffMax}) until it answers again.</li>
 * <li>"Server device busy" (exception 6) is retried after a growing delay, up to {@link Settings#busyRetries}
 * times, while the other devices go on.</li>
 * <li>A broken connection is reopened with exponential backoff; meanwhile reads fail at once as disconnected.</li>
 * <li>Late replies and replies that do not match their request are the transport's to handle (it discards them by
 * transaction id, or reopens the connection); here they only make the read's values bad.</li>
 * </ul>
 * Every read of a poll gets an outcome: values of failed reads get a bad quality instead of stale data.
 */
public final class BusScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BusScheduler.class);
    /** How a busy reply's detail starts, to tell it from other device exceptions. */
    private static final String BUSY = "busy";

    /**
     * @param pause                 quiet time on the bus between two requests (RTU devices need a few ms)
     * @param busyRetries           how often a read answered with "busy" is repeated
     * @param busyBackoff           delay before the first repetition; doubles for each further one
     * @param closeAfterPoll        close the connection after each poll (devices that accept one client at a time)
     * @param reconnectMin          first delay before reopening a failed connection; doubles up to reconnectMax
     * @param reconnectMax          longest delay between connection attempts
     * @param deadDeviceBackoffMax  longest time a device that stopped answering is left alone between polls
     */
    public record Settings(Duration pause, int busyRetries, Duration busyBackoff, boolean closeAfterPoll,
            Duration reconnectMin, Duration reconnectMax, Duration deadDeviceBackoffMax) {
    }

    private final String name;
    private final ModbusTransport transport;
    private final Settings settings;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Slot> slots = new ArrayList<>(); // lock
    private final Thread worker;
    private volatile boolean running = true;
    private Slot lastServed; // worker thread only: the turn goes on after it
    private int preparingUnit; // worker thread only: the unit id of the device in PollTarget.prepare

    // statistics, written by the worker only
    private volatile long requests;
    private volatile long errors;
    private volatile long timeouts;
    private volatile long busy;
    private volatile long successes;
    private volatile long responseNanos;

    // connection state, worker thread only
    private long reconnectAtNanos;
    private long reconnectDelayNanos;

    public BusScheduler(String name, ModbusTransport transport, Settings settings, Clock clock) {
        this.name = name;
        this.transport = transport;
        this.settings = settings;
        this.clock = clock;
        this.reconnectDelayNanos = settings.reconnectMin().toNanos();
        this.worker = new Thread(this::run, "edgeway-modbus-bus-" + name);
        worker.setDaemon(true);
        worker.start();
    }

    /** Starts polling a device; its first poll is due at once. */
    public void add(PollTarget target) {
        lock.lock();
        try {
            slots.add(new Slot(target, System.nanoTime()));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops polling a device; a read of it under way completes first. */
    public void remove(PollTarget target) {
        lock.lock();
        try {
            slots.removeIf(slot -> slot.target == target);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public BusStats stats() {
        long ok = successes;
        return new BusStats(requests, errors, timeouts, busy, ok == 0 ? 0 : responseNanos / 1e6 / ok,
                transport.isConnected());
    }

    public String endpoint() {
        return transport.endpoint();
    }

    @Override
    public void close() {
        running = false;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        transport.close(); // ends a transaction under way with an I/O error
        try {
            worker.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
    }

    // ---------------------------------------------------------------- the bus thread

    /** A device's polling state. */
    private static final class Slot {
        final PollTarget target;
        long nextPollNanos;
        long notBeforeNanos; // a busy device's next try
        boolean prepared;
        Deque<ReadRequest> pending; // the poll under way, null between polls
        Map<ReadRequest, ReadOutcome> outcomes;
        long pollStartedMillis;
        boolean answeredThisPoll;
        int busyAttempts;
        int failedPolls; // in a row

        Slot(PollTarget target, long firstPollNanos) {
            this.target = target;
            this.nextPollNanos = firstPollNanos;
        }
    }

    private void run() {
        while (running) {
            try {
                Slot slot = awaitWork();
                if (slot != null) {
                    serve(slot);
                    pause();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) { // a device's callback failed: never let it stop the bus
                LOG.error("Modbus bus {}: unexpected error, polling goes on in a second", name, e);
                sleepQuietly(TimeUnit.SECONDS.toNanos(1)); // no hot loop if it happens every time
            }
        }
    }

    /** The next device with work, taking turns; waits until one is due. */
    private Slot awaitWork() throws InterruptedException {
        lock.lock();
        try {
            while (running) {
                long now = System.nanoTime();
                long wakeAt = now + TimeUnit.SECONDS.toNanos(1);
                int n = slots.size();
                int start = lastServed == null ? 0 : slots.indexOf(lastServed) + 1; // -1 + 1 when it was removed
                for (int i = 0; i < n; i++) {
                    Slot slot = slots.get((start + i) % n);
                    long due = slot.pending != null ? slot.notBeforeNanos : slot.nextPollNanos;
                    if (due - now <= 0) {
                        lastServed = slot;
                        return slot;
                    }
                    wakeAt = Math.min(wakeAt, due);
                }
                changed.awaitNanos(Math.max(wakeAt - now, TimeUnit.MILLISECONDS.toNanos(1)));
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** One step of a device: prepare it, or start its poll, or send its next read. */
    private void serve(Slot slot) {
        if (!slot.prepared) {
            prepare(slot);
            if (!slot.prepared) {
                return; // backing off
            }
        }
        if (slot.pending == null) {
            slot.pending = new ArrayDeque<>(slot.target.requests());
            slot.outcomes = new LinkedHashMap<>();
            slot.pollStartedMillis = clock.millis();
            slot.answeredThisPoll = false;
            slot.busyAttempts = 0;
            if (slot.pending.isEmpty()) {
                finishPoll(slot);
                return;
            }
        }
        ReadRequest request = slot.pending.peek();
        ReadOutcome outcome = read(slot.target.unitId(), request);
        if (outcome instanceof ReadOutcome.Failed failed && failed.reason() == ReadOutcome.Reason.DEVICE_EXCEPTION
                && failed.detail().startsWith(BUSY) && slot.busyAttempts < settings.busyRetries()) {
            long delay = settings.busyBackoff().toNanos() << Math.min(slot.busyAttempts, 16);
            slot.busyAttempts++;
            slot.notBeforeNanos = System.nanoTime() + delay;
            return; // the others go on meanwhile
        }
        slot.busyAttempts = 0;
        slot.pending.poll();
        slot.outcomes.put(request, outcome);
        if (outcome instanceof ReadOutcome.Words) {
            slot.answeredThisPoll = true;
        } else if (outcome instanceof ReadOutcome.Failed failed && (failed.reason() == ReadOutcome.Reason.TIMEOUT
                || failed.reason() == ReadOutcome.Reason.DISCONNECTED)) {
            // a device that does not answer one read will not answer the next: spend one timeout, not one per read
            for (ReadRequest skipped : slot.pending) {
                slot.outcomes.put(skipped, new ReadOutcome.Failed(ReadOutcome.Reason.SKIPPED,
                        "not sent after " + failed.reason().name().toLowerCase() + ": " + failed.detail()));
            }
            slot.pending.clear();
        }
        if (slot.pending.isEmpty()) {
            finishPoll(slot);
        }
    }

    private void finishPoll(Slot slot) {
        Map<ReadRequest, ReadOutcome> outcomes = slot.outcomes;
        boolean answered = slot.answeredThisPoll || outcomes.isEmpty();
        slot.pending = null;
        slot.outcomes = null;
        long interval = slot.target.pollInterval().toNanos();
        long now = System.nanoTime();
        if (answered) {
            slot.failedPolls = 0;
            slot.nextPollNanos += interval;
            if (slot.nextPollNanos - now < 0) { // fell behind: skip the missed polls instead of rushing them
                slot.nextPollNanos = now + interval;
            }
        } else {
            slot.failedPolls++;
            slot.nextPollNanos = now + deadDeviceDelay(interval, slot.failedPolls);
            if (slot.failedPolls == 1) {
                LOG.warn("Modbus bus {}: device {} (unit {}) did not answer; polling it less often until it does",
                        name, slot.target.name(), slot.target.unitId());
            }
        }
        if (settings.closeAfterPoll()) {
            transport.close();
        }
        slot.target.polled(java.time.Instant.ofEpochMilli(slot.pollStartedMillis), outcomes);
    }

    private long deadDeviceDelay(long interval, int failedPolls) {
        long delay = interval << Math.min(failedPolls - 1, 20);
        return delay <= 0 ? settings.deadDeviceBackoffMax().toNanos()
                : Math.min(delay, Math.max(interval, settings.deadDeviceBackoffMax().toNanos()));
    }

    private void prepare(Slot slot) {
        preparingUnit = slot.target.unitId();
        try {
            slot.prepared = slot.target.prepare(this::readForPreparation);
            if (!slot.prepared) {
                throw new IllegalStateException("not ready");
            }
            slot.failedPolls = 0;
        } catch (Exception e) {
            slot.failedPolls++;
            long delay = deadDeviceDelay(slot.target.pollInterval().toNanos(), slot.failedPolls);
            slot.nextPollNanos = System.nanoTime() + delay;
            LOG.warn("Modbus bus {}: device {} (unit {}) could not be prepared, trying again in {} s: {}", name,
                    slot.target.name(), slot.target.unitId(), TimeUnit.NANOSECONDS.toSeconds(delay), e.getMessage());
        }
    }

    /** A plain read for {@link PollTarget#prepare}: an exception instead of an outcome. */
    private int[] readForPreparation(RegisterKind kind, int address, int count) throws java.io.IOException {
        ReadOutcome outcome = read(preparingUnit, new ReadRequest(kind, address, count, List.of()));
        pause();
        if (outcome instanceof ReadOutcome.Words words) {
            return words.words();
        }
        ReadOutcome.Failed failed = (ReadOutcome.Failed) outcome;
        throw new java.io.IOException(failed.reason() + ": " + failed.detail());
    }

    /** Sends one read and turns whatever happens into an outcome, counting it. */
    private ReadOutcome read(int unitId, ReadRequest request) {
        long now = System.nanoTime();
        if (!transport.isConnected() && now - reconnectAtNanos < 0) {
            return new ReadOutcome.Failed(ReadOutcome.Reason.DISCONNECTED, transport.endpoint()
                    + " is down, next connection attempt in "
                    + TimeUnit.NANOSECONDS.toMillis(reconnectAtNanos - now) + " ms");
        }
        requests++;
        long started = System.nanoTime();
        try {
            int[] words = switch (request.kind()) {
                case HOLDING -> transport.readHoldingRegisters(unitId, request.start(), request.count());
                case INPUT -> transport.readInputRegisters(unitId, request.start(), request.count());
                case COIL -> bits(transport.readCoils(unitId, request.start(), request.count()));
                case DISCRETE_INPUT -> bits(transport.readDiscreteInputs(unitId, request.start(), request.count()));
            };
            responseNanos += System.nanoTime() - started;
            successes++;
            reconnectDelayNanos = settings.reconnectMin().toNanos();
            return new ReadOutcome.Words(words);
        } catch (ModbusDeviceException e) {
            errors++;
            if (e.isBusy()) {
                busy++;
                return new ReadOutcome.Failed(ReadOutcome.Reason.DEVICE_EXCEPTION, BUSY + ": " + e.getMessage());
            }
            return new ReadOutcome.Failed(ReadOutcome.Reason.DEVICE_EXCEPTION, e.getMessage());
        } catch (ModbusTimeoutException e) {
            errors++;
            timeouts++;
            return new ReadOutcome.Failed(ReadOutcome.Reason.TIMEOUT, e.getMessage());
        } catch (ModbusProtocolException e) {
            errors++;
            return new ReadOutcome.Failed(ReadOutcome.Reason.PROTOCOL_ERROR, e.getMessage());
        } catch (ModbusIoException e) {
            errors++;
            transport.close();
            reconnectAtNanos = System.nanoTime() + reconnectDelayNanos;
            LOG.warn("Modbus bus {}: {} failed, reconnecting in {} ms: {}", name, transport.endpoint(),
                    TimeUnit.NANOSECONDS.toMillis(reconnectDelayNanos), e.getMessage());
            reconnectDelayNanos = Math.min(reconnectDelayNanos * 2, settings.reconnectMax().toNanos());
            return new ReadOutcome.Failed(ReadOutcome.Reason.DISCONNECTED, e.getMessage());
        } catch (IllegalArgumentException e) { // a configuration the transport cannot send, e.g. unit id 0 on RTU
            errors++;
            return new ReadOutcome.Failed(ReadOutcome.Reason.INVALID_REQUEST, e.getMessage());
        } catch (ModbusTransportException e) { // the four above are all there are (sealed); kept for the compiler
            errors++;
            return new ReadOutcome.Failed(ReadOutcome.Reason.PROTOCOL_ERROR, e.getMessage());
        }
    }

    private static int[] bits(boolean[] bits) {
        int[] words = new int[bits.length];
        for (int i = 0; i < bits.length; i++) {
            words[i] = bits[i] ? 1 : 0;
        }
        return words;
    }

    private void pause() {
        sleepQuietly(settings.pause().toNanos());
    }

    private static void sleepQuietly(long nanos) {
        if (nanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
