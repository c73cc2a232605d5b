package org.edgeway.transit.internal.jsonlines;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.edgeway.api.transit.CountingSink;
import org.edgeway.transit.internal.ibisip.SensorHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the JSON lines counting protocol from a connection (TCP client or serial port) and delivers each accepted
 * line to the sink, in order. When the connection fails or ends it reconnects, waiting 1 s, then twice as long each
 * time up to 30 s (back to 1 s after a connection that delivered a line or lasted 10 s). Rejected lines are logged
 * once per episode: the first one with its reason, then how many followed when a line is accepted again.
 *
 * <p>One thread, {@code edgeway-jsonlines-<sensor>}, connects and reads; {@link #close} ends it.
 */
final class JsonLinesAdapter implements AutoCloseable {

    /** The longest line, in bytes without the newline. */
    static final int MAX_LINE = 4096;
    /** A connection that lasted this long, or delivered a line, resets the reconnect wait. */
    static final Duration STABLE = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesAdapter.class);

    /** An open connection to the sensor. Closing it from another thread ends a blocked read. */
    interface Connection extends Closeable {
        InputStream input() throws IOException;
    }

    /** Opens connections; {@link #toString()} describes the endpoint for logs. */
    interface Connector {
        Connection open() throws IOException;
    }

    /**
     * @param sensor     the sensor name
     * @param minBackoff the first wait before reconnecting
     * @param maxBackoff the longest wait
     */
    record Settings(String sensor, Duration minBackoff, Duration maxBackoff) {
        Settings {
            Objects.requireNonNull(sensor, "sensor");
            Objects.requireNonNull(minBackoff, "minBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
        }
    }

    private final Settings settings;
    private final Connector connector;
    private final CountingSink sink;
    private final Clock clock;
    private final SensorHealth health;
    private final ScheduledExecutorService thread;
    private final Object lock = new Object();
    private Connection connection; // lock
    private boolean closed; // lock
    private volatile Duration backoff; // reader thread writes
    private long rejectedInEpisode; // reader thread only
    private long lines; // reader thread only

    JsonLinesAdapter(Settings settings, Connector connector, CountingSink sink, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.health = new SensorHealth(sink, settings.sensor(), "JSON lines counting on " + connector, LOG);
        this.backoff = settings.minBackoff();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edgeway-jsonlines-" + settings.sensor());
            t.setDaemon(true);
            return t;
        });
    }

    /** @return the wait before the next connection attempt, for tests */
    Duration backoff() {
        return backoff;
    }

    /** Connects and starts reading. */
    void start() {
        thread.execute(this::session);
        LOG.info("JSON lines counting {} on {}", settings.sensor(), connector);
    }

    /** One connection: open, read until it fails or ends, then plan the next one. */
    private void session() {
        Connection c;
        try {
            c = connector.open();
        } catch (IOException | RuntimeException e) {
            retry("cannot connect: " + message(e));
            return;
        }
        synchronized (lock) {
            if (closed) {
                closeQuietly(c);
                return;
            }
            connection = c;
        }
        health.ok();
        LOG.debug("JSON lines counting {}: connected to {}", settings.sensor(), connector);
        long connectedAt = System.nanoTime();
        long linesBefore = lines;
        String problem;
        try {
            LineReader reader = new LineReader(c.input(), MAX_LINE);
            LineReader.Line line;
            while ((line = reader.next()) != null) {
                handle(line);
            }
            problem = "connection ended";
        } catch (IOException | RuntimeException e) {
            problem = "read failed: " + message(e);
        } finally {
            synchronized (lock) {
                connection = null;
            }
            closeQuietly(c);
        }
        // a peer that accepts and hangs up at once must not make us reconnect (and log) every second
        if (lines > linesBefore || System.nanoTime() - connectedAt >= STABLE.toNanos()) {
            backoff = settings.minBackoff();
        }
        retry(problem);
    }

    private void retry(String problem) {
        synchronized (lock) {
            if (closed) {
                return;
            }
        }
        health.failed(problem);
        Duration wait = backoff;
        backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff()
                : backoff.multipliedBy(2);
        try {
            thread.schedule(this::session, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void handle(LineReader.Line line) {
        lines++;
        if (line.problem() != null) {
            rejected(line.problem());
            return;
        }
        if (line.text().isBlank()) {
            return; // keep-alive or an empty line between records: nothing to say
        }
        JsonLineParser.Result result = JsonLineParser.parse(line.text(), settings.sensor(), clock.instant());
        if (result instanceof JsonLineParser.Rejected r) {
            rejected(r.reason());
            return;
        }
        if (rejectedInEpisode > 0) {
            LOG.info("JSON lines counting {}: lines accepted again after {} rejected", settings.sensor(),
                    rejectedInEpisode);
            rejectedInEpisode = 0;
        }
        try {
            sink.report(((JsonLineParser.Accepted) result).report());
        } catch (RuntimeException e) {
            LOG.error("JSON lines counting {}: the counting sink failed", settings.sensor(), e);
        }
    }

    private void rejected(String reason) {
        if (rejectedInEpisode++ == 0) {
            LOG.warn("JSON lines counting {}: line {} rejected: {} (further rejections are counted until a line is "
                    + "accepted)", settings.sensor(), lines, reason);
        } else {
            LOG.debug("JSON lines counting {}: line {} rejected: {}", settings.sensor(), lines, reason);
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            // closing a failed connection: nothing left to save
        }
    }

    /** Ends the connection and the thread. */
    @Override
    public void close() {
        Connection c;
        synchronized (lock) {
            closed = true;
            c = connection;
        }
        if (c != null) {
            closeQuietly(c); // ends the blocked read
        }
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("JSON lines counting {}: reader thread did not end", settings.sensor());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
