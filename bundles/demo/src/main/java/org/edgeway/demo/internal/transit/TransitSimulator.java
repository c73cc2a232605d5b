package org.edgeway.demo.internal.transit;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.edgeway.demo.internal.transit.Scenario.Door;
import org.edgeway.demo.internal.transit.Scenario.Protocol;
import org.edgeway.demo.internal.transit.Timeline.CountIncrement;
import org.edgeway.demo.internal.transit.Timeline.DoorChange;
import org.edgeway.demo.internal.transit.Timeline.Event;
import org.edgeway.demo.internal.transit.Timeline.PositionSample;
import org.edgeway.demo.internal.transit.Timeline.TripProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a {@link Scenario} in real time: a bus on its route (NMEA over TCP), the counting sensors of its doors
 * (IBIS-IP over HTTP and JSON lines over TCP) and its trip context (IBIS-IP CustomerInformationService). A plain
 * class, usable without OSGi; {@link TransitSimulatorComponent} runs it in the demo.
 *
 * <p>The servers listen from construction on, so clients can connect before {@link #start()}. The timeline plays on
 * one thread, {@value #THREAD_NAME}, paced by the monotonic clock; if it falls behind, late events are sent at once,
 * in order. Counters are cumulative and never reset, also across passes.
 */
public final class TransitSimulator implements Closeable {

    public static final String THREAD_NAME = "edgeway-demo-transit";
    private static final Logger LOG = LoggerFactory.getLogger(TransitSimulator.class);

    private final Scenario scenario;
    private final Timeline timeline;
    private final boolean loop;
    private final Clock clock;
    private final Map<String, Protocol> protocols;
    private final NmeaServer nmea;
    private final IbisIpServer ibisIp;
    private final JsonLinesServer jsonLines;
    private final Set<String> openDoors = new HashSet<>();
    private final Object passes = new Object();
    private int passesCompleted;
    private volatile boolean running;
    private Thread player;
    private boolean dispatchFailing;

    /** Binds 127.0.0.1. Ports 0 choose free ports. */
    public TransitSimulator(Scenario scenario, int nmeaPort, int ibisIpPort, int jsonLinesPort, boolean loop)
            throws IOException {
        this(scenario, InetAddress.getLoopbackAddress(), nmeaPort, ibisIpPort, jsonLinesPort, loop, Clock.systemUTC());
    }

    /**
     * Starts the three servers (not yet the playback).
     *
     * @param address the address to listen on
     * @param nmeaPort NMEA over TCP; 0 for a free port
     * @param ibisIpPort IBIS-IP HTTP; 0 for a free port
     * @param jsonLinesPort JSON lines over TCP; 0 for a free port
     * @param loop run the trips again and again, or stop after one pass
     * @param clock the wall clock for the timestamps in what the servers send
     * @throws IOException naming the server, address and port when one cannot listen (none is left open)
     */
    public TransitSimulator(Scenario scenario, InetAddress address, int nmeaPort, int ibisIpPort, int jsonLinesPort,
            boolean loop, Clock clock) throws IOException {
        this.scenario = scenario;
        this.timeline = Timeline.of(scenario);
        this.loop = loop;
        this.clock = clock;
        this.protocols = scenario.doors().stream().collect(Collectors.toMap(Door::id, Door::protocol));
        NmeaServer nmeaServer = null;
        IbisIpServer ibisIpServer = null;
        try {
            nmeaServer = new NmeaServer(address, nmeaPort);
            ibisIpServer = new IbisIpServer(scenario, address, ibisIpPort, clock);
            this.jsonLines = new JsonLinesServer(scenario, address, jsonLinesPort, clock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ibisIpServer);
            closeQuietly(nmeaServer);
            throw e;
        }
        this.nmea = nmeaServer;
        this.ibisIp = ibisIpServer;
    }

    /** Starts playing the timeline on the thread {@value #THREAD_NAME}. */
    public synchronized void start() {
        if (player != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        player = new Thread(this::play, THREAD_NAME);
        player.setDaemon(true);
        player.start();
    }

    public Scenario scenario() {
        return scenario;
    }

    public Timeline timeline() {
        return timeline;
    }

    public int nmeaPort() {
        return nmea.port();
    }

    public int ibisIpPort() {
        return ibisIp.port();
    }

    public int jsonLinesPort() {
        return jsonLines.port();
    }

    /** How many passes over all trips have completed so far. */
    public int passesCompleted() {
        synchronized (passes) {
            return passesCompleted;
        }
    }

    /**
     * Waits until a full pass over all trips has been played (at once if one has).
     *
     * @return whether a pass completed within the timeout
     */
    public boolean awaitPassCompleted(Duration timeout) throws InterruptedException {
        return awaitPasses(1, timeout);
    }

    /** Waits until {@code count} passes have been played; false when the timeout ran out first. */
    public boolean awaitPasses(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (passes) {
            while (passesCompleted < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(passes, left);
            }
            return true;
        }
    }

    /** Stops the playback and the servers; the ports are free afterwards. */
    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            running = false;
            thread = player;
        }
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly(jsonLines);
        closeQuietly(ibisIp);
        closeQuietly(nmea);
    }

    private void play() {
        long passNanos = TimeUnit.MILLISECONDS.toNanos(timeline.passDurationMillis());
        long start = System.nanoTime();
        for (long pass = 0; running; pass++) {
            long passStart = start + pass * passNanos;
            for (Event event : timeline.events()) {
                if (!waitUntil(passStart + TimeUnit.MILLISECONDS.toNanos(event.offsetMillis()))) {
                    return;
                }
                dispatch(event);
            }
            if (!waitUntil(passStart + passNanos)) {
                return;
            }
            synchronized (passes) {
                passesCompleted++;
                passes.notifyAll();
            }
            LOG.debug("demo transit simulator: pass {} of '{}' completed", pass + 1, scenario.name());
            if (!loop) {
                LOG.info("demo transit simulator: '{}' played once, the bus stays at the terminus", scenario.name());
                return;
            }
        }
    }

    /** Parks until the monotonic clock reaches {@code target}; false when closed meanwhile. */
    private boolean waitUntil(long target) {
        while (running) {
            long left = target - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(this, left);
        }
        return false;
    }

    private void dispatch(Event event) {
        try {
            if (event instanceof PositionSample p) {
                nmea.publish(p.lat(), p.lon(), p.speedMps(), p.trackDegrees(), clock.instant());
            } else if (event instanceof DoorChange d) {
                if (d.open()) {
                    openDoors.add(d.door());
                } else {
                    openDoors.remove(d.door());
                }
                ibisIp.setVehicleDoorsOpen(!openDoors.isEmpty());
                if (isIbisIp(d.door())) {
                    ibisIp.setDoorOpen(d.door(), d.open());
                } else {
                    jsonLines.setDoorOpen(d.door(), d.open());
                }
            } else if (event instanceof CountIncrement c) {
                Count increment = new Count(c.boardings(), c.alightings());
                if (isIbisIp(c.door())) {
                    ibisIp.count(c.door(), c.objectClass(), increment);
                } else {
                    jsonLines.count(c.door(), c.objectClass(), increment);
                }
            } else if (event instanceof TripProgress t) {
                ibisIp.setTripProgress(t.trip(), t.stopSequence(), t.atStop());
            }
            if (dispatchFailing) {
                dispatchFailing = false;
                LOG.info("demo transit simulator: events are delivered again");
            }
        } catch (RuntimeException e) {
            if (!dispatchFailing) {
                dispatchFailing = true;
                LOG.warn("demo transit simulator: cannot deliver {}: {}", event, e.toString(), e);
            }
        }
    }

    private boolean isIbisIp(String door) {
        return protocols.get(door) == Protocol.IBISIP;
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing {}: {}", closeable, e.toString());
            }
        }
    }
}
