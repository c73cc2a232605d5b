package org.edgeway.transit.internal.jsonlines;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

import com.fazecast.jSerialComm.SerialPort;

/** The two ways to a JSON lines sensor: the gateway as TCP client, or a serial line. */
final class Connectors {

    /** Connect timeout of the TCP client. */
    static final int CONNECT_TIMEOUT_MS = 5000;
    /** A serial read returns after this long without data, so that a closed port is noticed. */
    static final int SERIAL_POLL_MS = 1000;

    private Connectors() {
    }

    static JsonLinesAdapter.Connector tcp(String host, int port) {
        return new JsonLinesAdapter.Connector() {
            @Override
            public JsonLinesAdapter.Connection open() throws IOException {
                Socket socket = new Socket();
                try {
                    socket.setKeepAlive(true); // a vanished peer is noticed eventually, not never
                    socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
                } catch (IOException | RuntimeException e) {
                    socket.close();
                    throw e;
                }
                return new JsonLinesAdapter.Connection() {
                    @Override
                    public InputStream input() throws IOException {
                        return socket.getInputStream();
                    }

                    @Override
                    public void close() throws IOException {
                        socket.close();
                    }
                };
            }

            @Override
            public String toString() {
                return "tcp://" + host + ":" + port;
            }
        };
    }

    static JsonLinesAdapter.Connector serial(String device, int baud) {
        return new JsonLinesAdapter.Connector() {
            @Override
            public JsonLinesAdapter.Connection open() throws IOException {
                SerialPort port = SerialPort.getCommPort(device);
                port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
                port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
                port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, SERIAL_POLL_MS, 0);
                if (!port.openPort()) {
                    throw new IOException(device + " cannot be opened (error " + port.getLastErrorCode() + ")");
                }
                return new SerialConnection(port);
            }

            @Override
            public String toString() {
                return "serial " + device + " at " + baud + " baud";
            }
        };
    }

    /**
     * A serial port read through {@code readBytes}: jSerialComm's own stream throws a timeout exception after every
     * quiet second, which is normal for a sensor that only speaks when a door moves.
     */
    private static final class SerialConnection extends InputStream implements JsonLinesAdapter.Connection {
        private final SerialPort port;
        private volatile boolean closed;

        SerialConnection(SerialPort port) {
            this.port = port;
        }

        @Override
        public InputStream input() {
            return this;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (!closed) {
                int n = port.readBytes(b, len, off);
                if (n > 0) {
                    return n;
                }
                if (n < 0 || !port.isOpen()) {
                    throw new IOException(port.getSystemPortName() + ": read failed (error "
                            + port.getLastErrorCode() + ")");
                }
            }
            return -1;
        }

        @Override
        public void close() {
            closed = true;
            port.closePort();
        }
    }
}
