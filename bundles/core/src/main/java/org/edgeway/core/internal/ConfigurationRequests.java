package org.edgeway.core.internal;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.edgeway.api.cloud.Request;
import org.edgeway.api.cloud.RequestHandler;
import org.edgeway.api.cloud.Response;
import org.edgeway.api.cloud.Verb;
import org.edgeway.api.management.AttributeInfo;
import org.edgeway.api.management.AttributeOption;
import org.edgeway.api.management.ComponentInfo;
import org.edgeway.api.management.ConfigurationException;
import org.edgeway.api.management.ConfigurationInfo;
import org.edgeway.api.management.ConfigurationService;
import org.edgeway.api.management.SnapshotInfo;
import org.edgeway.api.payload.Payload;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Kura's CONF-V1 application over the {@link ConfigurationService}: {@code GET configurations[/pid]},
 * {@code GET snapshots[/sid]}, {@code PUT configurations[/pid]}, {@code DEL configurations/pid},
 * {@code EXEC snapshot}, {@code EXEC rollback[/sid]}, and {@code GET components} (the metatype). Bodies are Kura's
 * XML unless the request carries the metric {@code format=json}. A PUT is answered after the change was applied:
 * 200, or 400 naming the field, 404 for an unknown pid; nothing is changed on error.
 */
@Component(property = RequestHandler.APP_ID + "=" + ConfigurationRequests.APP_ID)
public class ConfigurationRequests implements RequestHandler {

    static final String APP_ID = "CONF-V1";
    static final String FORMAT_METRIC = "format";
    static final String SNAPSHOT_ID_METRIC = "snapshot.id";
    private static final int MAX_BODY_BYTES = KuraXml.MAX_CHARS;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final ConfigurationService service;

    @Activate
    public ConfigurationRequests(@Reference ConfigurationService service) {
        this.service = service;
    }

    @Override
    public Response handle(Request request) {
        boolean json = request.payload().stringMetric(FORMAT_METRIC)
                .map(format -> format.toLowerCase(Locale.ROOT).equals("json")).orElse(false);
        List<String> resources = request.resources();
        String resource = resources.isEmpty() ? "" : resources.get(0);
        String argument = resources.size() > 1 ? String.join("/", resources.subList(1, resources.size())) : null;
        try {
            return switch (request.verb() + " " + resource) {
                case "GET configurations" -> argument == null ? configurations(json) : configuration(argument, json);
                case "GET components" -> ok(GSON.toJson(components()), null);
                case "GET snapshots" -> argument == null ? snapshots(json) : snapshot(snapshotId(argument), json);
                case "PUT configurations" -> put(argument, body(request), json);
                case "DEL configurations" -> {
                    if (argument == null) {
                        yield Response.badRequest("DEL configurations needs a pid: DEL configurations/{pid}");
                    }
                    service.delete(argument);
                    yield Response.ok();
                }
                case "EXEC snapshot" -> {
                    SnapshotInfo snapshot = service.takeSnapshot();
                    yield ok(json ? GSON.toJson(snapshotJson(snapshot)) : snapshotIds(List.of(snapshot)), snapshot.id());
                }
                case "EXEC rollback" -> rollback(argument);
                default -> Response.notFound("no resource '" + request.verb() + " " + request.resourcePath() + "' in "
                        + APP_ID + " (GET configurations[/pid], GET components, GET snapshots[/sid], "
                        + "PUT configurations[/pid], DEL configurations/pid, EXEC snapshot, EXEC rollback[/sid])");
            };
        } catch (ConfigurationException e) {
            return switch (e.reason()) {
                case NOT_FOUND -> Response.notFound(e.getMessage());
                case INVALID, ACTIVATION_FAILED -> Response.badRequest(e.getMessage());
                case FAILED -> Response.error(e.getMessage());
            };
        } catch (BadRequest | IllegalArgumentException | JsonParseException e) {
            return Response.badRequest(e.getMessage());
        }
    }

