package org.edgeway.bench;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.edgeway.api.cloud.CloudPublisher;
import org.edgeway.api.cloud.Qos;
import org.edgeway.api.gateway.GatewayIdentity;
import org.edgeway.api.gateway.GatewayInfo;
import org.edgeway.api.payload.Payload;
import org.edgeway.cloud.internal.MqttCloudConnection;
import org.edgeway.cloud.internal.store.Durability;
import org.edgeway.cloud.internal.store.MessageStore;
import org.edgeway.cloud.internal.store.OverflowPolicy;
import org.edgeway.codec.KuraPayloadCodec;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.osgi.framework.BundleContext;

/**
 * The cloud pipeline (MqttCloudConnection: publish, durable MessageStore, Forwarder, Paho) against raw Paho on the
 * same mosquitto in the same run. Prints markdown table rows on stdout, progress on stderr. See bench/cloud.sh.
 */
public final class CloudBench {

    static final String ACCOUNT = "edgeway";
    static final String APP = "bench";
    static final KuraPayloadCodec CODEC = new KuraPayloadCodec();

    // sizes, overridable with -Dbench.NAME=...
    static final int THROUGHPUT_N = Integer.getInteger("bench.throughput", 200_000);
    static final int THREADS = Integer.getInteger("bench.threads", 8);
    static final int DRAIN_N = Integer.getInteger("bench.drain", 1_000_000);
    static final int ENQ_SYNC1_N = Integer.getInteger("bench.enqSync1", 5_000);
    static final int ENQ_SYNC8_N = Integer.getInteger("bench.enqSync8", 20_000);
    static final int ENQ_BATCH_N = Integer.getInteger("bench.enqBatch", 200_000);
    static final int LAT_N = Integer.getInteger("bench.latency", 5_000);
    static final int LAT_RATE = Integer.getInteger("bench.rate", 500);
    static final int WINDOW = 1000;

    static Path work;
    static Process broker;
    static int port;
    static int payloadSize;

    public static void main(String[] args) throws Exception {
        work = Files.createTempDirectory("edgeway-bench-cloud");
        Runtime.getRuntime().addShutdownHook(new Thread(CloudBench::stopBroker));
        try {
            port = freePort();
            payloadSize = CODEC.encodeForWire(payload(0)).length;
            log("payload: Kura protobuf, one metric, " + payloadSize + " bytes on the wire; broker port " + port);
            String which = args.length > 0 ? args[0] : "all";
            startBroker();
            warmUp();
            if (which.equals("all") || which.equals("throughput")) {
                throughput();
            }
            if (which.equals("all") || which.equals("latency")) {
                latency();
            }
            if (which.equals("all") || which.equals("enqueue")) {
                enqueue();
            }
            if (which.equals("all") || which.equals("drain")) {
                drain();
            }
        } finally {
            stopBroker();
            deleteTree(work);
        }
        System.exit(0); // Paho threads are not daemons
    }

    // ---------------------------------------------------------------- the benchmarks

    static void warmUp() throws Exception {
        log("warm-up");
        rawPublish(20_000, "warm");
        Pipeline p = Pipeline.connected("warm", "BATCH");
        long ack0 = p.stats().acknowledged();
        p.publishAll(20_000, 2);
        p.awaitAcknowledged(ack0, 20_000, 60);
        p.close();
    }

    static void throughput() throws Exception {
        int n = THROUGHPUT_N;
        log("1. throughput, raw Paho " + n);
        double raw = rate(n, rawPublish(n, "raw-tp"));
        // threads = 0: publishAsync from one thread with WINDOW stages outstanding, like the raw client's window
        record Case(String durability, int threads) { }
        for (Case c : List.of(new Case("SYNC", 0), new Case("SYNC", THREADS), new Case("SYNC", 4 * THREADS),
                new Case("BATCH", THREADS))) {
            String durability = c.durability;
            int threads = c.threads;
            String how = threads == 0 ? "publishAsync from 1 thread, " + WINDOW + " outstanding"
                    : threads + " publisher threads";
            log("1. throughput, pipeline " + durability + " " + n + ", " + how);
            Pipeline p = Pipeline.connected("tp-" + durability + threads, durability);
            long ack0 = p.stats().acknowledged();
            long t0 = System.nanoTime();
            long returned = threads == 0 ? p.publishAllAsync(n, WINDOW) : p.publishAll(n, threads);
            long acked = p.awaitAcknowledged(ack0, n, 600);
            p.close();
            double ours = rate(n, acked - t0);
            row("QoS 1 throughput, " + durability + ", " + how + ", publish to PUBACK", n,
                    fmt(ours) + " msg/s (" + (threads == 0 ? "stages completed" : "calls returned") + " after "
                            + secs(returned - t0) + " s)",
                    fmt(raw) + " msg/s", ratio(ours, raw));
        }
    }

