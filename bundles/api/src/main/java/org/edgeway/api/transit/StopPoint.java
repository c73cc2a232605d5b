package org.edgeway.api.transit;

import java.util.Objects;

/**
 * A stop (GTFS {@code stops.txt}: a stop or platform).
 *
 * @param stopId    the stop's id in the operator's data (GTFS stop_id, IBIS-IP StopRef), never blank
 * @param name      a display name, may be empty
 * @param latitude  WGS84 degrees, or null when unknown (then only the stop sequence can attribute visits)
 * @param longitude WGS84 degrees, or null when unknown
 */
public record StopPoint(String stopId, String name, Double latitude, Double longitude) {

    /** Validates. */
    public StopPoint {
        Objects.requireNonNull(stopId, "stopId");
        if (stopId.isBlank()) {
            throw new IllegalArgumentException("stopId must not be blank");
        }
        name = name == null ? "" : name;
        if ((latitude == null) != (longitude == null)) {
            throw new IllegalArgumentException("stop " + stopId + ": latitude and longitude must both be given or both be absent");
        }
        if (latitude != null && !(latitude >= -90 && latitude <= 90)) {
            throw new IllegalArgumentException("stop " + stopId + ": latitude must be between -90 and 90, was " + latitude);
        }
        if (longitude != null && !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("stop " + stopId + ": longitude must be between -180 and 180, was " + longitude);
        }
    }

    /** @return true when the stop has coordinates */
    public boolean hasPosition() {
        return latitude != null;
    }
}
