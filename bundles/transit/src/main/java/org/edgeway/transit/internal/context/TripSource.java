package org.edgeway.transit.internal.context;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

import org.edgeway.api.transit.Trip;

/**
 * Where the vehicle context comes from: static configuration, a GTFS feed, or the on-board computer's IBIS-IP
 * CustomerInformationService. One source is active at a time; the vehicle context component owns it.
 */
public interface TripSource extends AutoCloseable {

    /**
     * Starts the source. {@code onChange} is called (from any thread, never concurrently) whenever the current trip
     * changes, including to empty; a source that knows its trip at once calls it before returning.
     *
     * @param onChange receives the new current trip
     */
    void start(Consumer<Optional<Trip>> onChange);

    /** @return the trip the vehicle runs now, or empty */
    Optional<Trip> currentTrip();

    /**
     * The on-board computer's current stop sequence (IBIS-IP CurrentStopIndex), for attributing visits when stops
     * have no coordinates or there is no fix. Only the IBIS-IP source knows it.
     *
     * @return the sequence of the stop the vehicle is at or approaching, or empty
     */
    default OptionalInt currentStopSequence() {
        return OptionalInt.empty();
    }

    /**
     * Tells the source that the current trip run reached its last stop and the doors closed there. A source that
     * decides trips itself (configuration with a return trip, a GTFS schedule) answers with the next trip, which then
     * becomes its current trip (it does not call {@code onChange} for it: the caller starts it, so that boardings at
     * the terminus go to the new trip). A source that follows the on-board computer answers empty and reports the
     * next trip through {@code onChange} when the computer does.
     *
     * @param trip the trip that ended
     * @param when the departure from its last stop
     * @return the trip the vehicle runs next, or empty
     */
    default Optional<Trip> tripCompleted(Trip trip, Instant when) {
        return Optional.empty();
    }

    /** Stops the source: threads ended, connections closed. */
    @Override
    void close();
}