    static void drain() throws Exception {
        int n = DRAIN_N;
        log("2. drain: filling " + n + " with the broker down");
        stopBroker();
        Pipeline p = Pipeline.create("drain", "BATCH", Map.of("reconnect_min_delay_ms", 100,
                "reconnect_max_delay_ms", 1000));
        long f0 = System.nanoTime();
        p.publishAll(n, 2);
        long filled = System.nanoTime();
        while (p.stats().messages() < n) {
            Thread.sleep(10);
        }
        log("2. drain: filled in " + secs(filled - f0) + " s, file " + p.stats().fileBytes() / 1_000_000 + " MB;"
                + " starting the broker");
        long ack0 = p.stats().acknowledged();
        long b0 = System.nanoTime();
        startBroker();
        while (!p.connection.status().connected()) {
            Thread.sleep(1);
        }
        long c0 = System.nanoTime();
        // n data messages plus the birth certificate
        long done = p.awaitAcknowledged(ack0, n + 1, 900);
        p.close();
        double ours = rate(n, done - c0);
        log("2. drain: raw Paho " + n);
        double raw = rate(n, rawPublish(n, "raw-drain"));
        row("drain of a stored backlog after an outage, connect to last PUBACK", n,
                fmt(ours) + " msg/s (" + secs(done - c0) + " s; " + secs(done - b0) + " s from broker start)",
                fmt(raw) + " msg/s", ratio(ours, raw));
    }

    static void enqueue() throws Exception {
        log("3. offline enqueue");
        record Case(String durability, int threads, int n) { }
        for (Case c : List.of(new Case("SYNC", 1, ENQ_SYNC1_N), new Case("SYNC", 8, ENQ_SYNC8_N),
                new Case("BATCH", 1, ENQ_BATCH_N))) {
            // nothing listens on the port: the connection keeps retrying in the background, as during an outage
            Pipeline p = Pipeline.create("enq-" + c.durability + c.threads, c.durability,
                    Map.of("broker_url", "tcp://127.0.0.1:" + freePort()));
            long t0 = System.nanoTime();
            long t1 = p.publishAll(c.n, c.threads);
            p.close();
            double ours = rate(c.n, t1 - t0);
            double base = rate(c.n, storeAppends(c.durability, c.threads, c.n));
            row("offline enqueue, " + c.durability + ", " + c.threads + " thread" + (c.threads > 1 ? "s" : "")
                    + " (publish calls/s vs MessageStore.append/s)", c.n, fmt(ours) + " calls/s",
                    fmt(base) + " appends/s", ratio(ours, base));
        }
    }

