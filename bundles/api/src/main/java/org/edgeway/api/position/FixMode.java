package org.edgeway.api.position;

/** How good a fix is, as gpsd's TPV {@code mode} and NMEA's GGA fix quality / RMC status tell it. */
public enum FixMode {
    /** The receiver has no position (gpsd mode 0/1, RMC status V, GGA quality 0). */
    NO_FIX,
    /** Latitude and longitude without a trustworthy altitude (gpsd mode 2). */
    FIX_2D,
    /** Latitude, longitude and altitude (gpsd mode 3, or a GGA with altitude). */
    FIX_3D;

    /** @return the Kura {@code KuraPosition.status} code: 1 no fix, 2 2D, 4 3D */
    public int kuraStatus() {
        return switch (this) {
            case NO_FIX -> 1;
            case FIX_2D -> 2;
            case FIX_3D -> 4;
        };
    }
}
