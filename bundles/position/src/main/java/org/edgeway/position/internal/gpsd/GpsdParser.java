package org.edgeway.position.internal.gpsd;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Parses one line of gpsd's JSON protocol (one object per line) with gson, strictly, and validates what we use.
 * Pure: no I/O, no state.
 */
public final class GpsdParser {

    /**
     * The JSON element adapter reads with the reader's own strictness; {@code JsonParser.parseReader} and
     * {@code Gson.fromJson} would switch the reader to lenient mode (accepting NaN, comments, unquoted strings).
     */
    private static final TypeAdapter<JsonElement> JSON = new Gson().getAdapter(JsonElement.class);

    private GpsdParser() {
    }

    /**
     * Parses one report.
     *
     * @param line one JSON object
     * @return the report; {@link GpsdMessage.Other} for a class we do not use
     * @throws GpsdFormatException when the line is not a JSON object with a class, or a TPV or SKY is invalid
     */
    public static GpsdMessage parse(String line) throws GpsdFormatException {
        JsonObject object = object(line);
        JsonElement type = object.get("class");
        if (type == null || !type.isJsonPrimitive() || !type.getAsJsonPrimitive().isString()) {
            throw new GpsdFormatException("report without a class");
        }
        String className = type.getAsString();
        return switch (className) {
            case "VERSION" -> new GpsdMessage.Version(string(object, "VERSION", "release"),
                    integer(object, "VERSION", "proto_major", -1), integer(object, "VERSION", "proto_minor", -1));
            case "TPV" -> tpv(object);
            case "SKY" -> sky(object);
            case "DEVICE" -> device(object);
            case "WATCH" -> new GpsdMessage.Watch();
            case "ERROR" -> new GpsdMessage.Error(String.valueOf(string(object, "ERROR", "message")));
            default -> new GpsdMessage.Other(className);
        };
    }

    private static JsonObject object(String line) throws GpsdFormatException {
        JsonReader reader = new JsonReader(new StringReader(line));
        reader.setStrictness(Strictness.STRICT);
        JsonElement element;
        try {
            element = JSON.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new GpsdFormatException("garbled JSON: text after the object");
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new GpsdFormatException("garbled JSON: " + e.getMessage());
        }
        if (element == null || !element.isJsonObject()) {
            throw new GpsdFormatException("not a JSON object");
        }
        return element.getAsJsonObject();
    }

    private static GpsdMessage.Tpv tpv(JsonObject o) throws GpsdFormatException {
        if (!o.has("mode")) {
            throw new GpsdFormatException("TPV without mode");
        }
        int mode = integer(o, "TPV", "mode", -1);
        if (mode < 0 || mode > 3) {
            throw new GpsdFormatException("TPV mode " + mode + " is not 0 to 3");
        }
        Instant time = null;
        String timeText = string(o, "TPV", "time");
        if (timeText != null) {
            try {
                time = Instant.parse(timeText);
            } catch (DateTimeParseException e) {
                throw new GpsdFormatException("TPV time '" + timeText + "' is not an ISO 8601 UTC time");
            }
        }
        Double latitude = number(o, "lat", -90, 90);
        Double longitude = number(o, "lon", -180, 180);
        if (mode >= 2 && (latitude == null || longitude == null)) {
            throw new GpsdFormatException("TPV mode " + mode + " without lat and lon");
        }
        Double altMsl = number(o, "altMSL", -100_000, 1_000_000);
        Double alt = number(o, "alt", -100_000, 1_000_000);
        return new GpsdMessage.Tpv(string(o, "TPV", "device"), mode, time, latitude, longitude,
                altMsl != null ? altMsl : alt, number(o, "speed", 0, 100_000), number(o, "track", 0, 360),
                number(o, "epx", 0, Double.MAX_VALUE), number(o, "epy", 0, Double.MAX_VALUE),
                number(o, "eph", 0, Double.MAX_VALUE));
    }

    private static GpsdMessage.Sky sky(JsonObject o) throws GpsdFormatException {
        JsonElement satellites = o.get("satellites");
        if (satellites != null) {
            if (!satellites.isJsonArray()) {
                throw new GpsdFormatException("SKY satellites is not an array");
            }
            int used = 0;
            for (JsonElement satellite : (JsonArray) satellites) {
                if (!satellite.isJsonObject()) {
                    throw new GpsdFormatException("SKY satellite is not an object");
                }
                JsonElement flag = satellite.getAsJsonObject().get("used");
                if (flag == null) {
                    continue;
                }
                if (!flag.isJsonPrimitive() || !flag.getAsJsonPrimitive().isBoolean()) {
                    throw new GpsdFormatException("SKY satellite 'used' is not true or false");
                }
                if (flag.getAsBoolean()) {
                    used++;
                }
            }
            return new GpsdMessage.Sky(used);
        }
        if (o.has("uSat")) {
            int used = integer(o, "SKY", "uSat", -1);
            if (used < 0) {
                throw new GpsdFormatException("SKY uSat " + used + " is negative");
            }
            return new GpsdMessage.Sky(used);
        }
        return new GpsdMessage.Sky(null);
    }

    private static GpsdMessage.Device device(JsonObject o) throws GpsdFormatException {
        JsonElement activated = o.get("activated");
        // an active device has an activation time (a string; a number in old gpsd); 0 means gpsd closed it
        boolean deactivated = activated != null && activated.isJsonPrimitive()
                && activated.getAsJsonPrimitive().isNumber() && activated.getAsDouble() == 0;
        return new GpsdMessage.Device(string(o, "DEVICE", "path"), deactivated);
    }

    private static String string(JsonObject o, String className, String name) throws GpsdFormatException {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new GpsdFormatException(className + " " + name + " is not a string");
        }
        return e.getAsString();
    }

    private static int integer(JsonObject o, String className, String name, int absent) throws GpsdFormatException {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return absent;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new GpsdFormatException(className + " " + name + " is not a number");
        }
        double value = e.getAsDouble();
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new GpsdFormatException(className + " " + name + " " + e + " is not an integer");
        }
        return (int) value;
    }

    private static Double number(JsonObject o, String name, double min, double max) throws GpsdFormatException {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
            throw new GpsdFormatException("TPV " + name + " is not a number");
        }
        double value = p.getAsDouble();
        if (!Double.isFinite(value) || value < min || value > max) {
            throw new GpsdFormatException("TPV " + name + " " + p + " is out of range");
        }
        return value;
    }
}
