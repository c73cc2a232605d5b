package org.edgeway.web.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

/** The consoles' JSON: records by component name, instants as ISO-8601 text; request bodies read with a size limit. */
public final class Json {

    /** Requests other than uploads are small: a configuration is a few kilobytes. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    private final Gson gson = new GsonBuilder().serializeNulls().disableHtmlEscaping()
            .registerTypeAdapter(Instant.class, new InstantAdapter()).create();

    public String write(Object value) {
        return gson.toJson(value);
    }

    /** Reads a request body that must be a JSON object. */
    public JsonObject readObject(InputStream body) throws ApiException, IOException {
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "the request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            throw new ApiException(400, "the request body is empty; a JSON object is expected");
        }
        JsonElement element;
        try {
            element = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw new ApiException(400, "malformed JSON: " + rootMessage(e));
        }
        if (!element.isJsonObject()) {
            throw new ApiException(400, "the request body must be a JSON object, not " + kind(element));
        }
        return element.getAsJsonObject();
    }

    /** A required text member of a request object. */
    public static String text(JsonObject object, String member) throws ApiException {
        JsonElement value = object.get(member);
        if (value == null || value.isJsonNull()) {
            throw new ApiException(400, "'" + member + "' is missing", Map.of(member, "required"));
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new ApiException(400, "'" + member + "' must be a string, not " + kind(value),
                    Map.of(member, "must be a string"));
        }
        return value.getAsString();
    }

    public static String kind(JsonElement element) {
        if (element.isJsonArray()) {
            return "an array";
        }
        if (element.isJsonObject()) {
            return "an object";
        }
        if (element.isJsonNull()) {
            return "null";
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        return primitive.isNumber() ? "a number" : primitive.isBoolean() ? "a boolean" : "a string";
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        // Gson appends a link to its troubleshooting guide: not useful to an API client
        int link = message == null ? -1 : message.indexOf("\nSee https://");
        return message == null ? cause.getClass().getSimpleName() : link >= 0 ? message.substring(0, link) : message;
    }

    private static final class InstantAdapter extends TypeAdapter<Instant> {
        @Override
        public void write(JsonWriter out, Instant value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(value.toString());
            }
        }

        @Override
        public Instant read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return Instant.parse(in.nextString());
        }
    }
}
