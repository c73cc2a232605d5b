package org.edgeway.modbus.internal.transport;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.ghgande.j2mod.modbus.io.AbstractModbusTransport;
import com.ghgande.j2mod.modbus.net.AbstractSerialConnection;

/**
 * The byte channel under j2mod's {@code ModbusRTUTransport}: a serial port ({@link SerialLine}) or a TCP socket
 * ({@link SocketLine}). j2mod reads a reply byte by byte and with a per-read timeout, and reports a missing reply, a
 * truncated one, a CRC error and a dead port alike as a {@code ModbusIOException}; this line enforces one deadline
 * for the whole transaction and records what happened, so that the transport can tell timeouts, I/O failures and
 * protocol errors apart. Opened only by the transport ({@link #openLine}); j2mod's implicit re-open is refused.
 */
abstract class RtuLine extends AbstractSerialConnection {

    private boolean armed;
    private long deadline;
    private boolean timedOut;
    private long received;
    private IOException failure;
    private int timeoutMillis = 1000;

    /** Opens the port or connects the socket, giving up after {@code timeout} where the medium allows. */
    abstract void openLine(Duration timeout) throws IOException;

    /**
     * Reads up to {@code len} bytes into {@code buffer} at {@code offset}, waiting at most {@code timeoutMillis}:
     * returns the count (0 when nothing came in time) or -1 at end of stream.
     */
    abstract int readSome(byte[] buffer, int offset, int len, int timeoutMillis) throws IOException;

    /** Writes all bytes or throws. */
    abstract void writeAll(byte[] buffer, int len) throws IOException;

    /** Bytes that can be read without waiting. */
    abstract int available() throws IOException;

    /** Starts a transaction that must end by {@code deadlineNanos} ({@link System#nanoTime()}). */
    final void begin(long deadlineNanos) {
        armed = true;
        deadline = deadlineNanos;
        failure = null;
        startReply();
    }

    /** Forgets what was read so far in this transaction (j2mod drains stale input before it writes a request). */
    final void startReply() {
        timedOut = false;
        received = 0;
    }

    final boolean timedOut() {
        return timedOut;
    }

    /** Bytes received since {@link #startReply()}. */
    final long received() {
        return received;
    }

    /** The I/O failure of this transaction, or null. */
    final IOException failure() {
        return failure;
    }

    final void fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
    }

    @Override
    public final void open() throws IOException {
        IOException e = new IOException(getPortName() + " is closed");
        fail(e);
        throw e;
    }

    @Override
    public final int readBytes(byte[] buffer, int bytesToRead) {
        int got = 0;
        while (got < bytesToRead && failure == null) {
            long remaining = armed ? deadline - System.nanoTime() : TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            if (remaining <= 0) {
                timedOut = true;
                break;
            }
            int ms = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining + 999_999));
            try {
                int n = readSome(buffer, got, bytesToRead - got, ms);
                if (n < 0) {
                    fail(new EOFException(getPortName() + ": end of stream"));
                    break;
                }
                got += n;
                received += n;
            } catch (IOException e) {
                fail(e);
            }
        }
        return got;
    }

    @Override
    public final int writeBytes(byte[] buffer, int bytesToWrite) {
        try {
            writeAll(buffer, bytesToWrite);
            return bytesToWrite;
        } catch (IOException e) {
            fail(e);
            return -1;
        }
    }

    @Override
    public final int bytesAvailable() {
        try {
            return Math.max(0, available());
        } catch (IOException e) {
            fail(e);
            return 0;
        }
    }

    /** Not used: transports are ours, not created through the connection. */
    @Override
    public AbstractModbusTransport getModbusTransport() {
        return null;
    }

    /** j2mod sets its per-read timeouts here; this line enforces one deadline per transaction instead. */
    @Override
    public final void setComPortTimeouts(int newTimeoutMode, int newReadTimeout, int newWriteTimeout) {
        // deliberately ignored
    }

    @Override
    public final int getTimeout() {
        return timeoutMillis;
    }

    @Override
    public final void setTimeout(int timeout) {
        this.timeoutMillis = timeout;
    }

    @Override
    public String getDescriptivePortName() {
        return getPortName();
    }

    @Override
    public Set<String> getCommPorts() {
        return Set.of();
    }
}
