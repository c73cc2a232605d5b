package org.edgeway.position.internal.nmea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.edgeway.position.internal.nmea.Nmea.sentence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.edgeway.api.position.Fix;
import org.edgeway.api.position.FixMode;
import org.edgeway.position.internal.source.MutableClock;
import org.junit.jupiter.api.Test;

class NmeaFixAssemblerTest {

    private final MutableClock clock = MutableClock.at("2024-03-15T12:00:30Z");
    private final NmeaFixAssembler assembler = new NmeaFixAssembler("nmea-tcp:test:1", clock);

    private List<Fix> feed(String... sentences) throws NmeaFormatException {
        List<Fix> out = new ArrayList<>();
        for (String s : sentences) {
            out.addAll(assembler.accept(NmeaParser.parse(s)));
        }
        return out;
    }

    @Test
    void ggaAndRmcOfOneEpochMakeOneFix() throws Exception {
        List<Fix> fixes = feed(
                sentence("GPGGA,120001.00,5230.0000,N,01323.0000,E,1,09,1.1,34.5,M,40.0,M,,"));
        assertThat(fixes).as("epoch incomplete after the GGA").isEmpty();
        fixes = feed(sentence("GPRMC,120001.00,A,5230.0000,N,01323.0000,E,10.0,271.5,150324,,,A"));
        assertThat(fixes).hasSize(1);
        Fix fix = fixes.get(0);
        assertThat(fix.time()).isEqualTo(Instant.parse("2024-03-15T12:00:01Z"));
        assertThat(fix.mode()).isEqualTo(FixMode.FIX_3D);
        assertThat(fix.latitude()).isCloseTo(52.5, within(1e-9));
        assertThat(fix.longitude()).isCloseTo(13.383333333, within(1e-9));
        assertThat(fix.altitude()).isEqualTo(34.5);
        assertThat(fix.speed()).as("10 knots in m/s").isCloseTo(10 * 0.514444, within(1e-5));
        assertThat(fix.track()).isEqualTo(271.5);
        assertThat(fix.horizontalError()).as("HDOP x 5 m").isCloseTo(5.5, within(1e-9));
        assertThat(fix.satellites()).isEqualTo(9);
        assertThat(fix.source()).isEqualTo("nmea-tcp:test:1");
    }

    @Test
    void orderWithinTheEpochDoesNotMatter() throws Exception {
        List<Fix> fixes = feed(
                sentence("GNRMC,120001.00,A,5230.0000,N,01323.0000,E,1.0,0.0,150324,,,A"),
                sentence("GNGGA,120001.00,5230.0000,N,01323.0000,E,1,09,1.1,34.5,M,40.0,M,,"));
        assertThat(fixes).singleElement().satisfies(f -> {
            assertThat(f.mode()).isEqualTo(FixMode.FIX_3D);
            assertThat(f.speed()).isCloseTo(0.514444, within(1e-5));
        });
    }

    @Test
    void knotsAreConvertedToMetresPerSecond() throws Exception {
        List<Fix> fixes = feed(
                sentence("GPRMC,120001.00,A,5230.0000,N,01323.0000,E,022.4,084.4,150324,,,A"),
                sentence("GPGGA,120001.00,5230.0000,N,01323.0000,E,1,09,1.1,34.5,M,40.0,M,,"),
                sentence("GPRMC,120002.00,A,5230.0000,N,01323.0000,E,0.0,084.4,150324,,,A"),
                sentence("GPGGA,120002.00,5230.0000,N,01323.0000,E,1,09,1.1,34.5,M,40.0,M,,"));
        assertThat(fixes).hasSize(2);
        assertThat(fixes.get(0).speed()).isCloseTo(11.5235, within(1e-4));
        assertThat(fixes.get(1).speed()).isZero();
    }

    @Test
    void aNewEpochEmitsWhatTheOldOneHad() throws Exception {
        // a receiver that sends RMC only: each fix is complete when the next epoch starts
        List<Fix> fixes = feed(
                sentence("GPRMC,120001.00,A,5230.0000,S,01323.0000,W,5.0,90.0,150324,,,A"),
                sentence("GPRMC,120002.00,A,5230.0010,S,01323.0000,W,5.0,90.0,150324,,,A"));
        assertThat(fixes).singleElement().satisfies(f -> {
            assertThat(f.time()).isEqualTo(Instant.parse("2024-03-15T12:00:01Z"));
            assertThat(f.mode()).as("RMC only: no altitude").isEqualTo(FixMode.FIX_2D);
            assertThat(f.latitude()).isCloseTo(-52.5, within(1e-9));
            assertThat(f.longitude()).isCloseTo(-13.383333333, within(1e-9));
            assertThat(f.altitude()).isNull();
            assertThat(f.horizontalError()).isNull();
            assertThat(f.satellites()).isNull();
            assertThat(f.speed()).isCloseTo(2.57222, within(1e-4));
        });
        assertThat(assembler.flush()).hasValueSatisfying(
                f -> assertThat(f.time()).isEqualTo(Instant.parse("2024-03-15T12:00:02Z")));
        assertThat(assembler.flush()).isEmpty();
    }

