package org.edgeway.modbus.internal.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.io.ModbusTCPTransport;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Modbus TCP on j2mod's {@code ModbusTCPTransport} (MBAP framing), driven directly: see {@link J2modTransport} for
 * why j2mod's transaction classes are not used.
 *
 * <p>j2mod reports every failure as a {@code ModbusIOException} with a message only, so the socket's input stream is
 * wrapped ({@link DeadlineInputStream}) to know what actually happened: the deadline passed (timeout), the peer
 * closed or the socket failed (I/O), or neither (the bytes were there but malformed: protocol error). The wrapper
 * also turns the per-read socket timeout into one deadline for the whole transaction.
 *
 * <p>After a timeout with no byte of the reply received, the connection stays open and the transaction id is
 * remembered: if the late reply arrives during a later transaction, it is recognised by its id and skipped, never
 * taken as that transaction's answer. This keeps a gateway connection usable while one device behind it is dead.
 * After a partial reply, a protocol error or an I/O error the connection is closed, since the byte stream can no
 * longer be trusted to be in step; the next transaction reconnects.
 */
final class TcpTransport extends J2modTransport {

    private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);

    /** How many timed-out transaction ids are remembered to recognise their late replies. */
    private static final int MAX_LATE_REPLIES = 16;

    private final String host;
    private final int port;

    private final Object state = new Object();
    /** Guarded by {@link #state}; read and replaced under the transaction lock, cleared by {@link #close()} at any time. */
    private Connection connection;

    /** Guarded by the transaction lock. */
    private int lastTransactionId;
    /** Ids of timed-out requests on the current connection; guarded by the transaction lock. */
    private final ArrayDeque<Integer> lateTransactionIds = new ArrayDeque<>();

    TcpTransport(TransportConfig config) {
        super(config.endpoint(), config.timeout());
        this.host = config.host();
        this.port = config.port();
    }

    private record Connection(DeadlineSocket socket, ModbusTCPTransport framing) {

        boolean isOpen() {
            return socket.isConnected() && !socket.isClosed();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    @Override
    void checkUnitId(int unitId) {
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException("unit id must be 0..255, was " + unitId);
        }
    }

    @Override
    public boolean isConnected() {
        synchronized (state) {
            return connection != null && connection.isOpen();
        }
    }

    @Override
    void ensureConnected() throws ModbusTransportException {
        synchronized (state) {
            if (connection != null && connection.isOpen()) {
                return;
            }
        }
        DeadlineSocket socket = new DeadlineSocket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout().toMillis()));
            Connection opened = new Connection(socket, new ModbusTCPTransport(socket));
            Connection previous;
            synchronized (state) {
                previous = connection;
                connection = opened;
            }
            if (previous != null) {
                previous.close();
            }
            lateTransactionIds.clear();
            LOG.debug("{}: connected from {}", endpoint(), socket.getLocalSocketAddress());
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw new ModbusIoException(endpoint() + ": cannot connect: " + e, e);
        }
    }

    @Override
    public void close() {
        Connection c;
        synchronized (state) {
            c = connection;
            connection = null;
        }
        if (c != null) {
            c.close();
            LOG.debug("{}: closed", endpoint());
        }
    }

    private void drop(Connection c) {
        synchronized (state) {
            if (connection == c) {
                connection = null;
            }
        }
        c.close();
    }

    @Override
    ModbusResponse exchange(Read read, ModbusRequest request) throws ModbusTransportException {
        Connection c;
        synchronized (state) {
            c = connection;
        }
        if (c == null) {
            throw new ModbusIoException(read.describe() + ": connection closed", null);
        }
        int transactionId = nextTransactionId();
        request.setTransactionID(transactionId);
        DeadlineInputStream in = c.socket().deadlineStream();
        in.begin(deadline(timeout()));
        try {
            c.framing().writeRequest(request);
        } catch (ModbusIOException e) {
            drop(c);
            throw new ModbusIoException(read.describe() + ": cannot send request: " + e.getMessage(), e);
        }
        while (true) {
            ModbusResponse reply;
            try {
                reply = c.framing().readResponse();
            } catch (ModbusIOException e) {
                throw readFailure(read, c, in, transactionId, e);
            }
            int replyId = reply.getTransactionID();
            if (replyId != transactionId) {
                if (lateTransactionIds.remove(replyId)) {
                    LOG.debug("{}: skipped the late reply to timed-out transaction {}", endpoint(), replyId);
                    continue;
                }
                drop(c);
                throw new ModbusProtocolException(read.describe() + ": reply has transaction id " + replyId
                        + ", request had " + transactionId);
            }
            if (reply.getProtocolID() != 0) {
                drop(c);
                throw new ModbusProtocolException(read.describe() + ": reply has protocol id " + reply.getProtocolID());
            }
            try {
                checkReply(read, reply);
            } catch (ModbusProtocolException e) {
                drop(c);
                throw e;
            }
            return reply;
        }
    }

    private ModbusTransportException readFailure(Read read, Connection c, DeadlineInputStream in, int transactionId,
            ModbusIOException e) {
        if (in.timedOut()) {
            long ms = timeout().toMillis();
            if (in.received() == 0) {
                if (lateTransactionIds.size() == MAX_LATE_REPLIES) {
                    lateTransactionIds.removeFirst();
                }
                lateTransactionIds.addLast(transactionId);
                return new ModbusTimeoutException(read.describe() + ": no reply within " + ms + " ms");
            }
            drop(c);
            return new ModbusTimeoutException(
                    read.describe() + ": reply incomplete after " + ms + " ms (" + in.received() + " bytes)");
        }
        boolean closed = c.socket().isClosed(); // by close() from another thread
        drop(c);
        if (closed && in.failure() == null && !in.endOfStream()) {
            return new ModbusIoException(read.describe() + ": connection closed", e);
        }
        if (in.endOfStream()) {
            return new ModbusIoException(read.describe() + ": connection closed by the peer", e);
        }
        if (in.failure() != null) {
            return new ModbusIoException(read.describe() + ": " + in.failure(), in.failure());
        }
        return new ModbusProtocolException(read.describe() + ": malformed reply: " + e.getMessage());
    }

    private int nextTransactionId() {
        // 1..65535: never 0, which some servers put in replies they did not match to a request
        lastTransactionId = lastTransactionId >= 0xFFFF ? 1 : lastTransactionId + 1;
        return lastTransactionId;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to release
        }
    }

    /** A socket whose input stream is a {@link DeadlineInputStream}, so that j2mod reads through it. */
    static final class DeadlineSocket extends Socket {

        private DeadlineInputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new DeadlineInputStream(this, super.getInputStream());
            }
            return in;
        }

        DeadlineInputStream deadlineStream() {
            try {
                return (DeadlineInputStream) getInputStream();
            } catch (IOException e) {
                throw new IllegalStateException("the socket's input stream was opened when connecting", e);
            }
        }
    }

    /**
     * Reads the socket until a deadline and records how each read ended. Used by one transaction at a time.
     */
    static final class DeadlineInputStream extends FilterInputStream {

        private final Socket socket;
        private boolean armed;
        private long deadline;
        private boolean timedOut;
        private boolean endOfStream;
        private IOException failure;
        private long received;

        DeadlineInputStream(Socket socket, InputStream in) {
            super(in);
            this.socket = socket;
        }

        /** Starts a transaction that must end by {@code deadlineNanos} ({@link System#nanoTime()}). */
        void begin(long deadlineNanos) {
            armed = true;
            deadline = deadlineNanos;
            timedOut = false;
            endOfStream = false;
            failure = null;
            received = 0;
        }

        boolean timedOut() {
            return timedOut;
        }

        boolean endOfStream() {
            return endOfStream;
        }

        IOException failure() {
            return failure;
        }

        /** Bytes received since {@link #begin}. */
        long received() {
            return received;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                if (armed) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        throw new SocketTimeoutException("transaction deadline passed");
                    }
                    socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining + 999_999)));
                }
                int n = super.read(b, off, len);
                if (n < 0) {
                    endOfStream = true;
                } else {
                    received += n;
                }
                return n;
            } catch (SocketTimeoutException e) {
                timedOut = true;
                throw e;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }
}
