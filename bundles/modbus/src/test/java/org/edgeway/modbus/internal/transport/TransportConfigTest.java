package org.edgeway.modbus.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.edgeway.modbus.internal.transport.TransportConfig.Parity;
import org.edgeway.modbus.internal.transport.TransportConfig.Type;
import org.junit.jupiter.api.Test;

class TransportConfigTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void validConfigurationsAndTheirEndpoints() {
        assertThat(TransportConfig.tcp("meter.local", 502, SECOND).endpoint()).isEqualTo("tcp://meter.local:502");
        assertThat(TransportConfig.tcp("fe80::1", 502, SECOND).endpoint()).isEqualTo("tcp://[fe80::1]:502");
        assertThat(TransportConfig.rtuOverTcp("10.0.0.9", 4001, SECOND).endpoint())
                .isEqualTo("rtu-over-tcp://10.0.0.9:4001");
        assertThat(TransportConfig.rtu("/dev/ttyUSB0", 9600, Parity.EVEN, 8, 1, SECOND).endpoint())
                .isEqualTo("rtu:/dev/ttyUSB0 9600 8E1");
        assertThat(TransportConfig.rtu("/dev/ttyS1", 19200, Parity.NONE, 8, 2, SECOND).endpoint())
                .isEqualTo("rtu:/dev/ttyS1 19200 8N2");
        // fields another type uses are ignored
        assertThat(new TransportConfig(Type.TCP, "h", 502, "", -1, null, 0, 9, SECOND).type()).isEqualTo(Type.TCP);
        assertThat(new TransportConfig(Type.RTU, null, -1, "/dev/x", 9600, Parity.ODD, 8, 1, SECOND).port())
                .isEqualTo(-1);
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> new TransportConfig(null, "h", 502, null, 0, null, 0, 0, SECOND))
                .hasMessageStartingWith("type:");
        assertThatThrownBy(() -> TransportConfig.tcp("h", 502, null)).hasMessageStartingWith("timeout:");
        assertThatThrownBy(() -> TransportConfig.tcp("h", 502, Duration.ZERO))
                .hasMessage("timeout: must be 1 ms to 60 s, was 0 ms");
        assertThatThrownBy(() -> TransportConfig.tcp("h", 502, Duration.ofMinutes(2)))
                .hasMessageStartingWith("timeout:");
        assertThatThrownBy(() -> TransportConfig.tcp(" ", 502, SECOND)).hasMessage("host: missing");
        assertThatThrownBy(() -> TransportConfig.tcp(null, 502, SECOND)).hasMessage("host: missing");
        assertThatThrownBy(() -> TransportConfig.tcp("h", 0, SECOND)).hasMessage("port: must be 1..65535, was 0");
        assertThatThrownBy(() -> TransportConfig.rtuOverTcp("h", 65536, SECOND)).hasMessageStartingWith("port:");
        assertThatThrownBy(() -> TransportConfig.rtu("", 9600, Parity.EVEN, 8, 1, SECOND))
                .hasMessageStartingWith("serialDevice:");
        assertThatThrownBy(() -> TransportConfig.rtu("/dev/x", 0, Parity.EVEN, 8, 1, SECOND))
                .hasMessage("baudRate: must be 50..4000000, was 0");
        assertThatThrownBy(() -> TransportConfig.rtu("/dev/x", 9600, null, 8, 1, SECOND))
                .hasMessageStartingWith("parity:");
        assertThatThrownBy(() -> TransportConfig.rtu("/dev/x", 9600, Parity.EVEN, 7, 1, SECOND))
                .hasMessage("dataBits: Modbus RTU needs 8 data bits, was 7");
        assertThatThrownBy(() -> TransportConfig.rtu("/dev/x", 9600, Parity.EVEN, 8, 3, SECOND))
                .hasMessage("stopBits: must be 1 or 2, was 3");
        assertThat(catchIllegalArgument(() -> TransportConfig.tcp("h", -5, SECOND)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parityParsesLettersAndNames() {
        assertThat(Parity.parse("N")).isEqualTo(Parity.NONE);
        assertThat(Parity.parse("even")).isEqualTo(Parity.EVEN);
        assertThat(Parity.parse(" o ")).isEqualTo(Parity.ODD);
        assertThatThrownBy(() -> Parity.parse("mark")).hasMessageStartingWith("parity:");
        assertThatThrownBy(() -> Parity.parse(null)).hasMessageStartingWith("parity:");
    }

    @Test
    void factoryCreatesTheTransportOfEachTypeUnconnected() {
        try (ModbusTransport tcp = ModbusTransports.create(TransportConfig.tcp("127.0.0.1", 502, SECOND));
             ModbusTransport rtu = ModbusTransports.create(
                     TransportConfig.rtu("/dev/null-tty", 9600, Parity.EVEN, 8, 1, Duration.ofMillis(250)))) {
            assertThat(tcp.isConnected()).isFalse();
            assertThat(tcp.endpoint()).isEqualTo("tcp://127.0.0.1:502");
            assertThat(tcp.timeout()).isEqualTo(SECOND);
            assertThat(rtu.isConnected()).isFalse();
            assertThat(rtu.timeout()).isEqualTo(Duration.ofMillis(250));
        }
    }

    private static Throwable catchIllegalArgument(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
