package org.edgeway.hotspot.internal.control;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * hostapd's UDP control interface ({@code ctrl_interface=udp:<port>}): the client first asks for the cookie
 * ({@code GET_COOKIE} -> {@code COOKIE=<hex>}) and prefixes every later command with {@code COOKIE=<hex> }. A hostapd
 * that restarted has a new cookie and answers the old one with FAIL, which the client's PING notices.
 */
final class UdpTransport implements ControlTransport {

    private static final int BUFFER_BYTES = 2 * HostapdReplies.MAX_REPLY_BYTES;

    private final DatagramSocket socket;
    private final String endpoint;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private final String cookie;

    private UdpTransport(DatagramSocket socket, String endpoint, String cookie) {
        this.socket = socket;
        this.endpoint = endpoint;
        this.cookie = cookie;
    }

    /** Connects to {@code host:port} and fetches the cookie, waiting up to {@code timeoutMillis} for it. */
    static UdpTransport open(String host, int port, int timeoutMillis) throws IOException, HostapdException {
        String endpoint = "udp:" + host + ":" + port;
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve the hostapd host " + host);
        }
        DatagramSocket socket = new DatagramSocket();
        try {
            socket.connect(address);
            UdpTransport bare = new UdpTransport(socket, endpoint, null);
            bare.sendRaw("GET_COOKIE");
            String reply = bare.receive(timeoutMillis);
            if (reply == null) {
                throw new HostapdException("no reply to GET_COOKIE from " + endpoint + " within " + timeoutMillis
                        + " ms");
            }
            return new UdpTransport(socket, endpoint, HostapdReplies.parseCookie(reply));
        } catch (IOException | HostapdException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public void send(String command) throws IOException {
        sendRaw("COOKIE=" + cookie + " " + command);
    }

    private void sendRaw(String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.US_ASCII);
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
        return endpoint;
    }

    @Override
    public void close() {
        socket.close();
    }
}
