package org.edgeway.codec;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import org.edgeway.api.payload.Metric;
import org.edgeway.api.payload.Payload;
import org.edgeway.api.payload.Position;

/**
 * Converts {@link Payload}s to and from Kura's JSON payload format:
 *
 * <pre>{@code
 * {"sentOn": 1700000000000,
 *  "position": {"latitude": 45.1, "longitude": 7.6, "altitude": 230.0, "precision": 3.5, "heading": 90.0,
 *               "speed": 1.5, "timestamp": 1700000000000, "satellites": 7, "status": 4},
 *  "metrics": {"temperature": 21.5, "count": 12, "ok": true, "label": "A1"},
 *  "body": "aGVsbG8="}
 * }</pre>
 *
 * <p>Every member is optional except latitude and longitude inside a position; timestamps are epoch milliseconds
 * and the body is Base64. JSON carries no metric types, so they are inferred when decoding: a number written
 * without fraction or exponent that fits in a long becomes {@link org.edgeway.api.payload.MetricType#INT64},
 * any other number {@link org.edgeway.api.payload.MetricType#DOUBLE}, a boolean
 * {@link org.edgeway.api.payload.MetricType#BOOLEAN} and a string
 * {@link org.edgeway.api.payload.MetricType#STRING}. Bytes metrics are written as Base64 strings and so come back
 * as strings; floats and ints come back as doubles and longs. A metric whose value is {@code null} is skipped,
 * as Kura skips null-valued metrics. Unknown members are ignored.
 *
 * <p>Instances are immutable and thread safe.
 */
public final class JsonPayloadCodec {

    /** The default limit on the size of a JSON document to decode: 16 MiB. */
    public static final int DEFAULT_MAX_INPUT_BYTES = KuraPayloadCodec.DEFAULT_MAX_DECODED_BYTES;

    private final int maxInputBytes;

    /** Creates a codec that decodes documents up to {@link #DEFAULT_MAX_INPUT_BYTES}. */
    public JsonPayloadCodec() {
        this(DEFAULT_MAX_INPUT_BYTES);
    }

    /**
     * Creates a codec with a limit on decoded input.
     *
     * @param maxInputBytes the largest UTF-8 document {@link #decode(byte[])} accepts
     * @throws IllegalArgumentException if the limit is not positive
     */
    public JsonPayloadCodec(int maxInputBytes) {
        if (maxInputBytes <= 0) {
            throw new IllegalArgumentException("maxInputBytes must be positive, was " + maxInputBytes);
        }
        this.maxInputBytes = maxInputBytes;
    }

    /**
     * Returns the limit on decoded input.
     *
     * @return the largest document accepted, in bytes
     */
    public int maxInputBytes() {
        return maxInputBytes;
    }

