package org.edgeway.demo.internal;

import java.time.Clock;

import org.edgeway.api.payload.Payload;

/**
 * A depot electricity meter, deterministic so tests can check it (the demo's bus, with its position and door
 * sensors, is the transit simulator in {@code org.edgeway.demo.internal.transit}).
 * Each tick advances the simulation by one step. Meter readings carry the run id ({@code run}) and the number of
 * the step ({@code seq}: 1 after the first tick, one more per tick), so that a receiver can tell which readings of
 * a run it has and which are missing.
 */
final class SimulatedDevices {

    private final Clock clock;
    private final String run;
    private long step;
    private double energyKwh = 12_345.0;

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

    private double powerKw() {
        return 40.0 + 15.0 * Math.sin(step / 10.0);
    }
}
