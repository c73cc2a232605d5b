package org.edgeway.transit.internal.gtfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgeway.transit.internal.gtfs.GtfsIndexTest.berlin;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.edgeway.api.transit.Trip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GtfsTripSourceTest {

    /** A clock the test sets. */
    static final class TestClock extends Clock {
        volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
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

    @TempDir
    Path dir;
    private GtfsIndex index;
    private ScheduledThreadPoolExecutor executor;
    private final List<Optional<String>> changes = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        index = GtfsIndex.load(new TestFeed().write(dir), Set.of("100"));
        executor = new ScheduledThreadPoolExecutor(1);
        executor.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    private void record(Optional<Trip> trip) {
        synchronized (changes) {
            changes.add(trip.map(Trip::tripId));
        }
    }

    @Test
    void aFixedTripIsCurrentAtOnceAndAgainAfterItsEnd() {
        TestClock clock = new TestClock(berlin("2026-11-25T03:00:00"));
        try (GtfsTripSource source = new GtfsTripSource(index, " 100-2 ", clock, executor)) {
            source.start(this::record);
            assertThat(changes).containsExactly(Optional.of("100-2"));
            Trip trip = source.currentTrip().orElseThrow();
            assertThat(source.tripCompleted(trip, clock.now)).contains(trip);
            assertThat(source.currentTrip()).contains(trip);
            assertThat(executor.getQueue()).isEmpty(); // no schedule to follow
        }
    }

    @Test
    void anUnknownFixedTripIsNoTrip() {
        try (GtfsTripSource source = new GtfsTripSource(index, "nope", new TestClock(Instant.EPOCH), executor)) {
            source.start(this::record);
            assertThat(changes).isEmpty();
            assertThat(source.currentTrip()).isEmpty();
        }
    }

    @Test
    void bySchedule() {
        TestClock clock = new TestClock(berlin("2026-11-25T08:05:00"));
        GtfsTripSource source = new GtfsTripSource(index, "", clock, executor);
        source.start(this::record);
        assertThat(changes).containsExactly(Optional.of("100-1"));
        assertThat(executor.getQueue()).hasSize(1); // the 30 s re-evaluation

        // 100-1 ended at 08:20 by the schedule; the vehicle is late: it stays until 15 minutes after that
        clock.now = berlin("2026-11-25T08:33:00");
        source.evaluate();
        assertThat(source.currentTrip().map(Trip::tripId)).contains("100-1");

        // the engine reports the end at alex: the next trip from there, without onChange
        Optional<Trip> next = source.tripCompleted(source.currentTrip().orElseThrow(), berlin("2026-11-25T08:33:00"));
        assertThat(next.map(Trip::tripId)).contains("100-2");
        assertThat(source.currentTrip()).isEqualTo(next);

        // 100-3 started later than 100-2, but this vehicle runs 100-2
        clock.now = berlin("2026-11-25T08:40:00");
        source.evaluate();
        assertThat(source.currentTrip()).isEqualTo(next);

        // long after 100-2's end: the schedule says 100-4
        clock.now = berlin("2026-11-25T09:10:00");
        source.evaluate();
        // nothing at all by 10:00
        clock.now = berlin("2026-11-25T10:00:00");
        source.evaluate();
        source.evaluate();
        assertThat(changes).containsExactly(Optional.of("100-1"), Optional.of("100-4"), Optional.empty());
        assertThat(source.currentTrip()).isEmpty();

        source.close();
        assertThat(executor.getQueue()).isEmpty();
        clock.now = berlin("2026-11-25T08:05:00");
        source.evaluate();
        assertThat(changes).hasSize(3); // closed: no more changes
    }

    @Test
    void nothingToRunIsNoCallAtStart() {
        TestClock clock = new TestClock(berlin("2026-11-25T03:00:00"));
        try (GtfsTripSource source = new GtfsTripSource(index, null, clock, executor)) {
            source.start(this::record);
            assertThat(changes).isEmpty();
            assertThat(source.currentTrip()).isEmpty();
            clock.now = berlin("2026-11-25T07:45:00");
            source.evaluate();
            assertThat(changes).containsExactly(Optional.of("100-1"));
        }
    }
}
