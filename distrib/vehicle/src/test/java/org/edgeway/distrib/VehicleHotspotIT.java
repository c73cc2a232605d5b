package org.edgeway.distrib;

import static org.edgeway.distrib.KuraTestCloud.longMetric;
import static org.edgeway.distrib.KuraTestCloud.stringMetric;
import static org.edgeway.distrib.TestSupport.copyTree;
import static org.edgeway.distrib.TestSupport.deleteTree;
import static org.edgeway.distrib.TestSupport.freePort;
import static org.edgeway.distrib.TestSupport.lastLines;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.edgeway.codec.internal.proto.KuraPayloadProto.KuraPayload;
import org.edgeway.demo.internal.hostapd.ControlInterface;
import org.edgeway.demo.internal.hostapd.HostapdSimulator;
import org.edgeway.demo.internal.hostapd.Mac;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Issue 7's "done when": the vehicle distribution, as a process, with the demo's hostapd simulator on a real UNIX
 * datagram socket and a real Mosquitto: sessions reported under pseudonymous ids, the limits enforced by
 * deauthentication (too many clients, the daily quota, idle), the captive portal's RFC 8908 API and terms
 * acceptance, usage telemetry, and no raw MAC address anywhere in what was published, logged or written.
 */
public class VehicleHotspotIT {

    private static final long TIMEOUT_S = 60;
    /** A MAC address in any usual spelling: colons, dashes. */
    private static final Pattern ANY_MAC = Pattern.compile("(?i)\\b[0-9a-f]{2}([:-])[0-9a-f]{2}(\\1[0-9a-f]{2}){4}\\b");

    @Rule
    public final Timeout timeout = Timeout.seconds(240);

    private final Path distribution = Path.of(System.getProperty("edgeway.distribution",
            "target/edgeway-vehicle")).toAbsolutePath();
    private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    private final String account = "wifi-it-" + suffix;
    private final String clientId = "bus-wifi-" + suffix;
    private final AccessPointClock apClock = new AccessPointClock();
    private final Random random = new Random();
    private final Mac alice = Mac.randomLocal(random);
    private final Mac bob = Mac.randomLocal(random);
    private final Mac carol = Mac.randomLocal(random);
    private Path work;
    private Path home;
    private Mosquitto broker;
    private KuraTestCloud cloud;
    private HostapdSimulator accessPoint;
    private GatewayProcess gateway;
    private int portalPort;

    /** The access point's clock: moved forward to make a station idle. */
    private static final class AccessPointClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Before
    public void startPeers() throws Exception {
        Mosquitto.executableOrSkip();
        work = Files.createTempDirectory("edgeway-wifi-it-");
        broker = Mosquitto.onFreePort(work.resolve("mosquitto"), "allow_anonymous true", "persistence false");
        broker.start();
        cloud = KuraTestCloud.connect(broker.url(), account, "console-wifi-" + suffix);
        cloud.subscribe("#");
        cloud.subscribe("$EDC/#");

        accessPoint = new HostapdSimulator(ControlInterface.unix(work.resolve("hostapd"), "wlan0"), "Bus 4711", 6, apClock);
        accessPoint.start();
        accessPoint.connect(alice, -55);

        // the portal's clients are on this machine: the ARP table maps 127.0.0.1 to Alice's station
        Path arp = work.resolve("arp");
        Files.writeString(arp, "IP address       HW type     Flags       HW address            Mask     Device\n"
                + "127.0.0.1        0x1         0x2         " + alice.text() + "     *        wlan0\n");
        portalPort = freePort();
        home = work.resolve("home");
        copyTree(distribution.resolve("etc"), home.resolve("etc"));
        Files.writeString(home.resolve("etc/org.edgeway.hotspot.cfg"), String.join("\n",
                "control.socket = " + work.resolve("hostapd/wlan0"),
                "poll.interval.s = 1", "telemetry.interval.s = 10",
                "idle.timeout.min = 1", "max.clients = 2", "daily.quota.mb = 1",
                "portal.address = 127.0.0.1", "portal.port = " + portalPort, "arp.table = " + arp,
                "config.manage = true", "config.path = " + work.resolve("hostapd.conf"), "ssid = Bus 4711 WLAN",
                "channel = 11", "country = DE", "security = open", "max.stations = 40") + "\n");

        Map<String, String> env = new HashMap<>();
        env.put("EDGEWAY_MQTT_URL", broker.url());
        env.put("EDGEWAY_CLIENT_ID", clientId);
        env.put("EDGEWAY_ACCOUNT", account);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        gateway = GatewayProcess.start(distribution, home, env, List.of(), work.resolve("gateway.log"),
                () -> cloud.topics() + "\nmosquitto:\n" + broker.tail());
        gateway.awaitOutput("edgeway vehicle ready");
    }

