package org.edgeway.modbus.internal.transport;

import java.io.IOException;
import java.time.Duration;

import com.fazecast.jSerialComm.SerialPort;

/**
 * A serial port through jSerialComm, with the deadline logic of {@link RtuLine}.
 *
 * <p>Not through j2mod's {@code SerialConnection}: its {@code open()} registers a port-disconnected listener whose
 * event thread makes every {@code close()} take about half a second (measured with jSerialComm 2.11.4), which a bus
 * that closes its port after a failed poll pays each time; it also builds a second, unused transport. A vanished
 * port shows here as a failed read or write instead.
 */
final class SerialLine extends RtuLine {

    private final TransportConfig config;
    private SerialPort port;
    private int appliedTimeoutMillis = -1;

    SerialLine(TransportConfig config) {
        this.config = config;
    }

    @Override
    void openLine(Duration timeout) throws IOException {
        SerialPort p = SerialPort.getCommPort(config.serialDevice());
        int ms = (int) Math.max(1, timeout.toMillis());
        p.setComPortParameters(config.baudRate(), config.dataBits(),
                config.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT, getParity());
        p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, ms, ms);
        if (!p.openPort()) {
            throw new IOException(config.serialDevice() + " cannot be opened (error " + p.getLastErrorCode()
                    + " at " + p.getLastErrorLocation() + ")");
        }
        appliedTimeoutMillis = ms;
        port = p;
    }

    @Override
    int readSome(byte[] buffer, int offset, int len, int timeoutMillis) throws IOException {
        SerialPort p = port;
        if (timeoutMillis != appliedTimeoutMillis) {
            p.setComPortTimeouts(SerialPort.TIMEOUT_READ_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                    timeoutMillis, timeoutMillis);
            appliedTimeoutMillis = timeoutMillis;
        }
        int n = p.readBytes(buffer, len, offset);
        if (n < 0) {
            throw new IOException(getPortName() + ": read failed (error " + p.getLastErrorCode() + ")"
                    + (p.isOpen() ? "" : ", port closed"));
        }
        return n;
    }

    @Override
    void writeAll(byte[] buffer, int len) throws IOException {
        SerialPort p = port;
        int n = p.writeBytes(buffer, len);
        if (n != len) {
            throw new IOException(getPortName() + ": wrote " + n + " of " + len + " bytes (error "
                    + p.getLastErrorCode() + ")");
        }
    }

    @Override
    int available() throws IOException {
        int n = port.bytesAvailable();
        if (n < 0) {
            throw new IOException(getPortName() + ": port failed (error " + port.getLastErrorCode() + ")");
        }
        return n;
    }

    @Override
    public void close() {
        SerialPort p = port;
        if (p != null) {
            p.closePort();
        }
    }

    @Override
    public boolean isOpen() {
        SerialPort p = port;
        return p != null && p.isOpen();
    }

    @Override
    public int getBaudRate() {
        return config.baudRate();
    }

    @Override
    public int getNumDataBits() {
        return config.dataBits();
    }

    /** The real count (j2mod's own connection reports jSerialComm's constant, 3 for two stop bits). */
    @Override
    public int getNumStopBits() {
        return config.stopBits();
    }

    @Override
    public int getParity() {
        return switch (config.parity()) {
            case NONE -> NO_PARITY;
            case EVEN -> EVEN_PARITY;
            case ODD -> ODD_PARITY;
        };
    }

    @Override
    public String getPortName() {
        return config.serialDevice();
    }
}
