package org.edgeway.core.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.edgeway.api.management.SnapshotInfo;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

/**
 * Snapshots as JSON files {@code snapshot_ID.json} in one directory, written atomically, the newest N kept.
 * A value is stored with its type, so that a rollback restores a Long as a Long and a String[] as a String[]:
 * <pre>{"id":1700000000000,"taken":"...","reason":"...","configurations":[{"pid":"p","factoryPid":null,
 *   "properties":{"interval.ms":{"type":"Long","value":"2000"},"hosts":{"type":"String","array":["a","b"]}}}]}</pre>
 */
final class SnapshotStore {

    private static final Pattern FILE = Pattern.compile("snapshot_(\\d+)\\.json");

    private final Path directory;
    private long lastId;

    SnapshotStore(Path directory) {
        this.directory = directory;
    }

    /** A fresh id: now in milliseconds, later than every stored one. */
    synchronized long nextId(Instant now) {
        long newest = ids().stream().max(Long::compare).orElse(0L);
        lastId = Math.max(Math.max(now.toEpochMilli(), newest + 1), lastId + 1);
        return lastId;
    }

    synchronized void save(Snapshot snapshot, int keep) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("snapshot_" + snapshot.id() + ".json");
        Path temporary = directory.resolve(".snapshot_" + snapshot.id() + ".tmp");
        Files.writeString(temporary, toJson(snapshot), StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        List<Long> ids = new ArrayList<>(ids());
        ids.sort(Comparator.reverseOrder());
        for (Long old : ids.subList(Math.min(Math.max(keep, 1), ids.size()), ids.size())) {
            Files.deleteIfExists(directory.resolve("snapshot_" + old + ".json"));
        }
    }

    /** The stored snapshots, newest first; unreadable files are skipped. */
    synchronized List<SnapshotInfo> list() {
        List<SnapshotInfo> infos = new ArrayList<>();
        for (long id : ids()) {
            load(id).ifPresent(snapshot -> infos.add(snapshot.info()));
        }
        infos.sort(Comparator.comparingLong(SnapshotInfo::id).reversed());
        return infos;
    }

