package org.edgeway.demo.internal.hostapd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

class HostapdSimulatorTest {

    private static final Mac PHONE = Mac.parse("02:11:22:33:44:55").orElseThrow();
    private static final Mac LAPTOP = Mac.parse("06:aa:bb:cc:dd:ee").orElseThrow();

    @TempDir
    Path temp;
    private final TestClock clock = new TestClock();
    private HostapdSimulator simulator;
    private Path socketDir;

    @BeforeEach
    void start() throws IOException {
        socketDir = temp.resolve("run/hostapd"); // does not exist yet: start() creates it
        simulator = new HostapdSimulator(ControlInterface.unix(socketDir, "wlan0"), "Bus WiFi", 6, clock);
        simulator.start();
    }

    @AfterEach
    void stop() {
        simulator.stop();
    }

    private ControlClient client() throws IOException {
        return new ControlClient(temp.resolve("clients"), socketDir.resolve("wlan0"));
    }

    @Test
    void answersPingStatusAndTheStationWalk() throws IOException {
        try (ControlClient client = client()) {
            assertThat(client.request("PING")).isEqualTo("PONG\n");
            assertThat(client.request("STA-FIRST")).isEqualTo("FAIL\n");

            simulator.connect(PHONE, -61);
            clock.advance(Duration.ofSeconds(5));
            simulator.connect(LAPTOP, -70);
            simulator.addTraffic(PHONE, 120_000, 30_000);
            clock.advance(Duration.ofMillis(2_500));

            Map<String, String> status = keyValues(client.request("STATUS"));
            assertThat(status).containsEntry("state", "ENABLED").containsEntry("channel", "6")
                    .containsEntry("freq", "2437").containsEntry("ssid[0]", "Bus WiFi")
                    .containsEntry("num_sta[0]", "2").containsEntry("bss[0]", "wlan0");

            String first = client.request("STA-FIRST");
            assertThat(first.lines().findFirst()).contains("02:11:22:33:44:55");
            assertThat(keyValues(first)).containsEntry("rx_bytes", "120000").containsEntry("tx_bytes", "30000")
                    .containsEntry("inactive_msec", "2500").containsEntry("signal", "-61")
                    .containsEntry("connected_time", "7").containsEntry("flags", "[AUTH][ASSOC][AUTHORIZED][SHORT_PREAMBLE][WMM][HT]");
            assertThat(first).endsWith("\n");

            String second = client.request("STA-NEXT 02:11:22:33:44:55");
            assertThat(second.lines().findFirst()).contains("06:aa:bb:cc:dd:ee");
            assertThat(keyValues(second)).containsEntry("rx_bytes", "0").containsEntry("inactive_msec", "2500")
                    .containsEntry("signal", "-70").containsEntry("connected_time", "2");

            assertThat(client.request("STA-NEXT 06:aa:bb:cc:dd:ee")).isEqualTo("FAIL\n");
            assertThat(client.request("STA-NEXT 02:00:00:00:00:99")).isEqualTo("FAIL\n");
            assertThat(client.request("STA 06:AA:BB:CC:DD:EE").lines().findFirst()).contains("06:aa:bb:cc:dd:ee");
            assertThat(client.request("STA 02:00:00:00:00:99")).isEqualTo("FAIL\n");
            assertThat(client.request("STA not-a-mac")).isEqualTo("FAIL\n");
        }
    }

    @Test
    void anAttachedClientGetsConnectAndDisconnectEventsUntilItDetaches() throws IOException {
        try (ControlClient events = client()) {
            assertThat(events.request("ATTACH")).isEqualTo("OK\n");
            assertThat(simulator.attachedClients()).isEqualTo(1);

            simulator.connect(PHONE, -50);
            assertThat(events.receive()).isEqualTo("<3>AP-STA-CONNECTED 02:11:22:33:44:55");
            simulator.disconnect(PHONE);
            assertThat(events.receive()).isEqualTo("<3>AP-STA-DISCONNECTED 02:11:22:33:44:55");

            assertThat(events.request("DETACH")).isEqualTo("OK\n");
            assertThat(events.request("DETACH")).isEqualTo("FAIL\n");
            simulator.connect(LAPTOP, -50);
            // no event queued before the reply: a detached client gets replies only
            assertThat(events.request("PING")).isEqualTo("PONG\n");
        }
    }

