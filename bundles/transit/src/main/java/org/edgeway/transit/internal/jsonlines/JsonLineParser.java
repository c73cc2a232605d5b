package org.edgeway.transit.internal.jsonlines;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.edgeway.api.transit.ClassCount;
import org.edgeway.api.transit.CountQuality;
import org.edgeway.api.transit.DoorReport;
import org.edgeway.api.transit.DoorState;
import org.edgeway.api.transit.ObjectClass;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;

/**
 * Reads one line of the JSON lines counting protocol into a {@link DoorReport}:
 * {@code {"time":"2026-11-26T12:00:03Z","door":"1","state":"open","counts":[{"class":"Adult","in":12,"out":3}]}}.
 * Strict JSON (one object, nothing after it); unknown fields are ignored so that sensors may send more. Every
 * problem is a rejection whose reason names the field.
 */
public final class JsonLineParser {

    /** The longest door id accepted. */
    static final int MAX_DOOR_ID = 64;

    /** Strict: gson's default parsing would accept unquoted names, comments and trailing garbage. Immutable. */
    private static final Gson GSON = new GsonBuilder().setStrictness(Strictness.STRICT).create();
    private static final Pattern POSITION = Pattern.compile("line \\d+ column (\\d+)");

    private JsonLineParser() {
    }

    /** What a line gave: a report, or why not. */
    public sealed interface Result permits Accepted, Rejected {
    }

    /** @param report the report */
    public record Accepted(DoorReport report) implements Result {
        public Accepted {
            Objects.requireNonNull(report, "report");
        }
    }

    /** @param reason what was wrong, naming the field */
    public record Rejected(String reason) implements Result {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A rejection on the way out of the field checks. */
    private static final class Rejection extends Exception {
        private static final long serialVersionUID = 1L;

        Rejection(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * @param line       one line, without the newline
     * @param sensor     the sensor name for the report
     * @param receivedAt the report's time when the line has none
     * @return the report, or the rejection
     */
    public static Result parse(String line, String sensor, Instant receivedAt) {
        JsonElement element;
        try {
            element = GSON.fromJson(line, JsonElement.class);
        } catch (JsonParseException e) {
            Matcher m = POSITION.matcher(String.valueOf(e.getMessage()));
            return new Rejected("not valid JSON" + (m.find() ? " (near column " + m.group(1) + ")" : ""));
        }
        if (element == null || !element.isJsonObject()) {
            return new Rejected("not a JSON object");
        }
        JsonObject object = element.getAsJsonObject();
        try {
            String door = door(object.get("door"));
            Instant time = time(object.get("time"), receivedAt);
            DoorState state = state(object.get("state"));
            List<ClassCount> counts = counts(object.get("counts"));
            if (state == null && counts.isEmpty()) {
                throw new Rejection("neither state nor counts");
            }
            return new Accepted(new DoorReport(sensor, door, time, state, counts));
        } catch (Rejection r) {
            return new Rejected(r.getMessage());
        }
    }

    private static String door(JsonElement e) throws Rejection {
        if (e == null || e.isJsonNull()) {
            throw new Rejection("door: missing");
        }
        if (e instanceof JsonPrimitive p && p.isString()) {
            String door = p.getAsString().trim();
            if (door.isEmpty()) {
                throw new Rejection("door: empty");
            }
            if (door.length() > MAX_DOOR_ID) {
                throw new Rejection("door: longer than " + MAX_DOOR_ID + " characters");
            }
            return door;
        }
        if (e instanceof JsonPrimitive p && p.isNumber()) {
            BigInteger n = integer(p);
            if (n == null || n.signum() < 0 || n.bitLength() > 63) {
                throw new Rejection("door: " + p.getAsString() + " is not a non-negative integer");
            }
            return n.toString();
        }
        throw new Rejection("door: must be a string or a number, was " + e);
    }

    private static Instant time(JsonElement e, Instant receivedAt) throws Rejection {
        if (e == null || e.isJsonNull()) {
            return receivedAt;
        }
        if (!(e instanceof JsonPrimitive p && p.isString())) {
            throw new Rejection("time: must be an ISO 8601 string, was " + e);
        }
        try {
            return Instant.parse(p.getAsString().trim());
        } catch (DateTimeParseException x) {
            throw new Rejection("time: '" + p.getAsString() + "' is not an ISO 8601 instant (e.g. "
                    + "2026-11-26T12:00:00Z)");
        }
    }

    private static DoorState state(JsonElement e) throws Rejection {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e instanceof JsonPrimitive p && p.isString()) {
            switch (p.getAsString().trim().toLowerCase(Locale.ROOT)) {
                case "open":
                    return DoorState.OPEN;
                case "closed":
                    return DoorState.CLOSED;
                default:
                    throw new Rejection("state: '" + p.getAsString() + "' is neither open nor closed");
            }
        }
        throw new Rejection("state: must be \"open\" or \"closed\", was " + e);
    }

