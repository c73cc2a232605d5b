package org.edgeway.hotspot.internal.control;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.LongSupplier;

import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * hostapd's UNIX datagram control socket ({@code <ctrl_interface>/<ifname>}) through junixsocket (the JDK has UNIX
 * stream sockets only). Like wpa_cli, the client binds a socket file of its own, so that hostapd can address its
 * replies and events to it, and removes that file on close.
 */
final class UnixDatagramTransport implements ControlTransport {

    /** Two replies' worth: a longer datagram is cut here, which the reply parser then sees as truncated. */
    private static final int BUFFER_BYTES = 2 * HostapdReplies.MAX_REPLY_BYTES;

    /** Tries this many names when a candidate socket file is taken (another client, a stale file). */
    private static final int BIND_ATTEMPTS = 100;

    private final AFUNIXDatagramSocket socket;
    private final Path hostapdSocket;
    private final Path ownSocket;
    private final byte[] buffer = new byte[BUFFER_BYTES];

    private UnixDatagramTransport(AFUNIXDatagramSocket socket, Path hostapdSocket, Path ownSocket) {
        this.socket = socket;
        this.hostapdSocket = hostapdSocket;
        this.ownSocket = ownSocket;
    }

    /**
     * Binds a socket file {@code edgeway-hostapd-<pid>-<n>} in {@code clientDirectory} and connects it to
     * {@code hostapdSocket}.
     *
     * @param names numbers {@code <n>}, a new one per call (unique per client)
     * @throws NoSuchFileException when {@code hostapdSocket} does not exist (hostapd not running)
     */
    static UnixDatagramTransport open(Path hostapdSocket, Path clientDirectory, LongSupplier names)
            throws IOException {
        if (!Files.exists(hostapdSocket)) {
            throw new NoSuchFileException(hostapdSocket.toString());
        }
        AFUNIXDatagramSocket socket = AFUNIXDatagramSocket.newInstance();
        Path own = null;
        try {
            own = bindUnique(socket, clientDirectory, names);
            socket.connect(AFUNIXSocketAddress.of(hostapdSocket.toFile()));
            return new UnixDatagramTransport(socket, hostapdSocket, own);
        } catch (IOException | RuntimeException e) {
            socket.close();
            deleteQuietly(own);
            throw e;
        }
    }

    private static Path bindUnique(AFUNIXDatagramSocket socket, Path directory, LongSupplier names)
            throws IOException {
        long pid = ProcessHandle.current().pid();
        SocketException last = null;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            Path candidate = directory.resolve("edgeway-hostapd-" + pid + "-" + names.getAsLong());
            if (Files.exists(candidate)) {
                continue; // never take over (or delete) a file that is not ours
            }
            try {
                socket.bind(AFUNIXSocketAddress.of(candidate.toFile()));
                return candidate;
            } catch (SocketException e) {
                if (!Files.exists(candidate)) {
                    throw e; // not a name clash: the directory is missing or not writable
                }
                last = e; // another client bound it between the check and the bind
            }
        }
        throw new SocketException("no free client socket name in " + directory
                + (last == null ? "" : " (" + last.getMessage() + ")"));
    }

    @Override
    public void send(String command) throws IOException {
        byte[] data = command.getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(data, data.length));
    }

    @Override
    public String receive(int timeoutMillis) throws IOException {
        socket.setSoTimeout(Math.max(1, timeoutMillis));
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return HostapdReplies.decode(packet.getData(), packet.getOffset(), packet.getLength());
    }

    @Override
    public String describe() {
        return hostapdSocket.toString();
    }

    /** @return the client's own socket file (removed on close) */
    Path ownSocket() {
        return ownSocket;
    }

    @Override
    public void close() {
        socket.close();
        deleteQuietly(ownSocket);
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // nothing to do: a leftover file only costs a name, which the next bind skips
        }
    }
}