    @Test
    void deauthenticateRemovesTheStationAndSendsTheEvent() throws IOException {
        simulator.connect(PHONE, -50);
        simulator.connect(LAPTOP, -60);
        try (ControlClient events = client(); ControlClient requests = client()) {
            events.request("ATTACH");

            assertThat(requests.request("DEAUTHENTICATE 02:11:22:33:44:55")).isEqualTo("OK\n");
            assertThat(events.receive()).isEqualTo("<3>AP-STA-DISCONNECTED 02:11:22:33:44:55");
            assertThat(simulator.stations()).extracting(Station::mac).containsExactly(LAPTOP);

            assertThat(requests.request("DEAUTHENTICATE 02:11:22:33:44:55")).isEqualTo("FAIL\n");
            assertThat(requests.request("DEAUTHENTICATE garbage")).isEqualTo("FAIL\n");
            assertThat(requests.request("DEAUTHENTICATE 06:aa:bb:cc:dd:ee reason=3")).isEqualTo("OK\n");
            assertThat(events.receive()).isEqualTo("<3>AP-STA-DISCONNECTED 06:aa:bb:cc:dd:ee");
            assertThat(simulator.stationCount()).isZero();
        }
    }

    @Test
    void reloadIsCountedAndAnythingElseIsAnUnknownCommand() throws IOException {
        try (ControlClient client = client()) {
            assertThat(client.request("RELOAD")).isEqualTo("OK\n");
            assertThat(client.request("RELOAD")).isEqualTo("OK\n");
            assertThat(simulator.reloads()).isEqualTo(2);
            assertThat(client.request("FLY_TO_THE_MOON")).isEqualTo("UNKNOWN COMMAND\n");
            assertThat(client.request("ping")).isEqualTo("UNKNOWN COMMAND\n");
        }
    }

    @Test
    void anAttachedClientThatCannotBeReachedIsDropped() throws IOException {
        ControlClient gone = client();
        try (ControlClient staying = client()) {
            gone.request("ATTACH");
            staying.request("ATTACH");
            gone.close(); // closes and deletes its socket without DETACH, as a crashed client would

            simulator.connect(PHONE, -50);
            assertThat(staying.receive()).isEqualTo("<3>AP-STA-CONNECTED 02:11:22:33:44:55");
            assertThat(simulator.attachedClients()).isEqualTo(1);
        }
    }

    @Test
    void stopTellsAttachedClientsAndRemovesTheSocketAndStartComesBack() throws IOException {
        Path socket = socketDir.resolve("wlan0");
        simulator.connect(PHONE, -50);
        try (ControlClient events = client()) {
            events.request("ATTACH");
            simulator.stop();
            assertThat(events.receive()).isEqualTo("<3>CTRL-EVENT-TERMINATING");
        }
        assertThat(socket).doesNotExist();
        assertThat(simulator.running()).isFalse();
        assertThat(simulator.attachedClients()).isZero();

        simulator.start();
        assertThat(socket).exists();
        try (ControlClient client = client(); ControlClient events = client()) {
            assertThat(client.request("PING")).isEqualTo("PONG\n");
            assertThat(client.request("STA-FIRST").lines().findFirst()).contains("02:11:22:33:44:55");
            assertThat(events.request("ATTACH")).isEqualTo("OK\n");
            simulator.connect(LAPTOP, -50);
            assertThat(events.receive()).isEqualTo("<3>AP-STA-CONNECTED 06:aa:bb:cc:dd:ee");
        }
    }