    @Test
    void ggaWithoutAltitudeIsTwoDimensional() throws Exception {
        List<Fix> fixes = feed(
                sentence("GPGGA,120001.00,5230.0000,N,01323.0000,E,1,04,2.0,,M,,M,,"),
                sentence("GPRMC,120001.00,A,5230.0000,N,01323.0000,E,0.0,,150324,,,A"));
        assertThat(fixes).singleElement().satisfies(f -> {
            assertThat(f.mode()).isEqualTo(FixMode.FIX_2D);
            assertThat(f.horizontalError()).isEqualTo(10.0);
            assertThat(f.track()).isNull();
        });
    }

    @Test
    void rmcStatusVIsNoFix() throws Exception {
        List<Fix> fixes = feed(
                sentence("GPRMC,120001.00,V,,,,,,,150324,,,N"),
                sentence("GPGGA,120001.00,,,,,0,00,99.99,,,,,,"));
        assertThat(fixes).singleElement().satisfies(f -> {
            assertThat(f.mode()).isEqualTo(FixMode.NO_FIX);
            assertThat(f.hasPosition()).isFalse();
            assertThat(f.time()).isEqualTo(Instant.parse("2024-03-15T12:00:01Z"));
        });
        // status V wins over a GGA that claims a fix
        fixes = feed(
                sentence("GPRMC,120002.00,V,5230.0000,N,01323.0000,E,,,150324,,,N"),
                sentence("GPGGA,120002.00,5230.0000,N,01323.0000,E,1,04,2.0,30.0,M,,M,,"));
        assertThat(fixes).singleElement().extracting(Fix::mode).isEqualTo(FixMode.NO_FIX);
    }

    @Test
    void ggaQualityZeroIsNoFix() throws Exception {
        List<Fix> fixes = feed(
                sentence("GPGGA,120001.00,5230.0000,N,01323.0000,E,0,00,99.99,,,,,,"),
                sentence("GPRMC,120001.00,A,5230.0000,N,01323.0000,E,0.0,0.0,150324,,,A"));
        assertThat(fixes).singleElement().extracting(Fix::mode).isEqualTo(FixMode.NO_FIX);
        // a lone GGA without a fix is reported when the next epoch begins
        fixes = feed(
                sentence("GPGGA,120002.00,,,,,0,00,99.99,,,,,,"),
                sentence("GPGGA,120003.00,,,,,0,00,99.99,,,,,,"));
        assertThat(fixes).singleElement().satisfies(f -> {
            assertThat(f.mode()).isEqualTo(FixMode.NO_FIX);
            assertThat(f.time()).isEqualTo(Instant.parse("2024-03-15T12:00:02Z"));
        });
    }

    @Test
    void noFixWithoutReceiverTimeGetsTheGatewayTime() throws Exception {
        List<Fix> fixes = feed(sentence("GPGGA,,,,,,0,00,99.99,,,,,,"), sentence("GPRMC,,V,,,,,,,,,,N"));
        assertThat(fixes).singleElement().satisfies(f -> {
            assertThat(f.mode()).isEqualTo(FixMode.NO_FIX);
            assertThat(f.time()).isEqualTo(clock.instant());
        });
    }

    @Test
    void ggaTakesTheDateOfTheLastRmc() throws Exception {
        feed(sentence("GPRMC,080000.00,A,5230.0000,N,01323.0000,E,0.0,0.0,010124,,,A"));
        // the gateway clock says March; the receiver said January 1st, and GGA-only epochs follow
        List<Fix> fixes = feed(
                sentence("GPGGA,080001.00,5230.0000,N,01323.0000,E,1,09,1.1,34.5,M,40.0,M,,"),
                sentence("GPGGA,080002.00,5230.0000,N,01323.0000,E,1,09,1.1,34.5,M,40.0,M,,"));
        assertThat(fixes).extracting(Fix::time).containsExactly(Instant.parse("2024-01-01T08:00:00Z"),
                Instant.parse("2024-01-01T08:00:01Z"));
        assertThat(fixes.get(1).mode()).isEqualTo(FixMode.FIX_3D);
        assertThat(fixes.get(1).speed()).as("no RMC in this epoch").isNull();
    }

    @Test
    void ggaBeforeAnyRmcTakesTheGatewayDate() throws Exception {
        List<Fix> fixes = feed(
                sentence("GPGGA,115959.00,5230.0000,N,01323.0000,E,1,09,1.1,34.5,M,40.0,M,,"),
                sentence("GPGGA,120000.00,5230.0000,N,01323.0000,E,1,09,1.1,34.5,M,40.0,M,,"));
        assertThat(fixes).extracting(Fix::time).containsExactly(Instant.parse("2024-03-15T11:59:59Z"));
    }

