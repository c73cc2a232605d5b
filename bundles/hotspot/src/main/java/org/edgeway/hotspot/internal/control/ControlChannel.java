package org.edgeway.hotspot.internal.control;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Request/reply over one {@link ControlTransport}: one request at a time, each reply matched to its request.
 *
 * <p>Datagrams have no request ids, so matching relies on order: before sending, whatever is still queued (a late
 * reply to a request that timed out) is drained; after sending, the first datagram that is not an event
 * ({@code <N>...}) is the reply. Events met on the way (only an ATTACHed socket gets them) go to the event sink, in
 * order, so none is lost to a request.
 */
final class ControlChannel implements AutoCloseable {

    /** Bounds the drain, so that a flood of datagrams cannot keep a request from being sent. */
    private static final int MAX_DRAINED = 256;

    private final ControlTransport transport;
    private final int timeoutMillis;
    private final Consumer<String> events;
    private long staleReplies;

    /**
     * @param timeoutMillis how long a request waits for its reply
     * @param events        receives event datagrams met while draining or waiting (the request socket passes
     *                      a sink that drops them: hostapd sends none there)
     */
    ControlChannel(ControlTransport transport, int timeoutMillis, Consumer<String> events) {
        this.transport = transport;
        this.timeoutMillis = timeoutMillis;
        this.events = events;
    }

    /**
     * Sends {@code command} and waits for its reply.
     *
     * @throws HostapdException when sending fails, or no reply comes within the timeout (messages name the command's
     *                          first word only: arguments may be MAC addresses)
     */
    synchronized String request(String command) throws HostapdException {
        String verb = HostapdReplies.verb(command);
        try {
            drain();
            transport.send(command);
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (true) {
                long remaining = (deadline - System.nanoTime()) / 1_000_000L;
                String datagram = remaining > 0 ? transport.receive((int) remaining) : null;
                if (datagram == null) {
                    throw new HostapdException("no reply to " + verb + " from " + transport.describe() + " within "
                            + timeoutMillis + " ms");
                }
                if (HostapdReplies.isEvent(datagram)) {
                    events.accept(datagram);
                } else {
                    return datagram;
                }
            }
        } catch (IOException e) {
            throw new HostapdException(verb + " to " + transport.describe() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for one datagram and passes it on if it is an event (a stray reply is
     * dropped).
     *
     * @return true when a datagram came
     */
    synchronized boolean awaitEvent(int timeoutMillis) throws HostapdException {
        try {
            String datagram = transport.receive(timeoutMillis);
            if (datagram == null) {
                return false;
            }
            if (HostapdReplies.isEvent(datagram)) {
                events.accept(datagram);
            } else {
                staleReplies++;
            }
            return true;
        } catch (IOException e) {
            throw new HostapdException("receiving from " + transport.describe() + " failed: " + e.getMessage(), e);
        }
    }

    private void drain() throws IOException {
        for (int i = 0; i < MAX_DRAINED; i++) {
            String stale = transport.receive(1);
            if (stale == null) {
                return;
            }
            if (HostapdReplies.isEvent(stale)) {
                events.accept(stale);
            } else {
                staleReplies++;
            }
        }
    }

    /** @return replies that came too late for their request and were dropped */
    synchronized long staleReplies() {
        return staleReplies;
    }

    String describe() {
        return transport.describe();
    }

    @Override
    public void close() {
        transport.close();
    }
}
