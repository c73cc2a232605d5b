package org.edgeway.web.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.edgeway.web.common.ApiException;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Configuration values from the API's JSON. */
final class ConfigurationValues {

    private ConfigurationValues() {
    }

    /**
     * Configuration values as the management service takes them: text (numbers and booleans as their text, which
     * it validates against the metatype), lists of text, or null to remove a key.
     */
    static Map<String, Object> of(JsonObject object) throws ApiException {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
            JsonElement value = entry.getValue();
            if (value.isJsonNull()) {
                values.put(entry.getKey(), null);
            } else if (value.isJsonPrimitive()) {
                values.put(entry.getKey(), value.getAsString());
            } else if (value.isJsonArray()) {
                List<String> list = new ArrayList<>();
                for (JsonElement item : value.getAsJsonArray()) {
                    if (!item.isJsonPrimitive()) {
                        problems.put(entry.getKey(), "a list may hold only strings, numbers or booleans");
                        break;
                    }
                    list.add(item.getAsString());
                }
                values.put(entry.getKey(), list);
            } else {
                problems.put(entry.getKey(), "must be a value or a list of values, not an object");
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiException(422, "invalid values: " + String.join(", ", problems.keySet()), problems);
        }
        return values;
    }
}
