package org.edgeway.api.transit;

/** Why a stop visit's data may be less than perfect. An empty set means nothing was wrong. */
public enum VisitQuality {
    /** No position fix during the visit: the stop could not be attributed by position. */
    NO_POSITION,
    /** The doors opened away from every stop of the trip (the visit has a position and no stop). */
    AWAY_FROM_STOP,
    /** The vehicle was moving faster than the configured limit when the doors opened. */
    MOVING,
    /** No trip was known: the visit has no trip, line or stop. */
    NO_TRIP,
    /** The stop was taken from the on-board computer's current stop index (IBIS-IP), not from the position. */
    STOP_FROM_SEQUENCE,
    /** A sensor reported Defect, Sabotage or Other for a count of this visit. */
    SENSOR_QUALITY,
    /** A sensor could not be read during the visit. */
    SENSOR_UNAVAILABLE,
    /** A report named a door the vehicle does not have: its counts were kept under that door id. */
    UNKNOWN_DOOR,
    /** A counter went down (sensor reset): counting resumed from the new value. */
    COUNTER_RESET,
    /** A count step was beyond what a door can pass between two reports: it was kept, and flagged. */
    IMPLAUSIBLE_COUNT,
    /** A report was older than one already accepted from the same sensor and door: its door state was ignored. */
    OUT_OF_ORDER,
    /** Counts arrived while all doors were closed: they were added to this (the nearest) visit. */
    COUNTS_OUTSIDE_DOORS_OPEN,
    /** More alightings than passengers on board: the occupancy was held at zero. */
    OCCUPANCY_CLAMPED
}
