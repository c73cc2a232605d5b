package org.edgeway.transit.internal.ibisip;

import static org.edgeway.transit.internal.Await.await;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.edgeway.api.transit.DoorState;
import org.edgeway.transit.internal.ibisip.RecordingSink.Availability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Subscription upkeep, with a heartbeat of 300 ms instead of 30 s. */
@Timeout(60)
class PcsAdapterTest {

    private FakeIbisIpDevice device;
    private final RecordingSink sink = new RecordingSink();
    private PcsAdapter adapter;

    @BeforeEach
    void setUp() throws Exception {
        device = new FakeIbisIpDevice();
        device.pcsBody = Samples.pcs("2026-11-26T12:00:00Z", "1:closed:0:0");
        adapter = new PcsAdapter(new PcsAdapter.Settings(device.baseUrl(), "s1", true, Duration.ofMillis(50),
                Duration.ofMillis(1000), "127.0.0.1", 0, "/push", Duration.ofMillis(300)), sink, Clock.systemUTC());
        adapter.start();
    }

    @AfterEach
    void tearDown() {
        adapter.close();
        device.close();
    }

    @Test
    void aQuietSubscriptionIsCheckedAndRenewed() throws Exception {
        await("a subscription", () -> device.subscriber != null);
        assertThat(sink.nextReport().state()).isEqualTo(DoorState.CLOSED);
        int subscribes = device.subscribes.get();
        int gets = device.pcsGets.get();
        // no pushes: each heartbeat reads GetAllData and subscribes again
        await("two renewals", () -> device.subscribes.get() >= subscribes + 2);
        assertThat(device.pcsGets.get()).isGreaterThanOrEqualTo(gets + 2);
        assertThat(sink.availability.poll()).isEqualTo(new Availability("s1", true, null));
        assertThat(sink.availability).isEmpty();
    }

    @Test
    void aRestartedDeviceIsSubscribedAgain() throws Exception {
        await("a subscription", () -> device.subscriber != null);
        assertThat(sink.nextAvailability().available()).isTrue();
        sink.nextReport();

        device.stop();
        Availability down = sink.nextAvailability();
        assertThat(down.available()).isFalse();
        assertThat(down.problem()).startsWith("heartbeat: GetAllData: ");

        // it comes back without subscribers and with new counts
        device.pcsBody = Samples.pcs("2026-11-26T12:05:00Z", "1:open:3:0");
        device.restart();
        assertThat(sink.nextAvailability().available()).isTrue();
        await("a new subscription", () -> device.subscriber != null);
        assertThat(sink.nextReport().counts().get(0).in()).isEqualTo(3);
        assertThat(device.push(Samples.push("2026-11-26T12:05:02Z", "1:closed:5:0")).statusCode()).isEqualTo(200);
        assertThat(sink.nextReport().counts().get(0).in()).isEqualTo(5);
    }

    @Test
    void pushesKeepTheSubscriptionWithoutHeartbeats() throws Exception {
        adapter.close();
        RecordingSink fresh = new RecordingSink();
        TestClock clock = new TestClock(Instant.parse("2026-11-26T12:00:00Z"));
        adapter = new PcsAdapter(new PcsAdapter.Settings(device.baseUrl(), "s2", true, Duration.ofMillis(20),
                Duration.ofMillis(1000), "127.0.0.1", 0, "/push", Duration.ofMillis(300)), fresh, clock);
        adapter.start();
        await("a subscription", () -> device.subscriber != null && device.subscriber.getPath().equals("/push")
                && device.subscriber.getPort() == adapter.callbackPort());
        fresh.nextReport();
        int subscribes = device.subscribes.get();
        int gets = device.pcsGets.get();

        // a push every 200 ms of the test clock: the 300 ms heartbeat never falls due
        for (int i = 1; i <= 5; i++) {
            clock.advance(Duration.ofMillis(200));
            assertThat(device.push(Samples.push("2026-11-26T12:00:00Z", "1:open:" + i + ":0")).statusCode())
                    .isEqualTo(200);
            assertThat(fresh.nextReport().counts().get(0).in()).isEqualTo(i);
            ticks(3);
        }
        assertThat(device.subscribes.get()).isEqualTo(subscribes);
        assertThat(device.pcsGets.get()).isEqualTo(gets);

        // quiet for 300 ms: GetAllData, and the subscription is renewed
        clock.advance(Duration.ofMillis(300));
        await("a heartbeat", () -> device.pcsGets.get() > gets && device.subscribes.get() > subscribes);
    }

    private void ticks(int n) throws InterruptedException {
        long target = adapter.ticks() + n;
        await(n + " more rounds", () -> adapter.ticks() >= target);
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
