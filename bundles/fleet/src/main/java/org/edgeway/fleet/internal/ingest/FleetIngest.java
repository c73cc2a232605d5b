package org.edgeway.fleet.internal.ingest;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.edgeway.fleet.internal.store.FleetStore;
import org.edgeway.fleet.internal.store.StopVisitRecord;
import org.edgeway.fleet.internal.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet console's ingest: one MQTT connection that takes its share of every gateway's APC-V1 and METER-V1
 * interval messages ({@code $share/GROUP/...}, so console instances in one group split the load) and the lifecycle
 * messages (shared too, or each to every instance: see {@link IngestSettings#shareLifecycle()}), routes each through
 * {@link TopicRouter} and stores it in {@link FleetStore}.
 *
 * <p>The MQTT callback thread only routes and hands the result to one worker thread through a bounded queue, and
 * acknowledges a message (acks are manual) once it is in that queue. When the queue is full, because the database
 * fails or is slower than the gateways, the callback still returns at once: the message waits unacknowledged, and as
 * the broker sends only so many unacknowledged QoS 1 messages to a client ({@code max_inflight_messages}, 20 by
 * default on Mosquitto) it holds the rest back until the worker has room and acknowledges. The callback never blocks
 * for long, so the connection keeps reading and answering the keep-alive: a blocked reader would time out the
 * connection, and the broker would drop what it holds for the clean session. Past {@value #WAITING_CAPACITY} waiting
 * messages, a QoS 0 data message (live occupancy, which the gateway sends at QoS 0 because the next one replaces it)
 * is dropped and counted as rejected; anything else still waits, and only with a broker that does not limit
 * unacknowledged messages does the callback then block, as the last resort. The worker
 * stores stop visits in batches ({@link IngestSettings#batchSize()} or {@link IngestSettings#flushInterval()},
 * whichever comes first, and on close) and everything else at once. A database failure is retried with backoff
 * until the database works again, so no received message is lost while the process lives; it is logged once per
 * failure streak. "Last seen" is recorded for every message of a gateway, coalesced per gateway up to the next
 * flush.
 *
 * <p>The session is clean (shared subscriptions and persistent sessions do not mix well on Mosquitto) and the
 * subscriptions are made again on every connection; the connection is retried with backoff (1 s to 30 s) whenever
 * it fails or is lost. Mosquitto queues at most {@code max_queued_messages} (1000 by default) for a subscriber
 * that is slower than the gateways: give the console's clients a larger limit.
 */
public final class FleetIngest implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetIngest.class);

    /** Messages routed and waiting for the worker. */
    static final int QUEUE_CAPACITY = 10_000;
    /** Rejection reasons are categories; beyond this many, further ones are counted together. */
    static final int MAX_REJECTION_REASONS = 200;
    static final String OTHER_REASONS = "other reasons";
    static final int QOS = 1;
    /** Messages past a full queue that wait unacknowledged before QoS 0 data is dropped. */
    static final int WAITING_CAPACITY = 1_000;
    static final String DROPPED_QOS0 = "queue full: a QoS 0 message dropped while the database was failing";

    private static final long RETRY_FIRST_MS = 100;
    private static final long RETRY_MAX_MS = 5_000;
    private static final long RECONNECT_FIRST_MS = 1_000;
    private static final long RECONNECT_MAX_MS = 30_000;
    private static final int KEEP_ALIVE_S = 30;
    private static final long DISCONNECT_QUIESCE_MS = 5_000;
    /** How long close() keeps retrying a failing database before it gives up what it still holds. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Waiting for input while nothing is pending: how often the worker notices that the input closed. */
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final IngestSettings settings;
    private final FleetStore store;
    private final Clock clock;
    private final TopicRouter router;
    private final BlockingQueue<Inbound> queue;
    /** Messages past a full queue, not acknowledged yet, in arrival order; guarded by itself. */
    private final Deque<Inbound> waiting = new ArrayDeque<>();
    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final ScheduledExecutorService connector;
    private final Thread worker;

    private final LongAdder received = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final ConcurrentMap<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final AtomicInteger batched = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    private volatile boolean subscribed;
    private volatile boolean closing;
    private volatile boolean inputClosed;
    private volatile long giveUpAtNanos;

    /**
     * Guarded by this: the connection retry's backoff, whether the current failure streak was logged, and the
     * connection's number: a message is acknowledged only on the connection it came on (packet ids are per
     * connection).
     */
    private long reconnectDelayMs = RECONNECT_FIRST_MS;
    private long connection;
    private boolean connectFailureLogged;

    // worker thread only
    private final Map<VisitKey, StopVisitRecord> batch = new LinkedHashMap<>();
    private final Map<GatewayKey, Instant> seen = new HashMap<>();
    private long flushDueNanos;
    private int databaseFailures;

    private record Inbound(Route route, Instant receivedAt, int messageId, int qos, long connection) {
    }

    private record VisitKey(String account, String clientId, String visitId) {
    }

    private record GatewayKey(String account, String clientId) {
    }

    /** Thrown inside the worker when close() gives up on a database that keeps failing. */
    private static final class GaveUp extends Exception {
        private static final long serialVersionUID = 1L;

        GaveUp() {
            super(null, null, false, false);
        }
    }

    private FleetIngest(IngestSettings settings, FleetStore store, Clock clock, int queueCapacity,
            int keepAliveSeconds) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.router = new TopicRouter(settings.account());
        String clientId = settings.clientIdPrefix() + "-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            this.client = new MqttAsyncClient(settings.brokerUrl(), clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + settings.brokerUrl() + ": "
                    + e.getMessage(), e);
        }
        this.options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false); // our own retry covers the first connection too, and stops on close
        options.setKeepAliveInterval(keepAliveSeconds);
        options.setConnectionTimeout(10);
        if (settings.username() != null) {
            options.setUserName(settings.username());
        }
        char[] password = settings.password();
        if (password != null) {
            options.setPassword(password);
        }
        client.setCallback(new Callback());
        client.setManualAcks(true); // see hand(): a message is acknowledged once the worker has room for it
        this.connector = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "edgeway-fleet-ingest-connect");
            thread.setDaemon(true);
            return thread;
        });
        this.worker = new Thread(this::work, "edgeway-fleet-ingest");
        worker.setDaemon(true);
    }

    /**
     * Starts the worker and connects; a broker that cannot be reached yet is retried in the background.
     *
     * @throws IllegalArgumentException if Paho does not accept the broker URL
     */
    public static FleetIngest start(IngestSettings settings, FleetStore store, Clock clock) {
        return start(settings, store, clock, QUEUE_CAPACITY, KEEP_ALIVE_S);
    }

    /** With a smaller queue or a shorter MQTT keep-alive, so that tests reach their limits quickly. */
    static FleetIngest start(IngestSettings settings, FleetStore store, Clock clock, int queueCapacity,
            int keepAliveSeconds) {
        FleetIngest ingest = new FleetIngest(settings, store, clock, queueCapacity, keepAliveSeconds);
        ingest.worker.start();
        ingest.connect();
        return ingest;
    }

    /** The counters now. */
    public IngestStats stats() {
        Map<String, Long> reasons = new HashMap<>();
        rejected.forEach((reason, count) -> reasons.put(reason, count.sum()));
        return new IngestStats(received.sum(), stored.sum(), duplicates.sum(), ignored.sum(), reasons,
                queue.size() + batched.get() + waitingCount(), subscribed);
    }

    /** Whether the ingest is connected and its subscriptions are granted. */
    public boolean isSubscribed() {
        return subscribed;
    }

    /** The MQTT client id of this instance (the configured prefix and a random suffix). */
    public String clientId() {
        return client.getClientId();
    }

    // ---- MQTT --------------------------------------------------------------------------------------------------

    private void connect() {
        if (closing) {
            return;
        }
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    connected();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    retryConnect("cannot connect to", failure);
                }
            });
        } catch (MqttException | RuntimeException e) {
            retryConnect("cannot connect to", e);
        }
    }

    private synchronized void connected() {
        connection++;
        reconnectDelayMs = RECONNECT_FIRST_MS;
        connectFailureLogged = false;
        LOG.info("fleet ingest: connected to {} as {}", settings.brokerUrl(), client.getClientId());
        subscribe();
    }

    private synchronized void retryConnect(String what, Throwable failure) {
        connection++; // what still waits is never acknowledged: the broker forgot it with the clean session
        subscribed = false;
        if (closing) {
            return;
        }
        long delay = reconnectDelayMs;
        reconnectDelayMs = Math.min(delay * 2, RECONNECT_MAX_MS);
        if (!connectFailureLogged) {
            connectFailureLogged = true;
            LOG.warn("fleet ingest: {} {}: {}; retrying every {} s at most until it works", what,
                    settings.brokerUrl(), describe(failure), RECONNECT_MAX_MS / 1000);
        }
        try {
            connector.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** Paho's message with its reason code; never includes credentials. */
    private static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        Throwable cause = failure.getCause();
        return cause == null || cause.getMessage() == null ? message : message + " (" + cause.getMessage() + ")";
    }

    private void subscribe() {
        String[] filters = settings.subscriptions();
        int[] qos = new int[filters.length];
        java.util.Arrays.fill(qos, QOS);
        try {
            client.subscribe(filters, qos, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] granted = token.getGrantedQos();
                    for (int i = 0; i < granted.length && i < filters.length; i++) {
                        if (granted[i] == 0x80) {
                            LOG.error("fleet ingest: the broker refused the subscription {} (check its ACL and that "
                                    + "it supports shared subscriptions)", filters[i]);
                            return;
                        }
                    }
                    subscribed = true;
                    LOG.info("fleet ingest: subscribed to {}", String.join(", ", filters));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    LOG.error("fleet ingest: subscribing failed: {}", describe(failure));
                }
            });
        } catch (MqttException | RuntimeException e) {
            LOG.error("fleet ingest: subscribing failed: {}", describe(e));
        }
    }

    private final class Callback implements MqttCallback {

        @Override
        public void connectionLost(Throwable cause) {
            retryConnect("lost the connection to", cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Instant at = clock.instant();
            received.increment();
            Route route = router.route(topic, message.getPayload(), at);
            if (route instanceof Route.Rejected rejection) {
                countRejected(rejection);
            } else if (route instanceof Route.Ignored) {
                ignored.increment();
            }
            long current;
            synchronized (FleetIngest.this) {
                current = connection;
            }
            hand(new Inbound(route, at, message.getId(), message.getQos(), current));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // the ingest publishes nothing
        }
    }

    /** Hands a message to the worker: into the queue and acknowledged, or waiting unacknowledged. */
    private void hand(Inbound item) {
        synchronized (waiting) {
            if (waiting.isEmpty() && queue.offer(item)) {
                acknowledge(item);
                return;
            }
            Route route = item.route();
            boolean lifecycle = route instanceof Route.Birth || route instanceof Route.Apps
                    || route instanceof Route.Disconnect;
            if (waiting.size() >= WAITING_CAPACITY && item.qos() == 0 && !lifecycle) {
                if (!(route instanceof Route.Rejected || route instanceof Route.Ignored)) { // those are counted
                    countRejected(new Route.Rejected(route.account(), route.clientId(), DROPPED_QOS0));
                }
                return;
            }
            boolean interrupted = false;
            // the last resort, with a broker that sends unacknowledged QoS 1 messages without limit
            while (waiting.size() >= WAITING_CAPACITY && item.qos() > 0 && !inputClosed && !interrupted) {
                try {
                    waiting.wait(IDLE_POLL_NANOS / 1_000_000);
                } catch (InterruptedException e) {
                    interrupted = true; // the connection is going: keep the message all the same
                }
            }
            waiting.add(item);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Moves waiting messages into the queue as far as it has room, acknowledging each. */
    private void refill() {
        synchronized (waiting) {
            while (!waiting.isEmpty() && queue.offer(waiting.peek())) {
                acknowledge(waiting.poll());
            }
            waiting.notifyAll();
        }
    }

    private int waitingCount() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    /** The broker's copy may go: the message is the worker's now. */
    private synchronized void acknowledge(Inbound item) {
        if (item.qos() == 0 || item.connection() != connection) {
            return;
        }
        try {
            client.messageArrivedComplete(item.messageId(), item.qos());
        } catch (MqttException | RuntimeException e) {
            // the connection is going: the broker forgets the message with the clean session, and the worker has it
            LOG.debug("fleet ingest: cannot acknowledge message {}: {}", item.messageId(), describe(e));
        }
    }

    private void countRejected(Route.Rejected rejection) {
        String reason = rejection.reason();
        LongAdder counter = rejected.get(reason);
        if (counter == null) {
            if (rejected.size() >= MAX_REJECTION_REASONS) {
                reason = OTHER_REASONS;
            } else {
                // the first of its kind is worth a line; the rest are counted
                LOG.warn("fleet ingest: rejected a message of {}: {} (further ones are only counted)",
                        rejection.clientId() == null ? "an unknown gateway" : "gateway " + rejection.clientId(),
                        reason);
            }
            counter = rejected.computeIfAbsent(reason, r -> new LongAdder());
        }
        counter.increment();
    }

    // ---- worker ------------------------------------------------------------------------------------------------

    private void work() {
        try {
            while (true) {
                refill();
                boolean pending = !batch.isEmpty() || !seen.isEmpty();
                long wait = pending ? Math.max(0, flushDueNanos - System.nanoTime()) : IDLE_POLL_NANOS;
                Inbound item = queue.poll(wait, TimeUnit.NANOSECONDS);
                try {
                    if (item != null) {
                        accept(item);
                    }
                    if (batch.size() >= settings.batchSize()
                            || (!batch.isEmpty() || !seen.isEmpty()) && System.nanoTime() - flushDueNanos >= 0) {
                        flush();
                    }
                } catch (RuntimeException e) {
                    // a bug, not the database (its failures are retried or refused inside): keep the worker alive
                    LOG.error("fleet ingest: storing a message of {} failed unexpectedly",
                            item == null ? "the batch" : item.route().clientId(), e);
                }
                if (item == null && inputClosed && queue.isEmpty() && waitingCount() == 0) {
                    flush();
                    return;
                }
            }
        } catch (GaveUp | InterruptedException e) {
            LOG.error("fleet ingest: stopped while the database was failing; {} received messages were not stored",
                    batch.size() + queue.size() + waitingCount());
        }
    }

    /** Handles one message; the first message pending after a flush starts the flush interval. */
    private void accept(Inbound item) throws GaveUp {
        boolean idle = batch.isEmpty() && seen.isEmpty();
        handle(item);
        if (idle && (!batch.isEmpty() || !seen.isEmpty())) {
            flushDueNanos = System.nanoTime() + settings.flushInterval().toNanos();
        }
    }

    private void handle(Inbound item) throws GaveUp {
        Route route = item.route();
        if (route instanceof Route.StopVisit visit) {
            StopVisitRecord v = visit.visit();
            if (batch.putIfAbsent(new VisitKey(v.account(), v.clientId(), v.visitId()), v) == null) {
                batched.incrementAndGet();
            } else {
                duplicates.increment(); // re-delivered before its first delivery was flushed
            }
        } else if (route instanceof Route.Birth birth) {
            storeOne(route, () -> {
                store.birth(birth.birth());
                return true;
            });
            return; // a birth is seen by itself
        } else if (route instanceof Route.Apps apps) {
            storeOne(route, () -> {
                store.birth(apps.birth());
                return true;
            });
            return;
        } else if (route instanceof Route.Disconnect dc) {
            storeOne(route, () -> {
                store.disconnected(dc.account(), dc.clientId(), dc.at(), dc.lastWill());
                return true;
            });
            return; // a DC is seen by the store; a last will comes from the broker, not the gateway
        } else if (route instanceof Route.TripSummary trip) {
            storeOne(route, () -> store.storeTripSummary(trip.trip()));
        } else if (route instanceof Route.Occupancy occupancy) {
            storeOne(route, () -> {
                store.occupancy(occupancy.occupancy());
                return true;
            });
        } else if (route instanceof Route.EnergyInterval energy) {
            storeOne(route, () -> store.storeEnergyInterval(energy.interval()));
        } else if (route instanceof Route.Rejected rejection && rejection.clientId() != null) {
            try {
                withRetry(() -> {
                    store.rejected(rejection.account(), rejection.clientId(), rejection.reason());
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warn("fleet ingest: the database refused to count a rejected message of {}: {}",
                        rejection.clientId(), e.getMessage());
            }
        }
        if (route.clientId() != null) {
            seen.merge(new GatewayKey(route.account(), route.clientId()), item.receivedAt(),
                    (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /** Stores one message, counting it as stored or duplicate; what the database refuses is counted as rejected. */
    private void storeOne(Route route, Supplier<Boolean> work) throws GaveUp {
        try {
            if (withRetry(work)) {
                stored.increment();
            } else {
                duplicates.increment();
            }
        } catch (RuntimeException e) {
            refusedByDatabase(route, e);
        }
    }

    private void refusedByDatabase(Route route, RuntimeException e) {
        String kind = route.getClass().getSimpleName();
        Route.Rejected rejection = new Route.Rejected(route.account(), route.clientId(),
                "database: refused a " + kind + " message");
        LOG.warn("fleet ingest: the database refused a {} message of {}: {}", kind, route.clientId(), e.getMessage());
        countRejected(rejection);
        try {
            store.rejected(rejection.account(), rejection.clientId(), rejection.reason());
        } catch (RuntimeException again) {
            LOG.debug("fleet ingest: cannot count the refused message either", again);
        }
    }

    private void flush() throws GaveUp {
        if (!batch.isEmpty()) {
            List<StopVisitRecord> visits = new ArrayList<>(batch.values());
            try {
                int fresh = withRetry(() -> store.storeStopVisits(visits));
                stored.add(fresh);
                duplicates.add(visits.size() - fresh);
            } catch (RuntimeException e) {
                // one visit the database refuses must not hold back the others: find it by storing one by one
                for (StopVisitRecord visit : visits) {
                    storeOne(new Route.StopVisit(visit), () -> store.storeStopVisit(visit));
                }
            }
            batch.clear();
            batched.set(0);
        }
        for (Map.Entry<GatewayKey, Instant> entry : seen.entrySet()) {
            GatewayKey gateway = entry.getKey();
            try {
                withRetry(() -> {
                    store.seen(gateway.account(), gateway.clientId(), entry.getValue());
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warn("fleet ingest: the database refused the last seen time of {}: {}", gateway.clientId(),
                        e.getMessage());
            }
        }
        seen.clear();
    }

    /**
     * Runs {@code work} until it succeeds. A database that fails (unreachable, restarting, out of connections) is
     * retried with backoff, logged once per failure streak; what it refuses for good (a data or schema error) is
     * thrown, as is a refusal by the store's own checks.
     */
    private <T> T withRetry(Supplier<T> work) throws GaveUp {
        long delay = RETRY_FIRST_MS;
        while (true) {
            try {
                T result = work.get();
                if (databaseFailures > 0) {
                    LOG.info("fleet ingest: the database works again after {} failed attempts", databaseFailures);
                    databaseFailures = 0;
                }
                return result;
            } catch (StoreException e) {
                if (isPermanent(e)) {
                    throw e;
                }
                if (databaseFailures++ == 0) {
                    LOG.warn("fleet ingest: the database failed; messages wait in memory and are retried until it "
                            + "works again: {}", e.getMessage());
                }
                if (closing && System.nanoTime() - giveUpAtNanos >= 0) {
                    throw new GaveUp();
                }
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new GaveUp();
                }
                delay = Math.min(delay * 2, RETRY_MAX_MS);
            }
        }
    }

    /** A data exception (22), an integrity violation (23) or a schema error (42) fails again on every retry. */
    static boolean isPermanent(StoreException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return !state.equals("23505")
                        && (state.startsWith("22") || state.startsWith("23") || state.startsWith("42"));
            }
        }
        return false;
    }

    // ---- close -------------------------------------------------------------------------------------------------

    /**
     * Disconnects, then lets the worker store what it holds (retrying a failing database for up to 30 s) and stops
     * it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        giveUpAtNanos = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        closing = true;
        connector.shutdownNow();
        subscribed = false;
        try {
            if (client.isConnected()) {
                // waits for a message being handed over; the worker keeps draining the queue meanwhile
                client.disconnect(DISCONNECT_QUIESCE_MS).waitForCompletion(DISCONNECT_QUIESCE_MS * 2);
            }
        } catch (MqttException e) {
            LOG.debug("fleet ingest: unclean disconnect: {}", describe(e));
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("fleet ingest: closing the MQTT client: {}", describe(e));
        }
        inputClosed = true;
        try {
            worker.join(CLOSE_TIMEOUT.plusSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            worker.interrupt();
            LOG.warn("fleet ingest: the worker did not stop in time");
        }
        LOG.info("fleet ingest: closed; {}", stats());
    }
}
