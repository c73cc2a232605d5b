package org.edgeway.api.transit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.edgeway.api.payload.Position;

/**
 * One stop visit: from the first door opening to the last door closing.
 *
 * @param visitId          unique per gateway and visit (stable across re-deliveries, for idempotent storage)
 * @param tripId           the trip, or null when none was known
 * @param tripStart        when that trip run started (with tripId it tells runs of the same trip apart), or null
 * @param line             the line, or null
 * @param stopId           the attributed stop, or null when the doors opened away from every stop
 * @param stopSequence     the stop's sequence in the trip, or null
 * @param stopName         the stop's name, or null
 * @param arrival          first door open
 * @param departure        last door close
 * @param position         where the vehicle stood, or null without a fix
 * @param counts           per door and object class, only non-zero entries, sorted by door then class
 * @param boardings        sum of boardings of the visit
 * @param alightings       sum of alightings of the visit
 * @param tripBoardings    cumulative boardings since trip start, this visit included
 * @param tripAlightings   cumulative alightings since trip start, this visit included
 * @param tripCounts       cumulative counts per door and object class since trip start, this visit included (so that
 *                         a lost visit message loses nothing: the next one carries the sums), non-zero entries only
 * @param occupancyAfter   load after the visit (never negative)
 * @param quality          what was wrong, empty when nothing was
 */
public record StopVisit(String visitId, String tripId, Instant tripStart, String line, String stopId,
        Integer stopSequence, String stopName, Instant arrival, Instant departure, Position position,
        List<DoorCount> counts, long boardings, long alightings, long tripBoardings, long tripAlightings,
        List<DoorCount> tripCounts, int occupancyAfter, Set<VisitQuality> quality) {

    /** Validates and copies. */
    public StopVisit {
        Objects.requireNonNull(visitId, "visitId");
        Objects.requireNonNull(arrival, "arrival");
        Objects.requireNonNull(departure, "departure");
        counts = List.copyOf(counts);
        tripCounts = List.copyOf(tripCounts);
        quality = Set.copyOf(quality);
        if (departure.isBefore(arrival)) {
            throw new IllegalArgumentException("departure " + departure + " is before arrival " + arrival);
        }
        if (occupancyAfter < 0) {
            throw new IllegalArgumentException("occupancyAfter must not be negative, was " + occupancyAfter);
        }
    }
}
