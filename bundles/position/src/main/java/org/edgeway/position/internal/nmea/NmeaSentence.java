package org.edgeway.position.internal.nmea;

import java.time.LocalDate;
import java.time.LocalTime;

/** A parsed and validated NMEA 0183 sentence: the two that carry a position, or any other. */
public sealed interface NmeaSentence permits NmeaSentence.Gga, NmeaSentence.Rmc, NmeaSentence.Other {

    /**
     * GGA, "global positioning system fix data".
     *
     * @param talker     the talker id, for example {@code GP} or {@code GN}
     * @param time       UTC time of day of the fix, or null (some receivers leave it empty without a fix)
     * @param latitude   degrees, south negative, or null when the field is empty
     * @param longitude  degrees, west negative, or null when the field is empty
     * @param quality    fix quality 0-8; 0 means no fix
     * @param satellites satellites in use, or null
     * @param hdop       horizontal dilution of precision, or null
     * @param altitude   metres above mean sea level, or null
     */
    record Gga(String talker, LocalTime time, Double latitude, Double longitude, int quality, Integer satellites,
            Double hdop, Double altitude) implements NmeaSentence {

        /** @return true when the receiver reports a fix (quality above 0) */
        public boolean hasFix() {
            return quality > 0;
        }
    }

    /**
     * RMC, "recommended minimum specific GNSS data".
     *
     * @param talker     the talker id
     * @param time       UTC time of day, or null
     * @param valid      status A (and a mode indicator other than N), false for status V
     * @param latitude   degrees, south negative, or null
     * @param longitude  degrees, west negative, or null
     * @param speedKnots speed over ground in knots, or null
     * @param track      course over ground in degrees true, 0 to 360, or null
     * @param date       UTC date, or null
     */
    record Rmc(String talker, LocalTime time, boolean valid, Double latitude, Double longitude, Double speedKnots,
            Double track, LocalDate date) implements NmeaSentence {
    }

    /**
     * A well-formed sentence we do not use (GSV, GSA, VTG, proprietary {@code $P...}).
     *
     * @param address the address field, for example {@code GPGSV}
     */
    record Other(String address) implements NmeaSentence {
    }
}
