package org.edgeway.demo.internal.transit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** A tiny, fast scenario for tests, and a way to break it one field at a time. */
final class TestScenarios {

    /**
     * Three stops on a west-east line, two trips (out and back), doors 1 and 2 over IBIS-IP and 3 over JSON lines,
     * one opening between the first two stops; a pass lasts about three seconds.
     */
    static final String TINY = """
            {
              "name": "tiny",
              "line": "7",
              "fixIntervalMillis": 20,
              "timing": { "driveMillis": 200, "cruiseSpeedMps": 9.5, "settleBeforeOpenMillis": 40,
                          "doorsOpenMillis": 200, "settleAfterCloseMillis": 40, "terminusLayoverMillis": 40 },
              "stops": [
                { "id": "A", "name": "Alpha", "lat": 52.5000, "lon": 13.4000 },
                { "id": "B", "name": "Beta & Co", "lat": 52.5000, "lon": 13.4100 },
                { "id": "C", "name": "Gamma", "lat": 52.5000, "lon": 13.4200 }
              ],
              "doors": [ { "id": "1", "protocol": "ibisip" }, { "id": 2, "protocol": "IBISIP" },
                         { "id": "3", "protocol": "jsonlines" } ],
              "trips": [
                { "tripId": "T1", "headsign": "Gamma", "stops": ["A", "B", "C"], "visits": [
                    { "stop": "A", "counts": { "1": { "Adult": { "in": 2 } },
                                               "2": { "Adult": { "in": 1 }, "Pram": { "in": 1 } },
                                               "3": { "Adult": { "in": 2 }, "Bike": { "in": 1 } } } },
                    { "between": ["A", "B"], "fraction": 0.5, "counts": { "1": { "Adult": { "out": 1 } } } },
                    { "stop": "B", "counts": { "1": { "Adult": { "in": 1 } }, "2": { "Adult": { "out": 1 } },
                                               "3": { "Adult": { "out": 1 }, "Child": { "in": 1 } } } },
                    { "stop": "C", "counts": { "1": { "Adult": { "out": 1 } },
                                               "2": { "Adult": { "out": 1 }, "pram": { "out": 1 } },
                                               "3": { "Adult": { "out": 1 }, "Bike": { "out": 1 },
                                                      "Child": { "out": 1 } } } }
                ] },
                { "tripId": "T2", "headsign": "Alpha", "stops": ["C", "B", "A"], "visits": [
                    { "stop": "C", "counts": { "1": { "Adult": { "in": 3 } }, "2": { "WheelChair": { "in": 1 } } } },
                    { "stop": "B", "counts": { "2": { "Adult": { "out": 1 } }, "3": { "Adult": { "in": 1 } } } },
                    { "stop": "A", "counts": { "1": { "Adult": { "out": 1 } },
                                               "2": { "Adult": { "out": 1 }, "WheelChair": { "out": 1 } },
                                               "3": { "Adult": { "out": 1 } } } }
                ] }
              ],
              "loop": false
            }
            """;

    private TestScenarios() {
    }

    static Scenario tiny() {
        return load(TINY);
    }

    static Scenario load(String json) {
        try {
            return Scenario.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tiny scenario with one change applied to its JSON. */
    static String tinyWith(Consumer<JsonObject> change) {
        JsonObject json = JsonParser.parseString(TINY).getAsJsonObject();
        change.accept(json);
        return json.toString();
    }

    static JsonObject trip(JsonObject scenario, int index) {
        return scenario.getAsJsonArray("trips").get(index).getAsJsonObject();
    }

    static JsonObject visit(JsonObject scenario, int trip, int index) {
        return trip(scenario, trip).getAsJsonArray("visits").get(index).getAsJsonObject();
    }

    static JsonObject counts(JsonObject scenario, int trip, int visit, String door) {
        return visit(scenario, trip, visit).getAsJsonObject("counts").getAsJsonObject(door);
    }
}
