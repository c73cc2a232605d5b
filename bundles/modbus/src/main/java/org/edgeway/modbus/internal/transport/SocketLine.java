package org.edgeway.modbus.internal.transport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A TCP socket as an RTU line, for RTU framing over TCP. j2mod's own RTU-over-TCP mode
 * ({@code TCPMasterConnection.setUseRtuOverTcp}, {@code ModbusRTUTCPTransport}) reads the reply's CRC and discards
 * it unchecked; running j2mod's serial {@code ModbusRTUTransport} on this line checks it.
 */
final class SocketLine extends RtuLine {

    /** No baud rate on a socket; high enough that j2mod's post-write "transmission time" wait is nil. */
    private static final int NOMINAL_BAUD_RATE = 100_000_000;

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    SocketLine(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    void openLine(Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            in = new BufferedInputStream(s.getInputStream());
            out = s.getOutputStream();
            socket = s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    int readSome(byte[] buffer, int offset, int len, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            return in.read(buffer, offset, len);
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    @Override
    void writeAll(byte[] buffer, int len) throws IOException {
        out.write(buffer, 0, len);
        out.flush();
    }

    @Override
    int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    @Override
    public boolean isOpen() {
        Socket s = socket;
        return s != null && s.isConnected() && !s.isClosed();
    }

    @Override
    public int getBaudRate() {
        return NOMINAL_BAUD_RATE;
    }

    @Override
    public int getNumDataBits() {
        return 8;
    }

    @Override
    public int getNumStopBits() {
        return 1;
    }

    @Override
    public int getParity() {
        return NO_PARITY;
    }

    @Override
    public String getPortName() {
        return host + ":" + port;
    }
}
