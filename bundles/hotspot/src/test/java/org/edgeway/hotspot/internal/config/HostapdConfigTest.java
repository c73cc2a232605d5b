package org.edgeway.hotspot.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.edgeway.hotspot.internal.config.HostapdConfig.HwMode;
import org.edgeway.hotspot.internal.config.HostapdConfig.Security;
import org.junit.jupiter.api.Test;

class HostapdConfigTest {

    static final String SECRET = "Tr4msAreGreen!";

    static HostapdConfig open(String ssid) {
        return new HostapdConfig("wlan0", "nl80211", "/var/run/hostapd", ssid, HwMode.G, 6, "DE", Security.OPEN,
                null, 64, null);
    }

    static HostapdConfig wpa2(String passphrase) {
        return new HostapdConfig("wlan0", null, "/var/run/hostapd", "Bus-WLAN", HwMode.A, 36, "DE",
                Security.WPA2_PSK, passphrase, 32, "br0");
    }

    @Test
    void rendersAnOpenNetwork() {
        assertThat(HostapdConfigWriter.render(open("Bus 100 WLAN"))).isEqualTo("""
                # Written by edgeway (passenger Wi-Fi hotspot). Changes here are overwritten.
                interface=wlan0
                driver=nl80211
                ctrl_interface=/var/run/hostapd
                ctrl_interface_group=0
                ssid=Bus 100 WLAN
                utf8_ssid=1
                hw_mode=g
                channel=6
                country_code=DE
                ieee80211d=1
                ieee80211n=1
                wmm_enabled=1
                max_num_sta=64
                ap_isolate=1
                """);
    }

    @Test
    void rendersWpa2WithPassphraseAndBridge() {
        String text = HostapdConfigWriter.render(wpa2(SECRET));
        assertThat(text).contains("interface=wlan0\nbridge=br0\ndriver=nl80211\n")
                .contains("hw_mode=a\nchannel=36\n")
                .contains("max_num_sta=32\n")
                .endsWith("ap_isolate=1\nwpa=2\nwpa_key_mgmt=WPA-PSK\nrsn_pairwise=CCMP\nwpa_passphrase=" + SECRET
                        + "\n")
                .doesNotContain("wpa_psk=");
    }

    @Test
    void rendersA64HexDigitKeyAsRawPsk() {
        String psk = "0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef";
        assertThat(HostapdConfigWriter.render(wpa2(psk))).endsWith("wpa_psk=" + psk + "\n")
                .doesNotContain("wpa_passphrase");
    }

    @Test
    void openNetworkDropsALeftOverPassphrase() {
        HostapdConfig config = new HostapdConfig("wlan0", "nl80211", "/var/run/hostapd", "Bus", HwMode.G, 1, "DE",
                Security.OPEN, SECRET, 10, "");
        assertThat(config.passphrase()).isNull();
        assertThat(config.bridgeName()).isEmpty();
        assertThat(HostapdConfigWriter.render(config)).doesNotContain(SECRET).doesNotContain("wpa");
    }

    @Test
    void escapesSsidsThatNeedIt() {
        assertThat(HostapdConfigWriter.render(open("Bus · WLAN"))).contains("\nssid2=P\"Bus \\xc2\\xb7 WLAN\"\n")
                .doesNotContain("\nssid=");
        assertThat(HostapdConfigWriter.render(open(" Bus\"\\x")))
                .contains("\nssid2=P\" Bus\\\"\\\\x\"\n");
        assertThat(HostapdConfigWriter.render(open("Plain \"quoted\" #1"))).contains("\nssid=Plain \"quoted\" #1\n");
        assertThat(HostapdConfigWriter.render(open("Ümlaut"))).contains("utf8_ssid=1");
    }

    @Test
    void acceptsTheLimits() {
        new HostapdConfig("wlan0", "nl80211", "/run/hostapd", "ä".repeat(16), HwMode.G, 13, "AT", Security.OPEN,
                null, 2007, null);
        new HostapdConfig("wlan0", "nl80211", "/run/hostapd", "x", HwMode.A, 165, "CH", Security.WPA2_PSK,
                "~".repeat(63), 1, null);
        new HostapdConfig("wlan0", "nl80211", "/run/hostapd", "x", HwMode.A, 144, "CH", Security.WPA2_PSK,
                " ".repeat(8), 1, null);
    }

