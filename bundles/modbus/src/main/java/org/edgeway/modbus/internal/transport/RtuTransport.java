package org.edgeway.modbus.internal.transport;

import java.io.IOException;
import java.util.function.Supplier;

import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.io.ModbusRTUTransport;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Modbus RTU (unit id, PDU, CRC-16) on j2mod's {@code ModbusRTUTransport}, over a serial line or a TCP socket (see
 * {@link RtuLine}). RTU has no transaction id: a reply is matched by unit id, function code and length only, and j2mod
 * drains stale input before each request.
 *
 * <p>On a TCP socket the connection is closed after a timeout or a protocol error, because a late or surplus reply
 * could otherwise be taken for the answer to the next request; the next transaction reconnects. A serial port stays
 * open after those (there is nothing to reconnect) and is closed only when it fails.
 */
final class RtuTransport extends J2modTransport {

    private static final Logger LOG = LoggerFactory.getLogger(RtuTransport.class);

    private final Supplier<RtuLine> lines;
    private final boolean overTcp;

    private final Object state = new Object();
    /** Guarded by {@link #state}; replaced under the transaction lock, cleared by {@link #close()} at any time. */
    private Connection connection;

    private RtuTransport(TransportConfig config, Supplier<RtuLine> lines, boolean overTcp) {
        super(config.endpoint(), config.timeout());
        this.lines = lines;
        this.overTcp = overTcp;
    }

    static RtuTransport serial(TransportConfig config) {
        return new RtuTransport(config, () -> new SerialLine(config), false);
    }

    static RtuTransport overTcp(TransportConfig config) {
        return new RtuTransport(config, () -> new SocketLine(config.host(), config.port()), true);
    }

    private record Connection(RtuLine line, ModbusRTUTransport framing) {
    }

    /** 0 is the broadcast address, which never answers; 248..255 are reserved by the serial line specification. */
    @Override
    void checkUnitId(int unitId) {
        if (unitId < 1 || unitId > 247) {
            throw new IllegalArgumentException("unit id must be 1..247 on RTU, was " + unitId);
        }
    }

    @Override
    public boolean isConnected() {
        synchronized (state) {
            return connection != null && connection.line().isOpen();
        }
    }

    @Override
    void ensureConnected() throws ModbusTransportException {
        synchronized (state) {
            if (connection != null && connection.line().isOpen()) {
                return;
            }
        }
        RtuLine line = lines.get();
        try {
            line.openLine(timeout());
            ModbusRTUTransport framing = new ModbusRTUTransport();
            framing.setCommPort(line);
            framing.setEcho(false);
            Connection previous;
            synchronized (state) {
                previous = connection;
                connection = new Connection(line, framing);
            }
            if (previous != null) {
                previous.line().close();
            }
            LOG.debug("{}: opened", endpoint());
        } catch (IOException | RuntimeException e) {
            line.close();
            throw new ModbusIoException(endpoint() + ": cannot open: " + e.getMessage(), e);
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
            c.line().close();
            LOG.debug("{}: closed", endpoint());
        }
    }

    private void drop(Connection c) {
        synchronized (state) {
            if (connection == c) {
                connection = null;
            }
        }
        c.line().close();
    }

    @Override
    ModbusResponse exchange(Read read, ModbusRequest request) throws ModbusTransportException {
        Connection c;
        synchronized (state) {
            c = connection;
        }
        if (c == null) {
            throw new ModbusIoException(read.describe() + ": closed", null);
        }
        RtuLine line = c.line();
        line.begin(deadline(timeout()));
        try {
            c.framing().writeRequest(request);
        } catch (ModbusIOException e) {
            drop(c);
            throw new ModbusIoException(read.describe() + ": cannot send request: " + e.getMessage(), e);
        }
        if (line.failure() != null || !line.isOpen()) {
            drop(c);
            throw new ModbusIoException(read.describe() + ": cannot send request: "
                    + (line.failure() != null ? line.failure() : line.getPortName() + " closed"), line.failure());
        }
        line.startReply();
        ModbusResponse reply;
        try {
            reply = c.framing().readResponse();
        } catch (ModbusIOException e) {
            throw readFailure(read, c, e);
        }
        try {
            checkReply(read, reply);
        } catch (ModbusProtocolException e) {
            if (overTcp) {
                drop(c);
            }
            throw e;
        }
        return reply;
    }

    private ModbusTransportException readFailure(Read read, Connection c, ModbusIOException e) {
        RtuLine line = c.line();
        if (line.failure() != null) {
            drop(c);
            return new ModbusIoException(read.describe() + ": " + line.failure(), line.failure());
        }
        if (!line.isOpen()) {
            drop(c);
            return new ModbusIoException(read.describe() + ": " + line.getPortName() + " closed", e);
        }
        if (overTcp) {
            drop(c);
        }
        if (line.timedOut()) {
            long ms = timeout().toMillis();
            return new ModbusTimeoutException(line.received() == 0
                    ? read.describe() + ": no reply within " + ms + " ms"
                    : read.describe() + ": reply incomplete after " + ms + " ms (" + line.received() + " bytes)");
        }
        // j2mod read a whole frame but refused it: bad CRC, unknown function code
        return new ModbusProtocolException(read.describe() + ": malformed reply: " + e.getMessage());
    }
}
