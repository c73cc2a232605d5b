package org.edgeway.transit.internal.ibisip;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.edgeway.api.transit.ClassCount;
import org.edgeway.api.transit.CountingSink;
import org.edgeway.api.transit.DoorReport;
import org.edgeway.api.transit.DoorState;
import org.edgeway.api.transit.ObjectClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Reads an IBIS-IP PassengerCountingService and delivers door reports to the sink: by polling GetAllData, or by
 * subscribing to AllData pushes (with GetAllData as a heartbeat when the device has been quiet, and a renewed
 * subscription then, since a restarted device forgets its subscribers). A door is reported when its state or one of
 * its counters changed since the last report for that door (the first time: every door).
 *
 * <p>Threads: one scheduler thread {@code edgeway-ibisip-pcs-<sensor>}, the HTTP client's
 * {@code edgeway-ibisip-pcs-<sensor>-http} threads, and in subscribe mode one push handler thread
 * {@code edgeway-ibisip-pcs-<sensor>-push}; all end in {@link #close}.
 */
final class PcsAdapter implements AutoCloseable {

    static final String SERVICE = "PassengerCountingService";
    /** How long a subscription may stay quiet before GetAllData checks the device and the subscription is renewed. */
    static final Duration HEARTBEAT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(PcsAdapter.class);

    /**
     * @param baseUrl      the device, for example {@code http://127.0.0.1:5031}
     * @param sensor       the sensor name for reports and availability
     * @param subscribe    true to subscribe, false to poll
     * @param poll         poll interval; in subscribe mode the retry interval while not subscribed
     * @param timeout      per request
     * @param callbackHost the address the device calls back (the push server listens there)
     * @param callbackPort the push server's port, 0 for any free one
     * @param callbackPath the push path
     * @param heartbeat    quiet time after which a subscription is checked and renewed
     */
    record Settings(URI baseUrl, String sensor, boolean subscribe, Duration poll, Duration timeout,
            String callbackHost, int callbackPort, String callbackPath, Duration heartbeat) {

        Settings {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(sensor, "sensor");
            Objects.requireNonNull(poll, "poll");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(heartbeat, "heartbeat");
        }
    }

    private final Settings settings;
    private final CountingSink sink;
    private final Clock clock;
    private final SensorHealth health;
    private final URI getAllData;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService httpThreads;
    private final HttpClient client;
    private final ExecutorService pushThread;
    private final HttpServer server;
    private final Map<String, DoorMemory> delivered = new HashMap<>(); // this
    private final Set<String> doorsWithSkippedCounts = new HashSet<>(); // this
    private volatile boolean subscribed;
    private volatile Instant lastContact = Instant.MIN;
    private volatile boolean closing;
    private final AtomicLong ticks = new AtomicLong();

    /** What was last reported for a door. */
    private static final class DoorMemory {
        DoorState state;
        final Map<ObjectClass, ClassCount> counts = new EnumMap<>(ObjectClass.class);
    }

    /**
     * Creates the adapter; in subscribe mode the push server listens at once. Nothing is sent before {@link #start}.
     *
     * @throws IOException when the push server cannot listen on the callback address
     */
    PcsAdapter(Settings settings, CountingSink sink, Clock clock) throws IOException {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        String name = "edgeway-ibisip-pcs-" + settings.sensor();
        this.health = new SensorHealth(sink, settings.sensor(), "IBIS-IP passenger counting at "
                + settings.baseUrl(), LOG);
        this.getAllData = IbisIpHttp.operation(settings.baseUrl(), SERVICE, "GetAllData");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(threads(name, false));
        this.httpThreads = Executors.newCachedThreadPool(threads(name + "-http", true));
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout()).executor(httpThreads)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        if (settings.subscribe()) {
            this.pushThread = Executors.newSingleThreadExecutor(threads(name + "-push", false));
            HttpServer s;
            try {
                s = HttpServer.create(new InetSocketAddress(settings.callbackHost(), settings.callbackPort()), 0);
            } catch (IOException e) {
                close();
                throw new IOException("cannot listen on " + settings.callbackHost() + ":" + settings.callbackPort()
                        + " for pushes: " + e.getMessage(), e);
            }
            s.createContext(settings.callbackPath(), this::onPush);
            s.setExecutor(pushThread);
            s.start();
            this.server = s;
        } else {
            this.pushThread = null;
            this.server = null;
        }
    }

    private static ThreadFactory threads(String name, boolean numbered) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, numbered ? name + "-" + n.incrementAndGet() : name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Starts polling, or subscribing. */
    void start() {
        scheduler.scheduleWithFixedDelay(this::tick, 0, settings.poll().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("IBIS-IP passenger counting {} at {}: {}", settings.sensor(), settings.baseUrl(),
                settings.subscribe() ? "subscribing, pushes to http://" + settings.callbackHost() + ":"
                        + callbackPort() + settings.callbackPath() : "polling every " + settings.poll().toMillis()
                        + " ms");
    }

    /** @return the push server's port (the chosen one when configured as 0), or -1 when polling */
    int callbackPort() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    private void tick() {
        try {
            if (!settings.subscribe()) {
                getAllData("");
            } else if (!subscribed) {
                subscribe(false);
            } else if (!clock.instant().isBefore(lastContact.plus(settings.heartbeat()))) {
                // quiet for a while: a restarted device would have forgotten us, so check it and subscribe again
                if (getAllData("heartbeat: ")) {
                    subscribe(true);
                } else {
                    subscribed = false;
                }
            }
        } catch (RuntimeException e) {
            // keeps the schedule alive: the executor would silently drop a task that threw
            LOG.error("IBIS-IP passenger counting {}: unexpected failure", settings.sensor(), e);
        }
        ticks.incrementAndGet();
    }

    /** @return how many poll/upkeep rounds have ended, for tests to wait on */
    long ticks() {
        return ticks.get();
    }

    /** @return true when the device answered with data */
    private boolean getAllData(String context) {
        try {
            PcsAllData data = IbisIpXml.parseAllData(IbisIpHttp.post(client, getAllData, new byte[0],
                    settings.timeout()));
            lastContact = clock.instant();
            health.ok();
            deliver(data);
            return true;
        } catch (IOException e) {
            fail(context + "GetAllData: " + problem(e));
        } catch (IbisIpException e) {
            fail(context + "GetAllData: " + e.getMessage());
        }
        return false;
    }

    private void subscribe(boolean renewal) {
        byte[] request = IbisIpXml.subscribeRequest(settings.callbackHost(), callbackPort(), settings.callbackPath());
        try {
            boolean active = IbisIpXml.parseActive(IbisIpHttp.post(client, IbisIpHttp.operation(settings.baseUrl(),
                    SERVICE, "SubscribeAllData"), request, settings.timeout()));
            if (!active) {
                subscribed = false;
                fail("SubscribeAllData: the device answered Active false");
                return;
            }
        } catch (IOException e) {
            subscribed = false;
            fail("SubscribeAllData: " + problem(e));
            return;
        } catch (IbisIpException e) {
            subscribed = false;
            fail("SubscribeAllData: " + e.getMessage());
            return;
        }
        if (renewal) {
            LOG.debug("IBIS-IP passenger counting {}: subscription renewed", settings.sensor());
            return;
        }
        subscribed = true;
        lastContact = clock.instant();
        LOG.info("IBIS-IP passenger counting {}: subscribed at {}", settings.sensor(), settings.baseUrl());
        // pushes come on changes only: read the present state once
        getAllData("after subscribing: ");
    }

    private void fail(String problem) {
        if (!closing) {
            health.failed(problem);
        }
    }

    private static String problem(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "timeout (" + e.getMessage() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void onPush(HttpExchange exchange) {
        try (exchange) {
            if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "POST");
                respond(exchange, 405, "text/plain", "POST only\n");
                return;
            }
            if (!settings.callbackPath().equals(exchange.getRequestURI().getPath())) {
                respond(exchange, 404, "text/plain", "not found\n");
                return;
            }
            byte[] body = readLimited(exchange.getRequestBody());
            if (body == null) {
                fail("pushed AllData over " + IbisIpXml.MAX_BODY + " bytes");
                respond(exchange, 413, "text/plain", "body exceeds " + IbisIpXml.MAX_BODY + " bytes\n");
                return;
            }
            PcsAllData data;
            try {
                data = IbisIpXml.parseAllData(body);
            } catch (IbisIpException e) {
                fail("pushed AllData: " + e.getMessage());
                respond(exchange, 400, "text/plain; charset=utf-8", e.getMessage() + "\n");
                return;
            }
            lastContact = clock.instant();
            health.ok();
            deliver(data);
            respond(exchange, 200, "text/xml; charset=utf-8", IbisIpXml.DATA_ACCEPTED);
        } catch (IOException | RuntimeException e) {
            LOG.debug("IBIS-IP passenger counting {}: push exchange failed: {}", settings.sensor(), e.toString());
        }
    }

    /** @return the body, or null when it is over the limit */
    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] body = in.readNBytes(IbisIpXml.MAX_BODY + 1);
        if (body.length > IbisIpXml.MAX_BODY) {
            in.transferTo(OutputStream.nullOutputStream()); // drain, so that the answer reaches the device
            return null;
        }
        return body;
    }

    private static void respond(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Reports each door whose state or counters changed since its last report. */
    private synchronized void deliver(PcsAllData data) {
        for (PcsAllData.CountingData door : data.doors()) {
            logSkipped(door);
            DoorMemory memory = delivered.get(door.doorId());
            boolean first = memory == null;
            if (first) {
                memory = new DoorMemory();
            }
            Optional<DoorState> state = door.state();
            boolean changed = state.isPresent() && state.get() != memory.state;
            for (ClassCount count : door.counts()) {
                changed |= !count.equals(memory.counts.get(count.objectClass()));
            }
            if (!changed) {
                continue;
            }
            if (first) {
                delivered.put(door.doorId(), memory);
            }
            if (state.isPresent()) {
                memory.state = state.get();
            }
            for (ClassCount count : door.counts()) {
                memory.counts.put(count.objectClass(), count);
            }
            try {
                sink.report(new DoorReport(settings.sensor(), door.doorId(), data.time(), state.orElse(null),
                        door.counts()));
            } catch (RuntimeException e) {
                LOG.error("IBIS-IP passenger counting {}: the counting sink failed on door {}", settings.sensor(),
                        door.doorId(), e);
            }
        }
    }

    /** ErrorCodes on counters are logged once per door and episode. */
    private void logSkipped(PcsAllData.CountingData door) {
        if (!door.skipped().isEmpty()) {
            if (doorsWithSkippedCounts.add(door.doorId())) {
                LOG.warn("IBIS-IP passenger counting {}: door {} reports counters unavailable: {} (left out until "
                        + "they have values again)", settings.sensor(), door.doorId(), door.skipped());
            }
        } else if (doorsWithSkippedCounts.remove(door.doorId())) {
            LOG.info("IBIS-IP passenger counting {}: door {} reports all counters again", settings.sensor(),
                    door.doorId());
        }
    }

    /** Stops polling, unsubscribes (best effort), stops the push server and every thread. */
    @Override
    public void close() {
        closing = true;
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(settings.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                LOG.warn("IBIS-IP passenger counting {}: poll thread did not end", settings.sensor());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (server != null && subscribed) {
            try {
                IbisIpHttp.post(client, IbisIpHttp.operation(settings.baseUrl(), SERVICE, "UnsubscribeAllData"),
                        IbisIpXml.subscribeRequest(settings.callbackHost(), callbackPort(), settings.callbackPath()),
                        settings.timeout().compareTo(Duration.ofSeconds(2)) < 0 ? settings.timeout()
                                : Duration.ofSeconds(2));
                LOG.info("IBIS-IP passenger counting {}: unsubscribed", settings.sensor());
            } catch (IOException e) {
                LOG.info("IBIS-IP passenger counting {}: UnsubscribeAllData failed ({}); the device drops the "
                        + "subscription when pushes fail", settings.sensor(), problem(e));
            }
            subscribed = false;
        }
        if (server != null) {
            server.stop(0);
        }
        if (pushThread != null) {
            pushThread.shutdownNow();
        }
        httpThreads.shutdownNow();
    }
}
