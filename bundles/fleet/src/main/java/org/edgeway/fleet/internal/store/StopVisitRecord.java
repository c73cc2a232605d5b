package org.edgeway.fleet.internal.store;

import java.time.Instant;
import java.util.Map;

/**
 * One APC-V1 {@code stopvisit} message.
 *
 * @param visitId    unique per visit, stable across re-deliveries
 * @param tripId     null without a trip ({@code NO_TRIP}); then tripStart and line are null too
 * @param stopId     null without a stop; then stopSequence and stopName are null too
 * @param occupancy  the load after the visit
 * @param quality    comma-separated flags, empty when none
 * @param doorCounts this visit's counts per {@code door.class.in|out} (e.g. {@code "1.adult.in" -> 5})
 */
public record StopVisitRecord(String account, String clientId, String visitId, String tripId, Instant tripStart,
        String line, String stopId, Integer stopSequence, String stopName, Instant arrival, Instant departure,
        int boardings, int alightings, int occupancy, String quality, Map<String, Integer> doorCounts,
        Double latitude, Double longitude) {

    /** Validates and copies. */
    public StopVisitRecord {
        Check.id("account", account);
        Check.id("clientId", clientId);
        Check.id("visitId", visitId);
        Check.optionalId("tripId", tripId);
        if (tripId != null) {
            Check.notNull("tripStart", tripStart);
        }
        Check.optionalId("line", line);
        Check.optionalId("stopId", stopId);
        if (stopSequence != null) {
            Check.notNegative("stopSequence", stopSequence);
        }
        Check.text("stopName", stopName, Check.MAX_ID);
        Check.notNull("arrival", arrival);
        Check.notNull("departure", departure);
        if (departure.isBefore(arrival)) {
            throw new IllegalArgumentException("departure " + departure + " is before arrival " + arrival);
        }
        Check.notNegative("boardings", boardings);
        Check.notNegative("alightings", alightings);
        Check.notNegative("occupancy", occupancy);
        Check.text("quality", quality, Check.MAX_TEXT);
        quality = quality == null ? "" : quality;
        doorCounts = Check.doorCounts(doorCounts);
        Check.position(latitude, longitude);
    }
}