    /**
     * Encodes a payload as a UTF-8 JSON document.
     *
     * @param payload the payload
     * @return the JSON bytes
     * @throws IllegalArgumentException if a double or float metric is NaN or infinite (JSON cannot represent it),
     *                                  or a timestamp cannot be expressed in epoch milliseconds
     */
    public byte[] encode(Payload payload) {
        Objects.requireNonNull(payload, "payload");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonWriter json = new JsonWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8))) {
            json.setStrictness(Strictness.STRICT);
            json.beginObject();
            if (payload.timestamp() != null) {
                json.name("sentOn").value(toEpochMillis(payload.timestamp(), "timestamp"));
            }
            if (payload.position() != null) {
                writePosition(json, payload.position());
            }
            if (!payload.metrics().isEmpty()) {
                json.name("metrics").beginObject();
                for (Metric metric : payload.metrics().values()) {
                    writeMetricValue(json.name(metric.name()), metric);
                }
                json.endObject();
            }
            byte[] body = payload.body();
            if (body != null) {
                json.name("body").value(Base64.getEncoder().encodeToString(body));
            }
            json.endObject();
        } catch (IOException e) {
            // a ByteArrayOutputStream never fails
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a UTF-8 JSON document.
     *
     * @param data the received bytes
     * @return the payload
     * @throws PayloadFormatException if the data is larger than the limit, not well-formed UTF-8 JSON, or does not
     *                                describe a payload (a metric value that is an object or array, a bad
     *                                timestamp, Base64 body or position)
     */
    public Payload decode(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (data.length > maxInputBytes) {
            throw new PayloadFormatException("JSON payload of " + data.length + " bytes exceeds the limit of "
                    + maxInputBytes + " bytes");
        }
        // Reject invalid UTF-8 instead of silently replacing it.
        var utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (JsonReader json = new JsonReader(new InputStreamReader(new ByteArrayInputStream(data), utf8))) {
            json.setStrictness(Strictness.STRICT);
            Payload payload = readPayload(json);
            if (json.peek() != JsonToken.END_DOCUMENT) {
                throw new PayloadFormatException("unexpected content after the JSON payload at " + json.getPath());
            }
            return payload;
        } catch (CharacterCodingException e) {
            throw new PayloadFormatException("JSON payload is not valid UTF-8", e);
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            // JsonReader signals syntax errors with IOExceptions and, for unexpected tokens, IllegalStateException
            throw new PayloadFormatException("malformed JSON payload: " + describeSyntaxError(e), e);
        }
    }

    /** Keeps Gson's location ("at line 1 column 5 path $.metrics") but not its advice to parse leniently. */
    private static String describeSyntaxError(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        String firstLine = newline < 0 ? message : message.substring(0, newline);
        return firstLine.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON",
                "syntax error");
    }

    private static void writePosition(JsonWriter json, Position position) throws IOException {
        json.name("position").beginObject();
        json.name("latitude").value(position.latitude());
        json.name("longitude").value(position.longitude());
        writeOptional(json, "altitude", position.altitude());
        writeOptional(json, "precision", position.precision());
        writeOptional(json, "heading", position.heading());
        writeOptional(json, "speed", position.speed());
        if (position.timestamp() != null) {
            json.name("timestamp").value(toEpochMillis(position.timestamp(), "position timestamp"));
        }
        writeOptional(json, "satellites", position.satellites());
        writeOptional(json, "status", position.status());
        json.endObject();
    }

    private static void writeOptional(JsonWriter json, String name, Number value) throws IOException {
        if (value != null) {
            json.name(name).value(value);
        }
    }

    private static void writeMetricValue(JsonWriter json, Metric metric) throws IOException {
        Object value = metric.value();
        switch (metric.type()) {
            case DOUBLE, FLOAT -> {
                double number = ((Number) value).doubleValue();
                if (!Double.isFinite(number)) {
                    throw new IllegalArgumentException("metric '" + metric.name() + "' is " + value
                            + ", which JSON cannot represent");
                }
                // Number keeps a float's short decimal form (0.1, not 0.10000000149011612)
                json.value((Number) value);
            }
            case INT64, INT32 -> json.value(((Number) value).longValue());
            case BOOLEAN -> json.value((boolean) (Boolean) value);
            case STRING -> json.value((String) value);
            case BYTES -> json.value(Base64.getEncoder().encodeToString((byte[]) value));
        }
    }

    private static long toEpochMillis(Instant instant, String what) {
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " " + instant + " cannot be expressed in epoch milliseconds", e);
        }
    }

    private static Payload readPayload(JsonReader json) throws IOException {
        if (json.peek() != JsonToken.BEGIN_OBJECT) {
            throw new PayloadFormatException("JSON payload must be an object, found " + json.peek());
        }
        Payload.Builder payload = Payload.builder();
        json.beginObject();
        while (json.hasNext()) {
            String member = json.nextName();
            if (json.peek() == JsonToken.NULL) {
                json.nextNull();
                continue;
            }
            switch (member) {
                case "sentOn" -> payload.timestamp(Instant.ofEpochMilli(readLong(json, "sentOn")));
                case "position" -> payload.position(readPosition(json));
                case "metrics" -> readMetrics(json, payload);
                case "body" -> payload.body(readBase64(json, "body"));
                default -> json.skipValue();
            }
        }
        json.endObject();
        return payload.build();
    }

    private static void readMetrics(JsonReader json, Payload.Builder payload) throws IOException {
        if (json.peek() != JsonToken.BEGIN_OBJECT) {
            throw new PayloadFormatException("'metrics' must be an object, found " + json.peek());
        }
        json.beginObject();
        while (json.hasNext()) {
            String name = json.nextName();
            Object value = switch (json.peek()) {
                case NUMBER -> inferNumber(json.nextString(), name);
                case BOOLEAN -> json.nextBoolean();
                case STRING -> json.nextString();
                case NULL -> {
                    json.nextNull();
                    yield null;
                }
                default -> throw new PayloadFormatException("metric '" + name + "' must be a number, boolean or "
                        + "string, found " + json.peek());
            };
            if (value != null) {
                try {
                    payload.metric(name, value);
                } catch (IllegalArgumentException e) {
                    throw new PayloadFormatException("invalid metric '" + name + "': " + e.getMessage(), e);
                }
            }
        }
        json.endObject();
    }

    /** Integral literals that fit in a long become Long; everything else (fraction, exponent, overflow) Double. */
    private static Object inferNumber(String literal, String metricName) {
        if (isIntegerLiteral(literal)) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooLarge) {
                // falls through to double
            }
        }
        double value = Double.parseDouble(literal);
        if (Double.isInfinite(value)) {
            throw new PayloadFormatException("metric '" + metricName + "' value " + literal + " is out of range");
        }
        return value;
    }

    private static boolean isIntegerLiteral(String literal) {
        return literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0;
    }

    private static Position readPosition(JsonReader json) throws IOException {
        if (json.peek() != JsonToken.BEGIN_OBJECT) {
            throw new PayloadFormatException("'position' must be an object, found " + json.peek());
        }
        Double latitude = null;
        Double longitude = null;
        Double altitude = null;
        Double precision = null;
        Double heading = null;
        Double speed = null;
        Instant timestamp = null;
        Integer satellites = null;
        Integer status = null;
        json.beginObject();
        while (json.hasNext()) {
            String field = json.nextName();
            if (json.peek() == JsonToken.NULL) {
                json.nextNull();
                continue;
            }
            switch (field) {
                case "latitude" -> latitude = readDouble(json, field);
                case "longitude" -> longitude = readDouble(json, field);
                case "altitude" -> altitude = readDouble(json, field);
                case "precision" -> precision = readDouble(json, field);
                case "heading" -> heading = readDouble(json, field);
                case "speed" -> speed = readDouble(json, field);
                case "timestamp" -> timestamp = Instant.ofEpochMilli(readLong(json, "position timestamp"));
                case "satellites" -> satellites = readInt(json, field);
                case "status" -> status = readInt(json, field);
                default -> json.skipValue();
            }
        }
        json.endObject();
        if (latitude == null) {
            throw new PayloadFormatException("position has no latitude");
        }
        if (longitude == null) {
            throw new PayloadFormatException("position has no longitude");
        }
        try {
            return new Position(latitude, longitude, altitude, precision, heading, speed, timestamp, satellites,
                    status);
        } catch (IllegalArgumentException e) {
            // Position's message starts with the name of the offending field
            throw new PayloadFormatException("invalid position: " + e.getMessage(), e);
        }
    }

    private static String readNumberLiteral(JsonReader json, String field) throws IOException {
        if (json.peek() != JsonToken.NUMBER) {
            throw new PayloadFormatException("'" + field + "' must be a number, found " + json.peek());
        }
        return json.nextString();
    }

    private static double readDouble(JsonReader json, String field) throws IOException {
        String literal = readNumberLiteral(json, field);
        double value = Double.parseDouble(literal);
        if (Double.isInfinite(value)) {
            throw new PayloadFormatException("'" + field + "' value " + literal + " is out of range");
        }
        return value;
    }

    private static long readLong(JsonReader json, String field) throws IOException {
        String literal = readNumberLiteral(json, field);
        try {
            return Long.parseLong(literal);
        } catch (NumberFormatException e) {
            throw new PayloadFormatException("'" + field + "' must be a whole number of epoch milliseconds, was "
                    + literal, e);
        }
    }

    private static int readInt(JsonReader json, String field) throws IOException {
        String literal = readNumberLiteral(json, field);
        try {
            return Integer.parseInt(literal);
        } catch (NumberFormatException e) {
            throw new PayloadFormatException("'" + field + "' must be a 32-bit integer, was " + literal, e);
        }
    }

    private static byte[] readBase64(JsonReader json, String field) throws IOException {
        if (json.peek() != JsonToken.STRING) {
            throw new PayloadFormatException("'" + field + "' must be a Base64 string, found " + json.peek());
        }
        try {
            return Base64.getDecoder().decode(json.nextString());
        } catch (IllegalArgumentException e) {
            throw new PayloadFormatException("'" + field + "' is not valid Base64: " + e.getMessage(), e);
        }
    }
}