    /** A request that cannot be understood. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private Response configurations(boolean json) {
        List<ConfigurationInfo> all = service.configurations();
        if (json) {
            JsonArray array = new JsonArray();
            all.forEach(info -> array.add(configurationJson(info)));
            JsonObject root = new JsonObject();
            root.add("configurations", array);
            return ok(GSON.toJson(root), null);
        }
        return ok(xml(all), null);
    }

    private Response configuration(String pid, boolean json) {
        Optional<ConfigurationInfo> info = service.configuration(pid);
        if (info.isEmpty()) {
            return Response.notFound("no configuration " + pid);
        }
        return ok(json ? GSON.toJson(configurationJson(info.get())) : xml(List.of(info.get())), null);
    }

    private String xml(List<ConfigurationInfo> infos) {
        Map<String, ComponentInfo> definitions = new LinkedHashMap<>();
        service.components().forEach(component -> definitions.put(component.pid(), component));
        List<Snapshot.Entry> entries = infos.stream()
                .map(info -> new Snapshot.Entry(info.pid(), info.factoryPid(), info.properties())).toList();
        return KuraXml.write(entries, definitions);
    }

    private Response snapshots(boolean json) {
        List<SnapshotInfo> all = service.snapshots();
        if (json) {
            JsonArray array = new JsonArray();
            all.forEach(snapshot -> array.add(snapshotJson(snapshot)));
            JsonObject root = new JsonObject();
            root.add("snapshots", array);
            return ok(GSON.toJson(root), null);
        }
        return ok(snapshotIds(all), null);
    }

    private Response snapshot(long id, boolean json) throws ConfigurationException {
        String xml = service.exportKuraXml(id);
        if (!json) {
            return ok(xml, id);
        }
        JsonArray configurations = new JsonArray();
        for (KuraXml.Configuration configuration : KuraXml.parse(xml)) {
            JsonObject object = new JsonObject();
            object.addProperty("pid", configuration.pid());
            JsonObject properties = new JsonObject();
            configuration.values().forEach((key, value) -> properties.add(key, toJson(value)));
            object.add("properties", properties);
            configurations.add(object);
        }
        JsonObject root = new JsonObject();
        root.addProperty("id", id);
        root.add("configurations", configurations);
        return ok(GSON.toJson(root), id);
    }

    private Response put(String pid, String body, boolean json) throws ConfigurationException {
        List<ConfigurationInfo> applied;
        if (json) {
            applied = service.updateAll(parseJson(pid, body));
        } else if (pid == null) {
            applied = service.importKuraXml(body);
        } else {
            List<KuraXml.Configuration> parsed = KuraXml.parse(body);
            for (KuraXml.Configuration configuration : parsed) {
                if (!configuration.pid().equals(pid)) {
                    throw new BadRequest("PUT configurations/" + pid + " with a configuration of pid " + configuration.pid());
                }
            }
            applied = service.importKuraXml(body);
        }
        JsonArray pids = new JsonArray();
        applied.forEach(info -> pids.add(info.pid()));
        JsonObject root = new JsonObject();
        root.add("updated", pids);
        return json ? ok(GSON.toJson(root), null) : Response.ok();
    }

    private Response rollback(String argument) throws ConfigurationException {
        long id;
        if (argument != null) {
            id = snapshotId(argument);
        } else {
            List<SnapshotInfo> all = service.snapshots();
            if (all.size() < 2) {
                return Response.notFound("no earlier snapshot to roll back to");
            }
            id = all.get(1).id(); // the newest is the current state: undo the last change
        }
        service.rollback(id);
        return Response.ok(Payload.builder().metric(SNAPSHOT_ID_METRIC, id).build());
    }

    /** {@code {"configurations":[{"pid":..,"properties":{..}}]}} for all, {@code {"properties":{..}}} for one pid. */
    static Map<String, Map<String, Object>> parseJson(String pid, String body) {
        JsonElement root = JsonParser.parseString(body);
        if (!root.isJsonObject()) {
            throw new BadRequest("JSON body must be an object");
        }
        Map<String, Map<String, Object>> values = new LinkedHashMap<>();
        if (pid != null) {
            JsonElement properties = root.getAsJsonObject().get("properties");
            values.put(pid, properties(pid, properties == null ? root : properties));
            return values;
        }
        JsonElement configurations = root.getAsJsonObject().get("configurations");
        if (configurations == null || !configurations.isJsonArray()) {
            throw new BadRequest("JSON body must hold \"configurations\": [{\"pid\": ..., \"properties\": {...}}]");
        }
        for (JsonElement element : configurations.getAsJsonArray()) {
            if (!element.isJsonObject() || !element.getAsJsonObject().has("pid")
                    || !element.getAsJsonObject().get("pid").isJsonPrimitive()) {
                throw new BadRequest("every configuration needs a \"pid\"");
            }
            String each = element.getAsJsonObject().get("pid").getAsString();
            values.put(each, properties(each, element.getAsJsonObject().get("properties")));
        }
        if (values.isEmpty()) {
            throw new BadRequest("no configuration in the JSON body");
        }
        return values;
    }

