package org.edgeway.modbus.internal.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;

import org.edgeway.modbus.internal.transport.ModbusDeviceException;
import org.edgeway.modbus.internal.transport.ModbusIoException;
import org.edgeway.modbus.internal.transport.ModbusTimeoutException;
import org.edgeway.modbus.internal.transport.ModbusTransport;
import org.edgeway.modbus.internal.transport.ModbusTransportException;
import org.edgeway.modbus.internal.transport.ModbusTransports;
import org.edgeway.modbus.internal.transport.TransportConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Modbus TCP and RTU over TCP against python3-pymodbus' server. */
@Timeout(60)
class PymodbusTcpInteropTest {

    static final RegisterImage IMAGE = new RegisterImage()
            .holding(1, 0, 10, 11, 12, 13, 0xFFFF, 0x8000)
            .holding(1, 200, 4660)
            .input(1, 100, 7, 8, 9)
            .coils(1, 0, true, false, true, true, false, false, false, false, true)
            .discreteInputs(1, 10, false, true, true)
            .holding(2, 0, 20, 21)
            .input(2, 100, 70, 80);

    static PymodbusServer tcp;
    static PymodbusServer rtuOverTcp;

    /** Started for the first test, shared by all; per test (not in @BeforeAll) so that a skip names its reason. */
    @BeforeEach
    void startServers() {
        if (tcp == null) {
            tcp = PymodbusServer.tcp(IMAGE);
            rtuOverTcp = PymodbusServer.rtuOverTcp(IMAGE);
        }
    }

    @AfterAll
    static void stopServers() {
        if (tcp != null) {
            tcp.close();
            tcp = null;
        }
        if (rtuOverTcp != null) {
            rtuOverTcp.close();
            rtuOverTcp = null;
        }
    }

    static ModbusTransport transport(TransportConfig config) {
        return ModbusTransports.create(config);
    }

    @Test
    void tcpReadsEveryTableAsServed() throws Exception {
        try (ModbusTransport t = transport(TransportConfig.tcp("127.0.0.1", tcp.port(), Duration.ofSeconds(2)))) {
            assertThat(t.isConnected()).isFalse();
            assertThat(t.readHoldingRegisters(1, 0, 6)).containsExactly(10, 11, 12, 13, 0xFFFF, 0x8000);
            assertThat(t.isConnected()).isTrue();
            assertThat(t.readHoldingRegisters(1, 200, 1)).containsExactly(4660);
            assertThat(t.readInputRegisters(1, 100, 3)).containsExactly(7, 8, 9);
            assertThat(t.readCoils(1, 0, 9)).containsExactly(true, false, true, true, false, false, false, false, true);
            assertThat(t.readDiscreteInputs(1, 10, 3)).containsExactly(false, true, true);
        }
    }

    @Test
    void tcpRoutesByUnitId() throws Exception {
        try (ModbusTransport t = transport(TransportConfig.tcp("127.0.0.1", tcp.port(), Duration.ofSeconds(2)))) {
            assertThat(t.readHoldingRegisters(2, 0, 2)).containsExactly(20, 21);
            assertThat(t.readHoldingRegisters(1, 0, 2)).containsExactly(10, 11);
            assertThat(t.readInputRegisters(2, 100, 2)).containsExactly(70, 80);
        }
    }

    @Test
    void tcpIllegalAddressIsDeviceExceptionTwoAndTheConnectionStaysUsable() throws Exception {
        try (ModbusTransport t = transport(TransportConfig.tcp("127.0.0.1", tcp.port(), Duration.ofSeconds(2)))) {
            ModbusDeviceException e = catchThrowableOfType(() -> t.readHoldingRegisters(1, 50, 2),
                    ModbusDeviceException.class);
            assertThat(e.exceptionCode()).isEqualTo(ModbusDeviceException.ILLEGAL_DATA_ADDRESS);
            assertThat(e.kind()).isEqualTo(ModbusTransportException.Kind.DEVICE_EXCEPTION);
            assertThat(e.isBusy()).isFalse();
            assertThat(e).hasMessageContaining("unit 1 FC03 address 50 count 2").hasMessageContaining("exception 2");
            // a read running past the end of a block is refused as a whole
            assertThat(catchThrowableOfType(() -> t.readHoldingRegisters(1, 4, 3), ModbusDeviceException.class)
                    .exceptionCode()).isEqualTo(2);
            assertThat(t.isConnected()).isTrue();
            assertThat(t.readHoldingRegisters(1, 0, 1)).containsExactly(10);
        }
    }

