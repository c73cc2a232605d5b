package org.edgeway.demo.internal.transit;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Streams the bus's position as NMEA 0183 over TCP, like a GNSS receiver with a network output: for every fix a
 * {@code $GPGGA} and a {@code $GPRMC} sentence with the same UTC time, CRLF-terminated, to every connected client.
 * gpsd can read it ({@code gpsd tcp://host:port}) or a gateway can connect directly.
 *
 * <p>The sentences are formatted here rather than with a library: two fixed sentence shapes, and the simulator
 * needs nothing else of NMEA.
 */
public final class NmeaServer implements Closeable {

    private static final double METERS_PER_SECOND_PER_KNOT = 0.514444;
    /** A good fix: what a receiver with a clear view of the sky reports. */
    private static final String QUALITY = "1";
    private static final String SATELLITES = "09";
    private static final String HDOP = "0.9";
    private static final String ALTITUDE_M = "35.0";
    /** Height of the geoid above the WGS84 ellipsoid, about 40 m in Berlin. */
    private static final String GEOID_SEPARATION_M = "39.9";

    private final LineBroadcaster broadcaster;

    /**
     * Listens at once.
     *
     * @param port 0 for a free port
     * @throws IOException naming address and port when it cannot listen
     */
    public NmeaServer(InetAddress address, int port) throws IOException {
        this.broadcaster = new LineBroadcaster("nmea", address, port, "\r\n", List::of);
    }

    /** The port it listens on. */
    public int port() {
        return broadcaster.port();
    }

    /** Sends one fix to every client, timestamped {@code time} (the wall-clock time of emission). */
    public void publish(double lat, double lon, double speedMps, double trackDegrees, Instant time) {
        broadcaster.broadcast(sentences(lat, lon, speedMps, trackDegrees, time));
    }

    LineBroadcaster broadcaster() {
        return broadcaster;
    }

    @Override
    public void close() {
        broadcaster.close();
    }

    /** The GGA and RMC sentences of one fix, without line ends. */
    static List<String> sentences(double lat, double lon, double speedMps, double trackDegrees, Instant time) {
        OffsetDateTime utc = time.atOffset(ZoneOffset.UTC);
        String clock = String.format(Locale.ROOT, "%02d%02d%02d.%02d", utc.getHour(), utc.getMinute(),
                utc.getSecond(), utc.getNano() / 10_000_000);
        String date = String.format(Locale.ROOT, "%02d%02d%02d", utc.getDayOfMonth(), utc.getMonthValue(),
                utc.getYear() % 100);
        String position = latitude(lat) + "," + longitude(lon);
        String gga = "GPGGA," + clock + "," + position + "," + QUALITY + "," + SATELLITES + "," + HDOP + ","
                + ALTITUDE_M + ",M," + GEOID_SEPARATION_M + ",M,,";
        double knots = Math.max(0, speedMps) / METERS_PER_SECOND_PER_KNOT;
        double track = Math.round(normalize(trackDegrees) * 10) / 10.0 % 360;
        String rmc = "GPRMC," + clock + ",A," + position + "," + String.format(Locale.ROOT, "%.2f", knots) + ","
                + String.format(Locale.ROOT, "%.1f", track) + "," + date + ",,,A";
        return List.of(sentence(gga), sentence(rmc));
    }

    /** {@code $body*hh}: the checksum is the XOR of every character of the body, two upper-case hex digits. */
    static String sentence(String body) {
        return "$" + body + "*" + checksum(body);
    }

    static String checksum(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            sum ^= body.charAt(i);
        }
        return String.format(Locale.ROOT, "%02X", sum & 0xFF);
    }

    /** ddmm.mmmmm,N|S */
    static String latitude(double lat) {
        return degreesMinutes(Math.abs(lat), 2) + "," + (lat < 0 ? "S" : "N");
    }

    /** dddmm.mmmmm,E|W */
    static String longitude(double lon) {
        return degreesMinutes(Math.abs(lon), 3) + "," + (lon < 0 ? "W" : "E");
    }

    private static String degreesMinutes(double degrees, int degreeDigits) {
        // round once, in units of 1e-5 minutes, so that 59.999996' becomes the next degree and never "60.00000"
        long units = Math.round(degrees * 60 * 100_000);
        long whole = units / (60 * 100_000);
        long minuteUnits = units % (60 * 100_000);
        return String.format(Locale.ROOT, "%0" + degreeDigits + "d%02d.%05d", whole, minuteUnits / 100_000,
                minuteUnits % 100_000);
    }

    private static double normalize(double degrees) {
        if (Double.isNaN(degrees)) {
            return 0;
        }
        double d = degrees % 360;
        return d < 0 ? d + 360 : d;
    }
}
