package org.edgeway.demo.internal;

import java.time.Clock;

import org.edgeway.api.payload.Payload;
import org.edgeway.api.payload.Position;

/**
 * A depot electricity meter and a bus driving a loop through Berlin-Mitte, deterministic so tests can check them.
 * Each tick advances the simulation by one step. Meter readings carry the run id ({@code run}) and the number of
 * the step ({@code seq}: 1 after the first tick, one more per tick), so that a receiver can tell which readings of
 * a run it has and which are missing.
 */
final class SimulatedDevices {

    /** A few real stops (lat, lon) the bus drives between. */
    private static final double[][] ROUTE = {
            {52.52080, 13.40940}, // Alexanderplatz
            {52.51710, 13.40190}, // Berliner Rathaus
            {52.51630, 13.38880}, // Unter den Linden / Friedrichstr.
            {52.51860, 13.37620}, // Reichstag
            {52.52510, 13.36940}, // Hauptbahnhof
    };
    private static final int STEPS_PER_LEG = 10;
    private static final int SEATS_AND_STANDING = 90;

    private final Clock clock;
    private final String run;
    private long step;
    private double energyKwh = 12_345.0;
    private int occupancy;

    SimulatedDevices(Clock clock, String run) {
        this.clock = clock;
        this.run = run;
    }

    /** The id of this run, the metric {@code run} of every meter reading. */
    String run() {
        return run;
    }

    /** The sequence number of the current meter reading: the number of ticks so far. */
    long seq() {
        return step;
    }

    void tick() {
        step++;
        energyKwh += powerKw() / 1800.0; // two seconds of consumption at the current power
        int boarding = (int) (step % 7);
        int alighting = (int) (step % 5);
        occupancy = Math.max(0, Math.min(SEATS_AND_STANDING, occupancy + boarding - alighting));
    }

    Payload meterReading() {
        return Payload.builder().timestamp(clock.instant())
                .metric("energy.import.kwh", Math.round(energyKwh * 1000) / 1000.0)
                .metric("power.active.kw", powerKw())
                .metric("voltage.l1.v", 230.0 + Math.sin(step / 3.0) * 2.0)
                .metric("seq", step)
                .metric("run", run)
                .build();
    }

    Payload busReading() {
        return Payload.builder().timestamp(clock.instant())
                .position(position())
                .metric("occupancy", occupancy)
                .metric("occupancy.percent", occupancy * 100 / SEATS_AND_STANDING)
                .metric("line", "100")
                .build();
    }

    private double powerKw() {
        return 40.0 + 15.0 * Math.sin(step / 10.0);
    }

    private Position position() {
        int leg = (int) ((step / STEPS_PER_LEG) % ROUTE.length);
        double fraction = (step % STEPS_PER_LEG) / (double) STEPS_PER_LEG;
        double[] from = ROUTE[leg];
        double[] to = ROUTE[(leg + 1) % ROUTE.length];
        double latitude = from[0] + (to[0] - from[0]) * fraction;
        double longitude = from[1] + (to[1] - from[1]) * fraction;
        return new Position(latitude, longitude, 34.0, 2.5, null, 8.3, clock.instant(), 9, 4);
    }
}
