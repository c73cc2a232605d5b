package org.edgeway.demo.internal.hostapd;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passengers on the bus using its hotspot, played on a {@link HostapdSimulator} from a {@link Scenario}: they arrive
 * at random intervals, stay a while, transfer data (normal users in bursts, heavy users megabytes per second, idle
 * ones only right after connecting) with a signal wandering between -75 and -45 dBm, and leave. A passenger the
 * gateway deauthenticates is gone for good.
 * <p>
 * Time comes from the clock at each {@link #tick()}, so tests step a test clock instead of sleeping; the component
 * ticks once a second.
 */
public final class Script {

    static final int MIN_SIGNAL = -75;
    static final int MAX_SIGNAL = -45;
    private static final long MIN_STAY_MILLIS = 10_000;
    /** Idle passengers only fetch something (captive portal, updates) in their first seconds. */
    private static final long IDLE_ACTIVE_MILLIS = 15_000;
    /** Ticks further apart than this are treated as this long (a suspended machine, a debugger). */
    private static final long MAX_STEP_MILLIS = 60_000;
    private static final Logger LOG = LoggerFactory.getLogger(Script.class);

    enum Kind { NORMAL, IDLE, HEAVY }

    private record Passenger(Mac mac, Kind kind, long arrivedMillis, long leavesMillis) {
    }

    private final HostapdSimulator simulator;
    private final Scenario scenario;
    private final Clock clock;
    private final RandomGenerator random;

    // guarded by this
    private final List<Passenger> passengers = new ArrayList<>();
    private long lastTickMillis = Long.MIN_VALUE;
    private long nextArrivalMillis;
    private long arrivals;
    private long departures;
    private long deauthenticated;

    public Script(HostapdSimulator simulator, Scenario scenario, Clock clock) {
        this.simulator = simulator;
        this.scenario = scenario;
        this.clock = clock;
        this.random = scenario.seed() == 0 ? new SplittableRandom(new SecureRandom().nextLong())
                : new SplittableRandom(scenario.seed());
    }

    /** Plays the script up to the clock's time: arrivals, departures, traffic and signal since the last tick. */
    public synchronized void tick() {
        long now = clock.millis();
        if (lastTickMillis == Long.MIN_VALUE) {
            lastTickMillis = now;
            nextArrivalMillis = now; // the first passenger boards at once, so the demo has something to show
        }
        long step = Math.min(Math.max(0, now - lastTickMillis), MAX_STEP_MILLIS);
        lastTickMillis = now;
        int before = simulator.stationCount();
        leave(now);
        arrive(now);
        traffic(now, step);
        int after = simulator.stationCount();
        if (after != before) {
            LOG.debug("hostapd simulator: {} stations", after);
        }
    }

    /** Passengers the script has on board (connected, not yet left). */
    public synchronized int passengers() {
        return passengers.size();
    }

    public synchronized long arrivals() {
        return arrivals;
    }

    public synchronized long departures() {
        return departures;
    }

    /** Passengers who were deauthenticated by the gateway before they left. */
    public synchronized long deauthenticated() {
        return deauthenticated;
    }

    public Scenario scenario() {
        return scenario;
    }

    private void leave(long now) {
        for (Iterator<Passenger> it = passengers.iterator(); it.hasNext();) {
            Passenger passenger = it.next();
            if (simulator.station(passenger.mac()).isEmpty()) {
                it.remove(); // deauthenticated (or disconnected by hand)
                deauthenticated++;
            } else if (now >= passenger.leavesMillis()) {
                simulator.disconnect(passenger.mac());
                it.remove();
                departures++;
            }
        }
    }

    private void arrive(long now) {
        // bounded: after a long pause only the arrivals of the last MAX_STEP_MILLIS are played
        nextArrivalMillis = Math.max(nextArrivalMillis, now - MAX_STEP_MILLIS);
        while (nextArrivalMillis <= now) {
            if (simulator.stationCount() < scenario.maxStations()) {
                board(now);
            }
            nextArrivalMillis += Math.max(100, exponential(scenario.arrivalIntervalS() * 1000));
        }
    }

    private void board(long now) {
        Mac mac = Mac.randomLocal(random);
        int signal = MIN_SIGNAL + random.nextInt(MAX_SIGNAL - MIN_SIGNAL + 1);
        if (!simulator.connect(mac, signal)) {
            return; // the same random address twice: as unlikely as harmless
        }
        double kind = random.nextDouble();
        Kind chosen = kind < scenario.idleShare() ? Kind.IDLE
                : kind < scenario.idleShare() + scenario.heavyShare() ? Kind.HEAVY : Kind.NORMAL;
        long stay = Math.max(MIN_STAY_MILLIS, exponential(scenario.meanStayS() * 1000));
        passengers.add(new Passenger(mac, chosen, now, now + stay));
        arrivals++;
    }

    private void traffic(long now, long stepMillis) {
        double seconds = stepMillis / 1000.0;
        for (Passenger passenger : passengers) {
            // Passengers mostly download: hostapd's tx (to the station) is the big part, its rx (from it) the small one.
            long down = 0;
            long up = 0;
            switch (passenger.kind()) {
                case NORMAL -> {
                    if (random.nextDouble() < 0.4) { // browsing and messaging come in bursts
                        down = (long) (seconds * (20_000 + random.nextInt(180_000)));
                        up = down / 6;
                    }
                }
                case IDLE -> {
                    if (now - passenger.arrivedMillis() < IDLE_ACTIVE_MILLIS) {
                        down = (long) (seconds * (5_000 + random.nextInt(20_000)));
                        up = down / 4;
                    }
                }
                case HEAVY -> {
                    down = (long) (seconds * (500_000 + random.nextInt(2_000_000)));
                    up = down / 10;
                }
            }
            if (down + up > 0) {
                simulator.addTraffic(passenger.mac(), up, down);
            }
            simulator.station(passenger.mac()).ifPresent(station -> simulator.setSignal(passenger.mac(),
                    Math.max(MIN_SIGNAL, Math.min(MAX_SIGNAL, station.signal() + random.nextInt(7) - 3))));
        }
    }

    private long exponential(double meanMillis) {
        return (long) (-meanMillis * Math.log(1 - random.nextDouble()));
    }
}
