package org.edgeway.api.transit;

/**
 * Whiteboard listener for transit events: register a service with this interface. Calls come one at a time from
 * the counting bundle's thread; return quickly and never throw (exceptions are logged).
 */
public interface TransitListener {

    /**
     * A trip run started.
     *
     * @param trip the trip
     */
    default void tripStarted(Trip trip) {
    }

    /**
     * A stop visit ended (and its late counts are in).
     *
     * @param visit the visit
     */
    default void visitEnded(StopVisit visit) {
    }

    /**
     * A trip run ended.
     *
     * @param summary its balance
     */
    default void tripEnded(TripSummary summary) {
    }
}
