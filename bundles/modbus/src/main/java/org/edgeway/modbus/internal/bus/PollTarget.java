package org.edgeway.modbus.internal.bus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.edgeway.modbus.internal.plan.ReadRequest;
import org.edgeway.modbus.internal.profile.RegisterReader;

/** One device polled by a {@link BusScheduler}: a meter. Its methods run on the bus thread. */
public interface PollTarget {

    /** For logs. */
    String name();

    int unitId();

    Duration pollInterval();

    /**
     * Called before the first poll and after a poll in which every read failed, until it returns true: a device that
     * must be asked what it is first (SunSpec) reads here. Reads go through the bus like any other.
     *
     * @return whether {@link #requests()} is ready
     * @throws Exception if the device could not be prepared; the target is tried again after a backoff
     */
    boolean prepare(RegisterReader reader) throws Exception;

    /** The reads of one poll, as planned. */
    List<ReadRequest> requests();

    /** One poll is complete: every request of {@link #requests()} with its outcome, in order. */
    void polled(Instant at, Map<ReadRequest, ReadOutcome> outcomes);
}
