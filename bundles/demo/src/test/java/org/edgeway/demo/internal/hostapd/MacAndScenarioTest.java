package org.edgeway.demo.internal.hostapd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class MacAndScenarioTest {

    @Test
    void randomAddressesAreLocallyAdministeredUnicast() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            Mac mac = Mac.randomLocal(random);
            int firstOctet = Integer.parseInt(mac.text().substring(0, 2), 16);
            assertThat(firstOctet & 0x02).isEqualTo(0x02);
            assertThat(firstOctet & 0x01).isZero();
            assertThat(mac.locallyAdministered()).isTrue();
            assertThat(mac.unicast()).isTrue();
            assertThat(Mac.parse(mac.text())).contains(mac);
        }
    }

    @Test
    void addressesParseStrictlyAndNeverPrintThemselves() {
        Mac mac = Mac.parse("0A:1b:2C:3d:4E:5f").orElseThrow();
        assertThat(mac.text()).isEqualTo("0a:1b:2c:3d:4e:5f");
        assertThat(mac.toString()).doesNotContain("0a:1b").isEqualTo("Mac[redacted]");
        assertThat(mac.locallyAdministered()).isTrue();
        assertThat(Mac.parse("00:11:22:33:44:55").orElseThrow().locallyAdministered()).isFalse();
        assertThat(Mac.parse("01:00:5e:00:00:01").orElseThrow().unicast()).isFalse();
        assertThat(Mac.parse("0a:1b:2c:3d:4e")).isEmpty();
        assertThat(Mac.parse("0a-1b-2c-3d-4e-5f")).isEmpty();
        assertThat(Mac.parse("0a:1b:2c:3d:4e:5f ")).isEmpty();
        assertThat(Mac.parse(null)).isEmpty();
    }

    @Test
    void aScenarioIsReadFromJsonWithDefaultsForMissingFields() {
        Scenario scenario = Scenario.fromJson("{\"arrivalIntervalS\": 5, \"maxStations\": 3, \"seed\": 42}");
        assertThat(scenario).isEqualTo(new Scenario(5, 240, 3, 0.2, 0.1, 42));
        assertThat(Scenario.fromJson("{}")).isEqualTo(Scenario.defaults());
        assertThat(scenario.describe()).contains("every ~5 s").contains("at most 3").contains("seed 42");
    }

    @Test
    void aBadScenarioNamesWhatIsWrong() {
        assertThatThrownBy(() -> Scenario.fromJson("{\"meanStayS\": \"long\"}")).hasMessageContaining("meanStayS")
                .hasMessageContaining("number");
        assertThatThrownBy(() -> Scenario.fromJson("{\"maxStations\": 2.5}")).hasMessageContaining("maxStations")
                .hasMessageContaining("whole");
        assertThatThrownBy(() -> Scenario.fromJson("{\"idleShare\": 0.7, \"heavyShare\": 0.5}"))
                .hasMessageContaining("idleShare + heavyShare");
        assertThatThrownBy(() -> Scenario.fromJson("{\"arrivalIntervalS\": 0}")).hasMessageContaining("arrivalIntervalS");
        assertThatThrownBy(() -> Scenario.fromJson("[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> Scenario.fromJson("{\"seed\": ")).hasMessageContaining("not valid JSON");
    }
}
