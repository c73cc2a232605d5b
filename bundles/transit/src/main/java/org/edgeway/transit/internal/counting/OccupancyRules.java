package org.edgeway.transit.internal.counting;

import java.time.Instant;

import org.edgeway.api.transit.Occupancy;
import org.edgeway.api.transit.OccupancyStatus;

/**
 * Turns a load into a GTFS-Realtime occupancy: percentage of seated plus standing design capacity (rounded to a
 * coarse step so that no single passenger shows) and a status from thresholds.
 *
 * @param seated                    seats (0 = capacity unknown: no percentage, status only EMPTY or NO_DATA_AVAILABLE)
 * @param standing                  standing places
 * @param percentageStep            rounding step of the percentage, 1 to 50
 * @param manySeatsPercentOfSeats   below this share of the seats taken: MANY_SEATS_AVAILABLE; up to all seats taken:
 *                                  FEW_SEATS_AVAILABLE
 * @param crushedPercent            from this percentage of the total capacity: CRUSHED_STANDING_ROOM_ONLY (below it,
 *                                  once the seats are taken: STANDING_ROOM_ONLY)
 * @param fullPercent               from this percentage of the total capacity: FULL
 */
public record OccupancyRules(int seated, int standing, int percentageStep, int manySeatsPercentOfSeats,
        int crushedPercent, int fullPercent) {

    /** Validates. */
    public OccupancyRules {
        if (seated < 0 || standing < 0) {
            throw new IllegalArgumentException("capacity must not be negative (seated " + seated + ", standing " + standing + ")");
        }
        if (percentageStep < 1 || percentageStep > 50) {
            throw new IllegalArgumentException("percentage step must be 1 to 50, was " + percentageStep);
        }
        if (manySeatsPercentOfSeats < 0 || manySeatsPercentOfSeats > 100) {
            throw new IllegalArgumentException("many-seats threshold must be 0 to 100 % of the seats, was " + manySeatsPercentOfSeats);
        }
        if (crushedPercent < 1 || fullPercent < crushedPercent) {
            throw new IllegalArgumentException("thresholds must satisfy 1 <= crushed (" + crushedPercent
                    + ") <= full (" + fullPercent + ")");
        }
    }

    /**
     * @param time   when
     * @param tripId the current trip or null
     * @param load   passengers on board, not negative
     * @return the occupancy
     */
    public Occupancy evaluate(Instant time, String tripId, int load) {
        int capacity = seated + standing;
        if (capacity == 0) {
            return new Occupancy(time, tripId, load, null, load == 0 ? OccupancyStatus.EMPTY : OccupancyStatus.NO_DATA_AVAILABLE);
        }
        double exact = load * 100.0 / capacity;
        int percentage = (int) (Math.round(exact / percentageStep) * percentageStep);
        OccupancyStatus status;
        if (load == 0) {
            status = OccupancyStatus.EMPTY;
        } else if (load * 100L < (long) seated * manySeatsPercentOfSeats) {
            status = OccupancyStatus.MANY_SEATS_AVAILABLE;
        } else if (load <= seated) {
            status = OccupancyStatus.FEW_SEATS_AVAILABLE;
        } else if (load * 100L < (long) capacity * crushedPercent) {
            status = OccupancyStatus.STANDING_ROOM_ONLY;
        } else if (load * 100L < (long) capacity * fullPercent) {
            status = OccupancyStatus.CRUSHED_STANDING_ROOM_ONLY;
        } else {
            status = OccupancyStatus.FULL;
        }
        return new Occupancy(time, tripId, load, percentage, status);
    }
}