    @Test
    void midnightRolloverAfterTheLastRmcDate() throws Exception {
        List<Fix> fixes = feed(
                sentence("GPRMC,235959.00,A,5230.0000,N,01323.0000,E,0.0,0.0,150324,,,A"),
                sentence("GPGGA,235959.00,5230.0000,N,01323.0000,E,1,09,1.1,34.5,M,40.0,M,,"),
                // the RMC of the next epoch is lost: the GGAs after midnight belong to the next day
                sentence("GPGGA,000000.00,5230.0000,N,01323.0000,E,1,09,1.1,34.5,M,40.0,M,,"),
                sentence("GPGGA,000001.00,5230.0000,N,01323.0000,E,1,09,1.1,34.5,M,40.0,M,,"),
                sentence("GPRMC,000002.00,A,5230.0000,N,01323.0000,E,0.0,0.0,160324,,,A"));
        assertThat(fixes).extracting(Fix::time).containsExactly(Instant.parse("2024-03-15T23:59:59Z"),
                Instant.parse("2024-03-16T00:00:00Z"), Instant.parse("2024-03-16T00:00:01Z"));
    }

    @Test
    void midnightRolloverAgainstTheGatewayClock() throws Exception {
        clock.set(Instant.parse("2024-03-15T23:59:59.700Z"));
        NmeaFixAssembler ahead = new NmeaFixAssembler("s", clock);
        ahead.accept(NmeaParser.parse(sentence("GPGGA,000000.00,5230.0000,N,01323.0000,E,1,09,1.1,34.5,M,,M,,")));
        assertThat(ahead.flush()).hasValueSatisfying(
                f -> assertThat(f.time()).isEqualTo(Instant.parse("2024-03-16T00:00:00Z")));

        clock.set(Instant.parse("2024-03-16T00:00:00.300Z"));
        NmeaFixAssembler behind = new NmeaFixAssembler("s", clock);
        behind.accept(NmeaParser.parse(sentence("GPGGA,235959.80,5230.0000,N,01323.0000,E,1,09,1.1,34.5,M,,M,,")));
        assertThat(behind.flush()).hasValueSatisfying(
                f -> assertThat(f.time()).isEqualTo(Instant.parse("2024-03-15T23:59:59.800Z")));
    }

    @Test
    void rmcDateAndTimeAcrossMidnight() throws Exception {
        List<Fix> fixes = feed(
                sentence("GPRMC,235959.50,A,5230.0000,N,01323.0000,E,0.0,0.0,311224,,,A"),
                sentence("GPRMC,000000.50,A,5230.0000,N,01323.0000,E,0.0,0.0,010125,,,A"));
        assertThat(fixes).extracting(Fix::time).containsExactly(Instant.parse("2024-12-31T23:59:59.500Z"));
        assertThat(assembler.flush()).hasValueSatisfying(
                f -> assertThat(f.time()).isEqualTo(Instant.parse("2025-01-01T00:00:00.500Z")));
    }

    @Test
    void anotherTalkersCopyOfAnEmittedEpochIsDropped() throws Exception {
        List<Fix> fixes = feed(
                sentence("GNGGA,120001.00,5230.0000,N,01323.0000,E,1,09,1.1,34.5,M,40.0,M,,"),
                sentence("GNRMC,120001.00,A,5230.0000,N,01323.0000,E,0.0,0.0,150324,,,A"),
                sentence("GPGGA,120001.00,5230.0000,N,01323.0000,E,1,05,1.5,34.5,M,40.0,M,,"),
                sentence("GLGGA,120001.00,5230.0000,N,01323.0000,E,1,04,1.9,34.5,M,40.0,M,,"),
                sentence("GNGGA,120002.00,5230.0000,N,01323.0000,E,1,09,1.1,34.5,M,40.0,M,,"),
                sentence("GNRMC,120002.00,A,5230.0000,N,01323.0000,E,0.0,0.0,150324,,,A"));
        assertThat(fixes).extracting(Fix::time).containsExactly(Instant.parse("2024-03-15T12:00:01Z"),
                Instant.parse("2024-03-15T12:00:02Z"));
        assertThat(fixes).extracting(Fix::satellites).containsExactly(9, 9);
    }

    @Test
    void theSameTalkerRepeatingATimeIsANewReport() throws Exception {
        // some receivers freeze their time while they have no fix; each report still counts
        String gga = sentence("GPGGA,000012.00,,,,,0,00,99.99,,,,,,");
        String rmc = sentence("GPRMC,000012.00,V,,,,,,,060180,,,N");
        assertThat(feed(gga, rmc, gga, rmc, gga, rmc)).hasSize(3).allMatch(f -> f.mode() == FixMode.NO_FIX);
    }
}
