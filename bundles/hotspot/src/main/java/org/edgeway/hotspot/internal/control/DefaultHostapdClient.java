package org.edgeway.hotspot.internal.control;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hostapd control client: a request socket for commands and, like wpa_cli, a second socket ATTACHed for events,
 * so that an event is never taken for a reply.
 *
 * <p>A thread {@value #THREAD_NAME} connects both sockets, ATTACHes, delivers station events to the listener and
 * PINGs the attached socket every ping interval. When hostapd is gone (no PONG, socket path missing,
 * CTRL-EVENT-TERMINATING, a send fails) it reports {@code connectionChanged(false, reason)} once, logs once, and
 * retries with a backoff from 1 s doubling to 30 s; when hostapd is back it re-ATTACHes (a restarted hostapd has
 * forgotten the old attachment) and reports {@code connectionChanged(true, null)}.
 *
 * <p>MAC addresses never reach a log line: events and replies are logged by name or count only.
 */
public final class DefaultHostapdClient implements HostapdClient {

    static final String THREAD_NAME = "edgeway-hostapd-events";
    static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Guards {@link #stations()} against a hostapd whose STA-NEXT never ends. */
    static final int MAX_STATIONS = 2007; // the 802.11 association id limit

    private static final Logger LOG = LoggerFactory.getLogger(DefaultHostapdClient.class);

    private final HostapdClientSettings settings;
    private final int timeoutMillis;
    private final long pingMillis;
    private final AtomicLong socketNames = new AtomicLong();
    private final AtomicLong ignoredEvents = new AtomicLong();
    private final AtomicLong malformedEvents = new AtomicLong();
    private final Object lifecycle = new Object();

    private volatile boolean running;
    private volatile boolean connected;
    private volatile ControlChannel requests;
    private volatile ControlChannel events;
    private volatile String problem = "not started";
    private Thread thread;
    private HostapdListener listener;

    /** Event-thread only: set by the event sink when hostapd announced it is stopping. */
    private boolean terminating;
    /** Event-thread only: set when {@link #connectAndServe()} attached, so the next failure starts a new episode. */
    private boolean connectedOnce;

    public DefaultHostapdClient(HostapdClientSettings settings) {
        this.settings = settings;
        this.timeoutMillis = (int) settings.requestTimeout().toMillis();
        this.pingMillis = settings.pingInterval().toMillis();
    }

    @Override
    public void start(HostapdListener listener) {
        synchronized (lifecycle) {
            if (thread != null) {
                throw new IllegalStateException("the hostapd client was already started");
            }
            this.listener = listener;
            running = true;
            problem = "connecting";
            thread = new Thread(this::run, THREAD_NAME);
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public boolean connected() {
        return connected;
    }

    /** @return events received that the hotspot does not use (AP-ENABLED, WPS-..., ...) */
    public long ignoredEvents() {
        return ignoredEvents.get();
    }

    /** @return event datagrams that could not be read (bad level prefix, station event without a MAC) */
    public long malformedEvents() {
        return malformedEvents.get();
    }

    @Override
    public HostapdStatus status() throws HostapdException {
        return HostapdReplies.parseStatus(channel().request("STATUS"));
    }

    @Override
    public List<StationInfo> stations() throws HostapdException {
        ControlChannel channel = channel();
        List<StationInfo> stations = new ArrayList<>();
        Set<MacAddress> seen = new HashSet<>();
        String command = "STA-FIRST";
        Optional<StationInfo> station = HostapdReplies.parseStation(command, channel.request(command));
        while (station.isPresent()) {
            MacAddress mac = station.get().mac();
            if (!seen.add(mac)) {
                throw new HostapdException("STA-NEXT returned a station already listed; the station list is abandoned");
            }
            if (stations.size() >= MAX_STATIONS) {
                throw new HostapdException("STA-NEXT went past " + MAX_STATIONS + " stations; the list is abandoned");
            }
            stations.add(station.get());
            command = "STA-NEXT " + mac.protocolText();
            station = HostapdReplies.parseStation(command, channel.request(command));
        }
        return stations;
    }

    /** {@code STA <mac>}: one station, or empty when hostapd does not know it. */
    public Optional<StationInfo> station(MacAddress station) throws HostapdException {
        String command = "STA " + station.protocolText();
        return HostapdReplies.parseStation(command, channel().request(command));
    }

    @Override
    public boolean deauthenticate(MacAddress station) throws HostapdException {
        String command = "DEAUTHENTICATE " + station.protocolText();
        return HostapdReplies.okOrFail(command, channel().request(command));
    }

    @Override
    public boolean reload() throws HostapdException {
        return HostapdReplies.okOrFail("RELOAD", channel().request("RELOAD"));
    }

    private ControlChannel channel() throws HostapdException {
        ControlChannel channel = requests;
        if (channel == null) {
            throw new HostapdException("hostapd control connection to " + settings.describe() + " is down ("
                    + problem + ")");
        }
        return channel;
    }

    /** Stops the thread, closes both sockets and removes the client's socket files. Idempotent. */
    @Override
    public void close() {
        Thread worker;
        synchronized (lifecycle) {
            running = false;
            problem = "closed";
            lifecycle.notifyAll();
            worker = thread;
        }
        // closing the sockets wakes the thread from a blocking receive
        closeQuietly(events);
        closeQuietly(requests);
        if (worker != null && worker != Thread.currentThread()) {
            try {
                worker.join(Math.max(5_000, 2L * timeoutMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (worker.isAlive()) {
                LOG.warn("the {} thread did not stop within the timeout", THREAD_NAME);
            }
        }
    }

    private void run() {
        long backoff = INITIAL_BACKOFF.toMillis();
        boolean downReported = false;
        while (running) {
            connectedOnce = false;
            String why = connectAndServe();
            if (!running) {
                break;
            }
            if (connectedOnce) {
                // it was up: this failure starts a new episode
                backoff = INITIAL_BACKOFF.toMillis();
                downReported = false;
            }
            problem = why;
            if (!downReported) {
                downReported = true;
                LOG.warn("{}; retrying", why);
                notifyConnection(false, why);
            } else {
                LOG.debug("hostapd still unreachable: {}", why);
            }
            if (!sleep(backoff)) {
                break;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
        }
        connected = false;
    }

    /** Connects, attaches and serves events until hostapd is gone or the client closes; returns why it ended. */
    private String connectAndServe() {
        ControlChannel request = null;
        ControlChannel event = null;
        try {
            request = new ControlChannel(openTransport(), timeoutMillis, datagram -> {
                // hostapd sends events only to attached sockets; one here is dropped unread
            });
            requests = request;
            event = new ControlChannel(openTransport(), timeoutMillis, this::onEvent);
            events = event;
            if (!running) {
                return "closed";
            }
            terminating = false;
            if (!HostapdReplies.okOrFail("ATTACH", event.request("ATTACH"))) {
                return "hostapd refused ATTACH on " + settings.describe();
            }
            connected = true;
            connectedOnce = true;
            problem = null;
            LOG.info("hostapd control connection to {} is up (attached)", settings.describe());
            notifyConnection(true, null);
            return serve(event);
        } catch (NoSuchFileException e) {
            return "hostapd control socket " + settings.describe() + " does not exist";
        } catch (HostapdException e) {
            return "hostapd control connection failed: " + e.getMessage(); // the message names the socket
        } catch (IOException e) {
            return "hostapd control connection to " + settings.describe() + " failed: " + e.getMessage();
        } finally {
            // no DETACH: hostapd drops a monitor whose socket is gone, and a vanished hostapd would not answer it
            connected = false;
            requests = null;
            events = null;
            closeQuietly(request);
            closeQuietly(event);
        }
    }

    private String serve(ControlChannel event) throws HostapdException {
        long nextPing = System.nanoTime() + pingMillis * 1_000_000L;
        while (running) {
            long wait = (nextPing - System.nanoTime()) / 1_000_000L;
            if (wait > 0) {
                event.awaitEvent((int) Math.min(wait, Integer.MAX_VALUE));
            } else {
                String reply = event.request("PING");
                if (!terminating && !HostapdReplies.isPong(reply)) {
                    return "hostapd at " + settings.describe() + " did not answer PING with PONG";
                }
                nextPing = System.nanoTime() + pingMillis * 1_000_000L;
            }
            if (terminating) {
                return "hostapd at " + settings.describe() + " is terminating (CTRL-EVENT-TERMINATING)";
            }
        }
        return "closed";
    }

    private ControlTransport openTransport() throws IOException, HostapdException {
        return switch (settings.transport()) {
            case UNIX -> UnixDatagramTransport.open(settings.socketPath(), settings.clientSocketDirectory(),
                    socketNames::incrementAndGet);
            case UDP -> UdpTransport.open(settings.host(), settings.port(), timeoutMillis);
        };
    }

    /** The event sink of the attached socket (event thread). */
    private void onEvent(String datagram) {
        HostapdEvent event = HostapdReplies.parseEvent(datagram);
        switch (event.kind()) {
            case STATION_CONNECTED -> deliver(event, true);
            case STATION_DISCONNECTED -> deliver(event, false);
            case TERMINATING -> terminating = true;
            case IGNORED -> ignoredEvents.incrementAndGet();
            case MALFORMED -> {
                // counted, not logged per datagram: a station event's text holds a MAC address
                if (malformedEvents.incrementAndGet() == 1) {
                    LOG.warn("hostapd sent an event that cannot be read ({}); such events are counted and dropped",
                            event.name().isEmpty() ? "no <level> prefix" : event.name());
                }
            }
        }
    }

    private void deliver(HostapdEvent event, boolean connectedEvent) {
        try {
            if (connectedEvent) {
                listener.stationConnected(event.station());
            } else {
                listener.stationDisconnected(event.station());
            }
        } catch (RuntimeException e) {
            // the exception's text is not logged: it may describe the station
            LOG.warn("the hostapd listener failed on {}: {}", event.name(), e.getClass().getName());
        }
    }

    private void notifyConnection(boolean up, String why) {
        try {
            listener.connectionChanged(up, why);
        } catch (RuntimeException e) {
            LOG.warn("the hostapd listener failed on a connection change", e);
        }
    }

    /** @return false when the client closed while sleeping */
    private boolean sleep(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (lifecycle) {
            while (running) {
                long remaining = (deadline - System.nanoTime()) / 1_000_000L;
                if (remaining <= 0) {
                    return true;
                }
                try {
                    lifecycle.wait(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    private static void closeQuietly(ControlChannel channel) {
        if (channel != null) {
            channel.close();
        }
    }
}
