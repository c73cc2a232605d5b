package org.edgeway.modbus.internal.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.edgeway.modbus.internal.plan.ReadPlanner;
import org.edgeway.modbus.internal.plan.ReadRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SunSpec discovery against register images built here, including broken ones. */
@Timeout(value = 10, unit = TimeUnit.SECONDS) // a garbled chain must end in an error, not a hang
class SunSpecTest {

    private static final Profile TEMPLATE = new Profile("sunspec-meter", "SunSpec", "generic", "from the template",
            null, true);

    /** Marker at {@code base}, model 1 (length 66), model 203 (length 105) with plausible values, end marker. */
    static RegisterImage threePhaseMeter(int base) {
        RegisterImage image = new RegisterImage().marker(base);
        int common = base + 2;
        image.put(common, 1, 66).putString(common + 2, 16, "Acme Meters").putString(common + 18, 16, "PM-3000")
                .putString(common + 34, 8, "opt").putString(common + 42, 8, "1.2.3")
                .putString(common + 50, 16, "SN-0042").put(common + 66, 1);
        int m = common + 2 + 66;
        image.put(m, 203, 105);
        image.put(m + 2, 1234, 411, 412, 0x8000, -2); // A, AphA..C (C not implemented), A_SF
        image.put(m + 7, 2301, 2300, 2302, 2301, 3985, 3986, 3987, 3988, -1); // PhV.., PPV.., V_SF
        image.put(m + 16, 5001, -2); // Hz, Hz_SF
        image.put(m + 18, -1500, -500, -500, -500, 1); // W, WphA..C, W_SF
        image.putUint32(m + 38, 0); // TotWhExp: not accumulated
        image.putUint32(m + 46, 123_456_789L); // TotWhImp
        image.put(m + 54, 0); // TotWh_SF
        image.put(m + 2 + 105, 0xFFFF, 0);
        return image;
    }

    /** Reads every planned request from the image and decodes the profile's values, as a poll would. */
    static Map<String, Decoded> poll(Profile profile, RegisterReader reader, int maxGap) throws IOException {
        List<ReadRequest> plan = ReadPlanner.plan(profile.points(), 125, maxGap);
        Map<String, Decoded> raws = new HashMap<>();
        for (ReadRequest r : plan) {
            raws.putAll(r.decodeRaw(reader.read(r.kind(), r.start(), r.count())));
        }
        return ValueDecoder.scaleAll(profile.points(), raws);
    }

    @Test
    void discoversModel203AndDecodesItsValues() throws Exception {
        RegisterImage image = threePhaseMeter(40000);

        SunSpec.Discovery found = SunSpec.discover(image, TEMPLATE);

        assertThat(found.baseAddress()).isEqualTo(40000);
        assertThat(found.meterModel()).isEqualTo(203);
        assertThat(found.models()).containsExactly(new SunSpec.Model(1, 40002, 66),
                new SunSpec.Model(203, 40070, 105));
        assertThat(found.manufacturer()).isEqualTo("Acme Meters");
        assertThat(found.model()).isEqualTo("PM-3000");
        assertThat(found.serial()).isEqualTo("SN-0042");
        assertThat(found.version()).isEqualTo("1.2.3");
        assertThat(found.notes()).isEmpty();
        Profile profile = found.profile();
        assertThat(profile.id()).isEqualTo("sunspec-meter");
        assertThat(profile.sunspec()).isFalse();
        assertThat(profile.manufacturer()).isEqualTo("Acme Meters");
        assertThat(profile.description()).contains("203").contains("40070").contains("from the template");
        assertThat(profile.point("energy.import").orElseThrow().address()).isEqualTo(40070 + 46);
        assertThat(profile.scaleFactorNames()).containsExactlyInAnyOrder("sf.current", "sf.voltage",
                "sf.frequency", "sf.power.active", "sf.energy");
        // discovery reads the marker, three headers and model 1's body, nothing more
        assertThat(image.reads).hasSize(5);

        Map<String, Decoded> values = poll(profile, image, 20);

        assertThat(values.get("current.total")).isEqualTo(Decoded.of(12.34));
        assertThat(values.get("current.l1")).isEqualTo(Decoded.of(4.11));
        assertThat(values.get("current.l3")).isInstanceOf(Decoded.NoValue.class);
        assertThat(values.get("voltage.average")).isEqualTo(Decoded.of(230.1));
        assertThat(values.get("voltage.l1")).isEqualTo(Decoded.of(230.0));
        assertThat(values.get("voltage.l2")).isEqualTo(Decoded.of(230.2));
        assertThat(values.get("frequency")).isEqualTo(Decoded.of(50.01));
        assertThat(values.get("power.active.total")).isEqualTo(Decoded.of(-15000.0));
        assertThat(values.get("power.active.l3")).isEqualTo(Decoded.of(-5000.0));
        assertThat(values.get("energy.import")).isEqualTo(Decoded.of(123456.789));
        assertThat(values.get("energy.export")).isInstanceOf(Decoded.NoValue.class);
        assertThat(profile.point("energy.import").orElseThrow().unit()).isEqualTo("kWh");
        assertThat(profile.point("energy.import").orElseThrow().counter()).isTrue();
        // with no gap allowed the values still come out the same, in more requests
        assertThat(poll(profile, image, 0)).isEqualTo(values);
    }

