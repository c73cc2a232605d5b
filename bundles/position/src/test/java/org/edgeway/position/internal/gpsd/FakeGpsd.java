package org.edgeway.position.internal.gpsd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A scripted gpsd: the test accepts each client connection and says what gpsd would say. */
final class FakeGpsd implements AutoCloseable {

    static final String VERSION = "{\"class\":\"VERSION\",\"release\":\"3.22\",\"rev\":\"3.22\",\"proto_major\":3,"
            + "\"proto_minor\":14}";
    static final String WATCH_REPLY = "{\"class\":\"WATCH\",\"enable\":true,\"json\":true,\"nmea\":false,\"raw\":0,"
            + "\"scaled\":false,\"timing\":false,\"split24\":false,\"pps\":false}";
    static final String DEVICES = "{\"class\":\"DEVICES\",\"devices\":[{\"class\":\"DEVICE\",\"path\":"
            + "\"/dev/ttyACM0\",\"driver\":\"u-blox\",\"activated\":\"2024-03-15T12:00:00.000Z\",\"flags\":1,"
            + "\"native\":1,\"bps\":9600,\"parity\":\"N\",\"stopbits\":1,\"cycle\":1.00,\"mincycle\":0.02}]}";
    static final String WATCH_COMMAND = "?WATCH={\"enable\":true,\"json\":true}";

    private final ServerSocket server;

    FakeGpsd(Duration acceptTimeout) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        server.setSoTimeout((int) acceptTimeout.toMillis());
    }

    int port() {
        return server.getLocalPort();
    }

    /** Waits for the client's next connection. */
    Session accept() throws IOException {
        return new Session(server.accept());
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** One client connection. */
    static final class Session implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Session(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            this.out = socket.getOutputStream();
        }

        /** Sends one report line, as gpsd does (CR LF). */
        Session send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        }

        /** The client's next command, or null when none came within {@code timeout}. */
        String command(Duration timeout) throws IOException {
            socket.setSoTimeout((int) timeout.toMillis());
            try {
                return in.readLine();
            } catch (SocketTimeoutException e) {
                return null;
            }
        }

        /** Banner, the client's watch, and gpsd's reply to it. */
        Session handshake(Duration timeout) throws IOException {
            send(VERSION);
            String command = command(timeout);
            if (!WATCH_COMMAND.equals(command)) {
                throw new AssertionError("expected " + WATCH_COMMAND + ", got " + command);
            }
            return send(DEVICES).send(WATCH_REPLY);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
