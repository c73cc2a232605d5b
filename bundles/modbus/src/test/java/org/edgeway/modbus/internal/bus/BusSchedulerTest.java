package org.edgeway.modbus.internal.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgeway.modbus.internal.plan.ReadRequest;
import org.edgeway.modbus.internal.profile.RegisterKind;
import org.edgeway.modbus.internal.profile.RegisterReader;
import org.edgeway.modbus.internal.transport.ScriptedTransport;
import org.edgeway.modbus.internal.transport.ScriptedTransport.Answer;
import org.edgeway.modbus.internal.transport.ScriptedTransport.Registers;
import org.edgeway.modbus.internal.transport.ScriptedTransport.Sent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BusSchedulerTest {

    private static final BusScheduler.Settings SETTINGS = new BusScheduler.Settings(Duration.ZERO, 3,
            Duration.ofMillis(1), false, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(200));

    private final List<BusScheduler> buses = new ArrayList<>();

    @AfterEach
    void closeBuses() {
        buses.forEach(BusScheduler::close);
    }

    private BusScheduler bus(ScriptedTransport transport, BusScheduler.Settings settings) {
        BusScheduler bus = new BusScheduler("test", transport, settings, Clock.systemUTC());
        buses.add(bus);
        return bus;
    }

    /** A device whose polls are recorded. */
    private static final class Meter implements PollTarget {
        final String name;
        final int unit;
        final Duration interval;
        final List<ReadRequest> requests;
        final BlockingQueue<Map<ReadRequest, ReadOutcome>> polls = new LinkedBlockingQueue<>();

        Meter(String name, int unit, Duration interval, ReadRequest... requests) {
            this.name = name;
            this.unit = unit;
            this.interval = interval;
            this.requests = List.of(requests);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int unitId() {
            return unit;
        }

        @Override
        public Duration pollInterval() {
            return interval;
        }

        @Override
        public boolean prepare(RegisterReader reader) {
            return true;
        }

        @Override
        public List<ReadRequest> requests() {
            return requests;
        }

        @Override
        public void polled(Instant at, Map<ReadRequest, ReadOutcome> outcomes) {
            polls.add(outcomes);
        }

        Map<ReadRequest, ReadOutcome> nextPoll() throws InterruptedException {
            Map<ReadRequest, ReadOutcome> poll = polls.poll(30, TimeUnit.SECONDS);
            assertThat(poll).as("a poll of %s", name).isNotNull();
            return poll;
        }
    }

    private static ReadRequest read(int start, int count) {
        return new ReadRequest(RegisterKind.INPUT, start, count, List.of());
    }

    private static Answer registers(Sent request) {
        int[] words = new int[request.count()];
        for (int i = 0; i < words.length; i++) {
            words[i] = request.unitId() * 1000 + request.address() + i;
        }
        return new Registers(words);
    }

    @Test
    void devicesTakeTurnsRequestByRequest() throws Exception {
        java.util.concurrent.CountDownLatch bothAdded = new java.util.concurrent.CountDownLatch(1);
        ScriptedTransport transport = new ScriptedTransport(request -> {
            try { // a's first read waits until b is there too, whichever the bus thread saw first
                bothAdded.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return registers(request);
        });
        Meter a = new Meter("a", 1, Duration.ofHours(1), read(0, 10), read(100, 10), read(200, 10));
        Meter b = new Meter("b", 2, Duration.ofHours(1), read(0, 2));
        BusScheduler bus = bus(transport, SETTINGS);
        bus.add(a);
        bus.add(b);
        bothAdded.countDown();

        Map<ReadRequest, ReadOutcome> pollA = a.nextPoll();
        b.nextPoll();
        assertThat(transport.sent()).extracting(Sent::unitId).containsExactly(1, 2, 1, 1);
        assertThat(((ReadOutcome.Words) pollA.get(a.requests.get(1))).words()).startsWith(1100, 1101);
        assertThat(bus.stats().requests()).isEqualTo(4);
        assertThat(bus.stats().errors()).isZero();
    }

    @Test
    void aDeadDeviceCostsOneTimeoutPerPollAndBacksOffWhileTheOthersGoOn() throws Exception {
        ScriptedTransport transport = new ScriptedTransport(
                request -> request.unitId() == 9 ? new ScriptedTransport.Timeout() : registers(request));
        Meter dead = new Meter("dead", 9, Duration.ofMillis(5), read(0, 10), read(50, 10), read(90, 10));
        Meter alive = new Meter("alive", 1, Duration.ofMillis(5), read(0, 10));
        BusScheduler bus = bus(transport, SETTINGS);
        bus.add(dead);
        bus.add(alive);

        Map<ReadRequest, ReadOutcome> deadPoll = dead.nextPoll();
        assertThat(deadPoll.values()).extracting(o -> ((ReadOutcome.Failed) o).reason())
                .containsExactly(ReadOutcome.Reason.TIMEOUT, ReadOutcome.Reason.SKIPPED, ReadOutcome.Reason.SKIPPED);
        for (int i = 0; i < 60; i++) {
            assertThat(alive.nextPoll().values()).allMatch(o -> o instanceof ReadOutcome.Words);
        }
        bus.close(); // a still state to count in
        long deadRequests = transport.sent().stream().filter(s -> s.unitId() == 9).count();
        long deadPolls = dead.polls.size() + 1;
        assertThat(deadRequests).as("one request per poll of the dead device").isEqualTo(deadPolls);
        assertThat(deadPolls).as("the dead device is polled less often than the live one").isLessThan(60);
        assertThat(bus.stats().timeouts()).isEqualTo(deadRequests);
    }

    @Test
    void busyIsRetriedAndThenAnsweredWhileAnIllegalAddressFailsOnlyItsOwnRead() throws Exception {
        AtomicInteger busyLeft = new AtomicInteger(2);
        ScriptedTransport transport = new ScriptedTransport(request -> {
            if (request.address() == 0 && busyLeft.getAndDecrement() > 0) {
                return new ScriptedTransport.Exception(6);
            }
            return request.address() == 500 ? new ScriptedTransport.Exception(2) : registers(request);
        });
        Meter meter = new Meter("m", 3, Duration.ofHours(1), read(0, 4), read(500, 2), read(600, 2));
        BusScheduler bus = bus(transport, SETTINGS);
        bus.add(meter);

        Map<ReadRequest, ReadOutcome> poll = meter.nextPoll();
        assertThat(poll.get(meter.requests.get(0))).isInstanceOf(ReadOutcome.Words.class);
        assertThat(poll.get(meter.requests.get(1))).isInstanceOfSatisfying(ReadOutcome.Failed.class, failed -> {
            assertThat(failed.reason()).isEqualTo(ReadOutcome.Reason.DEVICE_EXCEPTION);
            assertThat(failed.detail()).contains("2");
        });
        assertThat(poll.get(meter.requests.get(2))).isInstanceOf(ReadOutcome.Words.class);
        assertThat(bus.stats().busy()).isEqualTo(2);
        assertThat(bus.stats().requests()).isEqualTo(5);
    }

    @Test
    void busyBeyondTheRetriesIsADeviceException() throws Exception {
        ScriptedTransport transport = new ScriptedTransport(request -> new ScriptedTransport.Exception(6));
        Meter meter = new Meter("m", 3, Duration.ofHours(1), read(0, 4));
        BusScheduler bus = bus(transport, SETTINGS);
        bus.add(meter);

        assertThat(meter.nextPoll().values()).singleElement().isInstanceOfSatisfying(ReadOutcome.Failed.class,
                failed -> assertThat(failed.detail()).startsWith("busy"));
        assertThat(transport.sent()).hasSize(1 + SETTINGS.busyRetries());
    }

    @Test
    void aLostConnectionFailsReadsAsDisconnectedUntilItIsBackAndNothingStaleIsDelivered() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ScriptedTransport transport = new ScriptedTransport(
                request -> calls.incrementAndGet() <= 2 ? new ScriptedTransport.Disconnect() : registers(request));
        Meter meter = new Meter("m", 1, Duration.ofMillis(1), read(0, 2));
        BusScheduler bus = bus(transport, SETTINGS);
        bus.add(meter);

        Map<ReadRequest, ReadOutcome> poll;
        int failedPolls = 0;
        while ((poll = meter.nextPoll()).values().iterator().next() instanceof ReadOutcome.Failed failed) {
            assertThat(failed.reason()).isEqualTo(ReadOutcome.Reason.DISCONNECTED);
            failedPolls++;
        }
        assertThat(failedPolls).isGreaterThanOrEqualTo(2);
        assertThat(((ReadOutcome.Words) poll.values().iterator().next()).words()).containsExactly(1000, 1001);
        assertThat(bus.stats().connected()).isTrue();
    }

    @Test
    void aGarbledReplyIsAProtocolErrorAndThePollGoesOn() throws Exception {
        ScriptedTransport transport = new ScriptedTransport(request -> new ScriptedTransport.Garbled());
        Meter meter = new Meter("m", 1, Duration.ofHours(1), read(0, 2), read(200, 2));
        BusScheduler bus = bus(transport, SETTINGS);
        bus.add(meter);

        assertThat(meter.nextPoll().values()).extracting(o -> ((ReadOutcome.Failed) o).reason())
                .containsExactly(ReadOutcome.Reason.PROTOCOL_ERROR, ReadOutcome.Reason.PROTOCOL_ERROR);
        assertThat(bus.stats().errors()).isEqualTo(2);
    }

    @Test
    void aRequestTheTransportRefusesIsABadValueNotAStuckBus() throws Exception {
        ScriptedTransport transport = new ScriptedTransport(request -> {
            throw new IllegalArgumentException("unit id must be 1..247 on RTU, was " + request.unitId());
        });
        Meter meter = new Meter("m", 0, Duration.ofMillis(1), read(0, 2));
        BusScheduler bus = bus(transport, SETTINGS);
        bus.add(meter);

        assertThat(meter.nextPoll().values()).singleElement().isInstanceOfSatisfying(ReadOutcome.Failed.class,
                failed -> {
                    assertThat(failed.reason()).isEqualTo(ReadOutcome.Reason.INVALID_REQUEST);
                    assertThat(failed.detail()).contains("1..247");
                });
        meter.nextPoll(); // and polling goes on
    }

    @Test
    void closeAfterPollClosesTheConnectionAfterEachPoll() throws Exception {
        ScriptedTransport transport = new ScriptedTransport(BusSchedulerTest::registers);
        Meter meter = new Meter("m", 1, Duration.ofMillis(1), read(0, 2), read(300, 2));
        BusScheduler bus = bus(transport, new BusScheduler.Settings(Duration.ZERO, 0, Duration.ofMillis(1), true,
                Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(200)));
        bus.add(meter);

        meter.nextPoll();
        meter.nextPoll();
        meter.nextPoll();
        bus.close();
        assertThat(transport.closes()).isGreaterThanOrEqualTo(3);
    }
}