    private static List<ClassCount> counts(JsonElement e) throws Rejection {
        if (e == null || e.isJsonNull()) {
            return List.of();
        }
        if (!e.isJsonArray()) {
            throw new Rejection("counts: must be an array, was " + e);
        }
        JsonArray array = e.getAsJsonArray();
        List<ClassCount> counts = new ArrayList<>(array.size());
        Set<ObjectClass> seen = EnumSet.noneOf(ObjectClass.class);
        for (int i = 0; i < array.size(); i++) {
            String at = "counts[" + i + "]";
            if (!array.get(i).isJsonObject()) {
                throw new Rejection(at + ": must be an object, was " + array.get(i));
            }
            JsonObject count = array.get(i).getAsJsonObject();
            JsonElement cls = count.get("class");
            if (!(cls instanceof JsonPrimitive p && p.isString())) {
                throw new Rejection(at + ".class: " + (cls == null || cls.isJsonNull() ? "missing"
                        : "must be a string, was " + cls));
            }
            ObjectClass objectClass;
            try {
                objectClass = ObjectClass.parse(cls.getAsString());
            } catch (IllegalArgumentException x) {
                throw new Rejection(at + ".class: " + x.getMessage());
            }
            if (!seen.add(objectClass)) {
                throw new Rejection(at + ".class: " + objectClass.vdvName() + " appears twice");
            }
            long in = counter(count.get("in"), at + ".in");
            long out = counter(count.get("out"), at + ".out");
            CountQuality quality = CountQuality.REGULAR;
            JsonElement q = count.get("quality");
            if (q != null && !q.isJsonNull()) {
                if (!(q instanceof JsonPrimitive qp && qp.isString())) {
                    throw new Rejection(at + ".quality: must be a string, was " + q);
                }
                try {
                    quality = CountQuality.parse(q.getAsString());
                } catch (IllegalArgumentException x) {
                    throw new Rejection(at + ".quality: " + x.getMessage());
                }
            }
            counts.add(new ClassCount(objectClass, in, out, quality));
        }
        return counts;
    }

    private static long counter(JsonElement e, String at) throws Rejection {
        if (e == null || e.isJsonNull()) {
            throw new Rejection(at + ": missing");
        }
        if (!(e instanceof JsonPrimitive p && p.isNumber())) {
            throw new Rejection(at + ": must be a number, was " + e);
        }
        BigInteger n = integer(p);
        if (n == null) {
            throw new Rejection(at + ": " + p.getAsString() + " is not an integer");
        }
        if (n.signum() < 0) {
            throw new Rejection(at + ": " + n + " is negative (counters count up from the sensor's count start)");
        }
        if (n.bitLength() > 63) {
            throw new Rejection(at + ": " + p.getAsString() + " is too large");
        }
        return n.longValueExact();
    }

    /** @return the integer value of a JSON number (12, 12.0, 1.2e1), or null when it has a fraction */
    private static BigInteger integer(JsonPrimitive p) {
        try {
            BigDecimal d = new BigDecimal(p.getAsString());
            if (d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE).multiply(BigDecimal.TEN)) > 0) {
                return d.signum() < 0 ? BigInteger.valueOf(-1) : BigInteger.ONE.shiftLeft(64); // far out of range
            }
            return d.toBigIntegerExact();
        } catch (ArithmeticException | NumberFormatException x) {
            return null;
        }
    }
}
