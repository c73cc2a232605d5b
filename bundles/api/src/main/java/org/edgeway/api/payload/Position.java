package org.edgeway.api.payload;

import java.time.Instant;

/**
 * A geographic position, as carried by Kura's {@code KuraPosition}. Only latitude and longitude are required;
 * every other component may be null when unknown.
 *
 * @param latitude   WGS84 latitude in degrees, -90 to 90
 * @param longitude  WGS84 longitude in degrees, -180 to 180
 * @param altitude   altitude above mean sea level in metres, or null
 * @param precision  horizontal dilution of precision or accuracy estimate in metres, or null
 * @param heading    course over ground in degrees 0 to 360, or null
 * @param speed      speed over ground in metres per second, not negative, or null
 * @param timestamp  time of the fix, or null
 * @param satellites number of satellites used, not negative, or null
 * @param status     fix status (Kura: 1 no fix, 2 2D, 4 3D; receivers may use other codes), or null
 */
public record Position(double latitude, double longitude, Double altitude, Double precision, Double heading,
        Double speed, Instant timestamp, Integer satellites, Integer status) {

    /**
     * Validates the ranges.
     *
     * @throws IllegalArgumentException naming the first component out of range
     */
    public Position {
        requireRange("latitude", latitude, -90, 90);
        requireRange("longitude", longitude, -180, 180);
        if (altitude != null && !Double.isFinite(altitude)) {
            throw new IllegalArgumentException("altitude must be finite, was " + altitude);
        }
        if (precision != null) {
            requireRange("precision", precision, 0, Double.MAX_VALUE);
        }
        if (heading != null) {
            requireRange("heading", heading, 0, 360);
        }
        if (speed != null) {
            requireRange("speed", speed, 0, Double.MAX_VALUE);
        }
        if (satellites != null && satellites < 0) {
            throw new IllegalArgumentException("satellites must not be negative, was " + satellites);
        }
    }

    /**
     * Creates a position with latitude and longitude only.
     *
     * @param latitude  degrees, -90 to 90
     * @param longitude degrees, -180 to 180
     * @return the position
     */
    public static Position of(double latitude, double longitude) {
        return new Position(latitude, longitude, null, null, null, null, null, null, null);
    }

    private static void requireRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
