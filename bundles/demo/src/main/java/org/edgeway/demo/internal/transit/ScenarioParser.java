package org.edgeway.demo.internal.transit;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.edgeway.api.transit.ObjectClass;
import org.edgeway.demo.internal.transit.Scenario.Door;
import org.edgeway.demo.internal.transit.Scenario.Protocol;
import org.edgeway.demo.internal.transit.Scenario.Stop;
import org.edgeway.demo.internal.transit.Scenario.Timing;
import org.edgeway.demo.internal.transit.Scenario.Trip;
import org.edgeway.demo.internal.transit.Scenario.Visit;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonIOException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Reads a scenario from JSON and validates it; every error names the field by its path, for example
 * {@code trips[0].visits[3].counts.2.Adult.in}. Walks gson's tree instead of binding to classes so that each check
 * can say exactly which field is wrong, and so that unknown fields (typos) are rejected. Keys starting with
 * {@code _} are comments and ignored.
 */
final class ScenarioParser {

    private static final int MAX_COUNT = 1000;
    private static final long MAX_MILLIS = 3_600_000;

    private ScenarioParser() {
    }

    static Scenario parse(InputStream in) throws IOException {
        JsonElement root;
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(reader);
        } catch (JsonIOException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new ScenarioException("scenario is not valid JSON: " + e.getMessage(), e);
        }
        return scenario(object(root, "scenario"));
    }

    private static Scenario scenario(JsonObject root) {
        allowOnly(root, "", "name", "line", "vehicleRef", "language", "fixIntervalMillis", "timing", "stops", "doors",
                "trips", "loop");
        String name = string(root, "", "name", null);
        String line = string(root, "", "line", null);
        String vehicleRef = string(root, "", "vehicleRef", "bus-4711");
        String language = string(root, "", "language", "de");
        int fixInterval = (int) whole(root, "", "fixIntervalMillis", null, 10, 60_000);
        Timing timing = timing(object(required(root, "", "timing"), "timing"));
        List<Stop> stops = stops(array(root, "", "stops"));
        List<Door> doors = doors(array(root, "", "doors"));
        Map<String, Stop> stopsById = new HashMap<>();
        stops.forEach(stop -> stopsById.put(stop.id(), stop));
        JsonArray tripsJson = array(root, "", "trips");
        List<Trip> trips = new ArrayList<>();
        Set<String> tripIds = new HashSet<>();
        for (int i = 0; i < tripsJson.size(); i++) {
            String path = "trips[" + i + "]";
            Trip trip = trip(object(tripsJson.get(i), path), path, stopsById, doors);
            if (!tripIds.add(trip.tripId())) {
                throw error(path + ".tripId", "trip '" + trip.tripId() + "' is given twice");
            }
            trips.add(trip);
        }
        boolean loop = bool(root, "", "loop", true);
        return new Scenario(name, line, vehicleRef, language, fixInterval, timing, stops, doors, trips, loop);
    }

    private static Timing timing(JsonObject json) {
        String path = "timing";
        allowOnly(json, path, "driveMillis", "cruiseSpeedMps", "settleBeforeOpenMillis", "doorsOpenMillis",
                "settleAfterCloseMillis", "terminusLayoverMillis");
        Long drive = json.has("driveMillis") ? whole(json, path, "driveMillis", null, 1, MAX_MILLIS) : null;
        double speed = number(json, path, "cruiseSpeedMps", 0.5, 40);
        long settleBefore = whole(json, path, "settleBeforeOpenMillis", null, 0, MAX_MILLIS);
        long open = whole(json, path, "doorsOpenMillis", null, 10, MAX_MILLIS);
        long settleAfter = whole(json, path, "settleAfterCloseMillis", null, 0, MAX_MILLIS);
        long layover = whole(json, path, "terminusLayoverMillis", 0L, 0, MAX_MILLIS);
        return new Timing(drive, speed, settleBefore, open, settleAfter, layover);
    }

    private static List<Stop> stops(JsonArray json) {
        List<Stop> stops = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < json.size(); i++) {
            String path = "stops[" + i + "]";
            JsonObject stop = object(json.get(i), path);
            allowOnly(stop, path, "id", "name", "lat", "lon");
            String id = string(stop, path, "id", null);
            if (!ids.add(id)) {
                throw error(path + ".id", "stop '" + id + "' is given twice");
            }
            stops.add(new Stop(id, string(stop, path, "name", null), number(stop, path, "lat", -90, 90),
                    number(stop, path, "lon", -180, 180)));
        }
        return stops;
    }

    private static List<Door> doors(JsonArray json) {
        List<Door> doors = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < json.size(); i++) {
            String path = "doors[" + i + "]";
            JsonObject door = object(json.get(i), path);
            allowOnly(door, path, "id", "protocol");
            String id = doorId(required(door, path, "id"), path + ".id");
            if (!ids.add(id)) {
                throw error(path + ".id", "door '" + id + "' is given twice");
            }
            String protocol = string(door, path, "protocol", null);
            Protocol parsed = switch (protocol.toLowerCase(Locale.ROOT)) {
                case "ibisip" -> Protocol.IBISIP;
                case "jsonlines" -> Protocol.JSONLINES;
                default -> throw error(path + ".protocol", "'" + protocol + "' is no protocol (ibisip or jsonlines)");
            };
            doors.add(new Door(id, parsed));
        }
        return doors;
    }

    private static Trip trip(JsonObject json, String path, Map<String, Stop> stopsById, List<Door> doors) {
        allowOnly(json, path, "tripId", "headsign", "stops", "visits");
        String tripId = string(json, path, "tripId", null);
        String headsign = string(json, path, "headsign", null);
        JsonArray stopsJson = array(json, path, "stops");
        if (stopsJson.size() < 2) {
            throw error(path + ".stops", "a trip needs at least two stops");
        }
        List<String> stopIds = new ArrayList<>();
        for (int i = 0; i < stopsJson.size(); i++) {
            String stopPath = path + ".stops[" + i + "]";
            String id = text(stopsJson.get(i), stopPath);
            if (!stopsById.containsKey(id)) {
                throw error(stopPath, "unknown stop '" + id + "' (not in the scenario's stops)");
            }
            if (i > 0 && id.equals(stopIds.get(i - 1))) {
                throw error(stopPath, "stop '" + id + "' follows itself");
            }
            stopIds.add(id);
        }
        JsonArray visitsJson = array(json, path, "visits");
        List<Visit> visits = new ArrayList<>();
        double lastPosition = 0; // stop sequence s is at s, an opening between s and s+1 at s + fraction
        for (int i = 0; i < visitsJson.size(); i++) {
            String visitPath = path + ".visits[" + i + "]";
            Visit visit = visit(object(visitsJson.get(i), visitPath), visitPath, stopIds, lastPosition, doors);
            lastPosition = visit.awayFromStop() ? visit.afterStopSequence() + visit.fraction() : visit.stopSequence();
            visits.add(visit);
        }
        if (visits.isEmpty() || !Integer.valueOf(1).equals(visits.get(0).stopSequence())) {
            throw error(path + ".visits", "the first stop '" + stopIds.get(0)
                    + "' needs a visit (the bus always serves a terminus)");
        }
        if (!Integer.valueOf(stopIds.size()).equals(visits.get(visits.size() - 1).stopSequence())) {
            throw error(path + ".visits", "the last stop '" + stopIds.get(stopIds.size() - 1)
                    + "' needs a visit (the bus always serves a terminus)");
        }
        checkLoad(path, visits);
        return new Trip(tripId, headsign, stopIds, visits);
    }

    private static Visit visit(JsonObject json, String path, List<String> stopIds, double lastPosition,
            List<Door> doors) {
        allowOnly(json, path, "stop", "between", "fraction", "doors", "doorsOpenMillis", "counts");
        boolean atStop = json.has("stop");
        if (atStop == json.has("between")) {
            throw error(path, "give either 'stop' (a stop of the trip) or 'between' (two consecutive stops)");
        }
        Integer stopSequence = null;
        Integer afterSequence = null;
        double fraction = 0;
        if (atStop) {
            String stop = text(json.get("stop"), path + ".stop");
            for (int s = (int) Math.floor(lastPosition) + 1; s <= stopIds.size() && stopSequence == null; s++) {
                if (stopIds.get(s - 1).equals(stop)) {
                    stopSequence = s;
                }
            }
            if (stopSequence == null) {
                throw error(path + ".stop", "'" + stop + "' is no stop of this trip after the previous visit "
                        + "(visits follow the trip's stop order)");
            }
            if (json.has("fraction")) {
                throw error(path + ".fraction", "only an opening 'between' two stops has a fraction");
            }
        } else {
            JsonElement between = json.get("between");
            if (!between.isJsonArray() || between.getAsJsonArray().size() != 2) {
                throw error(path + ".between", "expected two consecutive stop ids, for example [\"a\", \"b\"]");
            }
            String from = text(between.getAsJsonArray().get(0), path + ".between[0]");
            String to = text(between.getAsJsonArray().get(1), path + ".between[1]");
            fraction = json.has("fraction") ? number(json, path, "fraction", 0, 1) : 0.5;
            if (fraction <= 0 || fraction >= 1) {
                throw error(path + ".fraction", "must be between 0 and 1 (exclusive), got " + fraction);
            }
            for (int s = 1; s < stopIds.size() && afterSequence == null; s++) {
                if (s + fraction > lastPosition && stopIds.get(s - 1).equals(from) && stopIds.get(s).equals(to)) {
                    afterSequence = s;
                }
            }
            if (afterSequence == null) {
                throw error(path + ".between", "'" + from + "' -> '" + to + "' is no segment of this trip after the "
                        + "previous visit (visits follow the trip's stop order)");
            }
        }
        Map<String, Map<ObjectClass, Count>> counts = json.has("counts")
                ? counts(object(json.get("counts"), path + ".counts"), path + ".counts", doors)
                : Map.of();
        List<String> opened = new ArrayList<>();
        if (json.has("doors")) {
            JsonArray doorsJson = array(json, path, "doors");
            for (int i = 0; i < doorsJson.size(); i++) {
                String doorPath = path + ".doors[" + i + "]";
                String door = doorId(doorsJson.get(i), doorPath);
                if (doors.stream().noneMatch(d -> d.id().equals(door))) {
                    throw error(doorPath, "unknown door '" + door + "'");
                }
                if (opened.contains(door)) {
                    throw error(doorPath, "door '" + door + "' is given twice");
                }
                opened.add(door);
            }
            if (opened.isEmpty()) {
                throw error(path + ".doors", "at least one door must open");
            }
        } else if (atStop) {
            doors.forEach(door -> opened.add(door.id()));
        } else {
            // away from a stop only the doors that count anything open (a driver letting one passenger out)
            doors.stream().map(Door::id).filter(counts::containsKey).forEach(opened::add);
            if (opened.isEmpty()) {
                throw error(path + ".counts", "an opening between stops needs counts (or 'doors') to know which "
                        + "doors open");
            }
        }
        for (String door : counts.keySet()) {
            if (!opened.contains(door)) {
                throw error(path + ".counts." + door, "door '" + door + "' does not open at this visit (doors: "
                        + String.join(", ", opened) + ")");
            }
        }
        Long openMillis = json.has("doorsOpenMillis")
                ? whole(json, path, "doorsOpenMillis", null, 10, MAX_MILLIS) : null;
        return new Visit(stopSequence, afterSequence, fraction, opened, openMillis, counts);
    }

    private static Map<String, Map<ObjectClass, Count>> counts(JsonObject json, String path, List<Door> doors) {
        Map<String, Map<ObjectClass, Count>> counts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> door : json.entrySet()) {
            if (door.getKey().startsWith("_")) {
                continue;
            }
            String doorPath = path + "." + door.getKey();
            if (doors.stream().noneMatch(d -> d.id().equals(door.getKey()))) {
                throw error(doorPath, "unknown door '" + door.getKey() + "'");
            }
            Map<ObjectClass, Count> classes = new EnumMap<>(ObjectClass.class);
            for (Map.Entry<String, JsonElement> entry : object(door.getValue(), doorPath).entrySet()) {
                if (entry.getKey().startsWith("_")) {
                    continue;
                }
                String classPath = doorPath + "." + entry.getKey();
                ObjectClass objectClass;
                try {
                    objectClass = ObjectClass.parse(entry.getKey());
                } catch (IllegalArgumentException e) {
                    throw error(classPath, e.getMessage());
                }
                if (classes.containsKey(objectClass)) {
                    throw error(classPath, objectClass.vdvName() + " is given twice");
                }
                JsonObject count = object(entry.getValue(), classPath);
                allowOnly(count, classPath, "in", "out");
                classes.put(objectClass, new Count((int) whole(count, classPath, "in", 0L, 0, MAX_COUNT),
                        (int) whole(count, classPath, "out", 0L, 0, MAX_COUNT)));
            }
            counts.put(door.getKey(), classes);
        }
        return counts;
    }

    /**
     * Per class, the load (boarded minus alighted) must never go negative (at a visit passengers alight first) and
     * must be zero at the end of the trip: everyone who boarded alighted by the terminus.
     */
    private static void checkLoad(String path, List<Visit> visits) {
        Map<ObjectClass, Integer> load = new EnumMap<>(ObjectClass.class);
        for (int i = 0; i < visits.size(); i++) {
            Visit visit = visits.get(i);
            Map<ObjectClass, Count> sums = new EnumMap<>(ObjectClass.class);
            visit.counts().values().forEach(classes -> classes.forEach((c, n) -> sums.merge(c, n, Count::plus)));
            for (Map.Entry<ObjectClass, Count> entry : sums.entrySet()) {
                int before = load.getOrDefault(entry.getKey(), 0);
                Count count = entry.getValue();
                if (before < count.alightings()) {
                    throw error(path + ".visits[" + i + "].counts", "the bus carries " + before + " "
                            + entry.getKey().vdvName() + " before this visit, " + count.alightings()
                            + " cannot alight (the load would be negative)");
                }
                load.put(entry.getKey(), before - count.alightings() + count.boardings());
            }
        }
        Visit last = visits.get(visits.size() - 1);
        boolean boardsAtLast = last.counts().values().stream()
                .anyMatch(classes -> classes.values().stream().anyMatch(c -> c.boardings() > 0));
        if (boardsAtLast) {
            throw error(path + ".visits[" + (visits.size() - 1) + "].counts", "nobody boards at the last stop of a "
                    + "trip: boardings there belong to the first stop of the next trip");
        }
        for (Map.Entry<ObjectClass, Integer> entry : load.entrySet()) {
            if (entry.getValue() != 0) {
                throw error(path, "trip is not balanced: " + entry.getValue() + " " + entry.getKey().vdvName()
                        + " still on board after the last stop (everyone who boarded must alight by the terminus)");
            }
        }
    }

    // --- small typed accessors that name the field in every error ---

    private static void allowOnly(JsonObject json, String path, String... keys) {
        Set<String> allowed = Set.of(keys);
        for (String key : json.keySet()) {
            if (!key.startsWith("_") && !allowed.contains(key)) {
                throw error(join(path, key), "unknown field (expected one of " + String.join(", ", keys)
                        + "; keys starting with _ are comments)");
            }
        }
    }

    private static JsonElement required(JsonObject json, String path, String key) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) {
            throw error(join(path, key), "missing");
        }
        return value;
    }

    private static JsonObject object(JsonElement element, String path) {
        if (element == null || !element.isJsonObject()) {
            throw error(path, "expected a JSON object, got " + describe(element));
        }
        return element.getAsJsonObject();
    }

    private static JsonArray array(JsonObject json, String path, String key) {
        JsonElement value = required(json, path, key);
        if (!value.isJsonArray()) {
            throw error(join(path, key), "expected a JSON array, got " + describe(value));
        }
        return value.getAsJsonArray();
    }

    private static String string(JsonObject json, String path, String key, String fallback) {
        if (fallback != null && (!json.has(key) || json.get(key).isJsonNull())) {
            return fallback;
        }
        return text(required(json, path, key), join(path, key));
    }

    private static String text(JsonElement element, String path) {
        if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
            throw error(path, "expected a string, got " + describe(element));
        }
        String text = element.getAsString().trim();
        if (text.isEmpty()) {
            throw error(path, "must not be blank");
        }
        return text;
    }

    /** A door id: a string, or a whole number (written without quotes). */
    private static String doorId(JsonElement element, String path) {
        if (element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isNumber()) {
            double value = element.getAsDouble();
            if (value != Math.rint(value) || value < 0) {
                throw error(path, "a door id is a string or a whole number, got " + element);
            }
            return Long.toString((long) value);
        }
        return text(element, path);
    }

    private static double number(JsonObject json, String path, String key, double min, double max) {
        JsonElement value = required(json, path, key);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw error(join(path, key), "expected a number, got " + describe(value));
        }
        double number = value.getAsDouble();
        if (!(number >= min && number <= max)) {
            throw error(join(path, key), "must be between " + min + " and " + max + ", got " + value);
        }
        return number;
    }

    private static long whole(JsonObject json, String path, String key, Long fallback, long min, long max) {
        if (fallback != null && (!json.has(key) || json.get(key).isJsonNull())) {
            return fallback;
        }
        JsonElement value = required(json, path, key);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()
                || value.getAsDouble() != Math.rint(value.getAsDouble())) {
            throw error(join(path, key), "expected a whole number, got " + describe(value));
        }
        double number = value.getAsDouble();
        if (number < min || number > max) {
            throw error(join(path, key), "must be between " + min + " and " + max + ", got " + value);
        }
        return (long) number;
    }

    private static boolean bool(JsonObject json, String path, String key, boolean fallback) {
        if (!json.has(key) || json.get(key).isJsonNull()) {
            return fallback;
        }
        JsonElement value = json.get(key);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw error(join(path, key), "expected true or false, got " + describe(value));
        }
        return value.getAsBoolean();
    }

    private static String describe(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return "nothing";
        }
        if (element.isJsonObject()) {
            return "an object";
        }
        if (element.isJsonArray()) {
            return "an array";
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        String shown = primitive.toString();
        return shown.length() > 40 ? shown.substring(0, 40) + "..." : shown;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static ScenarioException error(String path, String problem) {
        return new ScenarioException(path + ": " + problem);
    }
}
