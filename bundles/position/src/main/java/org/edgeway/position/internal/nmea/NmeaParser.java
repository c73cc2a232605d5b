package org.edgeway.position.internal.nmea;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and validates NMEA 0183 sentences: the checksum always, and every field of GGA and RMC (from any talker:
 * GP, GN, GL, GA, BD, ...). Pure: no I/O, no clock, no state.
 *
 * <p>Written here rather than taken from a library: the two sentences we need are small, and we want every field
 * checked strictly (no {@code Double.parseDouble} leniency such as "NaN" or "1e3") with a reason for each rejection.
 */
public final class NmeaParser {

    /**
     * The longest sentence accepted, without CR LF. NMEA 0183 allows 82 characters including CR LF; real devices
     * exceed that (long talker-specific fields, extra precision), so we are lenient up to this bound.
     */
    public static final int MAX_LENGTH = 120;

    private static final Pattern ADDRESS = Pattern.compile("[A-Z]{5}");
    private static final Pattern PROPRIETARY = Pattern.compile("P[A-Z0-9]{1,9}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Pattern INTEGER = Pattern.compile("\\d{1,9}");
    private static final Pattern TIME = Pattern.compile("(\\d{2})(\\d{2})(\\d{2})(?:\\.(\\d{1,9}))?");
    private static final Pattern DATE = Pattern.compile("(\\d{2})(\\d{2})(\\d{2})");
    private static final Pattern LATITUDE = Pattern.compile("(\\d{2})(\\d{2}(?:\\.\\d+)?)");
    private static final Pattern LONGITUDE = Pattern.compile("(\\d{3})(\\d{2}(?:\\.\\d+)?)");
    private static final int GGA_FIELDS = 15;
    private static final int RMC_FIELDS = 12;

    private NmeaParser() {
    }

    /**
     * Parses one sentence.
     *
     * @param line the sentence, with or without CR LF
     * @return the sentence; {@link NmeaSentence.Other} for a well-formed sentence of a type we do not use
     * @throws NmeaFormatException naming what was wrong
     */
    public static NmeaSentence parse(String line) throws NmeaFormatException {
        String s = line.strip();
        if (s.isEmpty()) {
            throw new NmeaFormatException("empty line");
        }
        if (s.length() > MAX_LENGTH) {
            throw new NmeaFormatException("sentence is " + s.length() + " characters long, more than " + MAX_LENGTH);
        }
        if (s.charAt(0) != '$') {
            throw new NmeaFormatException("does not start with '$'");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new NmeaFormatException(String.format("non-printable character 0x%02X at position %d", (int) c,
                        i));
            }
        }
        int star = s.indexOf('*');
        if (star < 0) {
            throw new NmeaFormatException("no checksum (no '*')");
        }
        if (s.length() != star + 3) {
            throw new NmeaFormatException("checksum must be exactly two hex digits after '*', found '"
                    + s.substring(star + 1) + "'");
        }
        int given = hex(s.charAt(star + 1)) << 4 | hex(s.charAt(star + 2));
        if (given < 0) {
            throw new NmeaFormatException("checksum '" + s.substring(star + 1) + "' is not two hex digits");
        }
        String body = s.substring(1, star);
        int computed = checksum(body);
        if (given != computed) {
            throw new NmeaFormatException(String.format("checksum mismatch: sentence says %02X, computed %02X",
                    given, computed));
        }
        if (body.indexOf('$') >= 0) {
            throw new NmeaFormatException("'$' inside the sentence (two sentences run together?)");
        }
        String[] fields = body.split(",", -1);
        String address = fields[0];
        if (PROPRIETARY.matcher(address).matches()) {
            return new NmeaSentence.Other(address);
        }
        if (!ADDRESS.matcher(address).matches()) {
            throw new NmeaFormatException("address '" + address + "' is not a talker id and a sentence type");
        }
        String talker = address.substring(0, 2);
        return switch (address.substring(2)) {
            case "GGA" -> gga(talker, fields);
            case "RMC" -> rmc(talker, fields);
            default -> new NmeaSentence.Other(address);
        };
    }

