package org.edgeway.fleet.internal.feed;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

/**
 * A protobuf message as JSON in the GTFS-Realtime JSON style: the .proto's field names (snake_case), only the fields
 * that are set, enums by name, 64-bit integers as strings, bytes as base64; extensions are left out. That is what
 * protobuf-java-util's {@code JsonFormat.printer().preservingProtoFieldNames()} writes, done here with Gson over the
 * message's descriptors because protobuf-java-util (and the Guava it needs in OSGi) is not in the target platform.
 */
final class FeedJson {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private FeedJson() {
    }

    static String toJson(Message message) {
        return GSON.toJson(toTree(message));
    }

    static JsonObject toTree(Message message) {
        JsonObject json = new JsonObject();
        // getAllFields: the set fields, by field number
        for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
            FieldDescriptor field = entry.getKey();
            if (field.isExtension()) {
                continue;
            }
            if (field.isRepeated()) {
                JsonArray array = new JsonArray();
                for (Object value : (List<?>) entry.getValue()) {
                    array.add(value(field, value));
                }
                json.add(field.getName(), array);
            } else {
                json.add(field.getName(), value(field, entry.getValue()));
            }
        }
        return json;
    }

    private static JsonElement value(FieldDescriptor field, Object value) {
        return switch (field.getType()) {
            case MESSAGE, GROUP -> toTree((Message) value);
            case ENUM -> new JsonPrimitive(((EnumValueDescriptor) value).getName());
            case STRING, BOOL, DOUBLE, FLOAT, INT32, SINT32, SFIXED32 -> primitive(value);
            case UINT32, FIXED32 -> new JsonPrimitive(Integer.toUnsignedLong((Integer) value));
            case INT64, SINT64, SFIXED64 -> new JsonPrimitive(value.toString());
            case UINT64, FIXED64 -> new JsonPrimitive(Long.toUnsignedString((Long) value));
            case BYTES -> new JsonPrimitive(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
        };
    }

    private static JsonPrimitive primitive(Object value) {
        if (value instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (value instanceof Float f && !f.isInfinite() && !f.isNaN()
                || value instanceof Double d && !d.isInfinite() && !d.isNaN() || value instanceof Integer) {
            return new JsonPrimitive((Number) value);
        }
        if (value instanceof Number n) {
            return new JsonPrimitive(n.toString()); // NaN and the infinities, as JsonFormat writes them
        }
        return new JsonPrimitive((String) value);
    }
}
