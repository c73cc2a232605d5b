package org.edgeway.modbus.internal.transport;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted Modbus device on a loopback TCP port, speaking Modbus TCP (MBAP) or RTU framing, that answers each read
 * request however the test's {@link Behaviour} says: correct replies, wrong ids, wrong lengths, bad CRCs, silence,
 * a closed connection. For exact protocol tests that need no external peer.
 */
final class FakeModbusDevice implements AutoCloseable {

    enum Framing { MBAP, RTU }

    /** A read request as received. */
    record Request(int transactionId, int unitId, int functionCode, int address, int count) {
    }

    /** Answers one request on {@code link}; may send anything, nothing, or close. */
    interface Behaviour {
        void answer(Request request, Link link) throws IOException;
    }

    private final Framing framing;
    private final Behaviour behaviour;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    FakeModbusDevice(Framing framing, Behaviour behaviour) {
        this.framing = framing;
        this.behaviour = behaviour;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "fake-modbus-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Requests received so far. */
    int requests() {
        return requests.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "fake-modbus-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            Link link = new Link(socket);
            while (!socket.isClosed()) {
                Request request = framing == Framing.MBAP ? readMbap(in) : readRtu(in);
                requests.incrementAndGet();
                behaviour.answer(request, link);
            }
        } catch (EOFException e) {
            // client gone
        } catch (IOException e) {
            // closed
        }
    }

    private static Request readMbap(DataInputStream in) throws IOException {
        int tid = in.readUnsignedShort();
        in.readUnsignedShort(); // protocol id
        int length = in.readUnsignedShort();
        int unit = in.readUnsignedByte();
        int fc = in.readUnsignedByte();
        int address = in.readUnsignedShort();
        int count = in.readUnsignedShort();
        in.skipNBytes(length - 6);
        return new Request(tid, unit, fc, address, count);
    }

    private static Request readRtu(DataInputStream in) throws IOException {
        int unit = in.readUnsignedByte();
        int fc = in.readUnsignedByte();
        int address = in.readUnsignedShort();
        int count = in.readUnsignedShort();
        in.readUnsignedShort(); // CRC, trusted here
        return new Request(-1, unit, fc, address, count);
    }

    /** The connection a request came in on. */
    static final class Link {

        private final Socket socket;

        Link(Socket socket) {
            this.socket = socket;
        }

        /** Sends bytes as they are. */
        void raw(byte[] bytes) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
        }

        /** Sends an MBAP frame: header with {@code tid}, {@code protocolId}, length, {@code unit}, then {@code pdu}. */
        void mbap(int tid, int protocolId, int unit, byte[] pdu) throws IOException {
            raw(mbapFrame(tid, protocolId, unit, pdu));
        }

        /** Sends an RTU frame: {@code unit}, {@code pdu}, CRC (spoiled if {@code badCrc}). */
        void rtu(int unit, byte[] pdu, boolean badCrc) throws IOException {
            raw(rtuFrame(unit, pdu, badCrc));
        }

        void close() throws IOException {
            socket.close();
        }
    }

    static byte[] mbapFrame(int tid, int protocolId, int unit, byte[] pdu) {
        byte[] frame = new byte[7 + pdu.length];
        frame[0] = (byte) (tid >> 8);
        frame[1] = (byte) tid;
        frame[2] = (byte) (protocolId >> 8);
        frame[3] = (byte) protocolId;
        frame[4] = (byte) ((pdu.length + 1) >> 8);
        frame[5] = (byte) (pdu.length + 1);
        frame[6] = (byte) unit;
        System.arraycopy(pdu, 0, frame, 7, pdu.length);
        return frame;
    }

    static byte[] rtuFrame(int unit, byte[] pdu, boolean badCrc) {
        byte[] frame = new byte[pdu.length + 3];
        frame[0] = (byte) unit;
        System.arraycopy(pdu, 0, frame, 1, pdu.length);
        int crc = crc16(frame, pdu.length + 1) ^ (badCrc ? 0x0101 : 0);
        frame[pdu.length + 1] = (byte) crc;
        frame[pdu.length + 2] = (byte) (crc >> 8);
        return frame;
    }

    /** Modbus CRC-16 (polynomial 0xA001 reflected, initial 0xFFFF); sent low byte first. */
    static int crc16(byte[] data, int length) {
        int crc = 0xFFFF;
        for (int i = 0; i < length; i++) {
            crc ^= data[i] & 0xFF;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 1) != 0 ? crc >>> 1 ^ 0xA001 : crc >>> 1;
            }
        }
        return crc;
    }

    /** A register read reply PDU: function code, byte count, values big-endian. */
    static byte[] registers(int functionCode, int... values) {
        byte[] pdu = new byte[2 + 2 * values.length];
        pdu[0] = (byte) functionCode;
        pdu[1] = (byte) (2 * values.length);
        for (int i = 0; i < values.length; i++) {
            pdu[2 + 2 * i] = (byte) (values[i] >> 8);
            pdu[3 + 2 * i] = (byte) values[i];
        }
        return pdu;
    }

    /** A bit read reply PDU: function code, byte count, bits packed LSB first. */
    static byte[] bits(int functionCode, boolean... values) {
        int bytes = (values.length + 7) / 8;
        byte[] pdu = new byte[2 + bytes];
        pdu[0] = (byte) functionCode;
        pdu[1] = (byte) bytes;
        for (int i = 0; i < values.length; i++) {
            if (values[i]) {
                pdu[2 + i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return pdu;
    }

    /** An exception reply PDU. */
    static byte[] exception(int functionCode, int code) {
        return new byte[] {(byte) (functionCode | 0x80), (byte) code};
    }

    /** The values a well-behaved device here holds: register {@code a} of unit {@code u} is {@code u * 1000 + a}. */
    static int[] valuesFor(Request r) {
        int[] values = new int[r.count()];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.unitId() * 1000 + r.address() + i;
        }
        return values;
    }
}
