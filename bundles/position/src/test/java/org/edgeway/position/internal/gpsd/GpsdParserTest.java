package org.edgeway.position.internal.gpsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reports shaped as gpsd 3.22 sends them (the TPV and DEVICE lines are copied from a gpsd 3.22 session). */
class GpsdParserTest {

    static final String TPV_322 = "{\"class\":\"TPV\",\"device\":\"/dev/pts/1\",\"mode\":3,"
            + "\"time\":\"2024-03-15T12:00:01.000Z\",\"ept\":0.005,\"lat\":52.000100000,\"lon\":13.000000000,"
            + "\"altHAE\":91.9000,\"altMSL\":45.0000,\"alt\":45.0000,\"track\":0.0000,\"magtrack\":3.9080,"
            + "\"magvar\":3.9,\"speed\":5.144,\"climb\":0.000,\"geoidSep\":46.900,\"eph\":17.100}";
    static final String TPV_WITH_ERRORS = "{\"class\":\"TPV\",\"device\":\"/dev/ttyACM0\",\"status\":2,\"mode\":3,"
            + "\"time\":\"2024-03-15T12:00:02.000Z\",\"leapseconds\":18,\"ept\":0.005,\"lat\":-33.868820000,"
            + "\"lon\":-151.209300000,\"altHAE\":60.3000,\"altMSL\":38.1000,\"alt\":38.1000,\"epx\":3.214,"
            + "\"epy\":4.471,\"epv\":11.500,\"track\":271.4000,\"magtrack\":283.9,\"magvar\":12.5,\"speed\":12.250,"
            + "\"climb\":-0.100,\"eps\":8.94,\"epc\":23.00,\"geoidSep\":22.200,\"eph\":6.120,\"sep\":13.000}";
    static final String SKY_322 = "{\"class\":\"SKY\",\"device\":\"/dev/ttyACM0\",\"xdop\":0.62,\"ydop\":0.81,"
            + "\"vdop\":1.13,\"tdop\":0.89,\"hdop\":1.02,\"gdop\":1.80,\"pdop\":1.53,\"nSat\":4,\"uSat\":3,"
            + "\"satellites\":["
            + "{\"PRN\":5,\"el\":31.0,\"az\":86.0,\"ss\":45.0,\"used\":true,\"gnssid\":0,\"svid\":5},"
            + "{\"PRN\":13,\"el\":44.0,\"az\":295.0,\"ss\":31.0,\"used\":true,\"gnssid\":0,\"svid\":13},"
            + "{\"PRN\":17,\"el\":5.0,\"az\":44.0,\"ss\":0.0,\"used\":false,\"gnssid\":0,\"svid\":17},"
            + "{\"PRN\":68,\"el\":71.0,\"az\":203.0,\"ss\":38.0,\"used\":true,\"gnssid\":6,\"svid\":4}]}";

    @Test
    void tpvAsGpsd322SendsIt() throws Exception {
        GpsdMessage.Tpv tpv = (GpsdMessage.Tpv) GpsdParser.parse(TPV_322);
        assertThat(tpv.device()).isEqualTo("/dev/pts/1");
        assertThat(tpv.mode()).isEqualTo(3);
        assertThat(tpv.time()).isEqualTo(Instant.parse("2024-03-15T12:00:01Z"));
        assertThat(tpv.latitude()).isEqualTo(52.0001);
        assertThat(tpv.longitude()).isEqualTo(13.0);
        assertThat(tpv.altitude()).as("altMSL, not altHAE").isEqualTo(45.0);
        assertThat(tpv.speed()).isEqualTo(5.144);
        assertThat(tpv.track()).isEqualTo(0.0);
        assertThat(tpv.epx()).isNull();
        assertThat(tpv.eph()).isEqualTo(17.1);
    }

    @Test
    void tpvWithErrorEstimatesAndNegativeCoordinates() throws Exception {
        GpsdMessage.Tpv tpv = (GpsdMessage.Tpv) GpsdParser.parse(TPV_WITH_ERRORS);
        assertThat(tpv.latitude()).isEqualTo(-33.86882);
        assertThat(tpv.longitude()).isEqualTo(-151.2093);
        assertThat(tpv.altitude()).isEqualTo(38.1);
        assertThat(tpv.epx()).isEqualTo(3.214);
        assertThat(tpv.epy()).isEqualTo(4.471);
        assertThat(tpv.eph()).isEqualTo(6.12);
        assertThat(tpv.track()).isEqualTo(271.4);
    }

