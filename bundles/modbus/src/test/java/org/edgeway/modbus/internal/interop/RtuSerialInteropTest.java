package org.edgeway.modbus.internal.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;

import org.edgeway.modbus.internal.transport.ModbusDeviceException;
import org.edgeway.modbus.internal.transport.ModbusIoException;
import org.edgeway.modbus.internal.transport.ModbusProtocolException;
import org.edgeway.modbus.internal.transport.ModbusTimeoutException;
import org.edgeway.modbus.internal.transport.ModbusTransport;
import org.edgeway.modbus.internal.transport.ModbusTransports;
import org.edgeway.modbus.internal.transport.TransportConfig;
import org.edgeway.modbus.internal.transport.TransportConfig.Parity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Modbus RTU on a serial line (jSerialComm), over a socat pseudo-terminal pair, against pymodbus and libmodbus. */
@Timeout(60)
class RtuSerialInteropTest {

    static final RegisterImage IMAGE = new RegisterImage()
            .holding(1, 0, 10, 11, 12, 13)
            .input(1, 0x48, 0x4640, 0xE400)
            .coils(1, 0, true, false, true)
            .holding(7, 0, 70, 71);

    private static ModbusTransport serial(java.nio.file.Path device, int baud, Duration timeout) {
        return ModbusTransports.create(TransportConfig.rtu(device.toString(), baud, Parity.NONE, 8, 1, timeout));
    }

    @Test
    void readsFromPymodbusSerialServer() throws Exception {
        try (SocatPty pty = SocatPty.open();
             PymodbusServer server = PymodbusServer.rtuSerial(IMAGE, pty.b(), 19200);
             ModbusTransport t = serial(pty.a(), 19200, Duration.ofMillis(500))) {
            assertThat(t.endpoint()).isEqualTo("rtu:" + pty.a() + " 19200 8N1");
            assertThat(t.readHoldingRegisters(1, 0, 4)).containsExactly(10, 11, 12, 13);
            assertThat(t.readInputRegisters(1, 0x48, 2)).containsExactly(0x4640, 0xE400);
            assertThat(t.readCoils(1, 0, 3)).containsExactly(true, false, true);
            assertThat(t.readHoldingRegisters(7, 0, 2)).containsExactly(70, 71);
            assertThat(catchThrowableOfType(() -> t.readHoldingRegisters(1, 100, 1), ModbusDeviceException.class)
                    .exceptionCode()).isEqualTo(ModbusDeviceException.ILLEGAL_DATA_ADDRESS);
            // nobody answers for unit 9 on this bus
            assertThatThrownBy(() -> t.readHoldingRegisters(9, 0, 1)).isInstanceOf(ModbusTimeoutException.class)
                    .hasMessageContaining("no reply within 500 ms");
            // the port stays open and the bus usable
            assertThat(t.isConnected()).isTrue();
            assertThat(t.readHoldingRegisters(1, 2, 2)).containsExactly(12, 13);
        }
    }

    @Test
    void reopensThePortAfterCloseWithoutLeakingThreads() throws Exception {
        try (SocatPty pty = SocatPty.open();
             PymodbusServer server = PymodbusServer.rtuSerial(IMAGE, pty.b(), 38400);
             ModbusTransport t = serial(pty.a(), 38400, Duration.ofMillis(500))) {
            assertThat(t.readHoldingRegisters(1, 0, 1)).containsExactly(10);
            t.close();
            int threads = Thread.activeCount();
            for (int i = 0; i < 10; i++) {
                t.connect();
                assertThat(t.isConnected()).isTrue();
                assertThat(t.readHoldingRegisters(1, 1, 1)).containsExactly(11);
                t.close();
                assertThat(t.isConnected()).isFalse();
            }
            // jSerialComm's event thread per open port ends when the port closes (asynchronously)
            for (int i = 0; i < 100 && Thread.activeCount() > threads; i++) {
                Thread.sleep(20);
            }
            assertThat(Thread.activeCount()).isLessThanOrEqualTo(threads);
        }
    }

    @Test
    void missingSerialDeviceIsAnIoError() {
        try (ModbusTransport t = ModbusTransports.create(TransportConfig.rtu(
                PeerProcess.targetDirectory().resolve("interop/no-such-tty").toString(), 9600, Parity.EVEN, 8, 1,
                Duration.ofMillis(200)))) {
            assertThatThrownBy(() -> t.readHoldingRegisters(1, 0, 1)).isInstanceOf(ModbusIoException.class)
                    .hasMessageContaining("cannot open");
            assertThat(t.isConnected()).isFalse();
        }
    }

    @Test
    void libmodbusRtuServerBusyAndWrongSlave() throws Exception {
        LibmodbusUnitTestServer.assumeAvailable();
        try (SocatPty pty = SocatPty.open();
             LibmodbusUnitTestServer server = LibmodbusUnitTestServer.rtu(pty.b());
             ModbusTransport t = serial(pty.a(), 115200, Duration.ofMillis(500))) {
            int slave = LibmodbusUnitTestServer.serverId();
            assertThat(t.readInputRegisters(slave, LibmodbusUnitTestServer.inputRegistersAddress(), 1))
                    .containsExactly(LibmodbusUnitTestServer.inputRegisters()[0]);
            assertThat(catchThrowableOfType(
                    () -> t.readHoldingRegisters(slave, LibmodbusUnitTestServer.busyAddress(), 1),
                    ModbusDeviceException.class).isBusy()).isTrue();
            // a well-formed reply (one register, value 0) from slave 18 to a request for slave 17
            assertThatThrownBy(() -> t.readHoldingRegisters(slave,
                    LibmodbusUnitTestServer.invalidTidOrSlaveAddress(), 1))
                    .isInstanceOf(ModbusProtocolException.class)
                    .hasMessageContaining("reply from unit " + LibmodbusUnitTestServer.invalidServerId());
            assertThatThrownBy(() -> t.readHoldingRegisters(slave, LibmodbusUnitTestServer.registersAddress(),
                    LibmodbusUnitTestServer.wrongLengthCount())).isInstanceOf(ModbusProtocolException.class);
            // other slaves are ignored by the server: no reply
            assertThatThrownBy(() -> t.readInputRegisters(slave + 1,
                    LibmodbusUnitTestServer.inputRegistersAddress(), 1)).isInstanceOf(ModbusTimeoutException.class);
            assertThat(t.readHoldingRegisters(slave, LibmodbusUnitTestServer.registersAddress(), 3))
                    .containsExactly(0, 0, 0);
        }
    }
}
