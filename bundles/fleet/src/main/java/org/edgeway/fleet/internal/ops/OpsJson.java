package org.edgeway.fleet.internal.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * The REST API's JSON for a new rollout ({@code POST /rollouts}: {@code operation}, {@code targets}, {@code plan})
 * and a group's members, read into the operations' records. Every refusal is an {@link InvalidInput} naming the
 * field as the API does ({@code operation.pid}, {@code plan.batchSize}, ...). JSON numbers are read exactly (500 stays
 * an integer for a Long property).
 */
public final class OpsJson {

    private OpsJson() {
    }

    /**
     * {@code {"kind":"configure","pid":..,"properties":{..}}}, {@code {"kind":"deploy","uri":..,"name":..,
     * "version":..,"hash":..?}} or {@code {"kind":"rollback","snapshot":ID?}}.
     */
    public static Operation operation(JsonElement json) {
        JsonObject operation = object("operation", json, false);
        String kind = text(operation, "operation", "kind");
        if (kind == null) {
            throw OpsCheck.invalid("operation.kind", "is missing: configure, deploy or rollback");
        }
        return switch (kind) {
            case "configure" -> new Operation.Configure(text(operation, "operation", "pid"),
                    properties(object("operation.properties", operation.get("properties"), false)));
            case "deploy" -> new Operation.Deploy(text(operation, "operation", "uri"),
                    text(operation, "operation", "name"), text(operation, "operation", "version"),
                    text(operation, "operation", "hash"));
            case "rollback" -> new Operation.Rollback(number(operation, "operation", "snapshot", 1, Long.MAX_VALUE));
            default -> throw OpsCheck.invalid("operation.kind", OpsCheck.quote(kind)
                    + " is none of configure, deploy, rollback");
        };
    }

    /** {@code {"group": NAME?, "clients": [ID, ...]?}}. */
    public static Targets targets(JsonElement json) {
        JsonObject targets = object("targets", json, false);
        return new Targets(text(targets, "targets", "group"), texts(targets, "targets", "clients"));
    }

    /** {@code {"canary": N?, "canaryClients": [ID]?, "batchSize": N?, "maxFailures": N?}}; absent or null: defaults. */
    public static Plan plan(JsonElement json) {
        JsonObject plan = object("plan", json, true);
        if (plan == null) {
            return Plan.defaults();
        }
        return new Plan(integer(plan, "canary"), texts(plan, "plan", "canaryClients"), integer(plan, "batchSize"),
                integer(plan, "maxFailures"));
    }

    /** A group's members: {@code {"clients": [ID, ...]}}. */
    public static List<String> groupClients(JsonElement json) {
        List<String> clients = texts(object("body", json, false), "", "clients");
        if (clients == null) {
            throw OpsCheck.invalid("clients", "is missing (an empty list for no gateways)");
        }
        return clients;
    }

    private static JsonObject object(String field, JsonElement json, boolean optional) {
        if (json == null || json.isJsonNull()) {
            if (optional) {
                return null;
            }
            throw OpsCheck.invalid(field, "is missing");
        }
        if (!json.isJsonObject()) {
            throw OpsCheck.invalid(field, "must be an object");
        }
        return json.getAsJsonObject();
    }

    private static String name(String parent, String member) {
        return parent.isEmpty() ? member : parent + "." + member;
    }

    private static String text(JsonObject object, String parent, String member) {
        JsonElement value = object.get(member);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw OpsCheck.invalid(name(parent, member), "must be a string");
        }
        return value.getAsString();
    }

    private static List<String> texts(JsonObject object, String parent, String member) {
        JsonElement value = object.get(member);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        String field = name(parent, member);
        if (!value.isJsonArray()) {
            throw OpsCheck.invalid(field, "must be a list of client ids");
        }
        JsonArray array = value.getAsJsonArray();
        if (array.size() > OpsCheck.MAX_TARGETS) {
            throw OpsCheck.invalid(field, "lists more than " + OpsCheck.MAX_TARGETS + " gateways");
        }
        List<String> texts = new ArrayList<>(array.size());
        for (JsonElement item : array) {
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                throw OpsCheck.invalid(field, "must be a list of client ids (strings)");
            }
            texts.add(item.getAsString());
        }
        return texts;
    }

    private static Integer integer(JsonObject plan, String member) {
        Long value = number(plan, "plan", member, Integer.MIN_VALUE, Integer.MAX_VALUE);
        return value == null ? null : value.intValue();
    }

    private static Long number(JsonObject object, String parent, String member, long min, long max) {
        JsonElement value = object.get(member);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        String field = name(parent, member);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw OpsCheck.invalid(field, "must be a whole number");
        }
        long number;
        try {
            number = value.getAsBigDecimal().longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw OpsCheck.invalid(field, "must be a whole number");
        }
        OpsCheck.range(field, number, min, max);
        return number;
    }

    private static Map<String, Object> properties(JsonObject json) {
        Map<String, Object> properties = new LinkedHashMap<>();
        json.entrySet().forEach(e -> properties.put(e.getKey(), value(e.getValue())));
        return properties;
    }

    /** JSON to the values Configure takes; objects are passed on for Configure to refuse with the key's name. */
    private static Object value(JsonElement json) {
        if (json.isJsonNull()) {
            return null;
        }
        if (json.isJsonArray()) {
            List<Object> list = new ArrayList<>();
            json.getAsJsonArray().forEach(item -> list.add(value(item)));
            return list;
        }
        if (json.isJsonPrimitive()) {
            JsonPrimitive primitive = json.getAsJsonPrimitive();
            if (primitive.isBoolean()) {
                return primitive.getAsBoolean();
            }
            if (primitive.isNumber()) {
                try {
                    return primitive.getAsBigDecimal();
                } catch (NumberFormatException e) {
                    return Double.NaN; // refused by Configure, naming the key
                }
            }
            return primitive.getAsString();
        }
        return json;
    }
}