    @Test
    void namesEachInvalidSetting() {
        assertThatThrownBy(() -> new HostapdConfig("wlan0/../x", "NL80211", "relative", "", null, 6, "de",
                null, null, 0, "br 0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interface name:")
                .hasMessageContaining("driver:")
                .hasMessageContaining("ctrl_interface:")
                .hasMessageContaining("ssid: must not be empty")
                .hasMessageContaining("hw_mode:")
                .hasMessageContaining("country code:")
                .hasMessageContaining("security:")
                .hasMessageContaining("max stations: 0")
                .hasMessageContaining("bridge:");
    }

    @Test
    void checksSsidLengthInUtf8BytesAndControlCharacters() {
        assertThatThrownBy(() -> open("ä".repeat(17))).hasMessageContaining("ssid: must be at most 32 bytes")
                .hasMessageContaining("is 34");
        assertThatThrownBy(() -> open("x".repeat(33))).hasMessageContaining("ssid:");
        assertThatThrownBy(() -> open("Bus\nwpa=0")).hasMessageContaining("ssid: must not contain control");
        assertThatThrownBy(() -> open("Bus\u0085")).hasMessageContaining("ssid: must not contain control");
        assertThatThrownBy(() -> open("Bus\ud800")).hasMessageContaining("ssid: is not valid Unicode");
    }

    @Test
    void checksChannelsForTheMode() {
        assertThatThrownBy(() -> new HostapdConfig("wlan0", null, "/run/hostapd", "x", HwMode.G, 14, "DE",
                Security.OPEN, null, 8, null)).hasMessageContaining("channel: 14 is not a 2.4 GHz channel");
        assertThatThrownBy(() -> new HostapdConfig("wlan0", null, "/run/hostapd", "x", HwMode.G, 36, "DE",
                Security.OPEN, null, 8, null)).hasMessageContaining("channel: 36");
        assertThatThrownBy(() -> new HostapdConfig("wlan0", null, "/run/hostapd", "x", HwMode.A, 6, "DE",
                Security.OPEN, null, 8, null)).hasMessageContaining("channel: 6 is not a 5 GHz channel");
        assertThatThrownBy(() -> new HostapdConfig("wlan0", null, "/run/hostapd", "x", HwMode.A, 37, "DE",
                Security.OPEN, null, 8, null)).hasMessageContaining("channel: 37");
    }

    @Test
    void checksCountryAndStations() {
        assertThatThrownBy(() -> new HostapdConfig("wlan0", null, "/run/hostapd", "x", HwMode.G, 1, "XX",
                Security.OPEN, null, 8, null)).hasMessageContaining("country code:");
        assertThatThrownBy(() -> new HostapdConfig("wlan0", null, "/run/hostapd", "x", HwMode.G, 1, "DEU",
                Security.OPEN, null, 8, null)).hasMessageContaining("country code:");
        assertThatThrownBy(() -> new HostapdConfig("wlan0", null, "/run/hostapd", "x", HwMode.G, 1, "DE",
                Security.OPEN, null, 2008, null)).hasMessageContaining("max stations: 2008 is outside 1..2007");
    }

    @Test
    void passphraseMessagesNeverQuoteThePassphrase() {
        String tooShort = "Sec7et";
        String tooLong = "L0ng-" + "p".repeat(60);
        String notAscii = "pässwort-geheim";
        String withControl = "geheim\tpasswort";
        String hexOneShort = "0123456789abcdef".repeat(4).substring(1) + "g";
        for (String bad : new String[] {tooShort, tooLong, notAscii, withControl, hexOneShort}) {
            assertThatThrownBy(() -> wpa2(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("passphrase:")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bad));
        }
        assertThatThrownBy(() -> wpa2(null)).hasMessageContaining("passphrase: required for WPA2_PSK");
        assertThatThrownBy(() -> wpa2(tooShort)).hasMessageContaining("has 6");
    }

    @Test
    void toStringRedactsThePassphrase() {
        assertThat(wpa2(SECRET).toString()).doesNotContain(SECRET).contains("passphrase=***")
                .contains("ssid=Bus-WLAN");
        assertThat(open("x").toString()).contains("passphrase=none");
    }
}
