package org.edgeway.position.internal.source;

import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source that runs sessions on one thread of its own: open the link, read until it fails, wait (1 s doubling up to
 * the configured maximum), open it again, until {@link #close()}. Logs once per episode: when the link cannot be
 * opened (not again for every retry), when data flows, and when a working link is lost.
 */
public abstract class ReconnectingSource implements PositionSource {

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingSource.class);
    private static final long JOIN_MILLIS = 5_000;

    /** Where the reports go. */
    protected final SourceListener listener;
    /** Timing of the link. */
    protected final SourceSettings settings;
    private final String description;
    private final Backoff backoff;
    private final Thread thread;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Object linkLock = new Object();
    private AutoCloseable link; // guarded by linkLock
    private volatile boolean closed;

    // state of the source thread only
    private boolean reportedConnected;
    private boolean flowing;
    private boolean failureLogged;
    private int failedAttempts;

    /**
     * @param threadName  the name of the source's thread, for example {@code edgeway-position-gpsd}
     * @param description what the source reads from, for logs and {@link #description()}
     * @param settings    timing
     * @param listener    where the reports go
     */
    protected ReconnectingSource(String threadName, String description, SourceSettings settings,
            SourceListener listener) {
        this.description = description;
        this.settings = settings;
        this.listener = listener;
        this.backoff = settings.backoff();
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /**
     * One session: open the link (registering it with {@link #attach}), report {@link #sessionUp()} and
     * {@link #dataFlowing()}, read until the link fails.
     *
     * @throws IOException when the link cannot be opened or fails; the source waits and calls this again
     */
    protected abstract void session() throws IOException;

    @Override
    public final void start() {
        thread.start();
    }

    @Override
    public final String description() {
        return description;
    }

    /** @return true once {@link #close()} was called: a session returns as soon as it sees this */
    protected final boolean isClosed() {
        return closed;
    }

    /**
     * Registers the link of the current session so that {@link #close()} can close it to unblock a read.
     *
     * @param resource the socket or port
     * @param <T>      its type
     * @return the resource
     * @throws IOException (after closing the resource) when the source is already closing
     */
    protected final <T extends AutoCloseable> T attach(T resource) throws IOException {
        synchronized (linkLock) {
            if (closed) {
                closeQuietly(resource);
                throw new IOException("source closed");
            }
            link = resource;
        }
        return resource;
    }

    /** The link is open (port open, TCP up): {@code status().connected()} becomes true. */
    protected final void sessionUp() {
        if (!reportedConnected) {
            reportedConnected = true;
            listener.connected(true);
        }
    }

    /**
     * Valid data arrived (for gpsd: the watch was accepted): the link works, so the reconnect delay starts over, and
     * the connection is logged once.
     */
    protected final void dataFlowing() {
        if (!flowing) {
            flowing = true;
            backoff.reset();
            if (failedAttempts > 0) {
                LOG.info("Position source {}: connected (after {} failed attempt{})", description, failedAttempts,
                        failedAttempts == 1 ? "" : "s");
            } else {
                LOG.info("Position source {}: connected", description);
            }
            failedAttempts = 0;
            failureLogged = false;
        }
    }

    private void run() {
        LOG.debug("Position source {}: started", description);
        while (!closed) {
            String failure;
            try {
                session();
                failure = "session ended";
            } catch (IOException e) {
                failure = describe(e);
            } catch (RuntimeException e) {
                // a bug, not a link problem: logged with its stack, then handled like a failed link
                LOG.error("Position source {}: unexpected failure", description, e);
                failure = "unexpected failure: " + e;
            } finally {
                closeLink();
            }
            if (closed) {
                break;
            }
            endOfSession(failure);
            try {
                if (closing.await(backoff.next().toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (reportedConnected) {
            reportedConnected = false;
            listener.connected(false);
        }
        LOG.debug("Position source {}: stopped", description);
    }

    private void endOfSession(String failure) {
        if (reportedConnected) {
            reportedConnected = false;
            listener.connected(false);
        }
        listener.problem(failure);
        if (flowing) {
            flowing = false;
            failureLogged = true;
            LOG.warn("Position source {}: connection lost ({}); reconnecting with backoff up to {} s", description,
                    failure, backoff.max().toSeconds());
            return;
        }
        failedAttempts++;
        if (!failureLogged) {
            failureLogged = true;
            LOG.warn("Position source {}: {}; retrying with backoff up to {} s (logged again once it works)",
                    description, failure, backoff.max().toSeconds());
        } else {
            LOG.debug("Position source {}: attempt {} failed: {}", description, failedAttempts, failure);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof EOFException) {
            return "closed by the other end";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private void closeLink() {
        AutoCloseable current;
        synchronized (linkLock) {
            current = link;
            link = null;
        }
        closeQuietly(current);
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            LOG.debug("closing a position link failed", e);
        }
    }

    /** Stops the thread: closes the link to unblock a read and waits up to 5 s for the thread to end. */
    @Override
    public final void close() {
        closed = true;
        closing.countDown();
        closeLink();
        if (Thread.currentThread() != thread && thread.isAlive()) {
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("Position source {}: thread {} did not stop within {} ms", description, thread.getName(),
                        JOIN_MILLIS);
            }
        }
    }

    /** @return true while the source's thread runs */
    public final boolean isRunning() {
        return thread.isAlive();
    }
}
