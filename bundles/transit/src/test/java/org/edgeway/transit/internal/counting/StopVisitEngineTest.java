package org.edgeway.transit.internal.counting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgeway.api.position.Fix;
import org.edgeway.api.position.FixMode;
import org.edgeway.api.transit.ClassCount;
import org.edgeway.api.transit.CountQuality;
import org.edgeway.api.transit.DoorCount;
import org.edgeway.api.transit.DoorReport;
import org.edgeway.api.transit.DoorState;
import org.edgeway.api.transit.ObjectClass;
import org.edgeway.api.transit.Occupancy;
import org.edgeway.api.transit.OccupancyStatus;
import org.edgeway.api.transit.StopPoint;
import org.edgeway.api.transit.StopVisit;
import org.edgeway.api.transit.Trip;
import org.edgeway.api.transit.TripStop;
import org.edgeway.api.transit.TripSummary;
import org.edgeway.api.transit.VisitQuality;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario tests with known ground truth: a bus runs a trip of four stops; the test plays door reports, cumulative
 * counts and a position trace into the engine and checks every visit exactly.
 */
class StopVisitEngineTest {

    private static final StopPoint ZOO = new StopPoint("S1", "Zoologischer Garten", 52.50690, 13.33260);
    private static final StopPoint STERN = new StopPoint("S2", "Großer Stern", 52.51450, 13.35010);
    private static final StopPoint REICHSTAG = new StopPoint("S3", "Reichstag", 52.51860, 13.37620);
    private static final StopPoint TOR = new StopPoint("S4", "Brandenburger Tor", 52.51630, 13.37770);
    private static final Trip OUTBOUND = new Trip("T-out", "100", "Alexanderplatz",
            List.of(new TripStop(1, ZOO), new TripStop(2, STERN), new TripStop(3, REICHSTAG), new TripStop(4, TOR)));
    private static final Trip INBOUND = new Trip("T-in", "100", "Zoologischer Garten",
            List.of(new TripStop(1, TOR), new TripStop(2, REICHSTAG), new TripStop(3, STERN), new TripStop(4, ZOO)));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T08:00:00Z"));
    private final Recorder events = new Recorder();
    private final Map<String, long[]> sensorCounters = new HashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private Optional<Trip> nextAtTerminus = Optional.empty();
    private OptionalInt hint = OptionalInt.empty();
    private StopVisitEngine engine;

    @BeforeEach
    void setUp() {
        engine = engine(Set.of("1", "2"));
    }

    private StopVisitEngine engine(Set<String> doors) {
        EngineSettings settings = new EngineSettings(doors, 40, 2.0, Duration.ofSeconds(3), 30,
                Duration.ofSeconds(10), new OccupancyRules(47, 103, 10, 50, 90, 100));
        return new StopVisitEngine(settings, events, clock, () -> "v" + ids.incrementAndGet(),
                (trip, when) -> nextAtTerminus, () -> hint);
    }