    @After
    public void stopEverythingStarted() {
        if (gateway != null) {
            gateway.close();
        }
        if (accessPoint != null) {
            accessPoint.close();
        }
        if (cloud != null) {
            cloud.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (work != null) {
            deleteTree(work);
        }
    }

    @Test
    public void sessionsLimitsPortalAndUsageWithoutAnyRawMacAddress() throws Exception {
        // the gateway wrote hostapd's configuration from its settings and had hostapd reload it
        String written = Files.readString(work.resolve("hostapd.conf"));
        assertTrue(written, written.contains("\nssid=Bus 4711 WLAN\n") && written.contains("\nchannel=11\n")
                && written.contains("\nmax_num_sta=40\n") && written.contains("\nap_isolate=1\n"));
        gateway.await("hostapd asked to reload", () -> accessPoint.reloads() == 1);

        String usage = topic("usage");
        gateway.await("a usage report with Alice connected", () -> cloud.messages(usage).stream()
                .anyMatch(m -> longMetric(m, "clients") == 1));

        // the captive portal: captive until the terms are accepted, then online with the quota left
        HttpClient http = HttpClient.newHttpClient();
        URI portal = URI.create("http://127.0.0.1:" + portalPort);
        HttpResponse<String> captive = http.send(HttpRequest.newBuilder(portal.resolve("/api/captive")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, captive.statusCode());
        assertEquals("application/captive+json", captive.headers().firstValue("Content-Type").orElse("")
                .split(";")[0].trim());
        JsonObject before = JsonParser.parseString(captive.body()).getAsJsonObject();
        assertTrue(captive.body(), before.get("captive").getAsBoolean());
        assertTrue(captive.body(), before.get("user-portal-url").getAsString().startsWith("http://127.0.0.1:" + portalPort));
        HttpResponse<String> splash = http.send(HttpRequest.newBuilder(portal.resolve("/?lang=en")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, splash.statusCode());
        Matcher token = Pattern.compile("name=\"token\" value=\"([^\"]+)\"").matcher(splash.body());
        assertTrue("no form token on the splash page:\n" + splash.body(), token.find());
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(portal.resolve("/accept"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token.group(1) + "&lang=en")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(accepted.body(), 303, accepted.statusCode());
        JsonObject after = JsonParser.parseString(http.send(HttpRequest.newBuilder(portal.resolve("/api/captive"))
                .build(), HttpResponse.BodyHandlers.ofString()).body()).getAsJsonObject();
        assertFalse(after.toString(), after.get("captive").getAsBoolean());
        assertTrue(after.toString(), after.get("bytes-remaining").getAsLong() > 0);
        HttpResponse<String> junk = http.send(HttpRequest.newBuilder(portal.resolve("/accept"))
                .POST(HttpRequest.BodyPublishers.ofString("%%%garbage")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue("junk is answered 4xx, not " + junk.statusCode(), junk.statusCode() >= 400 && junk.statusCode() < 500);

        // Bob and Carol board: Carol is one too many and is sent away; Bob then uses more than his quota
        accessPoint.addTraffic(alice, 10_000, 50_000); // Alice surfs (and is not idle)
        accessPoint.connect(bob, -60);
        gateway.await("Bob's session", () -> accessPoint.stationCount() == 2);
        accessPoint.connect(carol, -70);
        String sessions = topic("session");
        gateway.await("Carol sent away (MAX_CLIENTS)", () -> endReasons(sessions).contains("MAX_CLIENTS"));
        accessPoint.addTraffic(bob, 1_500_000, 300_000);
        gateway.await("Bob sent away (QUOTA)", () -> endReasons(sessions).contains("QUOTA"));
        // Alice's phone goes quiet: five minutes pass on the access point
        apClock.advance(Duration.ofMinutes(5));
        gateway.await("Alice sent away (IDLE)", () -> endReasons(sessions).contains("IDLE"));
        assertEquals(0, accessPoint.stationCount());

        List<KuraPayload> ended = cloud.messages(sessions);
        assertEquals(3, ended.size());
        for (KuraPayload session : ended) {
            assertTrue(session.toString(), stringMetric(session, "client_id").matches("[0-9a-f]{16}"));
        }
        KuraPayload bobs = ended.stream().filter(s -> stringMetric(s, "end_reason").equals("QUOTA")).findFirst()
                .orElseThrow();
        assertEquals(1_500_000, longMetric(bobs, "bytes_up"));
        assertEquals(300_000, longMetric(bobs, "bytes_down"));
        assertEquals(-60, KuraTestCloud.intMetric(bobs, "signal_dbm"));
        assertEquals("three different clients, three ids", 3,
                ended.stream().map(s -> stringMetric(s, "client_id")).distinct().count());

        gateway.await("a usage report counting the deauthentications", () -> cloud.messages(usage).stream()
                .mapToLong(m -> longMetric(m, "deauthentications")).filter(n -> n > 0).sum() >= 3);

        assertNoRawMacAddress();
    }

    /** Scans everything published, logged and written for MAC addresses. */
    private void assertNoRawMacAddress() throws IOException {
        List<String> stations = new ArrayList<>();
        for (Mac mac : List.of(alice, bob, carol)) {
            String text = mac.text().toLowerCase(Locale.ROOT);
            stations.add(text);
            stations.add(text.replace(':', '-'));
            stations.add(text.replace(":", ""));
        }
        List<String> found = new ArrayList<>();
        for (KuraTestCloud.Received message : cloud.received()) {
            String raw = new String(message.payload(), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            String decoded;
            try {
                decoded = KuraTestCloud.decode(message.payload()).toString().toLowerCase(Locale.ROOT);
            } catch (IOException e) {
                decoded = "";
            }
            for (String text : List.of(raw, decoded)) {
                stations.stream().filter(text::contains).forEach(mac -> found.add(message.topic() + ": a station's MAC"));
                if (message.topic().contains("/HOTSPOT-V1/") && ANY_MAC.matcher(text).find()) {
                    found.add(message.topic() + ": a MAC-shaped value");
                }
            }
        }
        String log = gateway.output().toLowerCase(Locale.ROOT);
        stations.stream().filter(log::contains).forEach(mac -> found.add("the gateway's output: a station's MAC"));
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                stations.stream().filter(text::contains).forEach(mac -> found.add(home.relativize(file) + ": a station's MAC"));
            }
        }
        assertTrue("raw MAC addresses leaked:\n  " + found.stream().distinct().collect(Collectors.joining("\n  "))
                + "\ngateway:\n" + lastLines(gateway.output(), 30), found.isEmpty());
        assertTrue("the scan saw the published sessions", cloud.messages(topic("session")).size() == 3);
    }

    private List<String> endReasons(String sessions) throws IOException {
        return cloud.messages(sessions).stream().map(s -> stringMetric(s, "end_reason")).toList();
    }

    private String topic(String resource) {
        return account + "/" + clientId + "/HOTSPOT-V1/" + resource;
    }
}
