package org.edgeway.hotspot.internal.control;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A small hostapd stand-in for the tests: serves the control protocol (PING, STATUS, STA-FIRST/STA-NEXT/STA, ATTACH,
 * DETACH, DEAUTHENTICATE, RELOAD) on a real UNIX datagram socket (junixsocket) or on UDP with a cookie, and sends
 * events to attached clients. {@link #restart()} closes the socket and binds a new one, as a restarted hostapd does.
 */
final class FakeHostapd implements AutoCloseable {

    private final Path path;
    private final int udpPort;
    private final Map<String, String> stations = new LinkedHashMap<>();
    private final Set<SocketAddress> attached = new CopyOnWriteArraySet<>();
    private final Set<String> silentCommands = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> delayedCommands = new ConcurrentHashMap<>();
    /** Every command received (without the cookie), in order. */
    final BlockingQueue<String> commands = new LinkedBlockingQueue<>();
    /** Replies sent after a delay, announced here once sent. */
    final BlockingQueue<String> lateReplies = new LinkedBlockingQueue<>();
    final AtomicInteger attaches = new AtomicInteger();
    final AtomicInteger wrongCookies = new AtomicInteger();

    private volatile DatagramSocket socket;
    private volatile String cookie;
    private volatile Thread thread;

    private FakeHostapd(Path path, int udpPort) {
        this.path = path;
        this.udpPort = udpPort;
    }

    /** A hostapd on the UNIX datagram socket {@code path}. */
    static FakeHostapd unix(Path path) throws IOException {
        FakeHostapd fake = new FakeHostapd(path, 0);
        fake.bind();
        return fake;
    }

    /** A hostapd on UDP 127.0.0.1 (an ephemeral port; {@link #port()}). */
    static FakeHostapd udp() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            FakeHostapd fake = new FakeHostapd(null, probe.getLocalPort());
            probe.close();
            fake.bind();
            return fake;
        }
    }

    int port() {
        return udpPort;
    }

    synchronized void addStation(String mac, String body) {
        stations.put(mac, body);
    }

    /** Commands (by first word) that get no reply at all. */
    void silence(String verb) {
        silentCommands.add(verb);
    }

    /** Commands (by first word) answered only after {@code millis}. */
    void delay(String verb, long millis) {
        delayedCommands.put(verb, millis);
    }

    /** Sends {@code event} to every attached client. */
    void emit(String event) throws IOException {
        for (SocketAddress client : attached) {
            send(event, client);
        }
    }

    /** Closes the socket, removes the path and binds anew: attachments and the cookie are forgotten. */
    void restart() throws IOException {
        stop();
        attached.clear();
        bind();
    }

    private void bind() throws IOException {
        DatagramSocket s;
        if (path != null) {
            AFUNIXDatagramSocket unix = AFUNIXDatagramSocket.newInstance();
            unix.bind(AFUNIXSocketAddress.of(path.toFile()));
            s = unix;
            cookie = null;
        } else {
            s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), udpPort));
            byte[] random = new byte[16];
            ThreadLocalRandom.current().nextBytes(random);
            cookie = HexFormat.of().formatHex(random);
        }
        socket = s;
        Thread t = new Thread(() -> serve(s), "fake-hostapd");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void stop() throws IOException {
        DatagramSocket s = socket;
        if (s != null) {
            s.close();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (path != null) {
            Files.deleteIfExists(path);
        }
    }

    private void serve(DatagramSocket s) {
        byte[] buffer = new byte[4096];
        while (!s.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                s.receive(packet);
            } catch (IOException e) {
                return;
            }
            String text = new String(packet.getData(), packet.getOffset(), packet.getLength(),
                    StandardCharsets.US_ASCII);
            SocketAddress from = packet.getSocketAddress();
            String reply;
            String command = text;
            if (cookie != null && text.equals("GET_COOKIE")) {
                reply = "COOKIE=" + cookie;
            } else if (cookie != null && !text.startsWith("COOKIE=" + cookie + " ")) {
                wrongCookies.incrementAndGet();
                reply = "FAIL\n";
            } else {
                if (cookie != null) {
                    command = text.substring(("COOKIE=" + cookie + " ").length());
                }
                commands.add(command);
                reply = answer(command, from);
            }
            String verb = HostapdReplies.verb(command);
            if (silentCommands.contains(verb)) {
                continue;
            }
            Long delay = delayedCommands.get(verb);
            try {
                if (delay != null) {
                    String late = reply;
                    Thread sender = new Thread(() -> {
                        try {
                            Thread.sleep(delay);
                            send(s, late, from);
                            lateReplies.add(late);
                        } catch (IOException | InterruptedException e) {
                            // the test fails on the missing late reply
                        }
                    }, "fake-hostapd-late");
                    sender.setDaemon(true);
                    sender.start();
                } else {
                    send(s, reply, from);
                }
            } catch (IOException e) {
                // the client went away
            }
        }
    }

    private synchronized String answer(String command, SocketAddress from) {
        String verb = HostapdReplies.verb(command);
        String argument = command.length() > verb.length() ? command.substring(verb.length() + 1) : "";
        switch (verb) {
            case "PING":
                return "PONG\n";
            case "ATTACH":
                attached.add(from);
                attaches.incrementAndGet();
                return "OK\n";
            case "DETACH":
                return attached.remove(from) ? "OK\n" : "FAIL\n";
            case "RELOAD":
                return "OK\n";
            case "STATUS":
                return HostapdRepliesTest.STATUS.replace("num_sta[0]=2", "num_sta[0]=" + stations.size());
            case "STA-FIRST":
                return stations.isEmpty() ? "FAIL\n" : station(stations.keySet().iterator().next());
            case "STA-NEXT": {
                List<String> macs = new ArrayList<>(stations.keySet());
                int at = macs.indexOf(argument);
                return at < 0 || at + 1 >= macs.size() ? "FAIL\n" : station(macs.get(at + 1));
            }
            case "STA":
                return stations.containsKey(argument) ? station(argument) : "FAIL\n";
            case "DEAUTHENTICATE":
                return stations.remove(argument) != null ? "OK\n" : "FAIL\n";
            default:
                return "UNKNOWN COMMAND\n";
        }
    }

    private String station(String mac) {
        return mac + "\n" + stations.get(mac);
    }

    private void send(String text, SocketAddress to) throws IOException {
        send(socket, text, to);
    }

    private static void send(DatagramSocket s, String text, SocketAddress to) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.US_ASCII);
        s.send(new DatagramPacket(data, data.length, to));
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
