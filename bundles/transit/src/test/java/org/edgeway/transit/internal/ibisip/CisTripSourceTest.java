package org.edgeway.transit.internal.ibisip;

import static org.edgeway.transit.internal.Await.await;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.edgeway.api.transit.StopPoint;
import org.edgeway.api.transit.Trip;
import org.edgeway.api.transit.TripStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CisTripSourceTest {

    static final StopPoint ZOO = new StopPoint("de:11000:900023201", "Zoologischer Garten", 52.5069, 13.3323);

    private FakeIbisIpDevice device;
    private ScheduledThreadPoolExecutor executor;
    private CisTripSource source;
    private final BlockingQueue<Optional<Trip>> changes = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        device = new FakeIbisIpDevice();
        device.cisBody = Samples.CIS_ALL_DATA;
        executor = new ScheduledThreadPoolExecutor(1);
        executor.setRemoveOnCancelPolicy(true);
        source = new CisTripSource(device.baseUrl(), Duration.ofMillis(50),
                ref -> ref.equals(ZOO.stopId()) ? Optional.of(ZOO) : Optional.empty(), HttpClient.newHttpClient(),
                executor);
    }

    @AfterEach
    void tearDown() {
        source.close();
        executor.shutdownNow();
        device.close();
    }

    private Optional<Trip> nextChange() throws InterruptedException {
        Optional<Trip> change = changes.poll(10, TimeUnit.SECONDS);
        assertThat(change).as("a change within 10 s").isNotNull();
        return change;
    }

    private void polls(int n) throws InterruptedException {
        int target = device.cisGets.get() + n;
        await(n + " more polls", () -> device.cisGets.get() >= target);
    }

    @Test
    void followsTheOnBoardComputer() throws Exception {
        source.start(changes::add);

        Trip trip = nextChange().orElseThrow();
        assertThat(trip).isEqualTo(new Trip("100-0815", "100", "S+U Alexanderplatz", java.util.List.of(
                new TripStop(1, ZOO),
                new TripStop(2, new StopPoint("de:11000:900003201", "S+U Berlin Hauptbahnhof", null, null)))));
        assertThat(source.currentTrip()).contains(trip);
        assertThat(source.currentStopSequence()).isEqualTo(OptionalInt.of(2));

        // the vehicle moves on: the stop index changes, the trip does not
        device.cisBody = Samples.CIS_ALL_DATA.replace("<CurrentStopIndex><Value>2</Value>",
                "<CurrentStopIndex><Value>1</Value>");
        await("the new stop index", () -> source.currentStopSequence().equals(OptionalInt.of(1)));
        assertThat(changes).isEmpty();

        // the device cannot be read: the trip stays
        device.cisStatus = 503;
        polls(3);
        device.cisBody = "<garbled";
        device.cisStatus = 200;
        polls(3);
        assertThat(changes).isEmpty();
        assertThat(source.currentTrip()).contains(trip);
        assertThat(source.currentStopSequence()).isEqualTo(OptionalInt.of(1));

        // a new trip
        device.cisBody = Samples.CIS_ALL_DATA.replace("100-0815", "100-0816");
        assertThat(nextChange().orElseThrow().tripId()).isEqualTo("100-0816");

        // no trip
        device.cisBody = Samples.CIS_ALL_DATA.replaceAll("(?s)<TripInformation>.*</TripInformation>", "");
        assertThat(nextChange()).isEmpty();
        assertThat(source.currentTrip()).isEmpty();
        assertThat(source.currentStopSequence()).isEmpty();

        source.close();
        assertThat(executor.getQueue()).as("polling cancelled").isEmpty();
    }

    @Test
    void aTripWithoutTripRefGetsAMadeUpId() throws Exception {
        device.cisBody = Samples.CIS_ALL_DATA.replace("<TripRef><Value>100-0815</Value></TripRef>", "");
        source.start(changes::add);
        assertThat(nextChange().orElseThrow().tripId()).isEqualTo("ibisip:100:de:11000:900023201-de:11000:900003201");
    }

    @Test
    void aChangedStopSequenceIsANewTrip() throws Exception {
        source.start(changes::add);
        nextChange();
        device.cisBody = Samples.CIS_ALL_DATA.replace("de:11000:900003201", "de:11000:900100001");
        Trip changed = nextChange().orElseThrow();
        assertThat(changed.tripId()).isEqualTo("100-0815");
        assertThat(changed.lastStop().stop().stopId()).isEqualTo("de:11000:900100001");
    }
}
