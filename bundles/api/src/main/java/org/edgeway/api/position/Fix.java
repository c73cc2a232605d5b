package org.edgeway.api.position;

import java.time.Instant;
import java.util.Objects;

import org.edgeway.api.payload.Position;

/**
 * One position report from a GNSS receiver. A {@link FixMode#NO_FIX} report carries no usable coordinates
 * (they are 0 and must not be used); every other mode carries a valid latitude and longitude.
 *
 * @param time            the receiver's UTC time of the fix, never null
 * @param mode            fix quality, never null
 * @param latitude        WGS84 degrees, -90 to 90
 * @param longitude       WGS84 degrees, -180 to 180
 * @param altitude        metres above mean sea level, or null
 * @param speed           speed over ground in metres per second, not negative, or null when unknown
 * @param track           course over ground in degrees 0 to 360, or null
 * @param horizontalError estimated horizontal error in metres (gpsd epx/epy; HDOP x 5 m for NMEA), or null
 * @param satellites      satellites used in the fix, or null
 * @param source          where the fix came from (for example {@code gpsd:127.0.0.1:2947}), never null
 */
public record Fix(Instant time, FixMode mode, double latitude, double longitude, Double altitude, Double speed,
        Double track, Double horizontalError, Integer satellites, String source) {

    /** Mean Earth radius used for distances (IUGG), in metres. */
    private static final double EARTH_RADIUS_M = 6_371_008.8;

    /**
     * Validates every component.
     *
     * @throws IllegalArgumentException naming the first invalid component
     */
    public Fix {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(source, "source");
        if (!(latitude >= -90 && latitude <= 90)) {
            throw new IllegalArgumentException("latitude must be between -90 and 90, was " + latitude);
        }
        if (!(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("longitude must be between -180 and 180, was " + longitude);
        }
        if (altitude != null && !Double.isFinite(altitude)) {
            throw new IllegalArgumentException("altitude must be finite, was " + altitude);
        }
        if (speed != null && !(speed >= 0 && Double.isFinite(speed))) {
            throw new IllegalArgumentException("speed must be a finite value >= 0, was " + speed);
        }
        if (track != null && !(track >= 0 && track <= 360)) {
            throw new IllegalArgumentException("track must be between 0 and 360, was " + track);
        }
        if (horizontalError != null && !(horizontalError >= 0 && Double.isFinite(horizontalError))) {
            throw new IllegalArgumentException("horizontalError must be a finite value >= 0, was " + horizontalError);
        }
        if (satellites != null && satellites < 0) {
            throw new IllegalArgumentException("satellites must not be negative, was " + satellites);
        }
    }

    /**
     * A report that the receiver has no position.
     *
     * @param time   the receiver's time of the report
     * @param source where it came from
     * @return a {@link FixMode#NO_FIX} fix
     */
    public static Fix noFix(Instant time, String source) {
        return new Fix(time, FixMode.NO_FIX, 0, 0, null, null, null, null, null, source);
    }

    /** @return true when the coordinates are usable (mode is 2D or 3D) */
    public boolean hasPosition() {
        return mode != FixMode.NO_FIX;
    }

    /**
     * Converts to the payload position Kura carries.
     *
     * @return the position
     * @throws IllegalStateException when this is a {@link FixMode#NO_FIX} report
     */
    public Position toPosition() {
        if (!hasPosition()) {
            throw new IllegalStateException("a NO_FIX report has no position");
        }
        return new Position(latitude, longitude, altitude, horizontalError, track, speed, time, satellites,
                mode.kuraStatus());
    }

    /**
     * Great-circle distance to a point (haversine; good to a few centimetres at the scale of a bus stop).
     *
     * @param otherLatitude  degrees
     * @param otherLongitude degrees
     * @return metres
     */
    public double distanceTo(double otherLatitude, double otherLongitude) {
        return distanceMetres(latitude, longitude, otherLatitude, otherLongitude);
    }

    /**
     * Great-circle distance between two WGS84 points (haversine on a sphere of mean Earth radius).
     *
     * @param lat1 degrees
     * @param lon1 degrees
     * @param lat2 degrees
     * @param lon2 degrees
     * @return metres
     */
    public static double distanceMetres(double lat1, double lon1, double lat2, double lon2) {
        double phi1 = Math.toRadians(lat1);
        double phi2 = Math.toRadians(lat2);
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
                + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
