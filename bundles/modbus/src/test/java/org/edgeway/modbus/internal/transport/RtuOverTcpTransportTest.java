package org.edgeway.modbus.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.edgeway.modbus.internal.transport.FakeModbusDevice.bits;
import static org.edgeway.modbus.internal.transport.FakeModbusDevice.exception;
import static org.edgeway.modbus.internal.transport.FakeModbusDevice.registers;
import static org.edgeway.modbus.internal.transport.FakeModbusDevice.valuesFor;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgeway.modbus.internal.transport.FakeModbusDevice.Behaviour;
import org.edgeway.modbus.internal.transport.FakeModbusDevice.Framing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RTU framing on a TCP socket against a scripted device: CRC, unit id and length are checked. */
@Timeout(30)
class RtuOverTcpTransportTest {

    static final Behaviour CORRECT = (r, link) -> link.rtu(r.unitId(),
            r.functionCode() <= 2 ? bits(r.functionCode(), new boolean[r.count()])
                    : registers(r.functionCode(), valuesFor(r)), false);

    private static ModbusTransport transport(FakeModbusDevice device, Duration timeout) {
        return ModbusTransports.create(TransportConfig.rtuOverTcp("127.0.0.1", device.port(), timeout));
    }

    @Test
    void correctRepliesAreValues() throws Exception {
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.RTU, CORRECT);
             ModbusTransport t = transport(device, Duration.ofSeconds(2))) {
            assertThat(t.readHoldingRegisters(17, 5, 3)).containsExactly(17005, 17006, 17007);
            assertThat(t.readInputRegisters(247, 0, 125)).hasSize(125).startsWith(247000 & 0xFFFF);
            assertThat(t.readDiscreteInputs(1, 0, 3)).containsExactly(false, false, false);
            assertThat(device.connections()).isEqualTo(1);
        }
    }

    @Test
    void badCrcIsAProtocolErrorAndRenewsTheConnection() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.RTU, (r, link) -> link.rtu(r.unitId(),
                registers(r.functionCode(), valuesFor(r)), calls.incrementAndGet() == 1));
             ModbusTransport t = transport(device, Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> t.readHoldingRegisters(1, 0, 2)).isInstanceOf(ModbusProtocolException.class)
                    .hasMessageContaining("CRC");
            assertThat(t.isConnected()).isFalse();
            assertThat(t.readHoldingRegisters(1, 0, 2)).containsExactly(1000, 1001);
            assertThat(device.connections()).isEqualTo(2);
        }
    }

    @Test
    void renewingTheConnectionManyTimesLeaksNoSockets() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.RTU, (r, link) -> link.rtu(r.unitId(),
                registers(r.functionCode(), valuesFor(r)), calls.incrementAndGet() % 2 == 1));
             ModbusTransport t = transport(device, Duration.ofSeconds(2))) {
            TcpTransportTest.assertNoDescriptorLeak(() -> {
                assertThatThrownBy(() -> t.readHoldingRegisters(1, 0, 1)).isInstanceOf(ModbusProtocolException.class);
                assertThat(t.readHoldingRegisters(1, 0, 1)).containsExactly(1000);
            });
        }
    }

    @Test
    void replyFromAnotherUnitIsAProtocolError() throws Exception {
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.RTU,
                (r, link) -> link.rtu(r.unitId() + 1, registers(r.functionCode(), valuesFor(r)), false));
             ModbusTransport t = transport(device, Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> t.readHoldingRegisters(4, 0, 2)).isInstanceOf(ModbusProtocolException.class)
                    .hasMessageContaining("reply from unit 5");
        }
    }

    @Test
    void wrongLengthIsAProtocolError() throws Exception {
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.RTU,
                (r, link) -> link.rtu(r.unitId(), registers(r.functionCode(), 1), false));
             ModbusTransport t = transport(device, Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> t.readInputRegisters(4, 0, 2)).isInstanceOf(ModbusProtocolException.class)
                    .hasMessageContaining("carries 2 data bytes, expected 4");
        }
    }

    @Test
    void exceptionResponseIsADeviceException() throws Exception {
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.RTU,
                (r, link) -> link.rtu(r.unitId(), exception(r.functionCode(), 6), false));
             ModbusTransport t = transport(device, Duration.ofSeconds(2))) {
            assertThat(catchThrowableOfType(() -> t.readHoldingRegisters(4, 0, 2), ModbusDeviceException.class)
                    .isBusy()).isTrue();
            assertThat(t.isConnected()).isTrue();
        }
    }

    @Test
    void silenceIsATimeoutAndRenewsTheConnection() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.RTU, (r, link) -> {
            if (calls.incrementAndGet() > 1) {
                CORRECT.answer(r, link);
            }
        }); ModbusTransport t = transport(device, Duration.ofMillis(500))) {
            assertThatThrownBy(() -> t.readHoldingRegisters(1, 0, 1)).isInstanceOf(ModbusTimeoutException.class)
                    .hasMessageContaining("no reply within 500 ms");
            assertThat(t.isConnected()).isFalse();
            assertThat(t.readHoldingRegisters(1, 0, 1)).containsExactly(1000);
        }
    }

    @Test
    void closeDuringAReadEndsItWithAnIoError() throws Exception {
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.RTU, (r, link) -> { });
             ModbusTransport t = transport(device, Duration.ofSeconds(20))) {
            TcpTransportTest.closeWhileReading(device, t);
        }
    }

    @Test
    void broadcastAndReservedUnitIdsAreRefused() throws IOException {
        try (FakeModbusDevice device = new FakeModbusDevice(Framing.RTU, CORRECT);
             ModbusTransport t = transport(device, Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> t.readHoldingRegisters(0, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unit id must be 1..247 on RTU, was 0");
            assertThatThrownBy(() -> t.readHoldingRegisters(248, 0, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(device.requests()).isZero();
        }
    }
}
