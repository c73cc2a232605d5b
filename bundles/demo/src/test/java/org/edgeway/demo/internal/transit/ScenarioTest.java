package org.edgeway.demo.internal.transit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.edgeway.demo.internal.transit.TestScenarios.counts;
import static org.edgeway.demo.internal.transit.TestScenarios.tinyWith;
import static org.edgeway.demo.internal.transit.TestScenarios.trip;
import static org.edgeway.demo.internal.transit.TestScenarios.visit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.edgeway.api.transit.ObjectClass;
import org.edgeway.demo.internal.transit.Scenario.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

class ScenarioTest {

    private static final String ZOO = "de:11000:900023201";
    private static final String ALEX = "de:11000:900100003";

    @Test
    void builtInBus100RunsZooToAlexanderplatzAndBack() {
        Scenario bus100 = Scenario.builtIn();

        assertThat(bus100.line()).isEqualTo("100");
        assertThat(bus100.fixIntervalMillis()).isEqualTo(200);
        assertThat(bus100.timing().cruiseSpeedMps()).isBetween(8.0, 12.0);
        assertThat(bus100.stops()).hasSizeBetween(5, 7);
        assertThat(bus100.stops()).allSatisfy(stop -> {
            assertThat(stop.lat()).isBetween(52.50, 52.53);
            assertThat(stop.lon()).isBetween(13.33, 13.42);
            assertThat(stop.id()).matches("de:11000:9\\d{8}");
        });
        assertThat(bus100.stop(ZOO).name()).isEqualTo("S+U Zoologischer Garten");
        assertThat(bus100.stop(ALEX).name()).isEqualTo("S+U Alexanderplatz");
        assertThat(bus100.trips()).hasSize(2);
        List<String> outbound = bus100.trips().get(0).stopIds();
        List<String> back = new ArrayList<>(bus100.trips().get(1).stopIds());
        java.util.Collections.reverse(back);
        assertThat(outbound).first().isEqualTo(ZOO);
        assertThat(outbound).last().isEqualTo(ALEX);
        assertThat(back).isEqualTo(outbound);
        assertThat(bus100.doorIds(Protocol.IBISIP)).containsExactly("1", "2");
        assertThat(bus100.doorIds(Protocol.JSONLINES)).containsExactly("3");
        assertThat(bus100.loop()).isTrue();
    }

    @Test
    void builtInCountsAreRealisticAndBalanced() {
        Scenario bus100 = Scenario.builtIn();
        List<ExpectedVisit> visits = bus100.expectedVisits();

        Set<ObjectClass> classes = EnumSet.noneOf(ObjectClass.class);
        Map<ObjectClass, Integer> load = new EnumMap<>(ObjectClass.class);
        for (ExpectedVisit visit : visits) {
            for (String door : visit.doors()) {
                assertThat(visit.total(door).boardings()).as("boardings %s door %s", visit, door).isBetween(0, 8);
                assertThat(visit.total(door).alightings()).as("alightings %s door %s", visit, door).isBetween(0, 8);
                classes.addAll(visit.counts().get(door).keySet());
            }
            for (ObjectClass c : ObjectClass.values()) {
                int out = visit.doors().stream().mapToInt(d -> visit.count(d, c).alightings()).sum();
                int in = visit.doors().stream().mapToInt(d -> visit.count(d, c).boardings()).sum();
                int after = load.getOrDefault(c, 0) - out;
                assertThat(after).as("load of %s at %s", c, visit).isNotNegative();
                load.put(c, after + in);
            }
        }
        assertThat(load.values()).containsOnly(0);
        assertThat(classes).contains(ObjectClass.BIKE, ObjectClass.PRAM, ObjectClass.WHEELCHAIR);
        assertThat(bus100.expectedTripTotals()).hasSize(2).allSatisfy(totals -> {
            assertThat(totals.boardings()).isGreaterThan(20);
            assertThat(totals.alightings()).isEqualTo(totals.boardings());
        });
    }

    @Test
    void atTheTerminusAlightingsEndTheTripAndBoardingsStartTheNext() {
        List<ExpectedVisit> visits = Scenario.builtIn().expectedVisits();
        List<ExpectedVisit> atAlex = visits.stream().filter(v -> ALEX.equals(v.stopId())).toList();

        assertThat(atAlex).hasSize(2);
        ExpectedVisit arrival = atAlex.get(0);
        ExpectedVisit departure = atAlex.get(1);
        assertThat(visits.indexOf(departure)).isEqualTo(visits.indexOf(arrival) + 1);
        assertThat(arrival.tripId()).isEqualTo("100-0815");
        assertThat(arrival.stopSequence()).isEqualTo(7);
        assertThat(arrival.alightings()).isPositive();
        assertThat(arrival.boardings()).isZero();
        assertThat(departure.tripId()).isEqualTo("100-0816");
        assertThat(departure.stopSequence()).isEqualTo(1);
        assertThat(departure.boardings()).isPositive();
        assertThat(departure.alightings()).isZero();
    }