    private static Map<String, Object> properties(String pid, JsonElement element) {
        if (element == null || !element.isJsonObject()) {
            throw new BadRequest(pid + ": \"properties\" must be an object");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : element.getAsJsonObject().entrySet()) {
            JsonElement value = entry.getValue();
            if (value.isJsonNull()) {
                values.put(entry.getKey(), null);
            } else if (value.isJsonPrimitive()) {
                values.put(entry.getKey(), value.getAsString());
            } else if (value.isJsonArray()) {
                List<String> list = new ArrayList<>();
                for (JsonElement item : value.getAsJsonArray()) {
                    if (!item.isJsonPrimitive()) {
                        throw new BadRequest(pid + ":" + entry.getKey() + ": array elements must be plain values");
                    }
                    list.add(item.getAsString());
                }
                values.put(entry.getKey(), list);
            } else {
                throw new BadRequest(pid + ":" + entry.getKey() + ": an object is not a configuration value");
            }
        }
        return values;
    }

    private static long snapshotId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BadRequest("malformed snapshot id '" + text + "'");
        }
    }

    private static String body(Request request) {
        byte[] body = request.payload().body();
        if (body == null || body.length == 0) {
            throw new BadRequest("PUT configurations needs a body");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new BadRequest("body larger than " + MAX_BODY_BYTES + " bytes");
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private static Response ok(String body, Long snapshotId) {
        Payload.Builder payload = Payload.builder().body(body.getBytes(StandardCharsets.UTF_8));
        if (snapshotId != null) {
            payload.metric(SNAPSHOT_ID_METRIC, snapshotId.longValue());
        }
        return Response.ok(payload.build());
    }

    /** Kura's list of snapshot ids: {@code <esf:snapshot-ids><esf:snapshotIds>ID</esf:snapshotIds>...}. */
    static String snapshotIds(List<SnapshotInfo> snapshots) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter out = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            out.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
            out.setPrefix("esf", KuraXml.ESF);
            out.writeStartElement(KuraXml.ESF, "snapshot-ids");
            out.writeNamespace("esf", KuraXml.ESF);
            for (SnapshotInfo snapshot : snapshots) {
                out.writeStartElement(KuraXml.ESF, "snapshotIds");
                out.writeCharacters(String.valueOf(snapshot.id()));
                out.writeEndElement();
            }
            out.writeEndElement();
            out.writeEndDocument();
            out.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    private static JsonObject snapshotJson(SnapshotInfo snapshot) {
        JsonObject object = new JsonObject();
        object.addProperty("id", snapshot.id());
        object.addProperty("taken", snapshot.taken().toString());
        object.addProperty("reason", snapshot.reason());
        object.addProperty("configurations", snapshot.configurations());
        return object;
    }

    static JsonObject configurationJson(ConfigurationInfo info) {
        JsonObject object = new JsonObject();
        object.addProperty("pid", info.pid());
        object.addProperty("factoryPid", info.factoryPid());
        JsonObject properties = new JsonObject();
        info.properties().forEach((key, value) -> properties.add(key, toJson(value)));
        object.add("properties", properties);
        return object;
    }

    private JsonObject components() {
        JsonArray array = new JsonArray();
        for (ComponentInfo component : service.components()) {
            JsonObject object = new JsonObject();
            object.addProperty("pid", component.pid());
            object.addProperty("factory", component.factory());
            object.addProperty("name", component.name());
            object.addProperty("description", component.description());
            JsonArray attributes = new JsonArray();
            for (AttributeInfo attribute : component.attributes()) {
                JsonObject a = new JsonObject();
                a.addProperty("id", attribute.id());
                a.addProperty("name", attribute.name());
                a.addProperty("description", attribute.description());
                a.addProperty("type", attribute.type().name());
                a.addProperty("cardinality", attribute.cardinality());
                a.add("default", toJson(attribute.defaultValue()));
                a.addProperty("min", attribute.min());
                a.addProperty("max", attribute.max());
                JsonArray options = new JsonArray();
                for (AttributeOption option : attribute.options()) {
                    JsonObject o = new JsonObject();
                    o.addProperty("label", option.label());
                    o.addProperty("value", option.value());
                    options.add(o);
                }
                a.add("options", options);
                a.addProperty("required", attribute.required());
                a.addProperty("password", attribute.password());
                attributes.add(a);
            }
            object.add("attributes", attributes);
            array.add(object);
        }
        JsonObject root = new JsonObject();
        root.add("components", array);
        return root;
    }

    private static JsonElement toJson(Object value) {
        if (value instanceof Number number) {
            return new JsonPrimitive(number);
        }
        if (value instanceof Boolean bool) {
            return new JsonPrimitive(bool);
        }
        if (value instanceof Collection<?> collection) {
            JsonArray array = new JsonArray();
            collection.forEach(element -> array.add(toJson(element)));
            return array;
        }
        if (value != null && value.getClass().isArray()) {
            JsonArray array = new JsonArray();
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                array.add(toJson(java.lang.reflect.Array.get(value, i)));
            }
            return array;
        }
        return value == null ? com.google.gson.JsonNull.INSTANCE : new JsonPrimitive(String.valueOf(value));
    }
}