    static void latency() throws Exception {
        for (String durability : List.of("SYNC", "BATCH")) {
            log("4. latency, pipeline " + durability);
            Pipeline p = Pipeline.connected("lat-" + durability, durability);
            long[] ours = measureLatency("edgeway/lat-" + durability + "/" + APP + "/lat", true,
                    i -> p.connection.publish(APP, "lat", Payload.builder().timestamp(Instant.now())
                            .metric("t", System.nanoTime()).build(), Qos.AT_LEAST_ONCE, 5));
            p.close();
            log("4. latency, raw Paho");
            MqttAsyncClient pub = rawClient("raw-lat-pub");
            Semaphore window = new Semaphore(WINDOW);
            long[] raw = measureLatency("edgeway/raw-lat/" + APP + "/lat", false, i -> {
                byte[] body = new byte[payloadSize];
                ByteBuffer.wrap(body).putLong(System.nanoTime());
                window.acquireUninterruptibly();
                pub.publish("edgeway/raw-lat/" + APP + "/lat", body, 1, false, null, release(window));
            });
            closeClient(pub);
            row("latency publish call to subscriber, " + durability + ", " + LAT_RATE + " msg/s, p50 / p99 / max",
                    LAT_N, ms(ours, 50) + " / " + ms(ours, 99) + " / " + ms(ours, 100) + " ms",
                    ms(raw, 50) + " / " + ms(raw, 99) + " / " + ms(raw, 100) + " ms",
                    ratio(pct(ours, 50), pct(raw, 50)) + " / " + ratio(pct(ours, 99), pct(raw, 99)) + " (p50 / p99)");
        }
    }

    // ---------------------------------------------------------------- raw baselines