    @Test
    void findsTheMarkerAt0WhenRegister40000IsNotThere() throws Exception {
        RegisterImage image = threePhaseMeter(0).readable(0, 200);
        SunSpec.Discovery found = SunSpec.discover(image, TEMPLATE);
        assertThat(found.baseAddress()).isZero();
        assertThat(found.profile().point("current.total").orElseThrow().address()).isEqualTo(70 + 2);
        assertThat(poll(found.profile(), image, 20).get("frequency")).isEqualTo(Decoded.of(50.01));
    }

    @Test
    void findsTheMarkerAt50000() throws Exception {
        SunSpec.Discovery found = SunSpec.discover(threePhaseMeter(50000), TEMPLATE);
        assertThat(found.baseAddress()).isEqualTo(50000);
        assertThat(found.serial()).isEqualTo("SN-0042");
    }

    @Test
    void noMarkerIsAClearError() {
        RegisterImage image = new RegisterImage().put(40000, 0x1234, 0x5678).readable(40000, 10).readable(50000, 10);
        assertThatThrownBy(() -> SunSpec.discover(image, TEMPLATE)).isInstanceOf(SunSpecException.class)
                .hasMessageContaining("no SunSpec marker").hasMessageContaining("40000: 0x1234 0x5678")
                .hasMessageContaining("0: exception 2").hasMessageContaining("50000: 0x0000 0x0000");
    }

    @Test
    void aDeviceThatIgnoresTheAddressEndsInAnErrorNotAHang() {
        // answers every header read with {1, 0}: an endless chain of empty models
        RegisterReader broken = (kind, address, count) -> address == 40000 ? new int[] {0x5375, 0x6E53}
                : count == 2 ? new int[] {1, 0} : new int[count];
        assertThatThrownBy(() -> SunSpec.discover(broken, TEMPLATE)).isInstanceOf(SunSpecException.class)
                .hasMessageContaining("more than " + SunSpec.MAX_MODELS + " models");
    }

    @Test
    void aChainRunningPast65535IsAnError() {
        RegisterImage image = new RegisterImage().marker(50000).put(50002, 1, 16000);
        assertThatThrownBy(() -> SunSpec.discover(image, TEMPLATE))
                .hasMessageContaining("reaches register 66004 without an end marker");
    }

    @Test
    void modelIdZeroIsAGarbledChain() {
        RegisterImage image = threePhaseMeter(40000).put(40070, 0, 0);
        assertThatThrownBy(() -> SunSpec.discover(image, TEMPLATE)).hasMessageContaining("model id 0 at 40070");
    }

    @Test
    void aMeterModelOfTheWrongLengthIsSkippedWithAReason() {
        RegisterImage image = new RegisterImage().marker(40000).put(40002, 203, 50).put(40054, 0xFFFF, 0);
        assertThatThrownBy(() -> SunSpec.discover(image, TEMPLATE))
                .hasMessageContaining("no readable SunSpec meter model")
                .hasMessageContaining("length 50, expected 105");
    }

    @Test
    void readFailuresDuringTheWalkAreReportedWithTheAddress() {
        RegisterImage image = threePhaseMeter(40000).readable(40000, 70);
        assertThatThrownBy(() -> SunSpec.discover(image, TEMPLATE)).isInstanceOf(SunSpecException.class)
                .hasMessageContaining("at 40070").hasCauseInstanceOf(IOException.class);
    }

    @Test
    void floatModel213WithoutModel1UsesTheTemplateIdentityAndNaNIsNoValue() throws Exception {
        RegisterImage image = new RegisterImage().marker(40000);
        int m = 40002;
        image.put(m, 213, 124);
        image.putFloat(m + 2, 15.5f).putFloat(m + 4, 5.25f).putFloat(m + 6, 5.25f).putFloat(m + 8, Float.NaN);
        image.putFloat(m + 10, 230.1f).putFloat(m + 12, 229.9f);
        image.putFloat(m + 26, 49.98f).putFloat(m + 28, 3456.5f);
        image.putFloat(m + 60, 0f).putFloat(m + 68, 1234567f);
        image.put(m + 2 + 124, 0xFFFF, 0);

        SunSpec.Discovery found = SunSpec.discover(image, TEMPLATE);

        assertThat(found.meterModel()).isEqualTo(213);
        assertThat(found.manufacturer()).isEmpty();
        assertThat(found.profile().manufacturer()).isEqualTo("SunSpec");
        Map<String, Decoded> values = poll(found.profile(), image, 10);
        assertThat(values.get("current.total")).isEqualTo(Decoded.of(15.5));
        assertThat(values.get("current.l3")).isInstanceOf(Decoded.NoValue.class);
        assertThat(values.get("voltage.average")).isEqualTo(Decoded.of(230.1));
        assertThat(values.get("frequency")).isEqualTo(Decoded.of(49.98));
        assertThat(values.get("power.active.total")).isEqualTo(Decoded.of(3456.5));
        assertThat(values.get("energy.import")).isEqualTo(Decoded.of(1234.567));
        assertThat(values.get("energy.export")).isEqualTo(Decoded.of(0.0));
    }

    @Test
    void onlyTheFirstMeterModelIsReadAndTheOthersAreNoted() throws Exception {
        RegisterImage image = threePhaseMeter(40000);
        int second = 40070 + 2 + 105;
        image.put(second, 201, 105).put(second + 2 + 105, 0xFFFF, 0);

        SunSpec.Discovery found = SunSpec.discover(image, TEMPLATE);

        assertThat(found.meterModel()).isEqualTo(203);
        assertThat(found.models()).extracting(SunSpec.Model::id).containsExactly(1, 203, 201);
        assertThat(found.notes()).singleElement().asString().contains("201").contains("ignored");
    }
}