    @Test
    void aStaleSocketFileIsReplacedButAnOrdinaryFileIsRefused() throws IOException {
        simulator.stop();
        Path socket = socketDir.resolve("wlan0");
        try (AFUNIXDatagramChannel stale = AFUNIXDatagramChannel.open()) {
            stale.bind(AFUNIXSocketAddress.of(socket)); // left behind by a killed process
        }
        assertThat(socket).exists();
        simulator.start();
        try (ControlClient client = client()) {
            assertThat(client.request("PING")).isEqualTo("PONG\n");
        }
        simulator.stop();

        Files.writeString(socket, "not a socket");
        assertThatThrownBy(simulator::start).isInstanceOf(IOException.class)
                .hasMessageContaining(socket.toString()).hasMessageContaining("not a socket");
        assertThat(Files.readString(socket)).isEqualTo("not a socket");
    }

    @Test
    void udpNeedsTheCookieFromGetCookie() throws IOException {
        simulator.stop();
        simulator = new HostapdSimulator(ControlInterface.udp("wlan0", 0), "Bus WiFi", 36, clock);
        simulator.start();
        int port = simulator.udpPort();
        assertThat(port).isPositive();
        assertThat(simulator.describe()).isEqualTo("udp:127.0.0.1:" + port);
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (DatagramSocket requests = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket events = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            requests.setSoTimeout(10_000);
            events.setSoTimeout(10_000);

            String cookie = udp(requests, server, "GET_COOKIE");
            assertThat(cookie).matches("COOKIE=[0-9a-f]{32}");
            assertThat(udp(requests, server, cookie + " PING")).isEqualTo("PONG\n");
            assertThat(udp(requests, server, "PING")).isEqualTo("FAIL\n");
            assertThat(udp(requests, server, "COOKIE=0123456789abcdef0123456789abcdef PING")).isEqualTo("FAIL\n");
            assertThat(keyValues(udp(requests, server, cookie + " STATUS"))).containsEntry("channel", "36")
                    .containsEntry("freq", "5180");

            assertThat(udp(events, server, cookie + " ATTACH")).isEqualTo("OK\n");
            simulator.connect(PHONE, -50);
            assertThat(receive(events)).isEqualTo("<3>AP-STA-CONNECTED 02:11:22:33:44:55");
        }
    }

    @Test
    void stationsAreValidatedAndNeverShowTheirAddressInToString() {
        assertThat(simulator.connect(PHONE, -50)).isTrue();
        assertThat(simulator.connect(PHONE, -50)).isFalse();
        assertThat(simulator.addTraffic(LAPTOP, 1, 1)).isFalse();
        assertThat(simulator.setSignal(LAPTOP, -50)).isFalse();
        assertThat(simulator.disconnect(LAPTOP)).isFalse();
        assertThatThrownBy(() -> simulator.addTraffic(PHONE, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(simulator.stations().get(0).toString()).doesNotContain("02:11:22:33:44:55").contains("redacted");
        assertThatThrownBy(() -> new HostapdSimulator(ControlInterface.unix(temp, "wlan0"), "", 6, clock))
                .hasMessageContaining("SSID");
        assertThatThrownBy(() -> new HostapdSimulator(ControlInterface.unix(temp, "wlan0"), "x", 15, clock))
                .hasMessageContaining("channel 15");
        assertThatThrownBy(() -> ControlInterface.unix(temp, "../etc")).hasMessageContaining("interface name");
    }

    private static String udp(DatagramSocket socket, InetSocketAddress server, String command) throws IOException {
        byte[] bytes = command.getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(bytes, bytes.length, server));
        return receive(socket);
    }

    private static String receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
    }

    /** The key=value lines of a reply (a STA reply's first line, the address, has no '='). */
    static Map<String, String> keyValues(String reply) {
        return Arrays.stream(reply.split("\n")).filter(line -> line.contains("="))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')),
                        line -> line.substring(line.indexOf('=') + 1)));
    }
}
