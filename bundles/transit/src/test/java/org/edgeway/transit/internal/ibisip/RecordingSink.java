package org.edgeway.transit.internal.ibisip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.edgeway.api.transit.CountingSink;
import org.edgeway.api.transit.DoorReport;

/** A counting sink that queues what it gets, for tests to wait on. */
public final class RecordingSink implements CountingSink {

    /** An availability call. */
    public record Availability(String sensor, boolean available, String problem) {
    }

    public final BlockingQueue<DoorReport> reports = new LinkedBlockingQueue<>();
    public final BlockingQueue<Availability> availability = new LinkedBlockingQueue<>();

    @Override
    public void report(DoorReport report) {
        reports.add(report);
    }

    @Override
    public void sensorAvailability(String sensor, boolean available, String problem) {
        availability.add(new Availability(sensor, available, problem));
    }

    /** Waits up to 10 s for the next report. */
    public DoorReport nextReport() throws InterruptedException {
        DoorReport report = reports.poll(10, TimeUnit.SECONDS);
        assertThat(report).as("a report within 10 s").isNotNull();
        return report;
    }

    /** Waits up to 10 s for the next availability call. */
    public Availability nextAvailability() throws InterruptedException {
        Availability a = availability.poll(10, TimeUnit.SECONDS);
        assertThat(a).as("an availability call within 10 s").isNotNull();
        return a;
    }
}
