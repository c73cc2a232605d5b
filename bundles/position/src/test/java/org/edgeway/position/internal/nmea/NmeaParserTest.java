package org.edgeway.position.internal.nmea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.edgeway.position.internal.nmea.Nmea.sentence;

import java.time.LocalDate;
import java.time.LocalTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NmeaParserTest {

    private static final String GGA_BODY = "GPGGA,123519.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,";
    private static final String RMC_BODY = "GPRMC,123519.00,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W";

    @Test
    void checksumMatchesPublishedExampleSentences() throws Exception {
        // the classic GGA and RMC examples with their published checksums
        assertThat(NmeaParser.parse("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47"))
                .isInstanceOf(NmeaSentence.Gga.class);
        assertThat(NmeaParser.parse("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A"))
                .isInstanceOf(NmeaSentence.Rmc.class);
        assertThat(NmeaParser.checksum("GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"))
                .isEqualTo(0x47);
    }

    @Test
    void parsesEveryGgaField() throws Exception {
        NmeaSentence.Gga gga = (NmeaSentence.Gga) NmeaParser.parse(sentence(GGA_BODY) + "\r\n");
        assertThat(gga.talker()).isEqualTo("GP");
        assertThat(gga.time()).isEqualTo(LocalTime.of(12, 35, 19));
        assertThat(gga.latitude()).isCloseTo(48 + 7.038 / 60, within(1e-9));
        assertThat(gga.longitude()).isCloseTo(11 + 31.0 / 60, within(1e-9));
        assertThat(gga.quality()).isEqualTo(1);
        assertThat(gga.hasFix()).isTrue();
        assertThat(gga.satellites()).isEqualTo(8);
        assertThat(gga.hdop()).isEqualTo(0.9);
        assertThat(gga.altitude()).isEqualTo(545.4);
    }

    @Test
    void parsesEveryRmcField() throws Exception {
        NmeaSentence.Rmc rmc = (NmeaSentence.Rmc) NmeaParser.parse(sentence(RMC_BODY));
        assertThat(rmc.talker()).isEqualTo("GP");
        assertThat(rmc.time()).isEqualTo(LocalTime.of(12, 35, 19));
        assertThat(rmc.valid()).isTrue();
        assertThat(rmc.latitude()).isCloseTo(48.1173, within(1e-9));
        assertThat(rmc.longitude()).isCloseTo(11.516666667, within(1e-9));
        assertThat(rmc.speedKnots()).isEqualTo(22.4);
        assertThat(rmc.track()).isEqualTo(84.4);
        assertThat(rmc.date()).isEqualTo(LocalDate.of(1994, 3, 23));
    }

    @Test
    void fractionalSecondsAndTwentyFirstCenturyDates() throws Exception {
        NmeaSentence.Rmc rmc = (NmeaSentence.Rmc) NmeaParser.parse(
                sentence("GNRMC,235959.875,A,5230.0000,N,01323.0000,E,0.0,,150324,,,A"));
        assertThat(rmc.time()).isEqualTo(LocalTime.of(23, 59, 59, 875_000_000));
        assertThat(rmc.date()).isEqualTo(LocalDate.of(2024, 3, 15));
        assertThat(rmc.track()).isNull();
    }

    @Test
    void southernAndWesternHemispheresAreNegative() throws Exception {
        NmeaSentence.Gga gga = (NmeaSentence.Gga) NmeaParser.parse(
                sentence("GPGGA,010203.00,3352.1234,S,15112.5678,W,2,11,1.2,12.0,M,,M,,"));
        assertThat(gga.latitude()).isCloseTo(-(33 + 52.1234 / 60), within(1e-9));
        assertThat(gga.longitude()).isCloseTo(-(151 + 12.5678 / 60), within(1e-9));
        NmeaSentence.Rmc rmc = (NmeaSentence.Rmc) NmeaParser.parse(
                sentence("GPRMC,010203.00,A,0000.0000,S,17959.9999,W,1.0,359.9,010125,,"));
        assertThat(rmc.latitude()).isCloseTo(0, within(1e-12));
        assertThat(rmc.longitude()).isCloseTo(-(179 + 59.9999 / 60), within(1e-9));
    }

    @ParameterizedTest
    @ValueSource(strings = { "GP", "GN", "GL", "GA", "BD", "GB", "GQ" })
    void anyTalkerId(String talker) throws Exception {
        NmeaSentence s = NmeaParser.parse(sentence(talker + GGA_BODY.substring(2)));
        assertThat(s).isInstanceOf(NmeaSentence.Gga.class);
        assertThat(((NmeaSentence.Gga) s).talker()).isEqualTo(talker);
        NmeaSentence r = NmeaParser.parse(sentence(talker + RMC_BODY.substring(2)));
        assertThat(((NmeaSentence.Rmc) r).talker()).isEqualTo(talker);
    }

    @Test
    void lowerCaseChecksumIsAccepted() throws Exception {
        String upper = "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A";
        String lower = "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6a";
        assertThat(NmeaParser.parse(lower)).isEqualTo(NmeaParser.parse(upper));
    }

    @Test
    void wrongChecksumIsRejected() {
        String good = sentence(GGA_BODY);
        int sum = Integer.parseInt(good.substring(good.length() - 2), 16);
        String bad = good.substring(0, good.length() - 2) + String.format("%02X", sum ^ 0x01);
        assertThatThrownBy(() -> NmeaParser.parse(bad)).isInstanceOf(NmeaFormatException.class)
                .hasMessageContaining("checksum mismatch");
        // one changed character in the body, checksum kept
        String corrupted = good.replace("4807.038", "4807.039");
        assertThatThrownBy(() -> NmeaParser.parse(corrupted)).hasMessageContaining("checksum mismatch");
    }

    @Test
    void sentenceWithoutChecksumIsRejected() {
        assertThatThrownBy(() -> NmeaParser.parse("$" + GGA_BODY)).isInstanceOf(NmeaFormatException.class)
                .hasMessageContaining("no checksum");
    }

    @ParameterizedTest
    @ValueSource(strings = { "*4", "*471", "*", "*G7", "*4 7" })
    void malformedChecksumIsRejected(String suffix) {
        assertThatThrownBy(() -> NmeaParser.parse("$" + GGA_BODY + suffix)).isInstanceOf(NmeaFormatException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void truncatedSentencesAreRejected() {
        // cut off in transit: the checksum is gone
        String full = sentence(GGA_BODY);
        assertThatThrownBy(() -> NmeaParser.parse(full.substring(0, 30))).hasMessageContaining("no checksum");
        // a sentence with too few fields (and a checksum that matches them)
        assertThatThrownBy(() -> NmeaParser.parse(sentence("GPGGA,123519.00,4807.038,N,01131.000,E,1,08")))
                .hasMessageContaining("GGA has 8 fields");
        assertThatThrownBy(() -> NmeaParser.parse(sentence("GPRMC,123519.00,A,4807.038,N")))
                .hasMessageContaining("RMC has 5 fields");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GPGGA,123519.00,48O7.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,| latitude '48O7.038'",
            "GPGGA,123519.00,4807.038,N,1131.000,E,1,08,0.9,545.4,M,46.9,M,,| longitude '1131.000'",
            "GPGGA,123519.00,4807.038,N,01131.000,E,1,eight,0.9,545.4,M,46.9,M,,| satellites 'eight'",
            "GPGGA,123519.00,4807.038,N,01131.000,E,1,08,0.9x,545.4,M,46.9,M,,| HDOP '0.9x'",
            "GPGGA,123519.00,4807.038,N,01131.000,E,1,08,0.9,NaN,M,46.9,M,,| altitude 'NaN'",
            "GPGGA,123519.00,4807.038,N,01131.000,E,1,08,0.9,1e3,M,46.9,M,,| altitude '1e3'",
            "GPGGA,123519.00,4807.038,N,01131.000,E,1,08,0.9,545.4,F,46.9,M,,| altitude unit 'F'",
            "GPGGA,12:35:19,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,| time '12:35:19'",
            "GPGGA,123519.00,4807.038,N,01131.000,E,,08,0.9,545.4,M,46.9,M,,| fix quality is empty",
            "GPGGA,123519.00,4807.038,N,01131.000,E,x,08,0.9,545.4,M,46.9,M,,| fix quality 'x'",
            "GPRMC,123519.00,A,4807.038,N,01131.000,E,22,4,084.4,230394,003.1,W| date '084.4'",
            "GPRMC,123519.00,A,4807.038,N,01131.000,E,-2.4,084.4,230394,003.1,W| speed -2.4",
            "GPRMC,123519.00,A,4807.038,N,01131.000,E,022.4,084.4,23O394,003.1,W| date '23O394'",
            "GPRMC,123519.00,X,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W| status 'X'",
    })
    void garbledFieldsAreRejected(String body, String reason) {
        assertThatThrownBy(() -> NmeaParser.parse(sentence(body))).isInstanceOf(NmeaFormatException.class)
                .hasMessageContaining(reason.strip());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GPGGA,123519.00,9100.000,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,| more than 90 degrees",
            "GPGGA,123519.00,4861.000,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,| 61.000 minutes",
            "GPGGA,123519.00,4807.038,N,18100.000,E,1,08,0.9,545.4,M,46.9,M,,| more than 180 degrees",
            "GPGGA,123519.00,4807.038,N,01131.000,E,9,08,0.9,545.4,M,46.9,M,,| fix quality 9 is not between 0 and 8",
            "GPGGA,243519.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,| time '243519.00' is out of range",
            "GPGGA,126019.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,| time '126019.00' is out of range",
            "GPRMC,123519.00,A,4807.038,N,01131.000,E,022.4,361.0,230394,003.1,W| track 361.0 is not between 0 and 360",
            "GPRMC,123519.00,A,4807.038,N,01131.000,E,022.4,084.4,320394,003.1,W| date '320394' is not a valid date",
            "GPRMC,123519.00,A,4807.038,N,01131.000,E,022.4,084.4,231394,003.1,W| date '231394' is not a valid date",
    })
    void outOfRangeValuesAreRejected(String body, String reason) {
        assertThatThrownBy(() -> NmeaParser.parse(sentence(body))).isInstanceOf(NmeaFormatException.class)
                .hasMessageContaining(reason.strip());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GPGGA,123519.00,4807.038,X,01131.000,E,1,08,0.9,545.4,M,46.9,M,,| latitude hemisphere 'X'",
            "GPGGA,123519.00,4807.038,E,01131.000,N,1,08,0.9,545.4,M,46.9,M,,| latitude hemisphere 'E'",
            "GPRMC,123519.00,A,4807.038,N,01131.000,,022.4,084.4,230394,003.1,W| longitude hemisphere ''",
            "GPRMC,123519.00,A,4807.038,n,01131.000,E,022.4,084.4,230394,003.1,W| latitude hemisphere 'n'",
    })
    void badHemispheresAreRejected(String body, String reason) {
        assertThatThrownBy(() -> NmeaParser.parse(sentence(body))).isInstanceOf(NmeaFormatException.class)
                .hasMessageContaining(reason.strip());
    }

    @Test
    void linesAreBoundedButLenientBeyondTheNmeaMaximum() throws Exception {
        // 100 characters: longer than NMEA's 82, still accepted
        String padded = sentence("GPGGA,123519.000,4807.0380000,N,01131.0000000,E,1,08,0.9,545.4,M,46.9,M,0.0,0000"
                + ",extra,fields");
        assertThat(padded.length()).isGreaterThan(82).isLessThanOrEqualTo(NmeaParser.MAX_LENGTH);
        assertThat(NmeaParser.parse(padded)).isInstanceOf(NmeaSentence.Gga.class);
        String tooLong = sentence("GPTXT," + "x".repeat(NmeaParser.MAX_LENGTH));
        assertThatThrownBy(() -> NmeaParser.parse(tooLong)).hasMessageContaining("more than 120");
    }

    @Test
    void otherSentenceTypesAreWellFormedButUnused() throws Exception {
        assertThat(NmeaParser.parse(sentence("GPGSV,3,1,11,03,03,111,00,04,15,270,00,06,01,010,00,13,06,292,00")))
                .isEqualTo(new NmeaSentence.Other("GPGSV"));
        assertThat(NmeaParser.parse(sentence("GNGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1")))
                .isEqualTo(new NmeaSentence.Other("GNGSA"));
        assertThat(NmeaParser.parse(sentence("GPVTG,054.7,T,034.4,M,005.5,N,010.2,K")))
                .isEqualTo(new NmeaSentence.Other("GPVTG"));
        assertThat(NmeaParser.parse(sentence("PUBX,00,081350.00,4717.113210,N"))).isEqualTo(
                new NmeaSentence.Other("PUBX"));
        // but their checksum is still checked
        assertThatThrownBy(() -> NmeaParser.parse("$GPGSV,3,1,11*00")).hasMessageContaining("checksum");
    }

    @Test
    void receiverWithoutFix() throws Exception {
        NmeaSentence.Gga gga = (NmeaSentence.Gga) NmeaParser.parse(sentence("GPGGA,,,,,,0,00,99.99,,,,,,"));
        assertThat(gga.hasFix()).isFalse();
        assertThat(gga.time()).isNull();
        assertThat(gga.latitude()).isNull();
        NmeaSentence.Rmc rmc = (NmeaSentence.Rmc) NmeaParser.parse(sentence("GPRMC,083559.00,V,,,,,,,150324,,,N"));
        assertThat(rmc.valid()).isFalse();
        assertThat(rmc.latitude()).isNull();
        assertThat(rmc.date()).isEqualTo(LocalDate.of(2024, 3, 15));
    }

    @Test
    void rmcModeIndicatorNotValidMeansNoFix() throws Exception {
        NmeaSentence.Rmc rmc = (NmeaSentence.Rmc) NmeaParser.parse(
                sentence("GNRMC,083559.00,A,4717.11437,N,00833.91522,E,0.004,77.52,091202,,,N"));
        assertThat(rmc.valid()).isFalse();
    }

    @Test
    void aClaimedFixNeedsAPositionTimeAndDate() {
        assertThatThrownBy(() -> NmeaParser.parse(sentence("GPGGA,123519.00,,,,,1,08,0.9,545.4,M,46.9,M,,")))
                .hasMessageContaining("fix quality 1 without a position");
        assertThatThrownBy(() -> NmeaParser.parse(sentence("GPGGA,,4807.038,N,01131.000,E,1,08,0.9,545.4,M,,M,,")))
                .hasMessageContaining("without a time");
        assertThatThrownBy(() -> NmeaParser.parse(sentence("GPRMC,123519.00,A,,,,,022.4,084.4,230394,,")))
                .hasMessageContaining("status A without a position");
        assertThatThrownBy(() -> NmeaParser.parse(sentence("GPRMC,123519.00,A,4807.038,N,01131.000,E,1,2,,,")))
                .hasMessageContaining("without a time and date");
        // half a position is garbled, not "no position"
        assertThatThrownBy(() -> NmeaParser.parse(sentence("GPGGA,123519.00,4807.038,N,,,0,08,0.9,,M,,M,,")))
                .hasMessageContaining("longitude ''");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", "GPGGA,123519*47", "garbage", "\u0000$GPGGA" })
    void nonSentencesAreRejected(String line) {
        assertThatThrownBy(() -> NmeaParser.parse(line)).isInstanceOf(NmeaFormatException.class);
    }

    @Test
    void controlCharactersAndRunTogetherSentencesAreRejected() {
        String body = "GPGGA,123519.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,\u0007,";
        assertThatThrownBy(() -> NmeaParser.parse(sentence(body))).hasMessageContaining("non-printable");
        String runTogether = "GPGGA,123519.00,4807.0$GPRMC,123519.00,A,4807.038,N,01131.000,E,022.4,084.4,230394,,";
        assertThatThrownBy(() -> NmeaParser.parse(sentence(runTogether))).hasMessageContaining("'$' inside");
        assertThatThrownBy(() -> NmeaParser.parse(sentence("gpgga,1"))).hasMessageContaining("address 'gpgga'");
    }
}
