package org.edgeway.fleet.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class IngestSettingsTest {

    static IngestSettings settings(String url, String account, String group, boolean shareLifecycle) {
        return new IngestSettings(url, "console", "fleet", "s3cret-Passw0rd".toCharArray(), account, group, 100,
                Duration.ofSeconds(1), shareLifecycle);
    }

    @Test
    void subscribesToItsAccountThroughTheShareGroup() {
        assertThat(settings("tcp://broker:1883", "edgeway", null, false).subscriptions()).containsExactly(
                "$share/edgeway-fleet/edgeway/+/APC-V1/#", "$share/edgeway-fleet/edgeway/+/METER-V1/+/+/interval",
                "$EDC/edgeway/+/MQTT/#");
        assertThat(settings("ssl://broker:8883", "edgeway", "east", true).subscriptions()).containsExactly(
                "$share/east/edgeway/+/APC-V1/#", "$share/east/edgeway/+/METER-V1/+/+/interval",
                "$share/east/$EDC/edgeway/+/MQTT/#");
        assertThat(settings("tcp://broker:1883", "edgeway", IngestSettings.NOT_SHARED, true).subscriptions())
                .containsExactly("edgeway/+/APC-V1/#", "edgeway/+/METER-V1/+/+/interval", "$EDC/edgeway/+/MQTT/#");
    }

    @Test
    void thePasswordIsCopiedAndNeverShown() {
        char[] password = "s3cret-Passw0rd".toCharArray();
        IngestSettings settings = new IngestSettings("tcp://broker:1883", "console", "fleet", password, "edgeway",
                null, 100, Duration.ofSeconds(1), false);
        password[0] = 'X';

        assertThat(settings.password()).containsExactly("s3cret-Passw0rd".toCharArray());
        assertThat(settings.toString()).doesNotContain("s3cret").contains("password=***").contains("fleet");
        assertThat(IngestSettings.of("tcp://broker:1883", "edgeway").toString()).contains("password=none");
    }

    @Test
    void refusesWhatWouldWidenTheSubscriptionsOrCannotConnect() {
        assertThatThrownBy(() -> settings("tcp://broker:1883", "edge/way", null, false))
                .hasMessageContaining("account");
        assertThatThrownBy(() -> settings("tcp://broker:1883", "+", null, false)).hasMessageContaining("account");
        assertThatThrownBy(() -> settings("tcp://broker:1883", "#", null, false)).hasMessageContaining("account");
        assertThatThrownBy(() -> settings("tcp://broker:1883", "edgeway", "a/b", false))
                .hasMessageContaining("shareGroup");
        assertThatThrownBy(() -> settings("ws://broker:80", "edgeway", null, false)).hasMessageContaining("brokerUrl");
        assertThatThrownBy(() -> settings("tcp://user:pw@broker:1883", "edgeway", null, false))
                .hasMessageContaining("brokerUrl").hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> new IngestSettings("tcp://broker:1883", "console", null, null, "edgeway", null, 0,
                Duration.ofSeconds(1), false)).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> new IngestSettings("tcp://broker:1883", "console", null, null, "edgeway", null, 10,
                Duration.ZERO, false)).hasMessageContaining("flushInterval");
        assertThatThrownBy(() -> new IngestSettings("tcp://broker:1883", "a console", null, null, "edgeway", null, 10,
                Duration.ofSeconds(1), false)).hasMessageContaining("clientIdPrefix");
    }
}
