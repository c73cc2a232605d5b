package org.edgeway.hotspot.internal.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class PortalSettingsTest {

    @Test
    void defaultsAreProductionValues() {
        PortalSettings settings = PortalSettings.defaults("T", "T", "", "", ZoneId.of("Europe/Berlin"));
        assertThat(settings.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(settings.port()).isEqualTo(8081);
        assertThat(settings.defaultLanguage()).isEqualTo("de");
        assertThat(settings.venueInfoUrl()).isNull();
    }

    @Test
    void namesInvalidSettings() {
        assertThatThrownBy(() -> new PortalSettings("portal.local", 70000, "bad host/x", -1, "ftp://x/", "fr", null,
                null, null, null, ZoneId.of("UTC")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bind address:")
                .hasMessageContaining("port: 70000")
                .hasMessageContaining("public port: -1")
                .hasMessageContaining("public host:")
                .hasMessageContaining("venue info URL:")
                .hasMessageContaining("default language:");
    }

    @Test
    void negativeRemaindersCountAsZero() {
        PortalState state = new PortalState(-5L, -1L, true);
        assertThat(state.secondsRemaining()).isZero();
        assertThat(state.bytesRemaining()).isZero();
        assertThat(PortalState.captive().accepted()).isFalse();
    }
}
