package org.edgeway.position.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PositionSettingsTest {

    @Test
    void defaultsReadGpsdOnLocalhost() {
        PositionSettings settings = PositionSettings.from(TestConfigs.position(Map.of()));
        assertThat(settings.source()).isEqualTo(PositionSettings.Kind.GPSD);
        assertThat(settings.description()).isEqualTo("gpsd:127.0.0.1:2947");
        assertThat(settings.maxFixAge()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.reconnectMax()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void eachSourceDescribesItself() {
        assertThat(PositionSettings.from(TestConfigs.position(Map.of("source", " NMEA-TCP ", "nmea_host",
                "gnss.local", "nmea_port", 2000))).description()).isEqualTo("nmea-tcp:gnss.local:2000");
        PositionSettings serial = PositionSettings.from(TestConfigs.position(Map.of("source", "nmea-serial",
                "nmea_device", "/dev/ttyACM0", "nmea_baud", 4800)));
        assertThat(serial.description()).isEqualTo("nmea-serial:/dev/ttyACM0");
        assertThat(serial.baudRate()).isEqualTo(4800);
        assertThat(PositionSettings.from(TestConfigs.position(Map.of("source", "none"))).description())
                .isEqualTo("none");
        // settings of the sources not chosen are not checked
        assertThat(PositionSettings.from(TestConfigs.position(Map.of("source", "none", "gpsd_port", 0))).source())
                .isEqualTo(PositionSettings.Kind.NONE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "source|gspd|source: 'gspd' is not one of gpsd, nmea-tcp, nmea-serial, none",
            "gpsd_port|0|gpsd.port: 0 is not between 1 and 65535",
            "gpsd_port|70000|gpsd.port: 70000 is not between 1 and 65535",
            "maxFixAgeSeconds|0|maxFixAgeSeconds: 0 must be at least 1",
            "reconnect_maxSeconds|-5|reconnect.maxSeconds: -5 must be at least 1",
    })
    void badValuesNameTheirKey(String key, String value, String message) {
        Object typed = key.equals("source") ? value : Integer.valueOf(value);
        assertThatThrownBy(() -> PositionSettings.from(TestConfigs.position(Map.of(key, typed))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void hostsMustBeHostNames() {
        assertThatThrownBy(() -> PositionSettings.from(TestConfigs.position(Map.of("gpsd_host", " "))))
                .hasMessage("gpsd.host: ' ' is not a host name or address");
        assertThatThrownBy(() -> PositionSettings.from(TestConfigs.position(Map.of("source", "nmea-tcp",
                "nmea_host", "tcp://10.0.0.1")))).hasMessage("nmea.host: 'tcp://10.0.0.1' is not a host name or address");
    }

    @Test
    void nmeaSourcesCheckTheirOwnKeys() {
        assertThatThrownBy(() -> PositionSettings.from(TestConfigs.position(Map.of("source", "nmea-tcp",
                "nmea_port", 0)))).hasMessage("nmea.port: 0 is not between 1 and 65535");
        assertThatThrownBy(() -> PositionSettings.from(TestConfigs.position(Map.of("source", "nmea-serial",
                "nmea_device", "")))).hasMessageStartingWith("nmea.device:");
        assertThatThrownBy(() -> PositionSettings.from(TestConfigs.position(Map.of("source", "nmea-serial",
                "nmea_baud", 0)))).hasMessage("nmea.baud: 0 is not between 300 and 921600");
    }
}