    @Test
    void tcpUnknownUnitTimesOut() throws Exception {
        try (ModbusTransport t = transport(TransportConfig.tcp("127.0.0.1", tcp.port(), Duration.ofMillis(500)))) {
            assertThatThrownBy(() -> t.readHoldingRegisters(9, 0, 1)).isInstanceOf(ModbusTimeoutException.class)
                    .hasMessageContaining("no reply within 500 ms");
            // the late reply never comes; the connection stays and serves the next read
            assertThat(t.readHoldingRegisters(1, 0, 1)).containsExactly(10);
        }
    }

    @Test
    void closedServerIsAnIoErrorAndTheTransportReconnectsAfterRestart() throws Exception {
        PymodbusServer server = PymodbusServer.tcp(IMAGE);
        int port = server.port();
        try (ModbusTransport t = transport(TransportConfig.tcp("127.0.0.1", port, Duration.ofSeconds(2)))) {
            assertThat(t.readHoldingRegisters(1, 0, 1)).containsExactly(10);
            server.close();

            // the dead connection: reset or end of stream, either way an I/O error, not a timeout or a value
            assertThatThrownBy(() -> t.readHoldingRegisters(1, 0, 1)).isInstanceOf(ModbusIoException.class);
            assertThat(t.isConnected()).isFalse();
            // nobody listens: the reconnect is refused
            assertThatThrownBy(() -> t.readHoldingRegisters(1, 0, 1)).isInstanceOf(ModbusIoException.class)
                    .hasMessageContaining("cannot connect");
            assertThatThrownBy(t::connect).isInstanceOf(ModbusIoException.class);

            server = PymodbusServer.tcp(IMAGE, port);
            assertThat(t.readHoldingRegisters(1, 0, 2)).containsExactly(10, 11);
            assertThat(t.isConnected()).isTrue();

            // close() then use again: reconnects on demand
            t.close();
            assertThat(t.isConnected()).isFalse();
            assertThat(t.readInputRegisters(1, 100, 1)).containsExactly(7);
        } finally {
            server.close();
        }
    }

    @Test
    void rtuOverTcpReadsRoutesAndReportsExceptions() throws Exception {
        try (ModbusTransport t = transport(
                TransportConfig.rtuOverTcp("127.0.0.1", rtuOverTcp.port(), Duration.ofMillis(500)))) {
            assertThat(t.endpoint()).isEqualTo("rtu-over-tcp://127.0.0.1:" + rtuOverTcp.port());
            assertThat(t.readHoldingRegisters(1, 0, 6)).containsExactly(10, 11, 12, 13, 0xFFFF, 0x8000);
            assertThat(t.readInputRegisters(2, 100, 2)).containsExactly(70, 80);
            assertThat(t.readCoils(1, 0, 4)).containsExactly(true, false, true, true);
            assertThat(t.readDiscreteInputs(1, 10, 3)).containsExactly(false, true, true);
            assertThat(catchThrowableOfType(() -> t.readInputRegisters(1, 0, 1), ModbusDeviceException.class)
                    .exceptionCode()).isEqualTo(2);
            assertThat(t.isConnected()).isTrue();
            // no reply from an absent unit; RTU has no transaction id, so the socket is renewed
            assertThatThrownBy(() -> t.readHoldingRegisters(9, 0, 1)).isInstanceOf(ModbusTimeoutException.class);
            assertThat(t.isConnected()).isFalse();
            assertThat(t.readHoldingRegisters(2, 0, 2)).containsExactly(20, 21);
        }
    }
}
