package org.edgeway.demo.internal.hostapd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hostapd stand-in speaking hostapd 2.10's control interface protocol, so the gateway's hostapd client can be run
 * and tested without a Wi-Fi card: one datagram per command and per reply, replies to the requester's address,
 * events ({@code <3>AP-STA-CONNECTED <mac>}, ...) to every ATTACHed address. Stations come and go through
 * {@link #connect}, {@link #disconnect}, {@link #addTraffic} and {@link #setSignal}, typically driven by a
 * {@link Script}.
 * <p>
 * Plain Java, usable outside OSGi. {@link #stop()} and a later {@link #start()} behave like a hostapd restart: attached
 * clients get {@code <3>CTRL-EVENT-TERMINATING} and are forgotten, the socket file goes away and comes back; the
 * stations are kept (the passengers' phones reassociate at once), so the client finds them again after reattaching.
 * <p>
 * Never logs a MAC address, only counts.
 */
public final class HostapdSimulator implements AutoCloseable {

    public static final String CONNECTED = "AP-STA-CONNECTED";
    public static final String DISCONNECTED = "AP-STA-DISCONNECTED";
    public static final String TERMINATING = "CTRL-EVENT-TERMINATING";
    /** hostapd's replies fit in 4096 bytes; so do its commands. */
    static final int MAX_DATAGRAM = 4096;
    private static final int MAX_AID = 2007;
    private static final Logger LOG = LoggerFactory.getLogger(HostapdSimulator.class);

    private final ControlInterface control;
    private final String ssid;
    private final int channel;
    private final Clock clock;
    private final SecureRandom cookies = new SecureRandom();

    // guarded by this: the access point's state, and the open endpoint (null while stopped)
    private final Map<Mac, Station> stations = new LinkedHashMap<>();
    private final Map<SocketAddress, Boolean> attached = new LinkedHashMap<>(); // value: its queue is full (episode)
    private Endpoint endpoint;
    private int reloads;

    /**
     * @param ssid    the network name (STATUS {@code ssid[0]}), 1-32 bytes of UTF-8
     * @param channel 1-14 (2.4 GHz) or 32-177 (5 GHz)
     * @param clock   the time base of {@code connected_time} and {@code inactive_msec}
     */
    public HostapdSimulator(ControlInterface control, String ssid, int channel, Clock clock) {
        this.control = control;
        int ssidBytes = ssid == null ? 0 : ssid.getBytes(StandardCharsets.UTF_8).length;
        if (ssidBytes < 1 || ssidBytes > 32) {
            throw new IllegalArgumentException("SSID '" + ssid + "' must be 1-32 bytes of UTF-8, not " + ssidBytes);
        }
        if (frequency(channel) < 0) {
            throw new IllegalArgumentException("channel " + channel + " is neither 1-14 (2.4 GHz) nor 32-177 (5 GHz)");
        }
        this.ssid = ssid;
        this.channel = channel;
        this.clock = clock;
    }

    /**
     * Binds the control socket and serves it on a thread of its own; does nothing when running. A UNIX socket's
     * directory is created and a stale socket file left by a previous run is removed first.
     *
     * @throws IOException naming the socket when it cannot be bound
     */
    public synchronized void start() throws IOException {
        if (endpoint != null) {
            return;
        }
        Endpoint opened = control instanceof ControlInterface.Unix unix ? openUnix(unix) : openUdp((ControlInterface.Udp) control);
        endpoint = opened;
        Thread thread = new Thread(() -> serve(opened), "edgeway-demo-hostapd-" + control.ifname());
        thread.setDaemon(true);
        opened.thread = thread;
        thread.start();
        LOG.debug("hostapd simulator listening on {}", opened.description);
    }

    /**
     * Sends {@code <3>CTRL-EVENT-TERMINATING} to the attached clients, forgets them, closes the socket and removes its
     * file. Stations are kept. Does nothing when stopped.
     */
    public void stop() {
        Endpoint closing;
        synchronized (this) {
            closing = endpoint;
            if (closing == null) {
                return;
            }
            sendEvent(3, TERMINATING);
            attached.clear();
            endpoint = null;
            closing.selector.wakeup();
        }
        // outside the lock: the serving thread may be waiting for it to finish a command it already read
        try {
            closing.thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(closing);
        LOG.debug("hostapd simulator stopped");
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean running() {
        return endpoint != null;
    }

    /** Where it listens: {@code unix:<path>} or {@code udp:127.0.0.1:<port>} (the configured one when stopped). */
    public synchronized String describe() {
        if (endpoint != null) {
            return endpoint.description;
        }
        return control instanceof ControlInterface.Unix unix ? "unix:" + unix.socketPath()
                : "udp:127.0.0.1:" + ((ControlInterface.Udp) control).port();
    }

    /** The UNIX socket's path, empty for UDP. */
    public Optional<Path> socketPath() {
        return control instanceof ControlInterface.Unix unix ? Optional.of(unix.socketPath()) : Optional.empty();
    }

    /** The UDP port it listens on while running (useful with port 0); -1 for UNIX sockets or when stopped. */
    public synchronized int udpPort() {
        return endpoint != null ? endpoint.udpPort : -1;
    }

    public ControlInterface control() {
        return control;
    }

    public String ssid() {
        return ssid;
    }

    public int channel() {
        return channel;
    }

    /**
     * A station associates: it is listed and {@code AP-STA-CONNECTED} goes to attached clients.
     *
     * @return false when it is already associated or the access point is full (2007 stations)
     */
    public synchronized boolean connect(Mac mac, int signal) {
        if (stations.containsKey(mac) || stations.size() >= MAX_AID) {
            return false;
        }
        stations.put(mac, Station.connected(mac, freeAid(), clock.millis(), signal));
        sendEvent(3, CONNECTED + " " + mac.text());
        return true;
    }

    /** A station leaves: {@code AP-STA-DISCONNECTED} goes to attached clients. False when it was not associated. */
    public synchronized boolean disconnect(Mac mac) {
        if (stations.remove(mac) == null) {
            return false;
        }
        sendEvent(3, DISCONNECTED + " " + mac.text());
        return true;
    }

    /** Adds to a station's byte (and packet) counters; any traffic resets its {@code inactive_msec}. */
    public synchronized boolean addTraffic(Mac mac, long rxBytes, long txBytes) {
        if (rxBytes < 0 || txBytes < 0) {
            throw new IllegalArgumentException("traffic cannot be negative");
        }
        Station station = stations.get(mac);
        if (station == null) {
            return false;
        }
        stations.put(mac, station.withTraffic(rxBytes, txBytes, clock.millis()));
        return true;
    }

    /** Sets a station's signal in dBm. */
    public synchronized boolean setSignal(Mac mac, int signal) {
        Station station = stations.get(mac);
        if (station == null) {
            return false;
        }
        stations.put(mac, station.withSignal(signal));
        return true;
    }

    public synchronized Optional<Station> station(Mac mac) {
        return Optional.ofNullable(stations.get(mac));
    }

    /** The associated stations, in association order. */
    public synchronized List<Station> stations() {
        return List.copyOf(stations.values());
    }

    public synchronized int stationCount() {
        return stations.size();
    }

    /** How many RELOAD commands it answered. */
    public synchronized int reloads() {
        return reloads;
    }

    /** How many client addresses are ATTACHed for events. */
    public synchronized int attachedClients() {
        return attached.size();
    }

    // ---- the control protocol

    private void serve(Endpoint served) {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        try {
            while (isCurrent(served)) {
                served.selector.select();
                served.selector.selectedKeys().clear();
                while (true) {
                    buffer.clear();
                    SocketAddress from = served.channel.receive(buffer);
                    if (from == null && buffer.position() == 0) {
                        break; // nothing more queued
                    }
                    if (from == null) {
                        continue; // an unbound UNIX client: there is no address to reply to
                    }
                    buffer.flip();
                    String command = StandardCharsets.ISO_8859_1.decode(buffer).toString();
                    handle(served, from, command);
                }
            }
        } catch (ClosedChannelException | ClosedSelectorException e) {
            // stopped
        } catch (IOException | RuntimeException e) {
            if (isCurrent(served)) {
                LOG.error("hostapd simulator on {} stopped serving commands: {}", served.description, e.toString());
            }
        }
    }

    private synchronized boolean isCurrent(Endpoint served) {
        return endpoint == served;
    }

    private synchronized void handle(Endpoint served, SocketAddress from, String datagram) {
        if (endpoint != served) {
            return; // read just before a stop
        }
        String reply = reply(served, from, strip(datagram));
        try {
            if (served.channel.send(ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)), from) == 0) {
                LOG.debug("a reply was dropped: the control client's receive queue is full");
            }
        } catch (IOException e) {
            LOG.debug("a reply could not be sent to the control client: {}", e.toString());
        }
    }

    /** The reply to one command; UDP requests carry the cookie first. */
    private String reply(Endpoint served, SocketAddress from, String datagram) {
        String command = datagram;
        if (served.cookie != null) {
            if (command.equals("GET_COOKIE")) {
                return "COOKIE=" + served.cookie;
            }
            String expected = "COOKIE=" + served.cookie + " ";
            if (!command.startsWith(expected)) {
                return "FAIL\n";
            }
            command = command.substring(expected.length());
        }
        int space = command.indexOf(' ');
        String verb = space < 0 ? command : command.substring(0, space);
        String argument = space < 0 ? "" : command.substring(space + 1).trim();
        switch (verb) {
            case "PING":
                return "PONG\n";
            case "STATUS":
                return status();
            case "STA-FIRST":
                return stations.isEmpty() ? "FAIL\n" : describe(stations.values().iterator().next());
            case "STA-NEXT":
                return next(argument);
            case "STA":
                return Mac.parse(argument).map(stations::get).map(this::describe).orElse("FAIL\n");
            case "ATTACH":
                attached.put(from, Boolean.FALSE);
                LOG.debug("a control client attached ({} attached)", attached.size());
                return "OK\n";
            case "DETACH":
                return attached.remove(from) != null ? "OK\n" : "FAIL\n";
            case "DEAUTHENTICATE":
                return deauthenticate(argument);
            case "RELOAD":
                reloads++;
                LOG.info("hostapd simulator reloaded ({} reloads)", reloads);
                return "OK\n";
            default:
                return "UNKNOWN COMMAND\n";
        }
    }

    private String next(String argument) {
        Optional<Mac> mac = Mac.parse(argument);
        if (mac.isEmpty() || !stations.containsKey(mac.get())) {
            return "FAIL\n";
        }
        Iterator<Mac> macs = stations.keySet().iterator();
        while (!macs.next().equals(mac.get())) {
            // skip to the given station
        }
        return macs.hasNext() ? describe(stations.get(macs.next())) : "FAIL\n";
    }

    private String deauthenticate(String argument) {
        // hostapd accepts options after the address ("reason=3"); only the address matters here
        String address = argument.split(" ", 2)[0];
        Optional<Mac> mac = Mac.parse(address);
        if (mac.isEmpty() || !disconnect(mac.get())) {
            return "FAIL\n";
        }
        LOG.info("station deauthenticated ({} stations)", stations.size());
        return "OK\n";
    }

    private String status() {
        int freq = frequency(channel);
        boolean fiveGhz = freq > 5000;
        StringBuilder status = new StringBuilder(512)
                .append("state=ENABLED\n")
                .append("phy=phy0\n")
                .append("freq=").append(freq).append('\n')
                .append("num_sta_non_erp=0\n")
                .append("num_sta_no_short_slot_time=0\n")
                .append("num_sta_no_short_preamble=0\n")
                .append("olbc=0\n")
                .append("num_sta_ht_no_gf=0\n")
                .append("num_sta_no_ht=0\n")
                .append("num_sta_ht_20_mhz=0\n")
                .append("num_sta_ht40_intolerant=0\n")
                .append("olbc_ht=0\n")
                .append("ht_op_mode=0x0\n")
                .append("cac_time_seconds=0\n")
                .append("cac_time_left_seconds=N/A\n")
                .append("channel=").append(channel).append('\n')
                .append("secondary_channel=0\n")
                .append("ieee80211n=1\n")
                .append("ieee80211ac=").append(fiveGhz ? 1 : 0).append('\n')
                .append("ieee80211ax=0\n")
                .append("beacon_int=100\n")
                .append("dtim_period=2\n")
                .append("supported_rates=").append(fiveGhz ? "0c 12 18 24 30 48 60 6c"
                        : "02 04 0b 16 0c 12 18 24 30 48 60 6c").append('\n')
                .append("max_txpower=20\n")
                .append("bss[0]=").append(control.ifname()).append('\n');
        // bssid[0] left out on purpose: it is a MAC address, and the demo's output is scanned for those
        return status.append("ssid[0]=").append(ssid).append('\n')
                .append("num_sta[0]=").append(stations.size()).append('\n')
                .toString();
    }

    private String describe(Station station) {
        long now = clock.millis();
        return station.mac().text() + '\n'
                + "flags=[AUTH][ASSOC][AUTHORIZED][SHORT_PREAMBLE][WMM][HT]\n"
                + "aid=" + station.aid() + '\n'
                + "capability=0x0431\n"
                + "listen_interval=10\n"
                + "supported_rates=82 84 8b 96 0c 12 18 24 30 48 60 6c\n"
                + "timeout_next=NULLFUNC POLL\n"
                + "rx_packets=" + station.rxPackets() + '\n'
                + "tx_packets=" + station.txPackets() + '\n'
                + "rx_bytes=" + station.rxBytes() + '\n'
                + "tx_bytes=" + station.txBytes() + '\n'
                + "inactive_msec=" + station.inactiveMillis(now) + '\n'
                + "signal=" + station.signal() + '\n'
                + "rx_rate_info=722 mcs 7 short_gi\n"
                + "tx_rate_info=650 mcs 7\n"
                + "connected_time=" + station.connectedSeconds(now) + '\n';
    }

    /** Sends an event to every attached client; one that cannot be reached any more is dropped (as hostapd does). */
    private void sendEvent(int level, String event) {
        if (endpoint == null || attached.isEmpty()) {
            return;
        }
        byte[] datagram = ("<" + level + ">" + event).getBytes(StandardCharsets.US_ASCII);
        List<SocketAddress> unreachable = new ArrayList<>();
        for (Map.Entry<SocketAddress, Boolean> client : attached.entrySet()) {
            try {
                // non-blocking: a client that does not read its events loses them instead of stalling the access point
                boolean full = endpoint.channel.send(ByteBuffer.wrap(datagram), client.getKey()) == 0;
                if (full != client.getValue()) {
                    LOG.info(full ? "events to an attached control client are dropped: its receive queue is full"
                            : "events reach the attached control client again");
                    client.setValue(full);
                }
            } catch (IOException e) {
                unreachable.add(client.getKey());
            }
        }
        unreachable.forEach(attached::remove);
        if (!unreachable.isEmpty()) {
            LOG.info("dropped {} attached control client(s) that cannot be reached ({} attached)", unreachable.size(),
                    attached.size());
        }
    }

    private int freeAid() {
        Set<Integer> used = new LinkedHashSet<>();
        stations.values().forEach(station -> used.add(station.aid()));
        int aid = 1;
        while (used.contains(aid)) {
            aid++;
        }
        return aid;
    }

    private static String strip(String datagram) {
        // hostapd compares commands exactly; a trailing newline from a hand-written client is forgiven
        int end = datagram.length();
        while (end > 0 && (datagram.charAt(end - 1) == '\n' || datagram.charAt(end - 1) == '\r')) {
            end--;
        }
        return datagram.substring(0, end);
    }

    /** The centre frequency in MHz, or -1 for a channel this simulator does not know. */
    static int frequency(int channel) {
        if (channel >= 1 && channel <= 13) {
            return 2407 + 5 * channel;
        }
        if (channel == 14) {
            return 2484;
        }
        if (channel >= 32 && channel <= 177) {
            return 5000 + 5 * channel;
        }
        return -1;
    }

    // ---- sockets

    private Endpoint openUnix(ControlInterface.Unix unix) throws IOException {
        Path path = unix.socketPath();
        try {
            Files.createDirectories(unix.dir());
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(path + " exists and is not a socket");
                }
                Files.delete(path); // a stale socket of a previous run: hostapd removes it too
            }
        } catch (IOException e) {
            throw new IOException("hostapd simulator control socket " + path + ": " + e.getMessage(), e);
        }
        AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open();
        try {
            channel.bind(AFUNIXSocketAddress.of(path));
            return Endpoint.open(channel, "unix:" + path, null, path, -1);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(path);
            throw new IOException("hostapd simulator cannot bind control socket " + path + ": " + e, e);
        }
    }

    private Endpoint openUdp(ControlInterface.Udp udp) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.port()));
            int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            byte[] cookie = new byte[16];
            cookies.nextBytes(cookie); // a new cookie per start, as hostapd makes one per run
            return Endpoint.open(channel, "udp:127.0.0.1:" + port, HexFormat.of().formatHex(cookie), null, port);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new IOException("hostapd simulator cannot bind UDP control port 127.0.0.1:" + udp.port() + ": " + e, e);
        }
    }

    private static void closeQuietly(Endpoint closing) {
        try {
            closing.selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector: {}", e.toString());
        }
        try {
            closing.channel.close();
        } catch (IOException e) {
            LOG.debug("closing the control socket: {}", e.toString());
        }
        if (closing.socketFile != null) {
            try {
                Files.deleteIfExists(closing.socketFile);
            } catch (IOException e) {
                LOG.warn("hostapd simulator could not remove its socket file {}: {}", closing.socketFile, e.toString());
            }
        }
    }

    /** One run's socket: non-blocking with a selector, so that sending an event can never block. */
    private static final class Endpoint {
        final DatagramChannel channel;
        final Selector selector;
        final String description;
        final String cookie; // UDP only
        final Path socketFile; // UNIX only
        final int udpPort; // UDP only
        Thread thread;

        private Endpoint(DatagramChannel channel, Selector selector, String description, String cookie, Path socketFile,
                int udpPort) {
            this.channel = channel;
            this.selector = selector;
            this.description = description;
            this.cookie = cookie;
            this.socketFile = socketFile;
            this.udpPort = udpPort;
        }

        static Endpoint open(DatagramChannel channel, String description, String cookie, Path socketFile, int udpPort)
                throws IOException {
            channel.configureBlocking(false);
            // the channel's own provider: junixsocket's channels need junixsocket's selector
            Selector selector = channel.provider().openSelector();
            try {
                channel.register(selector, SelectionKey.OP_READ);
            } catch (IOException | RuntimeException e) {
                selector.close();
                throw e;
            }
            return new Endpoint(channel, selector, description, cookie, socketFile, udpPort);
        }
    }
}