    @Test
    void aTripOfFourStopsGivesExactCountsPerStopDoorAndClass() {
        engine.tripChanged(Optional.of(OUTBOUND));
        // the counters' first reports are their baselines (sensors count since their own start)
        counts("1", ObjectClass.ADULT, 0, 0);
        counts("2", ObjectClass.ADULT, 0, 0);
        counts("2", ObjectClass.BIKE, 0, 0);

        stopAt(ZOO, () -> {
            counts("1", ObjectClass.ADULT, 5, 0);
            counts("2", ObjectClass.ADULT, 2, 0);
        });
        driveTowards(STERN);
        stopAt(STERN, () -> {
            counts("1", ObjectClass.ADULT, 3, 0);
            counts("2", ObjectClass.ADULT, 0, 4);
            counts("2", ObjectClass.BIKE, 1, 0);
        });
        driveTowards(REICHSTAG);
        stopAt(REICHSTAG, () -> counts("2", ObjectClass.ADULT, 1, 2));
        driveTowards(TOR);
        nextAtTerminus = Optional.empty();
        stopAt(TOR, () -> {
            counts("1", ObjectClass.ADULT, 0, 1);
            counts("2", ObjectClass.ADULT, 0, 3);
            counts("2", ObjectClass.BIKE, 0, 1);
        });

        assertThat(events.visits).hasSize(4);
        assertVisit(events.visits.get(0), "S1", 1, List.of(
                new DoorCount("1", ObjectClass.ADULT, 5, 0), new DoorCount("2", ObjectClass.ADULT, 2, 0)));
        assertVisit(events.visits.get(1), "S2", 2, List.of(new DoorCount("1", ObjectClass.ADULT, 3, 0),
                new DoorCount("2", ObjectClass.ADULT, 0, 4), new DoorCount("2", ObjectClass.BIKE, 1, 0)));
        assertVisit(events.visits.get(2), "S3", 3, List.of(new DoorCount("2", ObjectClass.ADULT, 1, 2)));
        assertVisit(events.visits.get(3), "S4", 4, List.of(new DoorCount("1", ObjectClass.ADULT, 0, 1),
                new DoorCount("2", ObjectClass.ADULT, 0, 3), new DoorCount("2", ObjectClass.BIKE, 0, 1)));
        assertThat(events.visits).extracting(StopVisit::occupancyAfter).containsExactly(7, 7, 6, 1);
        assertThat(events.visits).extracting(StopVisit::tripBoardings).containsExactly(7L, 11L, 12L, 12L);
        assertThat(events.visits).extracting(StopVisit::tripAlightings).containsExactly(0L, 4L, 6L, 11L);
        // the last visit carries the trip's sums per door and class: a lost visit message loses nothing
        assertThat(events.visits.get(3).tripCounts()).containsExactly(new DoorCount("1", ObjectClass.ADULT, 8, 1),
                new DoorCount("2", ObjectClass.ADULT, 3, 9), new DoorCount("2", ObjectClass.BIKE, 1, 1));
        assertThat(events.visits).allSatisfy(v -> {
            assertThat(v.quality()).isEmpty();
            assertThat(v.tripId()).isEqualTo("T-out");
            assertThat(v.line()).isEqualTo("100");
            assertThat(v.position()).isNotNull();
            assertThat(v.departure()).isAfter(v.arrival());
        });
        assertThat(events.loads).allSatisfy(load -> assertThat(load).isNotNegative());

        // the trip ends (the source moves on): the imbalance of 1 is reported and the load reset
        engine.tripChanged(Optional.empty());
        assertThat(events.summaries).singleElement().satisfies(s -> {
            assertThat(s.tripId()).isEqualTo("T-out");
            assertThat(s.visits()).isEqualTo(4);
            assertThat(s.boardings()).isEqualTo(12);
            assertThat(s.alightings()).isEqualTo(11);
            assertThat(s.imbalance()).isEqualTo(1);
            assertThat(s.clamped()).isZero();
        });
        assertThat(engine.occupancy().load()).isZero();
        assertThat(engine.occupancy().status()).isEqualTo(OccupancyStatus.EMPTY);
    }

    @Test
    void atTheTerminusAlightingsEndTheTripAndBoardingsStartTheNext() {
        engine.tripChanged(Optional.of(OUTBOUND));
        baselines();
        stopAt(ZOO, () -> counts("1", ObjectClass.ADULT, 4, 0));
        driveTowards(TOR);
        nextAtTerminus = Optional.of(INBOUND);
        stopAt(TOR, () -> {
            counts("2", ObjectClass.ADULT, 0, 4);
            counts("1", ObjectClass.ADULT, 6, 0);
        });

        assertThat(events.visits).hasSize(3);
        StopVisit ending = events.visits.get(1);
        StopVisit starting = events.visits.get(2);
        assertThat(ending.tripId()).isEqualTo("T-out");
        assertThat(ending.stopSequence()).isEqualTo(4);
        assertThat(ending.boardings()).isZero();
        assertThat(ending.alightings()).isEqualTo(4);
        assertThat(ending.occupancyAfter()).isZero();
        assertThat(starting.tripId()).isEqualTo("T-in");
        assertThat(starting.stopId()).isEqualTo("S4");
        assertThat(starting.stopSequence()).isEqualTo(1);
        assertThat(starting.boardings()).isEqualTo(6);
        assertThat(starting.alightings()).isZero();
        assertThat(starting.occupancyAfter()).isEqualTo(6);
        assertThat(events.summaries).singleElement().satisfies(s -> {
            assertThat(s.tripId()).isEqualTo("T-out");
            assertThat(s.imbalance()).isZero();
            assertThat(s.boardings()).isEqualTo(4);
            assertThat(s.alightings()).isEqualTo(4);
        });
        assertThat(events.started).containsExactly("T-out", "T-in");
        assertThat(engine.currentTrip()).contains(INBOUND);
        assertThat(engine.occupancy().load()).isEqualTo(6);

        // the return trip goes on from its first stop: the next visit is its stop 2
        driveTowards(REICHSTAG);
        stopAt(REICHSTAG, () -> counts("2", ObjectClass.ADULT, 0, 6));
        assertThat(events.visits.get(3).stopSequence()).isEqualTo(2);
        assertThat(events.visits.get(3).tripAlightings()).isEqualTo(6);
    }

