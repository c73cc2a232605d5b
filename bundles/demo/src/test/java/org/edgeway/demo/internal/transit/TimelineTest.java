package org.edgeway.demo.internal.transit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.edgeway.api.transit.ObjectClass;
import org.edgeway.demo.internal.transit.Scenario.Stop;
import org.edgeway.demo.internal.transit.Scenario.Trip;
import org.edgeway.demo.internal.transit.Timeline.CountIncrement;
import org.edgeway.demo.internal.transit.Timeline.DoorChange;
import org.edgeway.demo.internal.transit.Timeline.Event;
import org.edgeway.demo.internal.transit.Timeline.PositionSample;
import org.edgeway.demo.internal.transit.Timeline.TripProgress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TimelineTest {

    /** A door opening as the timeline shows it: from the first door opening to the last door closing. */
    private static final class Opening {
        String tripId;
        Integer stopSequence;
        long openedAt;
        long closedAt;
        final Set<String> doors = new LinkedHashSet<>();
        final Map<String, Map<ObjectClass, Count>> counts = new LinkedHashMap<>();
    }

    private static Scenario scenario(String name) {
        return name.equals("bus-100") ? Scenario.builtIn() : TestScenarios.tiny();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bus-100", "tiny"})
    void theDoorEventsAndCountsOfAPassAreTheGroundTruth(String name) {
        Scenario scenario = scenario(name);

        List<Opening> openings = openings(scenario, Timeline.of(scenario));
        List<ExpectedVisit> expected = scenario.expectedVisits();

        assertThat(openings).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            ExpectedVisit visit = expected.get(i);
            Opening opening = openings.get(i);
            assertThat(opening.tripId).as("visit %d", i).isEqualTo(visit.tripId());
            assertThat(opening.stopSequence).as("visit %d", i).isEqualTo(visit.stopSequence());
            assertThat(opening.doors).as("visit %d", i).containsExactlyElementsOf(visit.doors());
            for (String door : visit.doors()) {
                for (ObjectClass c : ObjectClass.values()) {
                    assertThat(opening.counts.getOrDefault(door, Map.of()).getOrDefault(c, Count.ZERO))
                            .as("visit %d door %s %s", i, door, c).isEqualTo(visit.count(door, c));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bus-100", "tiny"})
    void whileTheDoorsAreOpenTheBusStandsAtTheStop(String name) {
        Scenario scenario = scenario(name);
        Timeline timeline = Timeline.of(scenario);
        List<PositionSample> samples = samples(timeline);

        List<Opening> openings = openings(scenario, timeline);
        for (Opening opening : openings) {
            List<PositionSample> during = samples.stream()
                    .filter(s -> s.offsetMillis() >= opening.openedAt && s.offsetMillis() <= opening.closedAt)
                    .toList();
            assertThat(during).as("samples while open at %s", opening.openedAt).isNotEmpty();
            assertThat(during).allSatisfy(s -> assertThat(s.speedMps()).isZero());
            Trip trip = scenario.trips().stream().filter(t -> t.tripId().equals(opening.tripId)).findFirst()
                    .orElseThrow();
            if (opening.stopSequence != null) {
                Stop stop = scenario.stop(trip.stopIds().get(opening.stopSequence - 1));
                assertThat(during).allSatisfy(s -> {
                    assertThat(s.lat()).isEqualTo(stop.lat());
                    assertThat(s.lon()).isEqualTo(stop.lon());
                });
            } else {
                // away from any stop: somewhere on the segment, at none of the trip's stops
                assertThat(during).allSatisfy(s -> assertThat(scenario.stops())
                        .noneMatch(stop -> stop.lat() == s.lat() && stop.lon() == s.lon()));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bus-100", "tiny"})
    void positionsComeEveryFixIntervalAndThePassIsAWholeNumberOfThem(String name) {
        Scenario scenario = scenario(name);
        Timeline timeline = Timeline.of(scenario);
        List<PositionSample> samples = samples(timeline);
        int fix = scenario.fixIntervalMillis();

        assertThat(timeline.passDurationMillis() % fix).isZero();
        assertThat(samples).hasSize((int) (timeline.passDurationMillis() / fix));
        for (int i = 0; i < samples.size(); i++) {
            assertThat(samples.get(i).offsetMillis()).isEqualTo((long) i * fix);
        }
        assertThat(timeline.events()).isSortedAccordingTo((a, b) -> Long.compare(a.offsetMillis(), b.offsetMillis()));
        Trip last = scenario.trips().get(scenario.trips().size() - 1);
        Stop end = scenario.stop(last.stopIds().get(last.stopIds().size() - 1));
        assertThat(samples.get(0).lat()).isEqualTo(end.lat());
        assertThat(samples.get(samples.size() - 1).lon()).isEqualTo(end.lon());
    }

    @Test
    void countsHappenOnlyWhileTheirDoorIsOpenAndTheLoadNeverGoesNegative() {
        Scenario scenario = Scenario.builtIn();
        Map<String, Boolean> open = new HashMap<>();
        Map<ObjectClass, Integer> load = new EnumMap<>(ObjectClass.class);
        int increments = 0;
        for (Event event : Timeline.of(scenario).events()) {
            if (event instanceof DoorChange d) {
                assertThat(open.put(d.door(), d.open())).as("door %s changes state", d.door())
                        .isNotEqualTo(d.open());
            } else if (event instanceof CountIncrement c) {
                increments++;
                assertThat(open.get(c.door())).as("door %s open at %d", c.door(), c.offsetMillis()).isTrue();
                assertThat(c.boardings() + c.alightings()).isEqualTo(1);
                int now = load.merge(c.objectClass(), c.boardings() - c.alightings(), Integer::sum);
                assertThat(now).as("load of %s at %d", c.objectClass(), c.offsetMillis()).isNotNegative();
            }
        }
        assertThat(open.values()).containsOnly(false);
        assertThat(load.values()).containsOnly(0);
        int expected = scenario.expectedTripTotals().stream().mapToInt(t -> t.boardings() + t.alightings()).sum();
        assertThat(increments).isEqualTo(expected);
    }

    @Test
    void drivingTakesTheDriveTimeAtCruiseSpeedHeadingToTheNextStop() {
        Scenario tiny = TestScenarios.tiny();
        Timeline timeline = Timeline.of(tiny);
        List<Event> events = timeline.events();

        // trip T2 (index 1) drives from C (stop 1) to B (stop 2): from the departure to the arrival
        long departure = progress(events, 1, 2, false).offsetMillis();
        long arrival = progress(events, 1, 2, true).offsetMillis();
        assertThat(arrival - departure).isEqualTo(200);
        List<PositionSample> driving = samples(timeline).stream()
                .filter(s -> s.offsetMillis() > departure && s.offsetMillis() < arrival).toList();
        assertThat(driving).isNotEmpty().allSatisfy(s -> {
            assertThat(s.speedMps()).isEqualTo(9.5);
            assertThat(s.trackDegrees()).isCloseTo(270, within(0.5)); // C -> B is westward
            assertThat(s.lon()).isBetween(13.41, 13.42);
        });
        // the longitude falls steadily: straight-line interpolation
        for (int i = 1; i < driving.size(); i++) {
            assertThat(driving.get(i).lon()).isLessThan(driving.get(i - 1).lon());
        }
        // outbound (T1, eastward) the standing bus keeps its heading
        assertThat(samples(timeline).get(0).trackDegrees()).isCloseTo(90, within(0.5));
    }

    @Test
    void withoutAFixedDriveTimeTheBusDrivesAtCruiseSpeed() {
        Scenario builtIn = Scenario.builtIn();
        Scenario.Timing t = builtIn.timing();
        Scenario bus100 = new Scenario(builtIn.name(), builtIn.line(), builtIn.vehicleRef(), builtIn.language(),
                builtIn.fixIntervalMillis(), new Scenario.Timing(null, t.cruiseSpeedMps(), t.settleBeforeOpenMillis(),
                        t.doorsOpenMillis(), t.settleAfterCloseMillis(), t.terminusLayoverMillis()),
                builtIn.stops(), builtIn.doors(), builtIn.trips(), builtIn.loop());
        List<Event> events = Timeline.of(bus100).events();
        Stop zoo = bus100.stop(bus100.trips().get(0).stopIds().get(0));
        Stop stern = bus100.stop(bus100.trips().get(0).stopIds().get(1));

        long drive = progress(events, 0, 2, true).offsetMillis() - progress(events, 0, 2, false).offsetMillis();
        double meters = Geo.distanceMeters(zoo.lat(), zoo.lon(), stern.lat(), stern.lon());
        assertThat(meters).isBetween(1000.0, 2000.0);
        assertThat(drive).isCloseTo(Math.round(meters / bus100.timing().cruiseSpeedMps() * 1000), within(1L));
    }

    @Test
    void theTripContextFollowsTheBus() {
        Scenario tiny = TestScenarios.tiny();
        List<TripProgress> progress = Timeline.of(tiny).events().stream()
                .filter(TripProgress.class::isInstance).map(TripProgress.class::cast).toList();

        assertThat(progress).extracting(TripProgress::trip, TripProgress::stopSequence, TripProgress::atStop)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, 1, true),
                        org.assertj.core.groups.Tuple.tuple(0, 2, false),
                        org.assertj.core.groups.Tuple.tuple(0, 2, true),
                        org.assertj.core.groups.Tuple.tuple(0, 3, false),
                        org.assertj.core.groups.Tuple.tuple(0, 3, true),
                        org.assertj.core.groups.Tuple.tuple(1, 1, true),
                        org.assertj.core.groups.Tuple.tuple(1, 2, false),
                        org.assertj.core.groups.Tuple.tuple(1, 2, true),
                        org.assertj.core.groups.Tuple.tuple(1, 3, false),
                        org.assertj.core.groups.Tuple.tuple(1, 3, true));
    }

    @Test
    void aStopWithoutAVisitIsPassedWithoutStopping() {
        // nobody boards or alights at B on the way back (the visit there balanced itself)
        Scenario scenario = TestScenarios.load(TestScenarios.tinyWith(
                json -> TestScenarios.trip(json, 1).getAsJsonArray("visits").remove(1)));
        Timeline timeline = Timeline.of(scenario);

        assertThat(openings(scenario, timeline)).extracting(o -> o.tripId + "/" + o.stopSequence)
                .containsExactly("T1/1", "T1/null", "T1/2", "T1/3", "T2/1", "T2/3");
        assertThat(timeline.events()).noneMatch(e -> e instanceof TripProgress p && p.trip() == 1
                && p.stopSequence() == 2 && p.atStop());
        Stop b = scenario.stop("B");
        long passingB = progress(timeline.events(), 1, 3, false).offsetMillis();
        assertThat(samples(timeline)).filteredOn(s -> s.offsetMillis() == passingB).singleElement()
                .satisfies(s -> {
                    assertThat(s.lon()).isCloseTo(b.lon(), within(1e-9));
                    assertThat(s.speedMps()).isEqualTo(9.5);
                });
    }

    private static TripProgress progress(List<Event> events, int trip, int sequence, boolean atStop) {
        return events.stream().filter(TripProgress.class::isInstance).map(TripProgress.class::cast)
                .filter(p -> p.trip() == trip && p.stopSequence() == sequence && p.atStop() == atStop)
                .findFirst().orElseThrow();
    }

    private static List<PositionSample> samples(Timeline timeline) {
        return timeline.events().stream().filter(PositionSample.class::isInstance).map(PositionSample.class::cast)
                .toList();
    }

    /** Rebuilds the visits from the door events alone: what a gateway watching the doors would see. */
    private static List<Opening> openings(Scenario scenario, Timeline timeline) {
        List<Opening> openings = new ArrayList<>();
        Set<String> open = new LinkedHashSet<>();
        Opening current = null;
        TripProgress where = null;
        for (Event event : timeline.events()) {
            if (event instanceof TripProgress p) {
                where = p;
            } else if (event instanceof DoorChange d && d.open()) {
                if (open.isEmpty()) {
                    current = new Opening();
                    current.tripId = scenario.trips().get(where.trip()).tripId();
                    current.stopSequence = where.atStop() ? where.stopSequence() : null;
                    current.openedAt = d.offsetMillis();
                    openings.add(current);
                }
                open.add(d.door());
                current.doors.add(d.door());
            } else if (event instanceof DoorChange d) {
                open.remove(d.door());
                current.closedAt = d.offsetMillis();
            } else if (event instanceof CountIncrement c) {
                current.counts.computeIfAbsent(c.door(), door -> new EnumMap<>(ObjectClass.class))
                        .merge(c.objectClass(), new Count(c.boardings(), c.alightings()), Count::plus);
            }
        }
        return openings;
    }
}
