package org.edgeway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EnvironmentSettingsTest {

    private static final String PID = "org.edgeway.cloud.connection~default";

    @Test
    void mapsEveryVariable() throws Exception {
        Map<String, String> environment = Map.of(
                "EDGEWAY_MQTT_URL", "ssl://broker:8883",
                "EDGEWAY_CLIENT_ID", "gw-1",
                "EDGEWAY_ACCOUNT", "acme",
                "EDGEWAY_MQTT_USERNAME", "alice",
                "EDGEWAY_MQTT_PASSWORD", "hunter2",
                "PATH", "/usr/bin");

        assertThat(EnvironmentSettings.fromEnvironment(environment)).containsExactly(
                new Setting(PID, "broker.url", "ssl://broker:8883"),
                new Setting(PID, "client.id", "gw-1"),
                new Setting(PID, "account", "acme"),
                new Setting(PID, "username", "alice"),
                new Setting(PID, "password", "hunter2"));
    }

    @Test
    void ignoresEmptyValues() throws Exception {
        assertThat(EnvironmentSettings.fromEnvironment(Map.of("EDGEWAY_MQTT_URL", "", "EDGEWAY_ACCOUNT", "acme")))
                .containsExactly(new Setting(PID, "account", "acme"));
    }

    @Test
    void rejectsMultiLineValuesWithoutShowingThem() {
        assertThatThrownBy(() -> EnvironmentSettings.fromEnvironment(Map.of("EDGEWAY_MQTT_PASSWORD", "a\nb")))
                .isInstanceOfSatisfying(LaunchException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage("environment variable EDGEWAY_MQTT_PASSWORD must be a single line");
    }

    @Test
    void setOptionWinsOverEnvironment() throws Exception {
        List<Setting> fromEnvironment = EnvironmentSettings.fromEnvironment(
                Map.of("EDGEWAY_MQTT_URL", "tcp://env:1883", "EDGEWAY_ACCOUNT", "acme"));
        List<Setting> fromOptions = LaunchOptions.parse("--set", PID + ":broker.url=tcp://option:1883",
                "--set", "other:key=1").settings();

        assertThat(EnvironmentSettings.merge(fromEnvironment, fromOptions)).containsExactly(
                new Setting(PID, "broker.url", "tcp://option:1883"),
                new Setting(PID, "account", "acme"),
                new Setting("other", "key", "1"));
    }

    @Test
    void laterSetWinsOverEarlierSet() throws Exception {
        List<Setting> fromOptions = LaunchOptions.parse("--set", "p:k=1", "--set", "p:k=2").settings();

        assertThat(EnvironmentSettings.merge(List.of(), fromOptions)).containsExactly(new Setting("p", "k", "2"));
    }
}