    @Test
    void lostReportsLoseNothingBecauseCountersAreCumulative() {
        engine.tripChanged(Optional.of(OUTBOUND));
        baselines();
        stopAt(ZOO, () -> {
            long[] c = sensorCounters.get("1/ADULT");
            c[0] += 3; // a report carrying 3 boardings is lost on the way
            counts("1", ObjectClass.ADULT, 2, 0); // the next one carries 5 in all
        });
        assertThat(events.visits.get(0).boardings()).isEqualTo(5);
    }

    @Test
    void aVisitAwayFromAnyStopIsRecordedWithItsPositionAndNoStop() {
        engine.tripChanged(Optional.of(OUTBOUND));
        baselines();
        stopAt(ZOO, () -> counts("1", ObjectClass.ADULT, 2, 0));
        // doors open at a traffic light half-way to Großer Stern
        double lat = (ZOO.latitude() + STERN.latitude()) / 2;
        double lon = (ZOO.longitude() + STERN.longitude()) / 2;
        stopAtPoint(lat, lon, () -> counts("2", ObjectClass.ADULT, 0, 1));
        stopAt(STERN, () -> counts("1", ObjectClass.ADULT, 1, 0));

        StopVisit away = events.visits.get(1);
        assertThat(away.stopId()).isNull();
        assertThat(away.stopSequence()).isNull();
        assertThat(away.quality()).containsExactly(VisitQuality.AWAY_FROM_STOP);
        assertThat(away.position().latitude()).isCloseTo(lat, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(away.alightings()).isEqualTo(1);
        assertThat(events.visits.get(2).stopSequence()).isEqualTo(2);
    }

    @Test
    void withoutAFixTheVisitIsKeptWithoutStopOrWithTheOnBoardComputersStop() {
        engine.tripChanged(Optional.of(OUTBOUND));
        baselines();
        engine.fix(Fix.noFix(clock.instant(), "test"));
        doors(DoorState.OPEN);
        counts("1", ObjectClass.ADULT, 2, 0);
        doors(DoorState.CLOSED);
        graceOver();
        assertThat(events.visits.get(0).stopId()).isNull();
        assertThat(events.visits.get(0).position()).isNull();
        assertThat(events.visits.get(0).quality()).containsExactly(VisitQuality.NO_POSITION);
        assertThat(events.visits.get(0).boardings()).isEqualTo(2);

        hint = OptionalInt.of(2);
        doors(DoorState.OPEN);
        counts("1", ObjectClass.ADULT, 1, 0);
        doors(DoorState.CLOSED);
        graceOver();
        assertThat(events.visits.get(1).stopId()).isEqualTo("S2");
        assertThat(events.visits.get(1).quality())
                .containsExactlyInAnyOrder(VisitQuality.NO_POSITION, VisitQuality.STOP_FROM_SEQUENCE);
    }

    @Test
    void aStaleFixIsNotUsed() {
        engine.tripChanged(Optional.of(OUTBOUND));
        baselines();
        position(ZOO.latitude(), ZOO.longitude(), 0.0);
        clock.advance(Duration.ofSeconds(30)); // the receiver went silent
        doors(DoorState.OPEN);
        doors(DoorState.CLOSED);
        graceOver();
        assertThat(events.visits.get(0).quality()).contains(VisitQuality.NO_POSITION);
    }

    @Test
    void occupancyNeverGoesNegativeAndTheClampIsReported() {
        engine.tripChanged(Optional.of(OUTBOUND));
        baselines();
        stopAt(ZOO, () -> counts("1", ObjectClass.ADULT, 2, 0));
        stopAt(STERN, () -> counts("2", ObjectClass.ADULT, 0, 5)); // three more alight than boarded
        StopVisit visit = events.visits.get(1);
        assertThat(visit.occupancyAfter()).isZero();
        assertThat(visit.quality()).containsExactly(VisitQuality.OCCUPANCY_CLAMPED);
        assertThat(events.loads).allSatisfy(load -> assertThat(load).isNotNegative());
        engine.tripChanged(Optional.empty());
        assertThat(events.summaries.get(0).clamped()).isEqualTo(3);
        assertThat(events.summaries.get(0).imbalance()).isZero();
    }

    @Test
    void counterResetUnknownDoorAndImplausibleStepsAreKeptAndFlagged() {
        engine.tripChanged(Optional.of(OUTBOUND));
        baselines();
        stopAt(ZOO, () -> {
            counts("1", ObjectClass.ADULT, 4, 0);
            // the sensor restarts: its counter starts again at 0 and now says 2
            sensorCounters.get("1/ADULT")[0] = 0;
            counts("1", ObjectClass.ADULT, 2, 0);
            engine.report(new DoorReport("apc", "9", clock.instant(), null,
                    List.of(new ClassCount(ObjectClass.ADULT, 0, 0, CountQuality.REGULAR))));
            engine.report(new DoorReport("apc", "9", clock.instant(), null,
                    List.of(new ClassCount(ObjectClass.ADULT, 1, 0, CountQuality.REGULAR))));
            counts("2", ObjectClass.ADULT, 500, 0);
        });
        StopVisit visit = events.visits.get(0);
        assertThat(visit.boardings()).isEqualTo(4 + 2 + 1 + 500);
        assertThat(visit.counts()).contains(new DoorCount("9", ObjectClass.ADULT, 1, 0));
        assertThat(visit.quality()).containsExactlyInAnyOrder(VisitQuality.COUNTER_RESET, VisitQuality.UNKNOWN_DOOR,
                VisitQuality.IMPLAUSIBLE_COUNT);
    }

    @Test
    void anOlderReportIsIgnoredForTheDoorStateAndCountsNothingTwice() {
        engine.tripChanged(Optional.of(OUTBOUND));
        baselines();
        position(ZOO.latitude(), ZOO.longitude(), 0.0);
        doors(DoorState.OPEN);
        Instant opened = clock.instant();
        clock.advance(Duration.ofSeconds(2));
        counts("1", ObjectClass.ADULT, 3, 0);
        // a delayed report from before the opening says "closed" with the old counter
        engine.report(new DoorReport("apc", "1", opened.minusSeconds(5), DoorState.CLOSED,
                List.of(new ClassCount(ObjectClass.ADULT, 0, 0, CountQuality.REGULAR))));
        assertThat(engine.doorsOpen()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        doors(DoorState.CLOSED);
        graceOver();
        assertThat(events.visits.get(0).boardings()).isEqualTo(3);
        assertThat(events.visits.get(0).quality()).containsExactly(VisitQuality.OUT_OF_ORDER);
    }

    @Test
    void lateCountsAndAReopeningWithinTheGraceBelongToTheSameVisit() {
        engine.tripChanged(Optional.of(OUTBOUND));
        baselines();
        position(ZOO.latitude(), ZOO.longitude(), 0.0);
        doors(DoorState.OPEN);
        counts("1", ObjectClass.ADULT, 2, 0);
        doors(DoorState.CLOSED);
        clock.advance(Duration.ofSeconds(1));
        counts("1", ObjectClass.ADULT, 1, 0); // the sensor's last count comes after the door signal
        engine.tick();
        assertThat(events.visits).isEmpty();
        doors(DoorState.OPEN); // a late passenger
        counts("2", ObjectClass.CHILD, 0, 0);
        counts("2", ObjectClass.CHILD, 1, 0);
        doors(DoorState.CLOSED);
        graceOver();
        assertThat(events.visits).singleElement().satisfies(v -> {
            assertThat(v.boardings()).isEqualTo(4);
            assertThat(v.quality()).isEmpty();
        });
    }

    @Test
    void doorsOpeningElsewhereWithinTheGraceStartANewVisit() {
        engine.tripChanged(Optional.of(OUTBOUND));
        baselines();
        position(ZOO.latitude(), ZOO.longitude(), 0.0);
        doors(DoorState.OPEN);
        counts("1", ObjectClass.ADULT, 2, 0);
        doors(DoorState.CLOSED);
        // a short hop to the next stop, faster than the grace
        position(STERN.latitude(), STERN.longitude(), 0.0);
        doors(DoorState.OPEN);
        counts("1", ObjectClass.ADULT, 1, 0);
        doors(DoorState.CLOSED);
        graceOver();
        assertThat(events.visits).extracting(StopVisit::stopId).containsExactly("S1", "S2");
        assertThat(events.visits).extracting(StopVisit::boardings).containsExactly(2L, 1L);
    }

    @Test
    void countsWhileAllDoorsAreClosedGoToTheNextVisitFlagged() {
        engine.tripChanged(Optional.of(OUTBOUND));
        baselines();
        stopAt(ZOO, () -> counts("1", ObjectClass.ADULT, 2, 0));
        driveTowards(STERN);
        counts("1", ObjectClass.ADULT, 1, 0); // a sensor miscounts while driving
        stopAt(STERN, () -> counts("1", ObjectClass.ADULT, 1, 0));
        StopVisit visit = events.visits.get(1);
        assertThat(visit.boardings()).isEqualTo(2);
        assertThat(visit.quality()).containsExactly(VisitQuality.COUNTS_OUTSIDE_DOORS_OPEN);

        // counts no opening follows are reported at trip end on their own, never lost
        counts("1", ObjectClass.ADULT, 0, 1);
        engine.tripChanged(Optional.empty());
        StopVisit orphan = events.visits.get(2);
        assertThat(orphan.alightings()).isEqualTo(1);
        assertThat(orphan.stopId()).isNull();
        assertThat(orphan.quality()).contains(VisitQuality.COUNTS_OUTSIDE_DOORS_OPEN);
        assertThat(events.summaries.get(0).alightings()).isEqualTo(1);
    }

    @Test
    void doorsOpeningWhileMovingAreFlagged() {
        engine.tripChanged(Optional.of(OUTBOUND));
        baselines();
        position(ZOO.latitude(), ZOO.longitude(), 6.0);
        doors(DoorState.OPEN);
        doors(DoorState.CLOSED);
        graceOver();
        assertThat(events.visits.get(0).quality()).containsExactly(VisitQuality.MOVING);
        assertThat(events.visits.get(0).stopId()).isEqualTo("S1");
    }

    @Test
    void aTripChangeWhileDoorsAreOpenSplitsTheVisit() {
        engine.tripChanged(Optional.of(OUTBOUND));
        baselines();
        stopAt(ZOO, () -> counts("1", ObjectClass.ADULT, 3, 0));
        driveTowards(TOR);
        position(TOR.latitude(), TOR.longitude(), 0.0);
        doors(DoorState.OPEN);
        counts("2", ObjectClass.ADULT, 0, 3);
        engine.tripChanged(Optional.of(INBOUND)); // the on-board computer switches trips at the terminus
        counts("1", ObjectClass.ADULT, 5, 0);
        clock.advance(Duration.ofSeconds(2));
        doors(DoorState.CLOSED);
        graceOver();
        assertThat(events.visits).hasSize(3);
        assertThat(events.visits.get(1).tripId()).isEqualTo("T-out");
        assertThat(events.visits.get(1).alightings()).isEqualTo(3);
        assertThat(events.visits.get(2).tripId()).isEqualTo("T-in");
        assertThat(events.visits.get(2).stopSequence()).isEqualTo(1);
        assertThat(events.visits.get(2).boardings()).isEqualTo(5);
        assertThat(events.summaries.get(0).imbalance()).isZero();
    }

    @Test
    void noTripMeansVisitsWithoutStopFlaggedNoTrip() {
        baselines();
        stopAt(ZOO, () -> counts("1", ObjectClass.ADULT, 2, 0));
        assertThat(events.visits.get(0).tripId()).isNull();
        assertThat(events.visits.get(0).quality()).containsExactly(VisitQuality.NO_TRIP);
        assertThat(engine.occupancy().load()).isEqualTo(2);
    }

    @Test
    void anUnavailableSensorFlagsTheVisits() {
        engine.tripChanged(Optional.of(OUTBOUND));
        baselines();
        engine.sensorAvailability("apc", false);
        stopAt(ZOO, () -> { });
        engine.sensorAvailability("apc", true);
        stopAt(STERN, () -> { });
        assertThat(events.visits.get(0).quality()).containsExactly(VisitQuality.SENSOR_UNAVAILABLE);
        assertThat(events.visits.get(1).quality()).isEmpty();
    }

    @Test
    void aRestartInTheMiddleOfATripLosesNoCountAndDoesNotSplitTheTrip() {
        engine.tripChanged(Optional.of(OUTBOUND));
        baselines();
        stopAt(ZOO, () -> counts("1", ObjectClass.ADULT, 5, 0));
        position(ZOO.latitude(), ZOO.longitude(), 0.0);
        doors(DoorState.OPEN);
        counts("2", ObjectClass.ADULT, 1, 0);
        SavedState saved = engine.suspend(); // the gateway stops with the doors open
        assertThat(events.visits).hasSize(2);
        assertThat(events.summaries).isEmpty();

        // while it is down, the sensor counts two more boardings at door 1
        sensorCounters.get("1/ADULT")[0] += 2;
        engine = engine(Set.of("1", "2"));
        engine.restore(saved);
        engine.tripChanged(Optional.of(OUTBOUND));
        assertThat(events.started).containsExactly("T-out"); // resumed, not started again
        assertThat(engine.occupancy().load()).isEqualTo(6);
        stopAt(STERN, () -> counts("1", ObjectClass.ADULT, 0, 0));
        StopVisit afterRestart = events.visits.get(2);
        assertThat(afterRestart.stopSequence()).isEqualTo(2);
        assertThat(afterRestart.boardings()).isEqualTo(2);
        assertThat(afterRestart.tripBoardings()).isEqualTo(8);
        assertThat(afterRestart.occupancyAfter()).isEqualTo(8);
    }

    @Test
    void aSavedRunOfAnotherTripEndsWithItsBalance() {
        engine.tripChanged(Optional.of(OUTBOUND));
        baselines();
        stopAt(ZOO, () -> counts("1", ObjectClass.ADULT, 3, 0));
        SavedState saved = engine.suspend();
        engine = engine(Set.of("1", "2"));
        engine.restore(saved);
        engine.tripChanged(Optional.of(INBOUND));
        assertThat(events.summaries).singleElement().satisfies(s -> {
            assertThat(s.tripId()).isEqualTo("T-out");
            assertThat(s.boardings()).isEqualTo(3);
            assertThat(s.imbalance()).isEqualTo(3);
        });
        assertThat(engine.occupancy().load()).isZero();
        assertThat(engine.currentTrip()).contains(INBOUND);
    }

    @Test
    void occupancyStatusFollowsTheCapacityThresholds() {
        OccupancyRules rules = new OccupancyRules(47, 103, 10, 50, 90, 100);
        Instant t = clock.instant();
        assertThat(rules.evaluate(t, null, 0).status()).isEqualTo(OccupancyStatus.EMPTY);
        assertThat(rules.evaluate(t, null, 10).status()).isEqualTo(OccupancyStatus.MANY_SEATS_AVAILABLE);
        assertThat(rules.evaluate(t, null, 30).status()).isEqualTo(OccupancyStatus.FEW_SEATS_AVAILABLE);
        assertThat(rules.evaluate(t, null, 47).status()).isEqualTo(OccupancyStatus.FEW_SEATS_AVAILABLE);
        assertThat(rules.evaluate(t, null, 48).status()).isEqualTo(OccupancyStatus.STANDING_ROOM_ONLY);
        assertThat(rules.evaluate(t, null, 135).status()).isEqualTo(OccupancyStatus.CRUSHED_STANDING_ROOM_ONLY);
        assertThat(rules.evaluate(t, null, 150).status()).isEqualTo(OccupancyStatus.FULL);
        assertThat(rules.evaluate(t, null, 170).percentage()).isEqualTo(110);
        // coarse: 31 and 35 passengers of 150 both show as 20 %
        assertThat(rules.evaluate(t, null, 31).percentage()).isEqualTo(20);
        assertThat(rules.evaluate(t, null, 35).percentage()).isEqualTo(20);
        Occupancy unknown = new OccupancyRules(0, 0, 10, 50, 90, 100).evaluate(t, null, 3);
        assertThat(unknown.percentage()).isNull();
        assertThat(unknown.status()).isEqualTo(OccupancyStatus.NO_DATA_AVAILABLE);
    }

    // ---------------------------------------------------------------- the script

    private void baselines() {
        for (String door : List.of("1", "2")) {
            for (ObjectClass c : List.of(ObjectClass.ADULT, ObjectClass.CHILD, ObjectClass.BIKE)) {
                if (!sensorCounters.containsKey(door + "/" + c)) {
                    counts(door, c, 0, 0);
                }
            }
        }
    }

    /** Adds boardings/alightings to a door's cumulative counters and reports them. */
    private void counts(String door, ObjectClass objectClass, long in, long out) {
        long[] c = sensorCounters.computeIfAbsent(door + "/" + objectClass, k -> new long[2]);
        c[0] += in;
        c[1] += out;
        clock.advance(Duration.ofMillis(300));
        engine.report(new DoorReport("apc", door, clock.instant(), null,
                List.of(new ClassCount(objectClass, c[0], c[1], CountQuality.REGULAR))));
    }

    private void doors(DoorState state) {
        clock.advance(Duration.ofMillis(200));
        for (String door : List.of("1", "2")) {
            engine.report(new DoorReport("apc", door, clock.instant(), state, List.of()));
        }
    }

    private void position(double lat, double lon, double speed) {
        clock.advance(Duration.ofMillis(200));
        engine.fix(new Fix(clock.instant(), FixMode.FIX_3D, lat, lon, 35.0, speed, 90.0, 4.5, 9, "test"));
    }

    private void stopAt(StopPoint stop, Runnable whileOpen) {
        stopAtPoint(stop.latitude() + 0.00008, stop.longitude(), whileOpen); // ~9 m from the pole, in the bay
    }

    private void stopAtPoint(double lat, double lon, Runnable whileOpen) {
        position(lat, lon, 3.0);
        position(lat, lon, 0.0);
        doors(DoorState.OPEN);
        whileOpen.run();
        position(lat, lon, 0.0);
        doors(DoorState.CLOSED);
        graceOver();
        position(lat, lon, 4.0);
    }

    private void driveTowards(StopPoint stop) {
        position(stop.latitude() - 0.002, stop.longitude() - 0.002, 11.0);
    }

    private void graceOver() {
        clock.advance(Duration.ofSeconds(4));
        engine.tick();
    }

    private static void assertVisit(StopVisit visit, String stopId, int sequence, List<DoorCount> counts) {
        assertThat(visit.stopId()).isEqualTo(stopId);
        assertThat(visit.stopSequence()).isEqualTo(sequence);
        assertThat(visit.counts()).containsExactlyElementsOf(counts);
        assertThat(visit.boardings()).isEqualTo(counts.stream().mapToLong(DoorCount::boardings).sum());
        assertThat(visit.alightings()).isEqualTo(counts.stream().mapToLong(DoorCount::alightings).sum());
    }

    private static final class Recorder implements EngineEvents {
        final List<StopVisit> visits = new ArrayList<>();
        final List<TripSummary> summaries = new ArrayList<>();
        final List<String> started = new ArrayList<>();
        final List<Integer> loads = new ArrayList<>();

        @Override
        public void tripStarted(Trip trip, Instant start) {
            started.add(trip.tripId());
        }

        @Override
        public void visitEnded(StopVisit visit) {
            visits.add(visit);
            loads.add(visit.occupancyAfter());
        }

        @Override
        public void tripEnded(TripSummary summary) {
            summaries.add(summary);
        }

        @Override
        public void occupancyChanged(Occupancy occupancy) {
            loads.add(occupancy.load());
        }
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