    /** Raw Paho, MemoryPersistence, async with a window of 1000: ns from the first publish to the last PUBACK. */
    static long rawPublish(int n, String clientId) throws Exception {
        MqttAsyncClient client = rawClient(clientId);
        byte[] body = new byte[payloadSize];
        String topic = ACCOUNT + "/" + clientId + "/" + APP + "/data";
        Semaphore window = new Semaphore(WINDOW);
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger acked = new AtomicInteger();
        IMqttActionListener listener = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
                if (acked.incrementAndGet() == n) {
                    done.countDown();
                }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                throw new IllegalStateException("raw publish failed", exception);
            }
        };
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            window.acquire();
            while (true) {
                try {
                    client.publish(topic, body, 1, false, null, listener);
                    break;
                } catch (MqttException e) {
                    if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                        throw e;
                    }
                    Thread.onSpinWait();
                }
            }
        }
        if (!done.await(600, TimeUnit.SECONDS)) {
            throw new IllegalStateException("raw Paho: only " + acked.get() + " of " + n + " acknowledged");
        }
        long elapsed = System.nanoTime() - t0;
        closeClient(client);
        return elapsed;
    }

    /** The same appends straight into a MessageStore (same topic, same encoded bytes, same durability). */
    static long storeAppends(String durability, int threads, int n) throws Exception {
        Path file = Files.createTempDirectory(work, "store").resolve("cloud-direct.mv");
        MessageStore store = MessageStore.open(file, limits(), Durability.valueOf(durability), Clock.systemUTC());
        String topic = ACCOUNT + "/direct/" + APP + "/data";
        long elapsed = runThreads(n, threads, i -> store.append(topic, CODEC.encodeForWire(payload(i)), 1, 5));
        store.close();
        return elapsed;
    }

    static MessageStore.Limits limits() {
        return new MessageStore.Limits(4L << 30, 10_000_000, OverflowPolicy.REJECT_NEW, null);
    }

    static MqttAsyncClient rawClient(String clientId) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(WINDOW);
        options.setKeepAliveInterval(60);
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    static IMqttActionListener release(Semaphore window) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                window.release();
            }
        };
    }

    static void closeClient(MqttAsyncClient client) {
        try {
            client.disconnect(2000).waitForCompletion(3000);
        } catch (MqttException e) {
            // ignore
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // ignore
        }
    }

    // ---------------------------------------------------------------- latency

    interface Sender {
        void send(int i) throws Exception;
    }

    /** Sends LAT_N messages at LAT_RATE from one thread; a QoS 1 subscriber reads the stamp; returns latencies in ns. */
    static long[] measureLatency(String topic, boolean kura, Sender sender) throws Exception {
        long[] latencies = new long[LAT_N];
        AtomicInteger received = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        MqttAsyncClient sub = rawClient("sub-" + Math.abs(topic.hashCode()));
        sub.subscribe(topic, 1, (t, message) -> {
            long now = System.nanoTime();
            byte[] bytes = message.getPayload();
            long stamp = kura ? CODEC.decode(bytes).metric("t").orElseThrow().numberValue().longValue()
                    : ByteBuffer.wrap(bytes).getLong();
            int i = received.getAndIncrement();
            if (i < latencies.length) {
                latencies[i] = now - stamp;
            }
            if (i + 1 == latencies.length) {
                done.countDown();
            }
        }).waitForCompletion(10_000);
        long period = 1_000_000_000L / LAT_RATE;
        long next = System.nanoTime();
        for (int i = 0; i < LAT_N; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            sender.send(i);
            next += period;
        }
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("subscriber got " + received.get() + " of " + LAT_N);
        }
        closeClient(sub);
        Arrays.sort(latencies);
        return latencies;
    }

    static long pct(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String ms(long[] sorted, int p) {
        return String.format("%.2f", pct(sorted, p) / 1e6);
    }

    // ---------------------------------------------------------------- the pipeline under test

    /** An MqttCloudConnection built as DS would build it, in its own temporary home. */
    static final class Pipeline {
        final MqttCloudConnection connection;
        final MessageStore store;

        private Pipeline(MqttCloudConnection connection) throws ReflectiveOperationException {
            this.connection = connection;
            Field field = MqttCloudConnection.class.getDeclaredField("store");
            field.setAccessible(true);
            this.store = (MessageStore) field.get(connection);
        }

        static Pipeline create(String clientId, String durability, Map<String, Object> extra) throws Exception {
            Path home = Files.createTempDirectory(work, "home");
            Map<String, Object> values = new HashMap<>();
            values.put("broker_url", "tcp://127.0.0.1:" + port);
            values.put("client_id", clientId);
            values.put("account", ACCOUNT);
            values.put("store_durability", durability);
            values.put("inflight_max", WINDOW);
            values.put("store_max_messages", 10_000_000L);
            values.put("store_max_bytes", 4L << 30);
            values.put("store_overflow_policy", "REJECT_NEW");
            values.put("metrics_interval_s", 0); // attribute of newer builds; ignored where it does not exist
            values.putAll(extra);
            Class<?> configType = Class.forName("org.edgeway.cloud.internal.ConnectionConfig");
            Object config = Proxy.newProxyInstance(configType.getClassLoader(), new Class<?>[] {configType},
                    (proxy, method, args) -> {
                        if (values.containsKey(method.getName())) {
                            return values.get(method.getName());
                        }
                        return switch (method.getName()) {
                            case "annotationType" -> configType;
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            case "toString" -> "ConnectionConfig" + values;
                            default -> method.getDefaultValue();
                        };
                    });
            BundleContext context = (BundleContext) Proxy.newProxyInstance(CloudBench.class.getClassLoader(),
                    new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getProperty" -> "edgeway.home".equals(args[0]) ? home.toString() : null;
                        case "getDataFile" -> home.resolve("bundle-data").resolve((String) args[0]).toFile();
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "BundleContext(" + home + ")";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            GatewayIdentity identity = new GatewayIdentity() {
                final GatewayInfo info = new GatewayInfo(clientId, "bench", "bench", "bench", "0", "bench",
                        "0.1.0", "none", "0", Instant.now());

                @Override
                public GatewayInfo info() {
                    return info;
                }

                @Override
                public Duration uptime() {
                    return Duration.between(info.started(), Instant.now());
                }
            };
            Constructor<?> constructor = Stream.of(MqttCloudConnection.class.getConstructors())
                    .filter(c -> c.getParameterCount() == 3).findFirst().orElseThrow();
            return new Pipeline((MqttCloudConnection) constructor.newInstance(config, context, identity));
        }

        /** Created and connected, with its birth certificate acknowledged, so that the store is empty. */
        static Pipeline connected(String clientId, String durability) throws Exception {
            Pipeline p = create(clientId, durability, Map.of());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!p.connection.status().connected() || p.stats().acknowledged() < 1 || p.stats().messages() > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("pipeline did not connect: " + p.connection.status());
                }
                Thread.sleep(2);
            }
            return p;
        }

        MessageStore.Stats stats() {
            return store.stats();
        }

        /** n publish calls (QoS 1, priority 5) from `threads` threads; returns nanoTime when all returned. */
        long publishAll(int n, int threads) throws Exception {
            long t0 = System.nanoTime();
            return t0 + runThreads(n, threads, i -> connection.publish(APP, "data", payload(i), Qos.AT_LEAST_ONCE, 5));
        }

        /**
         * n publishAsync calls (QoS 1, priority 5) from this thread, at most `outstanding` stages not yet completed;
         * returns nanoTime when every stage completed (every message stored as durably as the mode promises).
         */
        long publishAllAsync(int n, int outstanding) throws Exception {
            Semaphore window = new Semaphore(outstanding);
            AtomicReference<Throwable> failed = new AtomicReference<>();
            for (int i = 0; i < n; i++) {
                window.acquire();
                connection.publishAsync(APP, "data", payload(i), Qos.AT_LEAST_ONCE, 5).whenComplete((v, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                    window.release();
                });
            }
            window.acquire(outstanding);
            if (failed.get() != null) {
                throw new IllegalStateException("a publishAsync failed", failed.get());
            }
            return System.nanoTime();
        }

        /**
         * Polls the store's own counter every millisecond: returns nanoTime when at least n more messages than
         * `from` were acknowledged by the broker (removed from the store by the forwarder's PUBACK callback).
         */
        long awaitAcknowledged(long from, long n, int timeoutS) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
            while (true) {
                long now = System.nanoTime();
                if (stats().acknowledged() - from >= n) {
                    return now;
                }
                if (now > deadline) {
                    throw new IllegalStateException("only " + (stats().acknowledged() - from) + " of " + n
                            + " acknowledged; " + stats() + " " + connection.status());
                }
                Thread.sleep(1);
            }
        }

        void close() throws ReflectiveOperationException {
            Method deactivate = MqttCloudConnection.class.getDeclaredMethod("deactivate");
            deactivate.setAccessible(true);
            deactivate.invoke(connection);
        }
    }

    static Payload payload(int i) {
        return Payload.builder().timestamp(Instant.now()).metric("sensor01", 20.0 + (i % 100) / 10.0).build();
    }

    interface Task {
        void run(int i) throws Exception;
    }

    /** Runs task(0..n-1) split over `threads` threads; returns ns from start to the last return. */
    static long runThreads(int n, int threads, Task task) throws Exception {
        List<Thread> list = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = (int) ((long) n * t / threads);
            int to = (int) ((long) n * (t + 1) / threads);
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = from; i < to; i++) {
                        task.run(i);
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "bench-" + t);
            thread.start();
            list.add(thread);
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread thread : list) {
            thread.join();
        }
        long elapsed = System.nanoTime() - t0;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("publisher failed", failures.get(0));
        }
        return elapsed;
    }

    // ---------------------------------------------------------------- mosquitto

    static void startBroker() throws Exception {
        Path conf = work.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "max_queued_messages 0",
                "max_inflight_messages 0",
                "persistence false",
                "user " + System.getProperty("user.name"),
                "log_dest none", ""));
        broker = new ProcessBuilder("mosquitto", "-c", conf.toString())
                .redirectOutput(work.resolve("mosquitto.log").toFile())
                .redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!broker.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("mosquitto did not start: "
                            + Files.readString(work.resolve("mosquitto.log")));
                }
                Thread.sleep(5);
            }
        }
    }

    static synchronized void stopBroker() {
        Process process = broker;
        broker = null;
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    // ---------------------------------------------------------------- output

    static double rate(long n, long nanos) {
        return n * 1e9 / nanos;
    }

    static String secs(long nanos) {
        return String.format("%.1f", nanos / 1e9);
    }

    static String fmt(double perSecond) {
        return String.format("%,d", Math.round(perSecond));
    }

    static String ratio(double ours, double base) {
        return String.format("%.2f", ours / base);
    }

    static void row(String what, int n, String ours, String base, String ratio) {
        System.out.println("| " + what + " | " + String.format("%,d", n) + " | " + ours + " | " + base + " | "
                + ratio + " |");
        System.out.flush();
    }

    static void log(String message) {
        System.err.println("[" + Instant.now() + "] " + message);
    }
}
