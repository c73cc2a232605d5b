package org.edgeway.position.internal.gpsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.edgeway.api.position.Fix;
import org.edgeway.api.position.FixMode;
import org.edgeway.position.internal.source.MutableClock;
import org.junit.jupiter.api.Test;

class GpsdFixBuilderTest {

    private final MutableClock clock = MutableClock.at("2024-03-15T12:00:30Z");
    private final GpsdFixBuilder builder = new GpsdFixBuilder("gpsd:127.0.0.1:2947", clock);

    private Fix fix(String json) throws GpsdFormatException {
        return builder.fix((GpsdMessage.Tpv) GpsdParser.parse(json)).orElseThrow();
    }

    @Test
    void threeDimensionalFixWithEph() throws Exception {
        Fix fix = fix(GpsdParserTest.TPV_322);
        assertThat(fix.mode()).isEqualTo(FixMode.FIX_3D);
        assertThat(fix.time()).isEqualTo(Instant.parse("2024-03-15T12:00:01Z"));
        assertThat(fix.latitude()).isEqualTo(52.0001);
        assertThat(fix.longitude()).isEqualTo(13.0);
        assertThat(fix.altitude()).isEqualTo(45.0);
        assertThat(fix.speed()).isEqualTo(5.144);
        assertThat(fix.track()).isEqualTo(0.0);
        assertThat(fix.horizontalError()).as("no epx/epy: eph").isEqualTo(17.1);
        assertThat(fix.satellites()).as("no SKY yet").isNull();
        assertThat(fix.source()).isEqualTo("gpsd:127.0.0.1:2947");
    }

    @Test
    void horizontalErrorIsTheLargerOfEpxAndEpy() throws Exception {
        assertThat(fix(GpsdParserTest.TPV_WITH_ERRORS).horizontalError()).isEqualTo(4.471);
        assertThat(fix("{\"class\":\"TPV\",\"mode\":2,\"time\":\"2024-03-15T12:00:01Z\",\"lat\":1,\"lon\":2,"
                + "\"epx\":7.5}").horizontalError()).isEqualTo(7.5);
        assertThat(fix("{\"class\":\"TPV\",\"mode\":2,\"time\":\"2024-03-15T12:00:01Z\",\"lat\":1,\"lon\":2}")
                .horizontalError()).isNull();
    }

    @Test
    void twoDimensionalFix() throws Exception {
        Fix fix = fix("{\"class\":\"TPV\",\"mode\":2,\"time\":\"2024-03-15T12:00:01.500Z\",\"lat\":-1.25,"
                + "\"lon\":-179.5,\"speed\":0.0}");
        assertThat(fix.mode()).isEqualTo(FixMode.FIX_2D);
        assertThat(fix.time()).isEqualTo(Instant.parse("2024-03-15T12:00:01.500Z"));
        assertThat(fix.altitude()).isNull();
        assertThat(fix.track()).isNull();
    }

    @Test
    void modesZeroAndOneAreNoFix() throws Exception {
        Fix none = fix("{\"class\":\"TPV\",\"device\":\"/dev/ttyACM0\",\"mode\":1}");
        assertThat(none.mode()).isEqualTo(FixMode.NO_FIX);
        assertThat(none.time()).as("no receiver time: the gateway's").isEqualTo(clock.instant());
        Fix unknown = fix("{\"class\":\"TPV\",\"mode\":0,\"time\":\"2024-03-15T12:00:01.000Z\",\"lat\":52,\"lon\":13}");
        assertThat(unknown.mode()).isEqualTo(FixMode.NO_FIX);
        assertThat(unknown.hasPosition()).isFalse();
        assertThat(unknown.time()).isEqualTo(Instant.parse("2024-03-15T12:00:01Z"));
    }

    @Test
    void positionWithoutTimeIsSkipped() throws Exception {
        // gpsd 3.22 sends this once before it has seen a date
        GpsdMessage.Tpv tpv = (GpsdMessage.Tpv) GpsdParser.parse("{\"class\":\"TPV\",\"device\":\"/dev/pts/1\","
                + "\"mode\":3,\"lat\":52.000000000,\"lon\":13.000000000,\"altHAE\":91.9000,\"altMSL\":45.0000,"
                + "\"alt\":45.0000,\"magvar\":3.9,\"geoidSep\":46.900,\"eph\":17.100}");
        assertThat(builder.fix(tpv)).isEmpty();
    }

    @Test
    void satellitesOfTheLastSkyAreAttached() throws Exception {
        builder.sky((GpsdMessage.Sky) GpsdParser.parse(GpsdParserTest.SKY_322));
        assertThat(fix(GpsdParserTest.TPV_322).satellites()).isEqualTo(3);
        // a SKY that does not say keeps the count
        builder.sky(new GpsdMessage.Sky(null));
        assertThat(fix(GpsdParserTest.TPV_322).satellites()).isEqualTo(3);
        builder.sky(new GpsdMessage.Sky(11));
        assertThat(fix(GpsdParserTest.TPV_322).satellites()).isEqualTo(11);
        assertThat(fix("{\"class\":\"TPV\",\"mode\":1}").satellites()).as("not for a no-fix report").isNull();
        builder.reset();
        assertThat(fix(GpsdParserTest.TPV_322).satellites()).isNull();
    }
}
