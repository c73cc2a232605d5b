package org.edgeway.transit.internal.counting;

import org.edgeway.api.transit.Occupancy;
import org.edgeway.api.transit.StopVisit;
import org.edgeway.api.transit.Trip;
import org.edgeway.api.transit.TripSummary;

/** What the stop-visit engine tells: called on the engine's thread, in order. */
public interface EngineEvents {

    void tripStarted(Trip trip, java.time.Instant start);

    void visitEnded(StopVisit visit);

    void tripEnded(TripSummary summary);

    /** The load changed (a count arrived, a trip ended). */
    void occupancyChanged(Occupancy occupancy);
}
