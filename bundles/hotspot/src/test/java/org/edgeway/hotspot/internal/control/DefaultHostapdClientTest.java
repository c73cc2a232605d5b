package org.edgeway.hotspot.internal.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against {@link FakeHostapd} over a real UNIX datagram socket (junixsocket) and over UDP with the cookie. */
class DefaultHostapdClientTest {

    private static final String MAC_1 = "a4:c3:f0:85:ac:2d";
    private static final String MAC_2 = "3c:22:fb:10:0e:91";
    private static final String MAC_3 = "f2:6e:0b:d1:77:04";
    /** Generous: every wait ends as soon as its condition holds. */
    private static final long WAIT_SECONDS = 20;

    @TempDir
    Path dir;

    private FakeHostapd fake;
    private DefaultHostapdClient client;
    private final Recorder listener = new Recorder();

    @AfterEach
    void tearDown() throws IOException {
        if (client != null) {
            client.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    /** What the client told its listener, in order. */
    static final class Recorder implements HostapdListener {
        final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

        @Override
        public void stationConnected(MacAddress station) {
            calls.add("connected " + station.protocolText());
        }

        @Override
        public void stationDisconnected(MacAddress station) {
            calls.add("disconnected " + station.protocolText());
        }

        @Override
        public void connectionChanged(boolean up, String problem) {
            calls.add(up ? "up" : "down " + problem);
        }

        String next() throws InterruptedException {
            String call = calls.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(call).as("a listener call within %d s", WAIT_SECONDS).isNotNull();
            return call;
        }
    }

    private Path socketPath() {
        return dir.resolve("wlan0");
    }

    private HostapdClientSettings unixSettings() {
        return HostapdClientSettings.unix(socketPath()).withClientSocketDirectory(dir)
                .withRequestTimeout(Duration.ofMillis(500)).withPingInterval(Duration.ofMillis(200));
    }

    private void startUnix() throws IOException, InterruptedException {
        fake = FakeHostapd.unix(socketPath());
        fake.addStation(MAC_1, HostapdRepliesTest.STA_BODY);
        fake.addStation(MAC_2, HostapdRepliesTest.STA_BODY.replace("signal=-61", "signal=-75"));
        client = new DefaultHostapdClient(unixSettings());
        client.start(listener);
        assertThat(listener.next()).isEqualTo("up");
        assertThat(client.connected()).isTrue();
    }

    @Test
    void statusStationsDeauthenticateAndReloadOverUnixSocket() throws Exception {
        startUnix();

        assertThat(client.status()).isEqualTo(new HostapdStatus("ENABLED", "Bus WiFi", 6, 2));
        List<StationInfo> stations = client.stations();
        assertThat(stations).extracting(StationInfo::mac)
                .containsExactly(MacAddress.parse(MAC_1), MacAddress.parse(MAC_2));
        assertThat(stations).extracting(StationInfo::signalDbm).containsExactly(-61, -75);
        assertThat(client.station(MacAddress.parse(MAC_2))).map(StationInfo::txBytes).contains(2048576L);
        assertThat(client.station(MacAddress.parse(MAC_3))).isEmpty();

        assertThat(client.deauthenticate(MacAddress.parse(MAC_1))).isTrue();
        assertThat(fake.commands).contains("DEAUTHENTICATE " + MAC_1);
        assertThat(client.stations()).extracting(StationInfo::mac).containsExactly(MacAddress.parse(MAC_2));
        assertThat(client.deauthenticate(MacAddress.parse(MAC_3))).isFalse();
        assertThat(client.reload()).isTrue();
    }

    @Test
    void emptyStationList() throws Exception {
        fake = FakeHostapd.unix(socketPath());
        client = new DefaultHostapdClient(unixSettings());
        client.start(listener);
        assertThat(listener.next()).isEqualTo("up");

        assertThat(client.stations()).isEmpty();
        assertThat(client.status().stations()).isZero();
    }

    @Test
    void stationEventsAreDeliveredAndOtherEventsCounted() throws Exception {
        startUnix();

        fake.emit("<3>AP-ENABLED");
        fake.emit("<3>AP-STA-CONNECTED " + MAC_3);
        fake.emit("<3>WPS-PBC-ACTIVE");
        fake.emit("<3>AP-STA-CONNECTED not-a-mac");
        fake.emit("<3>AP-STA-DISCONNECTED " + MAC_1 + " extra=1");

        assertThat(listener.next()).isEqualTo("connected " + MAC_3);
        assertThat(listener.next()).isEqualTo("disconnected " + MAC_1);
        // events come in order, so the ones before the last station event are counted by now
        assertThat(client.ignoredEvents()).isEqualTo(2);
        assertThat(client.malformedEvents()).isEqualTo(1);
        assertThat(client.connected()).isTrue();
    }

    @Test
    void eventsArriveOnlyOnTheAttachedSocketWhileRequestsGoOn() throws Exception {
        startUnix();

        for (int i = 0; i < 20; i++) {
            fake.emit("<3>AP-STA-CONNECTED " + MAC_3);
            assertThat(client.status().state()).isEqualTo("ENABLED");
        }
        for (int i = 0; i < 20; i++) {
            assertThat(listener.next()).isEqualTo("connected " + MAC_3);
        }
        assertThat(fake.attaches.get()).isEqualTo(1);
    }

    @Test
    void hostapdRestartIsReportedOnceAndReattached() throws Exception {
        startUnix();

        fake.restart();

        String down = listener.next();
        assertThat(down).startsWith("down ").contains(socketPath().toString());
        assertThat(listener.next()).isEqualTo("up");
        assertThat(fake.attaches.get()).isEqualTo(2);
        assertThat(client.connected()).isTrue();

        fake.emit("<3>AP-STA-CONNECTED " + MAC_3);
        assertThat(listener.next()).isEqualTo("connected " + MAC_3);
        assertThat(client.stations()).hasSize(2);
    }

    @Test
    void terminatingEventMeansDown() throws Exception {
        startUnix();

        fake.emit("<3>CTRL-EVENT-TERMINATING");

        assertThat(listener.next()).startsWith("down ").contains("CTRL-EVENT-TERMINATING");
        // this fake did not actually stop: the client comes back and attaches again
        assertThat(listener.next()).isEqualTo("up");
        assertThat(fake.attaches.get()).isEqualTo(2);
    }

    @Test
    void noPongMeansDown() throws Exception {
        startUnix();

        fake.silence("PING");

        assertThat(listener.next()).startsWith("down ").contains("no reply to PING");
        assertThatThrownBy(() -> client.status()).isInstanceOf(HostapdException.class)
                .hasMessageContaining("is down");
    }

    @Test
    void missingSocketIsReportedOnceUntilHostapdAppears() throws Exception {
        client = new DefaultHostapdClient(unixSettings());
        client.start(listener);

        assertThat(listener.next()).isEqualTo("down hostapd control socket " + socketPath() + " does not exist");
        assertThatThrownBy(() -> client.status()).isInstanceOf(HostapdException.class)
                .hasMessageContaining("does not exist");
        assertThat(client.connected()).isFalse();

        // after the first retry (1 s) hostapd appears: no second "down" before the "up"
        assertThat(listener.calls.poll(1500, TimeUnit.MILLISECONDS)).isNull();
        fake = FakeHostapd.unix(socketPath());
        assertThat(listener.next()).isEqualTo("up");
        assertThat(client.status().state()).isEqualTo("ENABLED");
    }

    @Test
    void closeRemovesClientSocketsAndStopsTheThread() throws Exception {
        startUnix();
        assertThat(clientSocketFiles()).hasSize(2);
        assertThat(eventThreadAlive()).isTrue();

        client.close();

        assertThat(clientSocketFiles()).isEmpty();
        assertThat(eventThreadAlive()).isFalse();
        assertThat(client.connected()).isFalse();
        assertThatThrownBy(() -> client.status()).isInstanceOf(HostapdException.class);
        assertThat(socketPath()).exists(); // hostapd's socket is not the client's to remove
    }

    @Test
    void restartLeavesNoStaleClientSockets() throws Exception {
        startUnix();
        fake.restart();
        assertThat(listener.next()).startsWith("down ");
        assertThat(listener.next()).isEqualTo("up");

        assertThat(clientSocketFiles()).hasSize(2);
    }

    @Test
    void requestTimeoutAndLateReplyIsNotTakenForTheNextOne() throws Exception {
        startUnix();
        fake.delay("STATUS", 800);

        assertThatThrownBy(() -> client.status()).isInstanceOf(HostapdException.class)
                .hasMessage("no reply to STATUS from " + socketPath() + " within 500 ms");
        assertThat(fake.lateReplies.poll(WAIT_SECONDS, TimeUnit.SECONDS)).startsWith("state=ENABLED");

        // the late STATUS reply is drained, not read as the answer to RELOAD
        assertThat(client.reload()).isTrue();
    }

    @Test
    void exceptionsAboutAStationDoNotNameIt() throws Exception {
        startUnix();
        fake.silence("DEAUTHENTICATE");

        assertThatThrownBy(() -> client.deauthenticate(MacAddress.parse(MAC_2)))
                .isInstanceOf(HostapdException.class)
                .hasMessageContaining("DEAUTHENTICATE")
                .hasMessageNotContaining(MAC_2);
    }

    @Test
    void udpWithCookie() throws Exception {
        fake = FakeHostapd.udp();
        fake.addStation(MAC_1, HostapdRepliesTest.STA_BODY);
        client = new DefaultHostapdClient(HostapdClientSettings.udp("127.0.0.1", fake.port())
                .withRequestTimeout(Duration.ofMillis(500)).withPingInterval(Duration.ofMillis(200)));
        client.start(listener);
        assertThat(listener.next()).isEqualTo("up");

        assertThat(client.status().ssid()).isEqualTo("Bus WiFi");
        assertThat(client.stations()).extracting(StationInfo::mac).containsExactly(MacAddress.parse(MAC_1));
        fake.emit("<3>AP-STA-DISCONNECTED " + MAC_1);
        assertThat(listener.next()).isEqualTo("disconnected " + MAC_1);
        assertThat(client.deauthenticate(MacAddress.parse(MAC_1))).isTrue();
        assertThat(fake.wrongCookies.get()).isZero();
    }

    @Test
    void udpRestartWithANewCookie() throws Exception {
        fake = FakeHostapd.udp();
        client = new DefaultHostapdClient(HostapdClientSettings.udp("127.0.0.1", fake.port())
                .withRequestTimeout(Duration.ofMillis(500)).withPingInterval(Duration.ofMillis(200)));
        client.start(listener);
        assertThat(listener.next()).isEqualTo("up");

        fake.restart();

        // the old cookie gets FAIL to PING (or no answer while the port is rebound)
        assertThat(listener.next()).startsWith("down ").contains("udp:127.0.0.1:" + fake.port());
        assertThat(listener.next()).isEqualTo("up");
        assertThat(client.status().state()).isEqualTo("ENABLED");
        assertThat(fake.attaches.get()).isEqualTo(2);
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> HostapdClientSettings.udp("127.0.0.1", 0)).hasMessageContaining("port");
        assertThatThrownBy(() -> HostapdClientSettings.udp(" ", 8877)).hasMessageContaining("host");
        assertThatThrownBy(() -> HostapdClientSettings.unix(null)).hasMessageContaining("socket path");
        assertThatThrownBy(() -> HostapdClientSettings.unix(socketPath()).withRequestTimeout(Duration.ZERO))
                .hasMessageContaining("request timeout");
        HostapdClientSettings defaults = HostapdClientSettings.unix(socketPath());
        assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.pingInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.clientSocketDirectory()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Test
    void startTwiceIsRefused() throws Exception {
        startUnix();
        assertThatThrownBy(() -> client.start(listener)).isInstanceOf(IllegalStateException.class);
    }

    private List<Path> clientSocketFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("edgeway-hostapd-")).toList();
        }
    }

    private static boolean eventThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(DefaultHostapdClient.THREAD_NAME) && t.isAlive());
    }
}