    @Test
    void olderGpsdWithAltOnly() throws Exception {
        GpsdMessage.Tpv tpv = (GpsdMessage.Tpv) GpsdParser.parse("{\"class\":\"TPV\",\"mode\":3,"
                + "\"time\":\"2019-01-01T00:00:00.000Z\",\"lat\":1.5,\"lon\":2.5,\"alt\":100.5}");
        assertThat(tpv.altitude()).isEqualTo(100.5);
        GpsdMessage.Tpv hae = (GpsdMessage.Tpv) GpsdParser.parse("{\"class\":\"TPV\",\"mode\":3,"
                + "\"time\":\"2019-01-01T00:00:00.000Z\",\"lat\":1.5,\"lon\":2.5,\"altHAE\":100.5}");
        assertThat(hae.altitude()).as("ellipsoid height is not an altitude above sea level").isNull();
    }

    @Test
    void noFixTpvs() throws Exception {
        GpsdMessage.Tpv noFix = (GpsdMessage.Tpv) GpsdParser.parse(
                "{\"class\":\"TPV\",\"device\":\"/dev/ttyACM0\",\"mode\":1}");
        assertThat(noFix.mode()).isEqualTo(1);
        assertThat(noFix.time()).isNull();
        assertThat(noFix.latitude()).isNull();
        assertThat(((GpsdMessage.Tpv) GpsdParser.parse("{\"class\":\"TPV\",\"mode\":0,"
                + "\"time\":\"2024-03-15T12:00:01.000Z\"}")).mode()).isZero();
    }

    @Test
    void skyCountsTheSatellitesUsed() throws Exception {
        assertThat(GpsdParser.parse(SKY_322)).isEqualTo(new GpsdMessage.Sky(3));
        assertThat(GpsdParser.parse("{\"class\":\"SKY\",\"uSat\":7,\"nSat\":12}")).isEqualTo(new GpsdMessage.Sky(7));
        assertThat(GpsdParser.parse("{\"class\":\"SKY\",\"device\":\"/dev/ttyACM0\",\"hdop\":1.2}"))
                .isEqualTo(new GpsdMessage.Sky(null));
        assertThat(GpsdParser.parse("{\"class\":\"SKY\",\"satellites\":[]}")).isEqualTo(new GpsdMessage.Sky(0));
    }

