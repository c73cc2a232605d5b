package org.edgeway.modbus.internal.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.edgeway.modbus.internal.interop.LibmodbusUnitTestServer.busyAddress;
import static org.edgeway.modbus.internal.interop.LibmodbusUnitTestServer.byteSleepAddress;
import static org.edgeway.modbus.internal.interop.LibmodbusUnitTestServer.invalidTidOrSlaveAddress;
import static org.edgeway.modbus.internal.interop.LibmodbusUnitTestServer.registersAddress;
import static org.edgeway.modbus.internal.interop.LibmodbusUnitTestServer.serverId;
import static org.edgeway.modbus.internal.interop.LibmodbusUnitTestServer.sleepAddress;
import static org.edgeway.modbus.internal.interop.LibmodbusUnitTestServer.wrongLengthCount;

import java.time.Duration;

import org.edgeway.modbus.internal.transport.ModbusDeviceException;
import org.edgeway.modbus.internal.transport.ModbusProtocolException;
import org.edgeway.modbus.internal.transport.ModbusTimeoutException;
import org.edgeway.modbus.internal.transport.ModbusTransport;
import org.edgeway.modbus.internal.transport.ModbusTransports;
import org.edgeway.modbus.internal.transport.TransportConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault injection by libmodbus's unit-test-server over Modbus TCP: busy, wrong transaction id, wrong length, slow
 * and trickling replies. Each test runs its own server, since it serves one connection only.
 */
@Timeout(60)
class LibmodbusInteropTest {

    @BeforeEach
    void compile() {
        LibmodbusUnitTestServer.binary(); // once per build; skips naming the missing package
    }

    private static ModbusTransport connect(LibmodbusUnitTestServer server, Duration timeout) {
        return ModbusTransports.create(TransportConfig.tcp("127.0.0.1", server.port(), timeout));
    }

    @Test
    void readsItsRegistersAndBits() throws Exception {
        try (LibmodbusUnitTestServer server = LibmodbusUnitTestServer.tcp();
             ModbusTransport t = connect(server, Duration.ofSeconds(2))) {
            int[] inputs = LibmodbusUnitTestServer.inputRegisters();
            assertThat(t.readInputRegisters(serverId(), LibmodbusUnitTestServer.inputRegistersAddress(),
                    inputs.length)).containsExactly(inputs);
            assertThat(t.readHoldingRegisters(serverId(), registersAddress(), 3)).containsExactly(0, 0, 0);

            int count = LibmodbusUnitTestServer.inputBitsCount();
            int[] packed = LibmodbusUnitTestServer.inputBitsPacked();
            boolean[] expected = new boolean[count];
            for (int i = 0; i < count; i++) {
                expected[i] = (packed[i / 8] >> (i % 8) & 1) == 1;
            }
            assertThat(t.readDiscreteInputs(serverId(), LibmodbusUnitTestServer.inputBitsAddress(), count))
                    .containsExactly(expected);
            assertThat(catchThrowableOfType(() -> t.readHoldingRegisters(serverId(), 0, 1),
                    ModbusDeviceException.class).exceptionCode()).isEqualTo(ModbusDeviceException.ILLEGAL_DATA_ADDRESS);
        }
    }

    @Test
    void busyIsReportedAsDeviceExceptionSix() throws Exception {
        try (LibmodbusUnitTestServer server = LibmodbusUnitTestServer.tcp();
             ModbusTransport t = connect(server, Duration.ofSeconds(2))) {
            ModbusDeviceException e = catchThrowableOfType(() -> t.readHoldingRegisters(serverId(), busyAddress(), 1),
                    ModbusDeviceException.class);
            assertThat(e.exceptionCode()).isEqualTo(ModbusDeviceException.SERVER_DEVICE_BUSY);
            assertThat(e.isBusy()).isTrue();
            assertThat(e).hasMessageContaining("server device busy");
            // an exception response is a proper reply: the connection stays
            assertThat(t.readHoldingRegisters(serverId(), registersAddress(), 1)).containsExactly(0);
        }
    }

    @Test
    void wrongTransactionIdIsAProtocolError() throws Exception {
        try (LibmodbusUnitTestServer server = LibmodbusUnitTestServer.tcp();
             ModbusTransport t = connect(server, Duration.ofSeconds(2))) {
            assertThat(t.readHoldingRegisters(serverId(), registersAddress(), 1)).containsExactly(0);
            // the reply is well-formed (one register, value 0) but carries transaction id 0 and unit 0xFF
            assertThatThrownBy(() -> t.readHoldingRegisters(serverId(), invalidTidOrSlaveAddress(), 1))
                    .isInstanceOf(ModbusProtocolException.class).hasMessageContaining("transaction id 0");
            assertThat(t.isConnected()).isFalse();
        }
    }

    @Test
    void wrongUnitIdIsAProtocolError() throws Exception {
        try (LibmodbusUnitTestServer server = LibmodbusUnitTestServer.tcp();
             ModbusTransport t = connect(server, Duration.ofSeconds(2))) {
            // the trickled reply has the right transaction id (low byte copied) but unit 0xFF
            assertThatThrownBy(() -> t.readHoldingRegisters(serverId(), byteSleepAddress(), 1))
                    .isInstanceOf(ModbusProtocolException.class).hasMessageContaining("reply from unit 255");
        }
    }

    @Test
    void wrongLengthIsAProtocolError() throws Exception {
        try (LibmodbusUnitTestServer server = LibmodbusUnitTestServer.tcp();
             ModbusTransport t = connect(server, Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> t.readHoldingRegisters(serverId(), registersAddress(), wrongLengthCount()))
                    .isInstanceOf(ModbusProtocolException.class)
                    .hasMessageContaining("carries " + 2 * (wrongLengthCount() - 1) + " data bytes, expected "
                            + 2 * wrongLengthCount());
        }
    }

    @Test
    void slowReplyIsATimeoutAndItsLateArrivalIsNeverTakenAsAValue() throws Exception {
        try (LibmodbusUnitTestServer server = LibmodbusUnitTestServer.tcp();
             ModbusTransport t = connect(server, Duration.ofMillis(300))) {
            assertThatThrownBy(() -> t.readHoldingRegisters(serverId(), sleepAddress(), 1))
                    .isInstanceOf(ModbusTimeoutException.class).hasMessageContaining("no reply within 300 ms");
            // the server answers 0.5 s later; by then the next request is queued behind it on the same connection
            Thread.sleep(700);
            assertThat(t.readInputRegisters(serverId(), LibmodbusUnitTestServer.inputRegistersAddress(), 1))
                    .containsExactly(LibmodbusUnitTestServer.inputRegisters()[0]);
            assertThat(t.isConnected()).isTrue();
        }
    }

    @Test
    void replyTricklingInByteByByteIsAssembledOrTimesOutAsAWhole() throws Exception {
        // 11 bytes 5 ms apart: complete within a generous timeout ...
        try (LibmodbusUnitTestServer server = LibmodbusUnitTestServer.tcp();
             ModbusTransport t = connect(server, Duration.ofSeconds(2))) {
            assertThat(t.readHoldingRegisters(0xFF, byteSleepAddress(), 1)).containsExactly(0);
        }
        // ... and a timeout, not a value, when the whole reply takes longer than the transaction may
        try (LibmodbusUnitTestServer server = LibmodbusUnitTestServer.tcp();
             ModbusTransport t = connect(server, Duration.ofMillis(20))) {
            assertThatThrownBy(() -> t.readHoldingRegisters(0xFF, byteSleepAddress(), 1))
                    .isInstanceOf(ModbusTimeoutException.class);
        }
    }
}
