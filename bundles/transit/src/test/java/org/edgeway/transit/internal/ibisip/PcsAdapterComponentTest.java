package org.edgeway.transit.internal.ibisip;

import static org.edgeway.transit.internal.Await.await;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.edgeway.api.transit.ClassCount;
import org.edgeway.api.transit.CountQuality;
import org.edgeway.api.transit.DoorReport;
import org.edgeway.api.transit.DoorState;
import org.edgeway.api.transit.ObjectClass;
import org.edgeway.transit.internal.ibisip.RecordingSink.Availability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PcsAdapterComponentTest {

    private FakeIbisIpDevice device;
    private final RecordingSink sink = new RecordingSink();
    private PcsAdapterComponent component;

    @BeforeEach
    void setUp() throws Exception {
        device = new FakeIbisIpDevice();
        device.pcsBody = Samples.PCS_ALL_DATA;
    }

    @AfterEach
    void tearDown() {
        if (component != null) {
            component.deactivate();
        }
        device.close();
    }

    private PcsAdapterComponent activate(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of("url", device.baseUrl().toString(), "sensor", "apc1",
                "pollMillis", 100, "timeoutMillis", 1000));
        config.putAll(extra);
        component = new PcsAdapterComponent(ConfigProxy.of(PcsConfig.class, config), sink);
        return component;
    }

    private static DoorReport door(String id, DoorState state, long in, long out) {
        return new DoorReport("apc1", id, Instant.parse("2026-11-26T12:00:05Z"), state,
                List.of(new ClassCount(ObjectClass.ADULT, in, out, CountQuality.REGULAR)));
    }

    /** Waits until the device has answered n more GetAllData polls. */
    private void polls(int n) throws InterruptedException {
        int target = device.pcsGets.get() + n;
        await(n + " more polls", () -> device.pcsGets.get() >= target);
    }

    @Test
    void pollingDeliversEveryDoorFirstThenOnlyChangedDoors() throws Exception {
        activate(Map.of());

        assertThat(sink.nextAvailability()).isEqualTo(new Availability("apc1", true, null));
        assertThat(sink.nextReport()).isEqualTo(new DoorReport("apc1", "1", Instant.parse("2026-11-26T12:00:05Z"),
                DoorState.OPEN, List.of(new ClassCount(ObjectClass.ADULT, 12, 3, CountQuality.REGULAR),
                        new ClassCount(ObjectClass.BIKE, 1, 0, CountQuality.REGULAR))));
        assertThat(sink.nextReport()).isEqualTo(new DoorReport("apc1", "2", Instant.parse("2026-11-26T12:00:05Z"),
                DoorState.CLOSED, List.of(new ClassCount(ObjectClass.ADULT, 4, 5, CountQuality.DEFECT))));

        polls(3);
        assertThat(sink.reports).as("unchanged data is not reported again").isEmpty();

        device.pcsBody = Samples.pcs("2026-11-26T12:00:05Z", "1:open:12:3", "2:closed:6:5");
        // door 1 lost its Bike count here but nothing it has changed; door 2 counted two more
        assertThat(sink.nextReport()).isEqualTo(door("2", DoorState.CLOSED, 6, 5));
        device.pcsBody = Samples.pcs("2026-11-26T12:00:05Z", "1:closed:12:3", "2:closed:6:5");
        assertThat(sink.nextReport()).isEqualTo(door("1", DoorState.CLOSED, 12, 3));
        // a door without State keeps its last state: only a count change reports it
        device.pcsBody = Samples.pcs("2026-11-26T12:00:05Z", "1:-:12:3", "2:closed:6:5");
        polls(3);
        assertThat(sink.reports).isEmpty();
        device.pcsBody = Samples.pcs("2026-11-26T12:00:05Z", "1:-:13:3", "2:closed:6:5");
        assertThat(sink.nextReport()).isEqualTo(door("1", null, 13, 3));
        assertThat(sink.availability).isEmpty();
    }

    @Test
    void failuresAreReportedOncePerEpisode() throws Exception {
        activate(Map.of());
        assertThat(sink.nextAvailability().available()).isTrue();
        sink.nextReport();
        sink.nextReport();

        device.pcsStatus = 500;
        Availability down = sink.nextAvailability();
        assertThat(down.available()).isFalse();
        assertThat(down.problem()).isEqualTo("GetAllData: HTTP 500 from /PassengerCountingService/GetAllData");
        polls(3);
        assertThat(sink.availability).as("once per episode").isEmpty();

        device.pcsStatus = 200;
        assertThat(sink.nextAvailability()).isEqualTo(new Availability("apc1", true, null));

        device.pcsBody = "<PassengerCountingService.GetAllDataResponse><AllData>";
        Availability garbled = sink.nextAvailability();
        assertThat(garbled.available()).isFalse();
        assertThat(garbled.problem()).startsWith("GetAllData: garbled XML");
        device.pcsBody = Samples.PCS_ALL_DATA.replace("<In><Value>12</Value></In>", "<In><Value>x</Value></In>");
        polls(2);
        assertThat(sink.availability).isEmpty();
        device.pcsBody = Samples.PCS_ALL_DATA;
        assertThat(sink.nextAvailability().available()).isTrue();
        assertThat(sink.reports).as("the same data as before the failures").isEmpty();

        device.stop();
        Availability refused = sink.nextAvailability();
        assertThat(refused.available()).isFalse();
        assertThat(refused.problem()).startsWith("GetAllData: ");
        device.restart();
        assertThat(sink.nextAvailability().available()).isTrue();
        device.pcsBody = Samples.pcs("2026-11-26T12:00:09Z", "2:open:4:5");
        DoorReport afterRestart = sink.nextReport();
        assertThat(afterRestart.doorId()).isEqualTo("2");
        assertThat(afterRestart.state()).isEqualTo(DoorState.OPEN);
    }

    @Test
    void aSlowDeviceTimesOut() throws Exception {
        activate(Map.of("timeoutMillis", 300));
        assertThat(sink.nextAvailability().available()).isTrue();
        device.pcsDelayMillis = 2000;
        Availability slow = sink.nextAvailability();
        assertThat(slow.available()).isFalse();
        assertThat(slow.problem()).startsWith("GetAllData: timeout");
        device.pcsDelayMillis = 0;
        assertThat(sink.nextAvailability().available()).isTrue();
    }

    @Test
    void errorCodeCountsAreLeftOutNotZero() throws Exception {
        device.pcsBody = Samples.PCS_ALL_DATA.replace("<Out><Value>3</Value></Out>",
                "<Out><ErrorCode>Unavailable</ErrorCode></Out>");
        activate(Map.of());
        DoorReport first = sink.nextReport();
        assertThat(first.counts()).containsExactly(new ClassCount(ObjectClass.BIKE, 1, 0, CountQuality.REGULAR));
        assertThat(sink.nextAvailability().available()).isTrue();
    }

    @Test
    void subscribing() throws Exception {
        PcsAdapterComponent c = activate(Map.of("mode", "subscribe", "subscribe.path", "/apc/push"));
        int port = c.callbackPort();
        assertThat(port).isPositive();

        // subscribes with the push address, then reads the present state once
        await("a subscription", () -> device.subscriber != null);
        assertThat(device.subscriber).isEqualTo(URI.create("http://127.0.0.1:" + port + "/apc/push"));
        assertThat(sink.nextReport().doorId()).isEqualTo("1");
        assertThat(sink.nextReport().doorId()).isEqualTo("2");
        assertThat(sink.nextAvailability().available()).isTrue();

        HttpResponse<String> accepted = device.push(Samples.push("2026-11-26T12:01:00Z", "1:closed:20:4"));
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).contains("<DataAccepted><Value>true</Value></DataAccepted>");
        assertThat(sink.nextReport()).isEqualTo(new DoorReport("apc1", "1", Instant.parse("2026-11-26T12:01:00Z"),
                DoorState.CLOSED, List.of(new ClassCount(ObjectClass.ADULT, 20, 4, CountQuality.REGULAR))));

        HttpResponse<String> garbled = device.push("<PassengerCountingService.AllData><AllData>");
        assertThat(garbled.statusCode()).isEqualTo(400);
        assertThat(garbled.body()).startsWith("garbled XML");
        Availability down = sink.nextAvailability();
        assertThat(down.available()).isFalse();
        assertThat(down.problem()).startsWith("pushed AllData: garbled XML");
        HttpResponse<String> missing = device.push(Samples.push("2026-11-26T12:01:00Z", "1:closed:20:4")
                .replace("<DoorID><Value>1</Value></DoorID>", ""));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).isEqualTo("CountingData[1]/DoorID: missing\n");

        assertThat(device.push(Samples.push("2026-11-26T12:01:10Z", "2:open:4:5")).statusCode()).isEqualTo(200);
        assertThat(sink.nextAvailability().available()).isTrue();
        assertThat(sink.nextReport().state()).isEqualTo(DoorState.OPEN);

        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(device.subscriber).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        URI pushUri = device.subscriber;

        component.deactivate();
        component = null;
        assertThat(device.unsubscribes.get()).isEqualTo(1);
        assertThat(device.subscriber).isNull();
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(pushUri).POST(HttpRequest.BodyPublishers
                .ofString(Samples.PCS_ALL_DATA)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
        await("the adapter's threads to end", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("edgeway-ibisip-pcs-apc1") && t.isAlive()));
    }

    @Test
    void aRefusedSubscriptionIsRetried() throws Exception {
        device.subscribeBody = "<SubscribeResponse><Active><Value>false</Value></Active></SubscribeResponse>";
        activate(Map.of("mode", "subscribe"));
        Availability refused = sink.nextAvailability();
        assertThat(refused.available()).isFalse();
        assertThat(refused.problem()).isEqualTo("SubscribeAllData: the device answered Active false");
        int attempts = device.subscribes.get();
        await("retries", () -> device.subscribes.get() >= attempts + 2);
        device.subscribeBody = FakeIbisIpDevice.SUBSCRIBED;
        assertThat(sink.nextAvailability().available()).isTrue();
        assertThat(device.subscriber).isNotNull();
    }

    @Test
    void threadsEndOnDeactivateInPollMode() throws Exception {
        activate(Map.of());
        sink.nextReport();
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("edgeway-ibisip-pcs-apc1"));
        component.deactivate();
        component = null;
        await("the adapter's threads to end", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("edgeway-ibisip-pcs-apc1") && t.isAlive()));
        assertThat(device.unsubscribes.get()).isZero();
    }

    @Test
    void badConfigurationNamesTheKey() {
        assertThatThrownBy(() -> activate(Map.of("url", ""))).hasMessageStartingWith("url: required");
        assertThatThrownBy(() -> activate(Map.of("url", "ftp://x"))).hasMessageStartingWith("url: 'ftp://x'");
        assertThatThrownBy(() -> activate(Map.of("mode", "push"))).hasMessageStartingWith("mode: 'push'");
        assertThatThrownBy(() -> activate(Map.of("pollMillis", 10))).hasMessageStartingWith("pollMillis: 10");
        assertThatThrownBy(() -> activate(Map.of("sensor", "a b"))).hasMessageStartingWith("sensor: 'a b'");
        assertThatThrownBy(() -> activate(Map.of("mode", "subscribe", "subscribe.path", "apc")))
                .hasMessageStartingWith("subscribe.path: 'apc'");
        assertThatThrownBy(() -> activate(Map.of("mode", "subscribe", "subscribe.host", "192.0.2.1")))
                .hasMessageStartingWith("subscribe.host/subscribe.port: cannot listen on 192.0.2.1:0");
        component = null;
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        PcsAdapter.Settings s = PcsAdapterComponent.settings(ConfigProxy.of(PcsConfig.class,
                Map.of("url", "http://127.0.0.1:5031/")));
        assertThat(s).isEqualTo(new PcsAdapter.Settings(URI.create("http://127.0.0.1:5031/"), "ibisip-pcs", false,
                Duration.ofMillis(500), Duration.ofMillis(2000), "127.0.0.1", 0, "/edgeway/apc/alldata",
                Duration.ofSeconds(30)));
        assertThat(IbisIpHttp.operation(s.baseUrl(), "PassengerCountingService", "GetAllData"))
                .isEqualTo(URI.create("http://127.0.0.1:5031/PassengerCountingService/GetAllData"));
    }
}