    @Test
    void protocolReports() throws Exception {
        assertThat(GpsdParser.parse("{\"class\":\"VERSION\",\"release\":\"3.22\",\"rev\":\"3.22\","
                + "\"proto_major\":3,\"proto_minor\":14}")).isEqualTo(new GpsdMessage.Version("3.22", 3, 14));
        assertThat(GpsdParser.parse("{\"class\":\"WATCH\",\"enable\":true,\"json\":true,\"nmea\":false,\"raw\":0,"
                + "\"scaled\":false,\"timing\":false,\"split24\":false,\"pps\":false}"))
                .isEqualTo(new GpsdMessage.Watch());
        assertThat(GpsdParser.parse("{\"class\":\"DEVICES\",\"devices\":[{\"class\":\"DEVICE\","
                + "\"path\":\"/dev/pts/1\",\"activated\":\"2026-11-26T12:35:11.621Z\",\"native\":0,\"bps\":4800,"
                + "\"parity\":\"N\",\"stopbits\":1,\"cycle\":1.00}]}")).isEqualTo(new GpsdMessage.Other("DEVICES"));
        assertThat(GpsdParser.parse("{\"class\":\"DEVICE\",\"path\":\"tcp://127.0.0.1:39565\",\"driver\":"
                + "\"NMEA0183\",\"activated\":\"2026-11-26T12:37:19.420Z\",\"flags\":1}"))
                .isEqualTo(new GpsdMessage.Device("tcp://127.0.0.1:39565", false));
        assertThat(GpsdParser.parse("{\"class\":\"DEVICE\",\"path\":\"tcp://127.0.0.1:39565\",\"activated\":0}"))
                .isEqualTo(new GpsdMessage.Device("tcp://127.0.0.1:39565", true));
        assertThat(GpsdParser.parse("{\"class\":\"ERROR\",\"message\":\"Unrecognized request '?FOO'\"}"))
                .isEqualTo(new GpsdMessage.Error("Unrecognized request '?FOO'"));
        assertThat(GpsdParser.parse("{\"class\":\"PPS\",\"device\":\"/dev/pps0\",\"real_sec\":1}"))
                .isEqualTo(new GpsdMessage.Other("PPS"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"class\":\"TPV\",\"mode\":3,",
            "hello",
            "{\"class\":\"TPV\",\"mode\":1} trailing",
            "{\"class\":\"TPV\",\"mode\":1}{\"class\":\"TPV\",\"mode\":1}",
            "{\"class\":\"TPV\",\"mode\":3,\"time\":\"2024-03-15T12:00:01.000Z\",\"lat\":NaN,\"lon\":1}",
            "{'class':'TPV','mode':1}",
            "{class:\"TPV\",\"mode\":1}",
            "{\"class\":\"TPV\",\"mode\":1 /* comment */}",
            "\"TPV\"",
            "[{\"class\":\"TPV\",\"mode\":1}]",
            "{\"mode\":1}",
            "{\"class\":3}",
    })
    void garbledJsonIsRejected(String line) {
        assertThatThrownBy(() -> GpsdParser.parse(line)).isInstanceOf(GpsdFormatException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"mode\":3,\"lat\":90.5,\"lon\":13.0| TPV lat 90.5 is out of range",
            "\"mode\":3,\"lat\":52.0,\"lon\":-180.01| TPV lon -180.01 is out of range",
            "\"mode\":3,\"lat\":52.0,\"lon\":13.0,\"speed\":-1.0| TPV speed -1.0 is out of range",
            "\"mode\":3,\"lat\":52.0,\"lon\":13.0,\"track\":360.5| TPV track 360.5 is out of range",
            "\"mode\":3,\"lat\":52.0,\"lon\":13.0,\"epx\":-3| TPV epx -3 is out of range",
            "\"mode\":3,\"lat\":52.0,\"lon\":13.0,\"altMSL\":1e400| TPV altMSL 1e400 is out of range",
            "\"mode\":4,\"lat\":52.0,\"lon\":13.0| TPV mode 4 is not 0 to 3",
            "\"mode\":2.5,\"lat\":52.0,\"lon\":13.0| TPV mode 2.5 is not an integer",
            "\"mode\":\"3\",\"lat\":52.0,\"lon\":13.0| TPV mode is not a number",
            "\"mode\":3,\"lat\":\"52.0\",\"lon\":13.0| TPV lat is not a number",
            "\"mode\":3,\"lon\":13.0| TPV mode 3 without lat and lon",
            "\"lat\":52.0,\"lon\":13.0| TPV without mode",
    })
    void tpvWithBadValuesIsRejected(String members, String reason) {
        String line = "{\"class\":\"TPV\",\"time\":\"2024-03-15T12:00:01.000Z\"," + members + "}";
        assertThatThrownBy(() -> GpsdParser.parse(line)).isInstanceOf(GpsdFormatException.class)
                .hasMessage(reason);
    }

    @Test
    void tpvWithBadTimeIsRejected() {
        assertThatThrownBy(() -> GpsdParser.parse("{\"class\":\"TPV\",\"mode\":3,\"time\":\"yesterday\","
                + "\"lat\":1,\"lon\":1}")).hasMessageContaining("time 'yesterday'");
        assertThatThrownBy(() -> GpsdParser.parse("{\"class\":\"TPV\",\"mode\":3,\"time\":1710504001,"
                + "\"lat\":1,\"lon\":1}")).hasMessageContaining("time is not a string");
    }

    @Test
    void skyWithBadSatellitesIsRejected() {
        assertThatThrownBy(() -> GpsdParser.parse("{\"class\":\"SKY\",\"satellites\":{}}"))
                .hasMessageContaining("not an array");
        assertThatThrownBy(() -> GpsdParser.parse("{\"class\":\"SKY\",\"satellites\":[{\"PRN\":1,\"used\":1}]}"))
                .hasMessageContaining("'used'");
        assertThatThrownBy(() -> GpsdParser.parse("{\"class\":\"SKY\",\"uSat\":-2}")).hasMessageContaining("uSat");
    }
}
