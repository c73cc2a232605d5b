package org.edgeway.position.internal.nmea;

import java.io.IOException;
import java.time.Clock;

import org.edgeway.position.internal.source.LineReader;
import org.edgeway.position.internal.source.SourceListener;
import org.edgeway.position.internal.source.SourceSettings;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;

/** NMEA 0183 from a serial port through jSerialComm: 8 data bits, no parity, 1 stop bit, no flow control. */
public final class NmeaSerialSource extends NmeaSource {

    private final String device;
    private final int baudRate;

    /**
     * @param device   the serial device, for example {@code /dev/ttyUSB0}
     * @param baudRate the line speed (NMEA 0183 is 4800; many receivers use 9600 or more)
     * @param settings timing
     * @param clock    the gateway clock
     * @param listener where the reports go
     */
    public NmeaSerialSource(String device, int baudRate, SourceSettings settings, Clock clock,
            SourceListener listener) {
        super("edgeway-position-nmea-serial", "nmea-serial:" + device, settings, clock, listener);
        this.device = device;
        this.baudRate = baudRate;
    }

    @Override
    protected LineReader.ByteSource open() throws IOException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(device);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException(device + ": " + e.getMessage(), e);
        }
        port.setComPortParameters(baudRate, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        // semi-blocking: a read returns what is there, or 0 after the poll interval, so close() is seen quickly
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, settings.pollMillis(), 0);
        if (!port.openPort()) {
            throw new IOException(device + " cannot be opened (error " + port.getLastErrorCode() + " at "
                    + port.getLastErrorLocation() + ")");
        }
        AutoCloseable closer = port::closePort;
        attach(closer);
        sessionUp();
        return (buffer, offset, length) -> {
            int n = port.readBytes(buffer, length, offset);
            if (n < 0) {
                throw new IOException(device + ": read failed (error " + port.getLastErrorCode() + ")"
                        + (port.isOpen() ? "" : ", port closed"));
            }
            return n;
        };
    }
}
