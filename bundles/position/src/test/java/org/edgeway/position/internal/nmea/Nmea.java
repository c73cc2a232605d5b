package org.edgeway.position.internal.nmea;

import java.util.Locale;

/** Builds test sentences with a correct checksum, computed here independently of the parser. */
public final class Nmea {

    private Nmea() {
    }

    /** {@code $body*HH} with the XOR checksum of {@code body}. */
    public static String sentence(String body) {
        int sum = 0;
        for (char c : body.toCharArray()) {
            sum ^= c;
        }
        return "$" + body + "*" + String.format(Locale.ROOT, "%02X", sum);
    }

    /** A GGA with a 3D fix: {@code time} hhmmss.ss, coordinates in NMEA form (e.g. "4807.038", "N"). */
    public static String gga(String talker, String time, String lat, String ns, String lon, String ew) {
        return sentence(talker + "GGA," + time + "," + lat + "," + ns + "," + lon + "," + ew
                + ",1,08,0.9,545.4,M,46.9,M,,");
    }

    /** A valid RMC: speed in knots, track in degrees, date ddmmyy. */
    public static String rmc(String talker, String time, String lat, String ns, String lon, String ew, String knots,
            String track, String date) {
        return sentence(talker + "RMC," + time + ",A," + lat + "," + ns + "," + lon + "," + ew + "," + knots + ","
                + track + "," + date + ",,,A");
    }

    /** NMEA ddmm.mmmmmm of a latitude (absolute value). */
    public static String latitude(double degrees) {
        double a = Math.abs(degrees);
        int d = (int) a;
        return String.format(Locale.ROOT, "%02d%09.6f", d, (a - d) * 60);
    }

    /** NMEA dddmm.mmmmmm of a longitude (absolute value). */
    public static String longitude(double degrees) {
        double a = Math.abs(degrees);
        int d = (int) a;
        return String.format(Locale.ROOT, "%03d%09.6f", d, (a - d) * 60);
    }
}