    @Test
    void anOpeningAwayFromAStopHasNoStop() {
        List<ExpectedVisit> away = Scenario.builtIn().expectedVisits().stream()
                .filter(ExpectedVisit::awayFromStop).toList();

        assertThat(away).singleElement().satisfies(visit -> {
            assertThat(visit.tripId()).isEqualTo("100-0815");
            assertThat(visit.stopSequence()).isNull();
            assertThat(visit.doors()).containsExactly("1");
            assertThat(visit.count("1", ObjectClass.ADULT)).isEqualTo(new Count(0, 1));
        });
    }

    @Test
    void groundTruthOfTheTinyScenario() {
        Scenario tiny = TestScenarios.tiny();
        List<ExpectedVisit> visits = tiny.expectedVisits();

        assertThat(visits).extracting(ExpectedVisit::tripId, ExpectedVisit::stopId, ExpectedVisit::stopSequence)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("T1", "A", 1),
                        org.assertj.core.groups.Tuple.tuple("T1", null, null),
                        org.assertj.core.groups.Tuple.tuple("T1", "B", 2),
                        org.assertj.core.groups.Tuple.tuple("T1", "C", 3),
                        org.assertj.core.groups.Tuple.tuple("T2", "C", 1),
                        org.assertj.core.groups.Tuple.tuple("T2", "B", 2),
                        org.assertj.core.groups.Tuple.tuple("T2", "A", 3));
        assertThat(visits.get(0).doors()).containsExactly("1", "2", "3");
        assertThat(visits.get(0).count("2", ObjectClass.PRAM)).isEqualTo(new Count(1, 0));
        assertThat(visits.get(3).count("2", ObjectClass.PRAM)).isEqualTo(new Count(0, 1));
        assertThat(visits.get(4).counts().get("3")).isEmpty();
        assertThat(visits.get(4).total("3")).isEqualTo(Count.ZERO);
        assertThat(tiny.expectedTripTotals()).containsExactly(new TripTotals("T1", 9, 9), new TripTotals("T2", 5, 5));
        assertThat(tiny.doorIds(Protocol.IBISIP)).containsExactly("1", "2");
        assertThat(tiny.classesCounted("2")).containsExactly(ObjectClass.ADULT, ObjectClass.WHEELCHAIR,
                ObjectClass.PRAM);
        assertThat(tiny.classesCounted("1")).containsExactly(ObjectClass.ADULT);
        assertThat(tiny.vehicleRef()).isEqualTo("bus-4711");
        assertThat(tiny.language()).isEqualTo("de");
        assertThat(tiny.timing().driveMillis()).isEqualTo(200L);
    }

    @Test
    void loadsFromAFileAndNamesTheFileInErrors(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.json");
        Files.writeString(good, TestScenarios.TINY, StandardCharsets.UTF_8);
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, tinyWith(json -> json.remove("line")), StandardCharsets.UTF_8);

        assertThat(Scenario.load(good).name()).isEqualTo("tiny");
        assertThatThrownBy(() -> Scenario.load(bad)).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("bad.json").hasMessageContaining("line: missing");
        assertThatThrownBy(() -> Scenario.load(dir.resolve("absent.json"))).isInstanceOf(IOException.class);
    }

    @Test
    void rejectsWhatIsNotJson() {
        assertInvalid("{ \"name\": ", "not valid JSON");
        assertInvalid("[1, 2]", "scenario: expected a JSON object");
    }

    @Test
    void namesTheFieldOfEveryError() {
        assertInvalid(json -> json.remove("name"), "name: missing");
        assertInvalid(json -> json.addProperty("nmae", "x"), "nmae: unknown field");
        assertInvalid(json -> json.addProperty("fixIntervalMillis", 0), "fixIntervalMillis: must be between 10");
        assertInvalid(json -> json.addProperty("fixIntervalMillis", 20.5), "fixIntervalMillis: expected a whole number");
        assertInvalid(json -> json.getAsJsonObject("timing").remove("doorsOpenMillis"),
                "timing.doorsOpenMillis: missing");
        assertInvalid(json -> json.getAsJsonObject("timing").addProperty("cruiseSpeedMps", "fast"),
                "timing.cruiseSpeedMps: expected a number");
        assertInvalid(json -> json.getAsJsonArray("stops").get(0).getAsJsonObject().addProperty("lat", 91),
                "stops[0].lat: must be between -90");
        assertInvalid(json -> json.getAsJsonArray("stops").get(1).getAsJsonObject().addProperty("id", "A"),
                "stops[1].id: stop 'A' is given twice");
        assertInvalid(json -> json.getAsJsonArray("doors").get(2).getAsJsonObject().addProperty("protocol", "modbus"),
                "doors[2].protocol: 'modbus' is no protocol");
        assertInvalid(json -> json.addProperty("loop", "yes"), "loop: expected true or false");
    }

    @Test
    void rejectsTripsThatDoNotFitTheStops() {
        assertInvalid(json -> trip(json, 0).getAsJsonArray("stops").set(1, new JsonPrimitive("X")),
                "trips[0].stops[1]: unknown stop 'X'");
        assertInvalid(json -> trip(json, 1).addProperty("tripId", "T1"), "trips[1].tripId: trip 'T1' is given twice");
        assertInvalid(json -> {
            JsonArray visits = trip(json, 0).getAsJsonArray("visits");
            visits.set(2, visits.get(3).deepCopy()); // a visit at C in place of B: then C again
        }, "trips[0].visits[3].stop: 'C' is no stop of this trip after the previous visit");
        assertInvalid(json -> visit(json, 0, 1).add("between", array("A", "C")),
                "trips[0].visits[1].between: 'A' -> 'C' is no segment");
        assertInvalid(json -> visit(json, 0, 1).addProperty("fraction", 1), "trips[0].visits[1].fraction");
        assertInvalid(json -> visit(json, 0, 1).addProperty("stop", "A"), "trips[0].visits[1]: give either 'stop'");
        assertInvalid(json -> trip(json, 1).getAsJsonArray("visits").remove(2),
                "trips[1].visits: the last stop 'A' needs a visit");
        assertInvalid(json -> trip(json, 1).getAsJsonArray("visits").remove(0),
                "trips[1].visits: the first stop 'C' needs a visit");
    }

    @Test
    void rejectsCountsThatMakeNoSense() {
        assertInvalid(json -> counts(json, 0, 0, "1").getAsJsonObject("Adult").addProperty("in", -1),
                "trips[0].visits[0].counts.1.Adult.in: must be between 0");
        assertInvalid(json -> counts(json, 0, 0, "1").add("Dog", counts(json, 0, 0, "1").get("Adult")),
                "trips[0].visits[0].counts.1.Dog: unknown object class 'Dog'");
        assertInvalid(json -> counts(json, 0, 0, "1").add("ADULT", counts(json, 0, 0, "1").get("Adult")),
                "trips[0].visits[0].counts.1.ADULT: Adult is given twice");
        assertInvalid(json -> visit(json, 0, 0).getAsJsonObject("counts").add("9", new JsonObject()),
                "trips[0].visits[0].counts.9: unknown door '9'");
        assertInvalid(json -> {
            visit(json, 0, 1).add("doors", array("1"));
            visit(json, 0, 1).getAsJsonObject("counts").add("2", new JsonObject());
        }, "trips[0].visits[1].counts.2: door '2' does not open at this visit (doors: 1)");
        assertInvalid(json -> visit(json, 0, 1).remove("counts"),
                "trips[0].visits[1].counts: an opening between stops needs counts");
        assertInvalid(json -> counts(json, 0, 0, "1").getAsJsonObject("Adult").addProperty("in", 0),
                "trips[0].visits[3].counts: the bus carries 1 Adult before this visit, 3 cannot alight");
        assertInvalid(json -> counts(json, 0, 3, "1").getAsJsonObject("Adult").addProperty("in", 2),
                "trips[0].visits[3].counts: nobody boards at the last stop of a trip");
        assertInvalid(json -> counts(json, 1, 0, "1").getAsJsonObject("Adult").addProperty("in", 4),
                "trips[1]: trip is not balanced: 1 Adult still on board");
    }

    private static JsonArray array(String... items) {
        JsonArray array = new JsonArray();
        for (String item : items) {
            array.add(item);
        }
        return array;
    }

    private static void assertInvalid(Consumer<JsonObject> change, String message) {
        assertInvalid(tinyWith(change), message);
    }

    private static void assertInvalid(String json, String message) {
        assertThatThrownBy(() -> TestScenarios.load(json)).isInstanceOf(ScenarioException.class)
                .hasMessageContaining(message);
    }
}
