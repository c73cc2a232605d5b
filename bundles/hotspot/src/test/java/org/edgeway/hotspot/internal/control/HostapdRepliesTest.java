package org.edgeway.hotspot.internal.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class HostapdRepliesTest {

    static final String MAC = "a4:c3:f0:85:ac:2d";

    /** hostapd 2.10 STATUS of a 2.4 GHz 802.11n access point with two stations. */
    static final String STATUS = """
            state=ENABLED
            phy=phy0
            freq=2437
            num_sta_non_erp=0
            num_sta_no_short_slot_time=0
            num_sta_no_short_preamble=0
            olbc=0
            num_sta_ht_no_gf=2
            num_sta_no_ht=0
            num_sta_ht_20_mhz=2
            num_sta_ht40_intolerant=0
            olbc_ht=0
            ht_op_mode=0x6
            cac_time_seconds=0
            cac_time_left_seconds=N/A
            channel=6
            edmg_enable=0
            edmg_channel=0
            secondary_channel=0
            ieee80211n=1
            ieee80211ac=0
            ieee80211ax=0
            beacon_int=100
            dtim_period=2
            ht_caps_info=000c
            ht_mcs_bitmask=ffff0000000000000000
            supported_rates=02 04 0b 16 0c 12 18 24 30 48 60 6c
            max_txpower=20
            bss[0]=wlan0
            bssid[0]=02:00:00:00:01:00
            ssid[0]=Bus WiFi
            num_sta[0]=2
            """;

    /** hostapd 2.10 STA reply for a station on an open network (the hotspot's usual case). */
    static final String STA_BODY = """
            flags=[AUTH][ASSOC][AUTHORIZED][SHORT_PREAMBLE][WMM][HT]
            aid=1
            capability=0x0431
            listen_interval=10
            supported_rates=82 84 8b 96 0c 12 18 24 30 48 60 6c
            timeout_next=NULLFUNC POLL
            rx_packets=1234
            tx_packets=987
            rx_bytes=152340
            tx_bytes=2048576
            inactive_msec=320
            signal=-61
            rx_rate_info=650 mcs 7 shortGI
            tx_rate_info=722 mcs 7 shortGI
            ht_mcs_bitmask=ffff0000000000000000
            connected_time=754
            supp_op_classes=51515354737475767778797a7b7c7d7e7f808182
            ht_caps_info=0x01ef
            min_txpower=-1
            max_txpower=20
            ext_capab=0000080400000040
            """;

    /** A WPA2 station: the RSNA statistics repeat the MAC address as a value. */
    static final String STA_WPA2_BODY = """
            flags=[AUTH][ASSOC][AUTHORIZED][WMM]
            aid=2
            capability=0x0411
            listen_interval=5
            supported_rates=02 04 0b 16
            timeout_next=NULLFUNC POLL
            dot11RSNAStatsSTAAddress=%s
            dot11RSNAStatsVersion=1
            dot11RSNAStatsSelectedPairwiseCipher=00-0f-ac-4
            dot11RSNAStatsTKIPLocalMICFailures=0
            dot11RSNAStatsTKIPRemoteMICFailures=0
            wpa=2
            AKMSuiteSelector=00-0f-ac-2
            hostapd_WPA_AUTHENTICATOR_STATE=PTKINITDONE
            hostapd_WPA_AUTHENTICATOR_GROUP_STATE=IDLE
            rx_packets=10
            tx_packets=12
            rx_bytes=900
            tx_bytes=1800
            inactive_msec=40
            """.formatted(MAC);

    @Test
    void statusWithManyKeys() throws HostapdException {
        assertThat(HostapdReplies.parseStatus(STATUS)).isEqualTo(new HostapdStatus("ENABLED", "Bus WiFi", 6, 2));
    }

    @Test
    void statusOfADisabledInterfaceLacksChannelAndStations() throws HostapdException {
        assertThat(HostapdReplies.parseStatus("state=DISABLED\nphy=phy0\nfreq=0\n"))
                .isEqualTo(new HostapdStatus("DISABLED", "", 0, 0));
    }

    @Test
    void statusFailuresAreExceptions() {
        assertThatThrownBy(() -> HostapdReplies.parseStatus("FAIL\n")).isInstanceOf(HostapdException.class)
                .hasMessageContaining("FAIL");
        assertThatThrownBy(() -> HostapdReplies.parseStatus("UNKNOWN COMMAND\n"))
                .hasMessageContaining("UNKNOWN COMMAND");
        assertThatThrownBy(() -> HostapdReplies.parseStatus("phy=phy0\nchannel=6\n")).hasMessageContaining("state=");
        assertThatThrownBy(() -> HostapdReplies.parseStatus("state=ENABLED\nchannel=six\n"))
                .hasMessageContaining("channel is not a number");
        assertThatThrownBy(() -> HostapdReplies.parseStatus("")).isInstanceOf(HostapdException.class);
    }

    @Test
    void truncatedStatusIsRejected() {
        String cut = STATUS.substring(0, STATUS.indexOf("ssid[0]=") + 5);
        assertThatThrownBy(() -> HostapdReplies.parseStatus(cut)).isInstanceOf(HostapdException.class)
                .hasMessage("truncated STATUS reply: the last line has no end");
    }

    @Test
    void garbageStatusIsRejected() {
        assertThatThrownBy(() -> HostapdReplies.parseStatus("state=ENABLED\n\u0001\u0002garbage\n"))
                .hasMessageContaining("garbled STATUS reply: line 2");
        assertThatThrownBy(() -> HostapdReplies.parseStatus("state=ENABLED\0channel=6\n"))
                .hasMessageContaining("not ASCII text");
    }

    @Test
    void stationWithCountersSignalAndConnectedTime() throws HostapdException {
        Optional<StationInfo> station = HostapdReplies.parseStation("STA-FIRST", MAC + "\n" + STA_BODY);

        assertThat(station).contains(new StationInfo(MacAddress.parse(MAC), 152340, 2048576, 320, -61, 754L));
    }

    @Test
    void wpa2StationWithoutSignalOrConnectedTime() throws HostapdException {
        StationInfo station = HostapdReplies.parseStation("STA-NEXT " + MAC, MAC + "\n" + STA_WPA2_BODY).orElseThrow();

        assertThat(station.rxBytes()).isEqualTo(900);
        assertThat(station.txBytes()).isEqualTo(1800);
        assertThat(station.inactiveMillis()).isEqualTo(40);
        assertThat(station.signalDbm()).isNull();
        assertThat(station.connectedSeconds()).isNull();
    }

    @Test
    void upperCaseMacOnTheStationLine() throws HostapdException {
        StationInfo station = HostapdReplies.parseStation("STA", MAC.toUpperCase(Locale.ROOT) + "\n" + STA_BODY)
                .orElseThrow();
        assertThat(station.mac()).isEqualTo(MacAddress.parse(MAC));
    }

    @Test
    void stationCountersMissingMeanZero() throws HostapdException {
        StationInfo station = HostapdReplies.parseStation("STA", MAC + "\nflags=[AUTH]\naid=0\n").orElseThrow();
        assertThat(station).isEqualTo(new StationInfo(MacAddress.parse(MAC), 0, 0, 0, null, null));
    }

    @Test
    void failOrEmptyMeansNoStation() throws HostapdException {
        assertThat(HostapdReplies.parseStation("STA-FIRST", "FAIL\n")).isEmpty();
        assertThat(HostapdReplies.parseStation("STA-NEXT " + MAC, "FAIL")).isEmpty();
        assertThat(HostapdReplies.parseStation("STA-NEXT " + MAC, "")).isEmpty();
    }

    @Test
    void brokenStationRepliesNeverShowTheMacAddress() {
        String[] broken = {
            MAC + "\n" + STA_BODY.substring(0, STA_BODY.indexOf("signal=") + 9), // truncated
            MAC + "\n" + STA_WPA2_BODY.replace("wpa=2\n", "garbage line\n"), // garbled line
            MAC.substring(0, 14) + "\n" + STA_BODY, // station line cut short
            "xx" + MAC + "\n" + STA_BODY, // station line is not a MAC
            MAC + "\nrx_bytes=" + MAC + "\n", // a counter holding a MAC
            MAC + "\nrx_bytes=-5\n", // negative counter
            MAC + "\nsignal=99999999999\n", // out of range
            MAC, // only the station line, no newline
            "UNKNOWN COMMAND\n",
        };
        for (String reply : broken) {
            assertThatThrownBy(() -> HostapdReplies.parseStation("STA-NEXT " + MAC, reply))
                    .as("reply %s", reply.replace("\n", "|"))
                    .isInstanceOf(HostapdException.class)
                    .satisfies(e -> assertThat(e.getMessage())
                            .doesNotContainIgnoringCase(MAC)
                            .doesNotContainIgnoringCase(MAC.substring(0, 14))
                            .doesNotContainIgnoringCase(MAC.replace(":", ""))
                            .startsWith(reply.startsWith("UNKNOWN") ? "hostapd does not know" : "")
                            .contains("STA-NEXT"));
        }
    }

    @Test
    void stationLineMessageNamesTheLineNotItsValue() {
        assertThatThrownBy(() -> HostapdReplies.parseStation("STA", "xx" + MAC + "\n" + STA_BODY))
                .hasMessage("garbled STA reply: the station line is not a MAC address");
    }

    @Test
    void okFailAndUnknownCommand() throws HostapdException {
        assertThat(HostapdReplies.okOrFail("RELOAD", "OK\n")).isTrue();
        assertThat(HostapdReplies.okOrFail("DEAUTHENTICATE " + MAC, "FAIL\n")).isFalse();
        assertThat(HostapdReplies.okOrFail("ATTACH", "OK")).isTrue();
        assertThatThrownBy(() -> HostapdReplies.okOrFail("RELOAD", "UNKNOWN COMMAND\n"))
                .hasMessage("hostapd does not know the command RELOAD (UNKNOWN COMMAND)");
        assertThatThrownBy(() -> HostapdReplies.okOrFail("DEAUTHENTICATE " + MAC, MAC + "\n" + STA_BODY))
                .isInstanceOf(HostapdException.class)
                .hasMessageStartingWith("unexpected reply to DEAUTHENTICATE (")
                .hasMessageNotContaining(MAC);
        assertThatThrownBy(() -> HostapdReplies.okOrFail("RELOAD", "PONG\n"))
                .hasMessageContaining("starting PONG");
    }

    @Test
    void pong() {
        assertThat(HostapdReplies.isPong("PONG\n")).isTrue();
        assertThat(HostapdReplies.isPong("PONG")).isTrue();
        assertThat(HostapdReplies.isPong("FAIL\n")).isFalse();
        assertThat(HostapdReplies.isPong("PONGX\n")).isFalse();
    }

    @Test
    void cookie() throws HostapdException {
        assertThat(HostapdReplies.parseCookie("COOKIE=0123456789abcdef0123456789ABCDEF"))
                .isEqualTo("0123456789abcdef0123456789ABCDEF");
        assertThat(HostapdReplies.parseCookie("COOKIE=0011223344556677\n")).isEqualTo("0011223344556677");
        assertThatThrownBy(() -> HostapdReplies.parseCookie("FAIL\n")).hasMessageContaining("GET_COOKIE");
        assertThatThrownBy(() -> HostapdReplies.parseCookie("COOKIE=nothex!")).hasMessageContaining("not hex");
        assertThatThrownBy(() -> HostapdReplies.parseCookie("COOKIE=")).hasMessageContaining("not hex");
    }

    @Test
    void stationEvents() {
        MacAddress mac = MacAddress.parse(MAC);
        assertThat(HostapdReplies.parseEvent("<3>AP-STA-CONNECTED " + MAC))
                .isEqualTo(new HostapdEvent(HostapdEvent.Kind.STATION_CONNECTED, "AP-STA-CONNECTED", mac));
        assertThat(HostapdReplies.parseEvent("<3>AP-STA-DISCONNECTED " + MAC + "\n"))
                .isEqualTo(new HostapdEvent(HostapdEvent.Kind.STATION_DISCONNECTED, "AP-STA-DISCONNECTED", mac));
        // hostapd may append arguments after the address
        assertThat(HostapdReplies.parseEvent("<3>AP-STA-CONNECTED " + MAC + " keyid=guest").station())
                .isEqualTo(mac);
    }

    @Test
    void otherEventsAreIgnoredOrMalformedNeverErrors() {
        assertThat(HostapdReplies.parseEvent("<3>CTRL-EVENT-TERMINATING").kind())
                .isEqualTo(HostapdEvent.Kind.TERMINATING);
        assertThat(HostapdReplies.parseEvent("<3>AP-ENABLED").kind()).isEqualTo(HostapdEvent.Kind.IGNORED);
        assertThat(HostapdReplies.parseEvent("<2>WPS-PBC-ACTIVE").name()).isEqualTo("WPS-PBC-ACTIVE");
        assertThat(HostapdReplies.parseEvent("<3>EAPOL-4WAY-HS-COMPLETED " + MAC).kind())
                .isEqualTo(HostapdEvent.Kind.IGNORED);
        assertThat(HostapdReplies.parseEvent("<3>AP-STA-CONNECTED").kind()).isEqualTo(HostapdEvent.Kind.MALFORMED);
        assertThat(HostapdReplies.parseEvent("<3>AP-STA-CONNECTED zz:zz").kind())
                .isEqualTo(HostapdEvent.Kind.MALFORMED);
        assertThat(HostapdReplies.parseEvent("<x>AP-ENABLED").kind()).isEqualTo(HostapdEvent.Kind.MALFORMED);
        assertThat(HostapdReplies.parseEvent("AP-ENABLED").kind()).isEqualTo(HostapdEvent.Kind.MALFORMED);
        assertThat(HostapdReplies.parseEvent("").kind()).isEqualTo(HostapdEvent.Kind.MALFORMED);
        assertThat(HostapdReplies.parseEvent("<3>").kind()).isEqualTo(HostapdEvent.Kind.IGNORED);
    }

    @Test
    void eventsAreToldFromReplies() {
        assertThat(HostapdReplies.isEvent("<3>AP-ENABLED")).isTrue();
        assertThat(HostapdReplies.isEvent("PONG\n")).isFalse();
        assertThat(HostapdReplies.verb("STA-NEXT " + MAC)).isEqualTo("STA-NEXT");
        assertThat(HostapdReplies.verb("PING")).isEqualTo("PING");
    }
}
