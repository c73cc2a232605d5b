package org.edgeway.demo.internal.hostapd;

import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * How passengers use the hotspot, for a {@link Script}.
 *
 * @param arrivalIntervalS mean seconds between two arrivals (exponentially distributed)
 * @param meanStayS        mean seconds a passenger stays connected (exponentially distributed, at least 10 s)
 * @param maxStations      no arrival while this many stations are connected
 * @param idleShare        share of passengers who connect and then stay idle (their {@code inactive_msec} grows)
 * @param heavyShare       share of heavy users, streaming megabytes per second (quota)
 * @param seed             random seed for a repeatable script (MAC addresses included); 0 for a random one
 */
public record Scenario(double arrivalIntervalS, double meanStayS, int maxStations, double idleShare,
        double heavyShare, long seed) {

    private static final Scenario DEFAULTS = new Scenario(20, 240, 25, 0.2, 0.1, 0);

    public Scenario {
        check("arrivalIntervalS", arrivalIntervalS >= 0.1 && arrivalIntervalS <= 86_400, arrivalIntervalS,
                "0.1..86400 seconds");
        check("meanStayS", meanStayS >= 1 && meanStayS <= 86_400, meanStayS, "1..86400 seconds");
        check("maxStations", maxStations >= 0 && maxStations <= 2007, maxStations, "0..2007");
        check("idleShare", idleShare >= 0 && idleShare <= 1, idleShare, "0..1");
        check("heavyShare", heavyShare >= 0 && heavyShare <= 1, heavyShare, "0..1");
        check("idleShare + heavyShare", idleShare + heavyShare <= 1, idleShare + heavyShare, "at most 1");
    }

    /** A passenger every 20 s on average, staying 4 minutes, at most 25, 20 % idle, 10 % heavy users. */
    public static Scenario defaults() {
        return DEFAULTS;
    }

    public Scenario withSeed(long newSeed) {
        return new Scenario(arrivalIntervalS, meanStayS, maxStations, idleShare, heavyShare, newSeed);
    }

    /**
     * Reads a scenario object such as {@code {"arrivalIntervalS": 20, "meanStayS": 240, "maxStations": 25,
     * "idleShare": 0.2, "heavyShare": 0.1, "seed": 42}}; a missing field takes its default.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static Scenario fromJson(String json) {
        JsonObject object;
        try {
            JsonElement parsed = JsonParser.parseString(json);
            if (!parsed.isJsonObject()) {
                throw new IllegalArgumentException("hostapd scenario: expected a JSON object");
            }
            object = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("hostapd scenario: not valid JSON: " + e.getMessage(), e);
        }
        for (Map.Entry<String, JsonElement> field : object.entrySet()) {
            if (!field.getValue().isJsonPrimitive() || !field.getValue().getAsJsonPrimitive().isNumber()) {
                throw new IllegalArgumentException("hostapd scenario: " + field.getKey() + " must be a number");
            }
        }
        return new Scenario(number(object, "arrivalIntervalS", DEFAULTS.arrivalIntervalS),
                number(object, "meanStayS", DEFAULTS.meanStayS),
                (int) whole(object, "maxStations", DEFAULTS.maxStations),
                number(object, "idleShare", DEFAULTS.idleShare),
                number(object, "heavyShare", DEFAULTS.heavyShare),
                whole(object, "seed", DEFAULTS.seed));
    }

    /** For the log: what the script does. */
    public String describe() {
        return String.format(Locale.ROOT, "a passenger every ~%.0f s staying ~%.0f s, at most %d stations, "
                + "%.0f%% idle, %.0f%% heavy users, %s", arrivalIntervalS, meanStayS, maxStations, idleShare * 100,
                heavyShare * 100, seed == 0 ? "random seed" : "seed " + seed);
    }

    private static double number(JsonObject object, String name, double fallback) {
        JsonPrimitive value = object.getAsJsonPrimitive(name);
        return value == null ? fallback : value.getAsDouble();
    }

    private static long whole(JsonObject object, String name, long fallback) {
        JsonPrimitive value = object.getAsJsonPrimitive(name);
        if (value == null) {
            return fallback;
        }
        double number = value.getAsDouble();
        if (number != Math.rint(number) || Math.abs(number) > 9.0e15) {
            throw new IllegalArgumentException("hostapd scenario: " + name + " must be a whole number, not " + value);
        }
        return value.getAsLong();
    }

    private static void check(String name, boolean valid, double value, String range) {
        if (!valid || Double.isNaN(value)) {
            throw new IllegalArgumentException("hostapd scenario: " + name + " = " + value + " is not in " + range);
        }
    }
}
