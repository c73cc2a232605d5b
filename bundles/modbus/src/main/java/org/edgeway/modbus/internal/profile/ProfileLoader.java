package org.edgeway.modbus.internal.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads device profiles: the shipped ones from the bundle and the integrator's own from a directory, so that a new
 * meter needs a JSON file rather than a new release.
 *
 * <p>Shipped profiles are the files named in {@value #INDEX} (one file name per line, {@code #} starts a comment),
 * because a bundle's class loader cannot reliably list a directory. The integrator's are the {@code *.json} files of
 * the profile directory; one whose id equals a shipped profile's replaces it (logged), two integrator files with the
 * same id keep the first by file name.
 *
 * <p>Every file is checked completely when it is loaded and refused as a whole, with an error that names the file,
 * the entry and the problem; the other files still load. A profile file is strict JSON:
 *
 * <pre>
 * {
 *   "id": "eastron-sdm630",                 required: lower case letters, digits, . _ -
 *   "manufacturer": "Eastron", "model": "SDM630", "description": "...",
 *   "defaults": {"kind": "INPUT", "type": "FLOAT32", "order": "ABCD"},   optional, for every point
 *   "points": [
 *     {"name": "voltage.l1", "address": "0x0000", "unit": "V", "description": "phase 1 to neutral"},
 *     {"name": "energy.import", "address": 72, "unit": "kWh", "counter": true},
 *     ...
 *   ]
 * }
 * </pre>
 *
 * Point keys: {@code name} and {@code address} (0-based, a number or a {@code "0x..."} string) are required;
 * {@code kind} (HOLDING, INPUT, COIL, DISCRETE_INPUT) and {@code type} (INT16, UINT16, INT32, UINT32, INT64, UINT64,
 * FLOAT32, FLOAT64, STRING, BITS) are required unless given in {@code defaults}; {@code order} (ABCD, CDAB, BADC,
 * DCBA; default ABCD), {@code length} (registers, STRING only), {@code bit} (0-15, BITS in a register),
 * {@code scale} (default 1), {@code offset} (default 0), {@code unit}, {@code counter} (default false),
 * {@code scaleFactor} (name of another point), {@code description} and {@code sentinels} (default false) are
 * optional. Names of enum values are case-insensitive. Keys starting with {@code _} are comments and ignored; any
 * other unknown key is an error, so that a misspelt {@code "scalefactor"} does not silently do nothing. Instead of
 * points, {@code "sunspec": true} makes a profile whose points are discovered from the device ({@link SunSpec}).
 */
public final class ProfileLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileLoader.class);

    /** The bundle directory of the shipped profiles. */
    public static final String SHIPPED_DIRECTORY = "profiles/";
    /** The list of shipped profile files. */
    public static final String INDEX = SHIPPED_DIRECTORY + "index.txt";
    /** Larger files are refused unread: no real profile comes near, a runaway file should not fill the heap. */
    static final int MAX_FILE_BYTES = 1 << 20;

    private static final Set<String> PROFILE_KEYS = Set.of("id", "manufacturer", "model", "description", "sunspec",
            "defaults", "points");
    private static final Set<String> DEFAULT_KEYS = Set.of("kind", "type", "order");
    private static final Set<String> POINT_KEYS = Set.of("name", "kind", "address", "type", "order", "length", "bit",
            "scale", "offset", "unit", "counter", "scaleFactor", "description", "sentinels");
    private static final TypeAdapter<JsonElement> JSON = new Gson().getAdapter(JsonElement.class);

    private ProfileLoader() {
    }

    /** A file that was refused. */
    public record LoadError(String source, String message) {
        @Override
        public String toString() {
            return message.startsWith(source) ? message : source + ": " + message;
        }
    }

    /**
     * What loading found.
     *
     * @param profiles the usable profiles by id, sorted by id
     * @param errors   the refused files, each naming file, entry and problem
     */
    public record LoadResult(Map<String, Profile> profiles, List<LoadError> errors) {
        public LoadResult {
            profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
            errors = List.copyOf(errors);
        }
    }

    /**
     * The shipped profiles of this bundle plus those in {@code userDirectory}; errors are logged as well as returned.
     *
     * @param userDirectory the integrator's profile directory; null or missing means none
     */
    public static LoadResult load(Path userDirectory) {
        return load(ProfileLoader.class.getClassLoader(), userDirectory);
    }

    /** {@link #load(Path)} with the shipped profiles taken from {@code shipped}'s {@value #INDEX}. */
    public static LoadResult load(ClassLoader shipped, Path userDirectory) {
        Map<String, Profile> profiles = new TreeMap<>();
        Map<String, String> sources = new TreeMap<>();
        List<LoadError> errors = new ArrayList<>();
        for (String name : shippedNames(shipped, errors)) {
            String source = SHIPPED_DIRECTORY + name + " (shipped)";
            try (InputStream in = shipped.getResourceAsStream(SHIPPED_DIRECTORY + name)) {
                if (in == null) {
                    throw new ProfileException(source, "listed in " + INDEX + " but missing");
                }
                add(parse(source, text(source, in.readNBytes(MAX_FILE_BYTES + 1))), source, profiles, sources,
                        errors);
            } catch (ProfileException e) {
                errors.add(new LoadError(e.source(), e.getMessage()));
            } catch (IOException e) {
                errors.add(new LoadError(source, source + ": cannot be read: " + e));
            }
        }
        if (userDirectory != null) {
            loadDirectory(userDirectory, profiles, sources, errors);
        }
        for (LoadError error : errors) {
            LOG.warn("Profile refused: {}", error);
        }
        return new LoadResult(profiles, errors);
    }

    private static List<String> shippedNames(ClassLoader loader, List<LoadError> errors) {
        try (InputStream in = loader.getResourceAsStream(INDEX)) {
            if (in == null) {
                errors.add(new LoadError(INDEX, INDEX + ": not found, no shipped profiles"));
                return List.of();
            }
            List<String> names = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    line = line.replaceFirst("#.*", "").strip();
                    if (line.isEmpty()) {
                        continue;
                    }
                    if (line.contains("/") || line.contains("\\") || !line.endsWith(".json")) {
                        errors.add(new LoadError(INDEX, INDEX + ": '" + line + "' is not a file name ending .json"));
                    } else {
                        names.add(line);
                    }
                }
            }
            return names;
        } catch (IOException e) {
            errors.add(new LoadError(INDEX, INDEX + ": cannot be read: " + e));
            return List.of();
        }
    }

    private static void loadDirectory(Path dir, Map<String, Profile> profiles, Map<String, String> sources,
            List<LoadError> errors) {
        if (!Files.isDirectory(dir)) {
            LOG.info("Profile directory {} does not exist: no profiles of your own", dir);
            return;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            errors.add(new LoadError(dir.toString(), dir + ": cannot be listed: " + e));
            return;
        }
        files.sort(null);
        Set<String> userIds = new HashSet<>();
        for (Path file : files) {
            try {
                Profile profile = read(file);
                String source = file.toString();
                if (!userIds.add(profile.id())) {
                    throw new ProfileException(source, "id '" + profile.id() + "' is already defined by "
                            + sources.get(profile.id()));
                }
                if (profiles.containsKey(profile.id())) {
                    LOG.info("Profile {} from {} overrides {}", profile.id(), source, sources.get(profile.id()));
                }
                profiles.put(profile.id(), profile);
                sources.put(profile.id(), source);
            } catch (ProfileException e) {
                errors.add(new LoadError(e.source(), e.getMessage()));
            }
        }
    }

    private static void add(Profile profile, String source, Map<String, Profile> profiles,
            Map<String, String> sources, List<LoadError> errors) {
        if (profiles.containsKey(profile.id())) {
            errors.add(new LoadError(source, source + ": id '" + profile.id() + "' is already defined by "
                    + sources.get(profile.id())));
            return;
        }
        profiles.put(profile.id(), profile);
        sources.put(profile.id(), source);
    }

    /** Reads and checks one profile file. */
    public static Profile read(Path file) throws ProfileException {
        String source = file.toString();
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ProfileException(source, "larger than " + MAX_FILE_BYTES + " bytes");
            }
            return parse(source, text(source, Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new ProfileException(source, "cannot be read: " + e, e);
        }
    }

    private static String text(String source, byte[] bytes) throws ProfileException {
        if (bytes.length > MAX_FILE_BYTES) {
            throw new ProfileException(source, "larger than " + MAX_FILE_BYTES + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProfileException(source, "not UTF-8 text");
        }
    }

    /**
     * Parses and checks one profile.
     *
     * @param source names the file in error messages
     * @param json   the file's text
     * @throws ProfileException naming the source, the entry and the problem
     */
    public static Profile parse(String source, String json) throws ProfileException {
        JsonElement root;
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            reader.setStrictness(Strictness.STRICT);
            root = JSON.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new ProfileException(source, "malformed JSON: more after the profile object");
            }
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new ProfileException(source, "malformed JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isJsonObject()) {
            throw new ProfileException(source, "not a JSON object");
        }
        JsonObject object = root.getAsJsonObject();
        try {
            checkKeys(object, PROFILE_KEYS, "");
            JsonObject defaults = object.has("defaults") ? object(object.get("defaults"), "defaults") : new JsonObject();
            checkKeys(defaults, DEFAULT_KEYS, "defaults: ");
            List<Point> points = new ArrayList<>();
            if (object.has("points")) {
                JsonElement array = object.get("points");
                if (!array.isJsonArray()) {
                    throw new IllegalArgumentException("'points' must be an array");
                }
                int index = 0;
                for (JsonElement element : array.getAsJsonArray()) {
                    points.add(point(element, defaults, index++));
                }
            }
            return new Profile(string(object, "id", null), string(object, "manufacturer", ""),
                    string(object, "model", ""), string(object, "description", ""), points,
                    bool(object, "sunspec"));
        } catch (IllegalArgumentException e) {
            throw new ProfileException(source, e.getMessage());
        }
    }

    private static Point point(JsonElement element, JsonObject defaults, int index) {
        String entry = "point " + index;
        try {
            JsonObject o = object(element, "a point");
            if (o.has("name") && o.get("name").isJsonPrimitive()) {
                entry += " '" + o.get("name").getAsString() + "'";
            }
            checkKeys(o, POINT_KEYS, "");
            if (!o.has("address")) {
                throw new IllegalArgumentException("address missing");
            }
            RegisterKind kind = choice(o, defaults, "kind", RegisterKind.class, null);
            DataType type = choice(o, defaults, "type", DataType.class, null);
            ByteOrder order = choice(o, defaults, "order", ByteOrder.class, ByteOrder.ABCD);
            String name = string(o, "name", null);
            if (name == null) {
                throw new IllegalArgumentException("name missing");
            }
            return new Point(name, kind, address(o.get("address")), type, order, integer(o, "length", 0),
                    integer(o, "bit", -1), number(o, "scale", 1), number(o, "offset", 0), string(o, "unit", ""),
                    bool(o, "counter"), string(o, "scaleFactor", null), string(o, "description", ""),
                    bool(o, "sentinels"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(entry + ": " + e.getMessage());
        }
    }

    private static void checkKeys(JsonObject object, Set<String> allowed, String where) {
        for (String key : object.keySet()) {
            if (!key.startsWith("_") && !allowed.contains(key)) {
                throw new IllegalArgumentException(where + "unknown key '" + key + "' (known: "
                        + allowed.stream().sorted().toList() + ")");
            }
        }
    }

    private static JsonObject object(JsonElement element, String what) {
        if (!element.isJsonObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        return element.getAsJsonObject();
    }

    private static JsonPrimitive primitive(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive()) {
            throw new IllegalArgumentException("'" + key + "' must be a string, number or boolean, not " + e);
        }
        return e.getAsJsonPrimitive();
    }

    private static String string(JsonObject o, String key, String absent) {
        JsonPrimitive p = primitive(o, key);
        if (p == null) {
            return absent;
        }
        if (!p.isString()) {
            throw new IllegalArgumentException("'" + key + "' must be a string, not " + p);
        }
        return p.getAsString();
    }

    private static boolean bool(JsonObject o, String key) {
        JsonPrimitive p = primitive(o, key);
        if (p == null) {
            return false;
        }
        if (!p.isBoolean()) {
            throw new IllegalArgumentException("'" + key + "' must be true or false, not " + p);
        }
        return p.getAsBoolean();
    }

    private static double number(JsonObject o, String key, double absent) {
        JsonPrimitive p = primitive(o, key);
        if (p == null) {
            return absent;
        }
        if (!p.isNumber()) {
            throw new IllegalArgumentException("'" + key + "' must be a number, not " + p);
        }
        return p.getAsBigDecimal().doubleValue(); // huge values become infinite and are refused by Point
    }

    private static int integer(JsonObject o, String key, int absent) {
        JsonPrimitive p = primitive(o, key);
        if (p == null) {
            return absent;
        }
        if (!p.isNumber()) {
            throw new IllegalArgumentException("'" + key + "' must be a whole number, not " + p);
        }
        return wholeNumber(p.getAsBigDecimal(), key);
    }

    private static int wholeNumber(BigDecimal value, String key) {
        try {
            return value.intValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + key + "' " + value.toPlainString() + " is not a whole number "
                    + "in range");
        }
    }

    private static int address(JsonElement element) {
        if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isNumber()) {
            return wholeNumber(element.getAsBigDecimal(), "address");
        }
        if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()) {
            String text = element.getAsString().strip();
            if (text.matches("0[xX][0-9a-fA-F]{1,6}")) {
                return Integer.parseInt(text.substring(2), 16);
            }
        }
        throw new IllegalArgumentException("address " + element + " must be a number or a \"0x...\" hex string");
    }

    private static <E extends Enum<E>> E choice(JsonObject o, JsonObject defaults, String key, Class<E> type,
            E absent) {
        String text = string(o, key, null);
        if (text == null) {
            text = string(defaults, key, null);
        }
        if (text == null) {
            if (absent == null) {
                throw new IllegalArgumentException(key + " missing (give it here or in \"defaults\")");
            }
            return absent;
        }
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + key + " '" + text + "' (one of "
                    + Arrays.toString(type.getEnumConstants()) + ")");
        }
    }
}
