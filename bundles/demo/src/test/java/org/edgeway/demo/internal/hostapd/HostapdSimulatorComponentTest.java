package org.edgeway.demo.internal.hostapd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostapdSimulatorComponentTest {

    @TempDir
    Path home;

    @Test
    void listensUnderTheInstanceHomeAndPlaysTheScriptUntilDeactivated() throws Exception {
        HostapdSimulatorComponent component = new HostapdSimulatorComponent(new Config(Map.of("seed", 9L)),
                home.toString());
        Path socket = home.resolve("var/run/hostapd/wlan0");
        try {
            assertThat(component.simulator().describe()).isEqualTo("unix:" + socket);
            assertThat(socket).exists();
            try (ControlClient client = new ControlClient(home.resolve("clients"), socket)) {
                assertThat(client.request("PING")).isEqualTo("PONG\n");
                assertThat(HostapdSimulatorTest.keyValues(client.request("STATUS")))
                        .containsEntry("ssid[0]", "edgeway demo bus").containsEntry("channel", "6");
            }
            // the ticker plays the script from its first tick: the first passenger boards at once
            assertThat(Await.until(() -> component.script().arrivals() > 0)).isTrue();
        } finally {
            component.deactivate();
        }
        assertThat(socket).doesNotExist();
        assertThat(component.simulator().running()).isFalse();
    }

    @Test
    void anAbsoluteSocketDirectoryIsUsedAsIs(@TempDir Path elsewhere) throws Exception {
        HostapdSimulatorComponent component = new HostapdSimulatorComponent(
                new Config(Map.of("socket.dir", elsewhere.toString(), "interface", "wlan1")), home.toString());
        try {
            assertThat(elsewhere.resolve("wlan1")).exists();
        } finally {
            component.deactivate();
        }
    }

    @Test
    void aBadConfigurationFailsNamingThePidAndWhatIsWrong() {
        assertThatThrownBy(() -> new HostapdSimulatorComponent(new Config(Map.of("interface", "wl/an0")), home.toString()))
                .hasMessageContaining(HostapdSimulatorComponent.PID).hasMessageContaining("interface");
        assertThatThrownBy(() -> new HostapdSimulatorComponent(new Config(Map.of("channel", 15)), home.toString()))
                .hasMessageContaining(HostapdSimulatorComponent.PID).hasMessageContaining("channel");
        assertThatThrownBy(() -> new HostapdSimulatorComponent(new Config(Map.of("arrival.interval.s", 0)),
                home.toString())).hasMessageContaining(HostapdSimulatorComponent.PID)
                .hasMessageContaining("arrival.interval.s");
        assertThat(home.resolve("var/run/hostapd/wlan0")).doesNotExist();
    }

    /** The configuration with the metatype defaults, some overridden by their property names. */
    private record Config(Map<String, Object> values) implements HostapdSimulatorConfig {
        private Object get(String name, Object fallback) {
            return values.getOrDefault(name, fallback);
        }

        @Override
        public String socket_dir() {
            return (String) get("socket.dir", "var/run/hostapd");
        }

        @Override
        public String interface$() {
            return (String) get("interface", "wlan0");
        }

        @Override
        public String ssid() {
            return (String) get("ssid", "edgeway demo bus");
        }

        @Override
        public int channel() {
            return (Integer) get("channel", 6);
        }

        @Override
        public int arrival_interval_s() {
            return (Integer) get("arrival.interval.s", 20);
        }

        @Override
        public int mean_stay_s() {
            return (Integer) get("mean.stay.s", 240);
        }

        @Override
        public int max_stations() {
            return (Integer) get("max.stations", 25);
        }

        @Override
        public long seed() {
            return (Long) get("seed", 0L);
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return HostapdSimulatorConfig.class;
        }
    }
}