    synchronized Optional<Snapshot> load(long id) {
        Path file = directory.resolve("snapshot_" + id + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(fromJson(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private List<Long> ids() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            List<Long> ids = new ArrayList<>();
            files.forEach(path -> {
                Matcher matcher = FILE.matcher(path.getFileName().toString());
                if (matcher.matches()) {
                    ids.add(Long.parseLong(matcher.group(1)));
                }
            });
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String toJson(Snapshot snapshot) {
        StringWriter text = new StringWriter();
        try (JsonWriter out = new JsonWriter(text)) {
            out.setIndent(" ");
            out.beginObject();
            out.name("id").value(snapshot.id());
            out.name("taken").value(snapshot.taken().toString());
            out.name("reason").value(snapshot.reason());
            out.name("configurations").beginArray();
            for (Snapshot.Entry entry : snapshot.configurations()) {
                out.beginObject();
                out.name("pid").value(entry.pid());
                out.name("factoryPid").value(entry.factoryPid());
                out.name("properties").beginObject();
                for (Map.Entry<String, Object> property : entry.properties().entrySet()) {
                    out.name(property.getKey());
                    writeValue(out, property.getValue());
                }
                out.endObject();
                out.endObject();
            }
            out.endArray();
            out.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static void writeValue(JsonWriter out, Object value) throws IOException {
        out.beginObject();
        if (value instanceof Collection<?> list) {
            out.name("type").value(list.isEmpty() ? "String" : typeName(list.iterator().next()));
            out.name("list").beginArray();
            for (Object element : list) {
                out.value(String.valueOf(element));
            }
            out.endArray();
        } else if (value != null && value.getClass().isArray()) {
            out.name("type").value(typeName(value.getClass().getComponentType()));
            out.name("array").beginArray();
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                out.value(String.valueOf(java.lang.reflect.Array.get(value, i)));
            }
            out.endArray();
        } else {
            out.name("type").value(typeName(value));
            out.name("value").value(String.valueOf(value));
        }
        out.endObject();
    }

    private static String typeName(Object value) {
        return typeName(value == null ? String.class : value.getClass());
    }

    static String typeName(Class<?> type) {
        if (type == long.class || type == Long.class) {
            return "Long";
        } else if (type == int.class || type == Integer.class) {
            return "Integer";
        } else if (type == short.class || type == Short.class) {
            return "Short";
        } else if (type == byte.class || type == Byte.class) {
            return "Byte";
        } else if (type == char.class || type == Character.class) {
            return "Character";
        } else if (type == double.class || type == Double.class) {
            return "Double";
        } else if (type == float.class || type == Float.class) {
            return "Float";
        } else if (type == boolean.class || type == Boolean.class) {
            return "Boolean";
        }
        return "String";
    }

    static Object parseTyped(String type, String text) {
        return switch (type) {
            case "Long" -> Long.valueOf(text);
            case "Integer" -> Integer.valueOf(text);
            case "Short" -> Short.valueOf(text);
            case "Byte" -> Byte.valueOf(text);
            case "Character", "Char" -> {
                if (text.length() != 1) {
                    throw new IllegalArgumentException("'" + text + "' is not a single character");
                }
                yield text.charAt(0);
            }
            case "Double" -> Double.valueOf(text);
            case "Float" -> Float.valueOf(text);
            case "Boolean" -> Boolean.valueOf(text);
            default -> text;
        };
    }

    static Class<?> javaType(String type) {
        return switch (type) {
            case "Long" -> Long.class;
            case "Integer" -> Integer.class;
            case "Short" -> Short.class;
            case "Byte" -> Byte.class;
            case "Character", "Char" -> Character.class;
            case "Double" -> Double.class;
            case "Float" -> Float.class;
            case "Boolean" -> Boolean.class;
            default -> String.class;
        };
    }

    static Snapshot fromJson(String json) throws IOException {
        try (JsonReader in = new JsonReader(new StringReader(json))) {
            long id = 0;
            Instant taken = null;
            String reason = "";
            List<Snapshot.Entry> entries = new ArrayList<>();
            in.beginObject();
            while (in.hasNext()) {
                switch (in.nextName()) {
                    case "id" -> id = in.nextLong();
                    case "taken" -> taken = Instant.parse(in.nextString());
                    case "reason" -> reason = in.nextString();
                    case "configurations" -> {
                        in.beginArray();
                        while (in.hasNext()) {
                            entries.add(readEntry(in));
                        }
                        in.endArray();
                    }
                    default -> in.skipValue();
                }
            }
            in.endObject();
            return new Snapshot(id, taken == null ? Instant.ofEpochMilli(id) : taken, reason, entries);
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException("malformed snapshot: " + e.getMessage());
        }
    }

    private static Snapshot.Entry readEntry(JsonReader in) throws IOException {
        String pid = null;
        String factoryPid = null;
        Map<String, Object> properties = new TreeMap<>();
        in.beginObject();
        while (in.hasNext()) {
            switch (in.nextName()) {
                case "pid" -> pid = in.nextString();
                case "factoryPid" -> {
                    if (in.peek() == JsonToken.NULL) {
                        in.nextNull();
                    } else {
                        factoryPid = in.nextString();
                    }
                }
                case "properties" -> {
                    in.beginObject();
                    while (in.hasNext()) {
                        String key = in.nextName();
                        properties.put(key, readValue(in));
                    }
                    in.endObject();
                }
                default -> in.skipValue();
            }
        }
        in.endObject();
        if (pid == null) {
            throw new IOException("malformed snapshot: a configuration without pid");
        }
        return new Snapshot.Entry(pid, factoryPid, properties);
    }

    private static Object readValue(JsonReader in) throws IOException {
        String type = "String";
        String single = null;
        List<String> texts = null;
        boolean list = false;
        in.beginObject();
        while (in.hasNext()) {
            String name = in.nextName();
            switch (name) {
                case "type" -> type = in.nextString();
                case "value" -> single = in.nextString();
                case "array", "list" -> {
                    list = "list".equals(name);
                    texts = new ArrayList<>();
                    in.beginArray();
                    while (in.hasNext()) {
                        texts.add(in.nextString());
                    }
                    in.endArray();
                }
                default -> in.skipValue();
            }
        }
        in.endObject();
        if (texts == null) {
            return parseTyped(type, single == null ? "" : single);
        }
        List<Object> values = new ArrayList<>();
        for (String text : texts) {
            values.add(parseTyped(type, text));
        }
        return toArrayOrList(type, values, list);
    }

    private static Object toArrayOrList(String type, List<Object> values, boolean list) {
        if (list) {
            return values;
        }
        Object result = java.lang.reflect.Array.newInstance(javaType(type), values.size());
        for (int i = 0; i < values.size(); i++) {
            java.lang.reflect.Array.set(result, i, values.get(i));
        }
        return result;
    }
}
