package org.edgeway.demo.internal.hostapd;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** A hostapd control client as wpa_cli makes one: its own bound socket, connected to hostapd's. */
final class ControlClient implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final int TIMEOUT_MILLIS = 10_000;

    private final AFUNIXDatagramSocket socket;
    private final Path path;

    ControlClient(Path clientDir, Path server) throws IOException {
        Files.createDirectories(clientDir);
        this.path = clientDir.resolve("client-" + COUNTER.incrementAndGet());
        this.socket = AFUNIXDatagramSocket.newInstance();
        socket.bind(AFUNIXSocketAddress.of(path));
        socket.connect(AFUNIXSocketAddress.of(server));
        socket.setSoTimeout(TIMEOUT_MILLIS);
    }

    /** Sends a command and returns the next datagram. */
    String request(String command) throws IOException {
        send(command);
        return receive();
    }

    void send(String command) throws IOException {
        byte[] bytes = command.getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(bytes, bytes.length));
    }

    /** The next datagram (reply or event); fails after a generous timeout. */
    String receive() throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no datagram within " + TIMEOUT_MILLIS + " ms", e);
        }
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        Files.deleteIfExists(path);
    }
}