    /**
     * The NMEA checksum: the XOR of all characters.
     *
     * @param body the characters between {@code $} and {@code *}
     * @return 0 to 255
     */
    public static int checksum(CharSequence body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            sum ^= body.charAt(i);
        }
        return sum & 0xFF;
    }

    private static NmeaSentence.Gga gga(String talker, String[] f) throws NmeaFormatException {
        requireFields("GGA", f, GGA_FIELDS);
        LocalTime time = time("GGA", f[1]);
        Double[] position = position("GGA", f[2], f[3], f[4], f[5]);
        if (f[6].isEmpty()) {
            throw new NmeaFormatException("GGA fix quality is empty");
        }
        int quality = integer("GGA fix quality", f[6], 0, 8);
        Integer satellites = f[7].isEmpty() ? null : integer("GGA satellites", f[7], 0, 99);
        Double hdop = optionalDecimal("GGA HDOP", f[8], 0, 999);
        Double altitude = optionalDecimal("GGA altitude", f[9], -10_000, 100_000);
        if (altitude != null && !f[10].isEmpty() && !f[10].equals("M")) {
            throw new NmeaFormatException("GGA altitude unit '" + f[10] + "' is not M");
        }
        if (quality > 0 && position == null) {
            throw new NmeaFormatException("GGA reports fix quality " + quality + " without a position");
        }
        if (quality > 0 && time == null) {
            throw new NmeaFormatException("GGA reports fix quality " + quality + " without a time");
        }
        return new NmeaSentence.Gga(talker, time, position == null ? null : position[0],
                position == null ? null : position[1], quality, satellites, hdop, altitude);
    }

    private static NmeaSentence.Rmc rmc(String talker, String[] f) throws NmeaFormatException {
        requireFields("RMC", f, RMC_FIELDS);
        LocalTime time = time("RMC", f[1]);
        boolean valid = switch (f[2]) {
            case "A" -> true;
            case "V" -> false;
            default -> throw new NmeaFormatException("RMC status '" + f[2] + "' is not A or V");
        };
        Double[] position = position("RMC", f[3], f[4], f[5], f[6]);
        Double speed = optionalDecimal("RMC speed", f[7], 0, 1_000);
        Double track = optionalDecimal("RMC track", f[8], 0, 360);
        LocalDate date = date(f[9]);
        // NMEA 2.3 and later: a mode indicator after the magnetic variation; N means "data not valid"
        if (f.length > 12 && f[12].equals("N")) {
            valid = false;
        }
        if (valid && position == null) {
            throw new NmeaFormatException("RMC status A without a position");
        }
        if (valid && (time == null || date == null)) {
            throw new NmeaFormatException("RMC status A without a time and date");
        }
        return new NmeaSentence.Rmc(talker, time, valid, position == null ? null : position[0],
                position == null ? null : position[1], speed, track, date);
    }

    private static void requireFields(String type, String[] f, int min) throws NmeaFormatException {
        if (f.length < min) {
            throw new NmeaFormatException(type + " has " + f.length + " fields, expected at least " + min
                    + " (truncated?)");
        }
    }

    private static LocalTime time(String type, String field) throws NmeaFormatException {
        if (field.isEmpty()) {
            return null;
        }
        Matcher m = TIME.matcher(field);
        if (!m.matches()) {
            throw new NmeaFormatException(type + " time '" + field + "' is not hhmmss.ss");
        }
        int hour = Integer.parseInt(m.group(1));
        int minute = Integer.parseInt(m.group(2));
        int second = Integer.parseInt(m.group(3));
        if (hour > 23 || minute > 59 || second > 59) {
            throw new NmeaFormatException(type + " time '" + field + "' is out of range");
        }
        String fraction = m.group(4) == null ? "" : m.group(4);
        int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
        return LocalTime.of(hour, minute, second, nanos);
    }

    private static LocalDate date(String field) throws NmeaFormatException {
        if (field.isEmpty()) {
            return null;
        }
        Matcher m = DATE.matcher(field);
        if (!m.matches()) {
            throw new NmeaFormatException("RMC date '" + field + "' is not ddmmyy");
        }
        int yy = Integer.parseInt(m.group(3));
        // two-digit years: GPS time starts in 1980
        int year = yy < 80 ? 2000 + yy : 1900 + yy;
        try {
            return LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
        } catch (DateTimeException e) {
            throw new NmeaFormatException("RMC date '" + field + "' is not a valid date");
        }
    }

    /** @return {latitude, longitude}, or null when all four fields are empty */
    private static Double[] position(String type, String lat, String ns, String lon, String ew)
            throws NmeaFormatException {
        if (lat.isEmpty() && ns.isEmpty() && lon.isEmpty() && ew.isEmpty()) {
            return null;
        }
        double latitude = angle(type + " latitude", lat, LATITUDE, 90);
        double longitude = angle(type + " longitude", lon, LONGITUDE, 180);
        latitude = switch (ns) {
            case "N" -> latitude;
            case "S" -> -latitude;
            default -> throw new NmeaFormatException(type + " latitude hemisphere '" + ns + "' is not N or S");
        };
        longitude = switch (ew) {
            case "E" -> longitude;
            case "W" -> -longitude;
            default -> throw new NmeaFormatException(type + " longitude hemisphere '" + ew + "' is not E or W");
        };
        return new Double[] { latitude, longitude };
    }

    /** Degrees from ddmm.mmmm (latitude) or dddmm.mmmm (longitude). */
    private static double angle(String name, String field, Pattern pattern, int maxDegrees)
            throws NmeaFormatException {
        Matcher m = pattern.matcher(field);
        if (!m.matches()) {
            throw new NmeaFormatException(name + " '" + field + "' is not "
                    + (maxDegrees == 90 ? "ddmm.mmmm" : "dddmm.mmmm"));
        }
        int degrees = Integer.parseInt(m.group(1));
        double minutes = Double.parseDouble(m.group(2));
        if (minutes >= 60) {
            throw new NmeaFormatException(name + " '" + field + "' has " + m.group(2) + " minutes (60 or more)");
        }
        double value = degrees + minutes / 60.0;
        if (value > maxDegrees) {
            throw new NmeaFormatException(name + " '" + field + "' is more than " + maxDegrees + " degrees");
        }
        return value;
    }

    private static int integer(String name, String field, int min, int max) throws NmeaFormatException {
        if (!INTEGER.matcher(field).matches()) {
            throw new NmeaFormatException(name + " '" + field + "' is not a number");
        }
        int value = Integer.parseInt(field);
        if (value < min || value > max) {
            throw new NmeaFormatException(name + " " + value + " is not between " + min + " and " + max);
        }
        return value;
    }

    private static Double optionalDecimal(String name, String field, double min, double max)
            throws NmeaFormatException {
        if (field.isEmpty()) {
            return null;
        }
        if (!DECIMAL.matcher(field).matches()) {
            throw new NmeaFormatException(name + " '" + field + "' is not a number");
        }
        double value = Double.parseDouble(field);
        if (value < min || value > max) {
            throw new NmeaFormatException(name + " " + field + " is not between " + format(min) + " and "
                    + format(max));
        }
        return value;
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -0x100; // makes the combined value negative
    }
}
