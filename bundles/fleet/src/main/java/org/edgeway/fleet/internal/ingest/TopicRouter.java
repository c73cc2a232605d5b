package org.edgeway.fleet.internal.ingest;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.edgeway.api.payload.Metric;
import org.edgeway.api.payload.MetricType;
import org.edgeway.api.payload.Payload;
import org.edgeway.api.payload.Position;
import org.edgeway.codec.KuraPayloadCodec;
import org.edgeway.codec.PayloadFormatException;
import org.edgeway.fleet.internal.store.GatewayBirth;
import org.edgeway.fleet.internal.store.OccupancyRecord;
import org.edgeway.fleet.internal.store.StopVisitRecord;
import org.edgeway.fleet.internal.store.TripRecord;

/**
 * Turns one MQTT message of a gateway into a {@link Route}: pure (no MQTT, no database, no clock), thread safe, and
 * total: whatever the topic and bytes, it returns a route and never throws.
 *
 * <p>Topics (docs/transit.md, docs/modbus.md, the Kura wire contract): {@code ACCOUNT/CLIENT/APC-V1/stopvisit|trip|
 * occupancy}, {@code ACCOUNT/CLIENT/METER-V1/meter/NAME/interval} and {@code $EDC/ACCOUNT/CLIENT/MQTT/BIRTH|DC|LWT|
 * APPS}; payloads are KuraPayload protobuf, plain or gzipped. The gateway is the topic's client id, never a payload
 * value. Rejection reasons are categories ("stopvisit: metric boardings is negative"): they never repeat values
 * from the message, so a hostile gateway cannot fill the rejection counters with made-up reasons.
 */
public final class TopicRouter {

    /** The largest payload accepted, also after inflating gzip: a stop visit or birth is a few kilobytes. */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    /** People through the doors of one vehicle at one stop, or on board: far above any real vehicle. */
    static final long MAX_VISIT_COUNT = 100_000;
    /** People over one trip run. */
    static final long MAX_TRIP_COUNT = 100_000_000;
    /** Stops in a trip, visits in a trip run. */
    static final long MAX_SEQUENCE = 1_000_000;
    /** Consumption of one meter in one interval: a terawatt hour is no depot. */
    static final double MAX_INTERVAL_KWH = 1e9;
    /** Occupancy in percent of the capacity: above 100 when crushed, never this high. */
    static final long MAX_OCCUPANCY_PERCENT = 1_000;
    /** Times before this are an unset clock or seconds taken for milliseconds. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");
    static final int MAX_ID = 255;
    static final int MAX_QUALITY = 1000;
    static final int MAX_BIRTH_METRICS = 200;
    static final int MAX_BIRTH_VALUE = 4000;
    static final int MAX_DOOR_COUNTS = 128;

    static final String TRANSIT_APP = "APC-V1";
    static final String METER_APP = "METER-V1";
    static final String LIFECYCLE_PREFIX = "$EDC";
    static final String ENERGY_IMPORT = "energy.import";
    static final String KWH = "kWh";

    /** The metrics of the contract's birth certificate: text, always. Others (modem_*, extensions) may be scalars. */
    private static final Set<String> BIRTH_TEXT_METRICS = Set.of("uptime", "display_name", "model_name", "model_id",
            "part_number", "serial_number", "firmware_version", "bios_version", "cpu_version", "os", "os_version",
            "os_arch", "jvm_name", "jvm_version", "jvm_profile", "jvm_vendor", "kura_version",
            "application_framework", "application_framework_version", "osgi_framework", "osgi_framework_version",
            "connection_interface", "connection_ip", "available_processors", "total_memory", "accept_encoding",
            "application_ids", "payload_encoding", "profile");

    private static final Pattern DOOR_COUNT = Pattern.compile("door\\.([A-Za-z0-9_-]{1,32})\\.([A-Za-z0-9_-]{1,32})"
            + "\\.(in|out)");
    private static final Pattern QUALITY_FLAGS = Pattern.compile("([A-Z][A-Z0-9_]*(,[A-Z][A-Z0-9_]*)*)?");
    private static final Pattern TOKEN = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final Pattern POINT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String account;
    private final KuraPayloadCodec codec = new KuraPayloadCodec(MAX_PAYLOAD_BYTES);

    /** A router for the gateways of {@code account}; topics of other accounts are rejected. */
    public TopicRouter(String account) {
        this.account = Objects.requireNonNull(account, "account");
    }

    /**
     * Routes one message.
     *
     * @param topic      the topic it was published on
     * @param payload    its bytes (null is taken as empty)
     * @param receivedAt when the console received it: the time of lifecycle events, since a gateway's clock may be
     *                   wrong and its last will was written when it connected
     */
    public Route route(String topic, byte[] payload, Instant receivedAt) {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Address address;
        try {
            address = address(topic);
        } catch (Refused refused) {
            return new Route.Rejected(refused.account, refused.clientId, refused.reason);
        }
        if (address.kind == Kind.IGNORED) {
            return new Route.Ignored(address.account, address.clientId, address.ignoredWhy);
        }
        try {
            return route(address, payload == null ? new byte[0] : payload, receivedAt);
        } catch (Refused refused) {
            return new Route.Rejected(address.account, address.clientId, refused.reason);
        } catch (RuntimeException e) {
            // a store record's own check that ours did not foresee: still a rejection, never an exception out
            return new Route.Rejected(address.account, address.clientId, address.kind.label + ": invalid record");
        }
    }

    // ---- topics ------------------------------------------------------------------------------------------------

    private enum Kind {
        BIRTH("birth"), APPS("apps"), DC("dc"), LWT("lwt"), STOP_VISIT("stopvisit"), TRIP("trip"),
        OCCUPANCY("occupancy"), METER_INTERVAL("meter interval"), IGNORED("ignored");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private record Address(String account, String clientId, Kind kind, String meter, String ignoredWhy) {
    }

    private Address address(String topic) throws Refused {
        if (topic == null || topic.isEmpty()) {
            throw new Refused(null, null, "topic: missing");
        }
        String[] levels = topic.split("/", -1);
        boolean lifecycle = levels[0].equals(LIFECYCLE_PREFIX);
        int first = lifecycle ? 1 : 0;
        if (levels.length < first + 3) {
            throw new Refused(null, null, "topic: too few levels");
        }
        if (!levels[first].equals(account)) {
            throw new Refused(null, null, "topic: another account");
        }
        String clientId = levels[first + 1];
        checkClientId(clientId);
        String app = levels[first + 2];
        int rest = first + 3;
        if (lifecycle) {
            if (app.equals("MQTT") && levels.length == rest + 1) {
                Kind kind = switch (levels[rest]) {
                    case "BIRTH" -> Kind.BIRTH;
                    case "APPS" -> Kind.APPS;
                    case "DC" -> Kind.DC;
                    case "LWT" -> Kind.LWT;
                    default -> null;
                };
                if (kind != null) {
                    return new Address(account, clientId, kind, null, null);
                }
            }
            return ignored(clientId, "control topic not used by the console");
        }
        if (app.equals(TRANSIT_APP) && levels.length == rest + 1) {
            Kind kind = switch (levels[rest]) {
                case "stopvisit" -> Kind.STOP_VISIT;
                case "trip" -> Kind.TRIP;
                case "occupancy" -> Kind.OCCUPANCY;
                default -> null;
            };
            return kind == null ? ignored(clientId, "APC-V1 topic not used by the console")
                    : new Address(account, clientId, kind, null, null);
        }
        if (app.equals(METER_APP) && levels.length == rest + 3 && levels[rest].equals("meter")
                && levels[rest + 2].equals("interval")) {
            String meter = levels[rest + 1];
            if (!isPlainLevel(meter)) {
                throw new Refused(account, clientId, "meter interval: the meter name in the topic is empty, too long "
                        + "or contains wildcards or control characters");
            }
            return new Address(account, clientId, Kind.METER_INTERVAL, meter, null);
        }
        return ignored(clientId, app.equals(TRANSIT_APP) || app.equals(METER_APP)
                ? app + " topic not used by the console" : "application not used by the console");
    }

    private Address ignored(String clientId, String why) {
        return new Address(account, clientId, Kind.IGNORED, null, why);
    }

    private static void checkClientId(String clientId) throws Refused {
        if (clientId.isEmpty()) {
            throw new Refused(null, null, "topic: no client id");
        }
        if (clientId.indexOf('+') >= 0 || clientId.indexOf('#') >= 0) {
            throw new Refused(null, null, "topic: client id contains a wildcard");
        }
        if (clientId.length() > MAX_ID) {
            throw new Refused(null, null, "topic: client id longer than " + MAX_ID + " characters");
        }
        if (clientId.indexOf('\uFFFD') >= 0) {
            throw new Refused(null, null, "topic: client id is not valid UTF-8");
        }
        if (clientId.chars().anyMatch(Character::isISOControl)) {
            throw new Refused(null, null, "topic: client id contains control characters");
        }
    }

    private static boolean isPlainLevel(String level) {
        return !level.isEmpty() && level.length() <= MAX_ID && level.indexOf('+') < 0 && level.indexOf('#') < 0
                && level.indexOf('\uFFFD') < 0 && level.chars().noneMatch(Character::isISOControl);
    }

    // ---- messages ----------------------------------------------------------------------------------------------

    private Route route(Address address, byte[] bytes, Instant receivedAt) throws Refused {
        Metrics m = new Metrics(address.kind.label, decode(bytes));
        String clientId = address.clientId;
        return switch (address.kind) {
            case BIRTH -> new Route.Birth(birth(m, clientId, receivedAt));
            case APPS -> new Route.Apps(birth(m, clientId, receivedAt));
            case DC -> new Route.Disconnect(account, clientId, receivedAt, false);
            case LWT -> new Route.Disconnect(account, clientId, receivedAt, true);
            case STOP_VISIT -> new Route.StopVisit(stopVisit(m, clientId));
            case TRIP -> new Route.TripSummary(trip(m, clientId));
            case OCCUPANCY -> new Route.Occupancy(occupancy(m, clientId));
            case METER_INTERVAL -> energy(m, clientId, address.meter);
            case IGNORED -> throw new IllegalStateException("ignored topics are not decoded");
        };
    }

    private Payload decode(byte[] bytes) throws Refused {
        if (bytes.length > MAX_PAYLOAD_BYTES) {
            throw new Refused("payload: larger than " + MAX_PAYLOAD_BYTES + " bytes");
        }
        Payload payload;
        try {
            payload = codec.decode(bytes);
        } catch (PayloadFormatException e) {
            throw new Refused(payloadProblem(e.getMessage()));
        } catch (RuntimeException e) {
            throw new Refused("payload: not a valid KuraPayload");
        }
        for (Metric metric : payload.metrics().values()) {
            checkText(metric.name());
            if (metric.value() instanceof String text) {
                checkText(text);
            }
        }
        return payload;
    }

    /** The codec's message names sizes and metric names; the reason keeps only the category. */
    private static String payloadProblem(String message) {
        String text = message == null ? "" : message;
        if (text.contains("inflates to more than")) {
            return "payload: gzip inflates to more than " + MAX_PAYLOAD_BYTES + " bytes";
        }
        if (text.contains("exceeds the limit")) {
            return "payload: larger than " + MAX_PAYLOAD_BYTES + " bytes";
        }
        if (text.contains("gzip")) {
            return "payload: corrupt gzip";
        }
        if (text.startsWith("metric") || text.startsWith("invalid metric")) {
            return "payload: a metric has no name, type or value";
        }
        if (text.contains("position")) {
            return "payload: invalid position";
        }
        return "payload: not a valid KuraPayload";
    }

    /** Protobuf decodes invalid UTF-8 to U+FFFD; PostgreSQL cannot store NUL. */
    private static void checkText(String text) throws Refused {
        if (text.indexOf('\uFFFD') >= 0) {
            throw new Refused("payload: a text is not valid UTF-8");
        }
        if (text.indexOf('\0') >= 0) {
            throw new Refused("payload: a text contains a NUL character");
        }
    }

    private GatewayBirth birth(Metrics m, String clientId, Instant receivedAt) throws Refused {
        Map<String, Metric> metrics = m.payload.metrics();
        if (metrics.size() > MAX_BIRTH_METRICS) {
            throw m.refuse("more than " + MAX_BIRTH_METRICS + " metrics");
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (Metric metric : metrics.values()) {
            String name = metric.name();
            boolean known = BIRTH_TEXT_METRICS.contains(name);
            if (name.length() > MAX_ID) {
                throw m.refuse("a metric name is longer than " + MAX_ID + " characters");
            }
            if (known && metric.type() != MetricType.STRING) {
                throw m.refuse("metric " + name + " is " + metric.type() + ", not a string");
            }
            if (metric.type() == MetricType.BYTES) {
                continue; // nothing a registry can show
            }
            String value = String.valueOf(metric.value());
            if (value.length() > MAX_BIRTH_VALUE) {
                throw m.refuse((known ? "metric " + name : "a metric") + " is longer than " + MAX_BIRTH_VALUE
                        + " characters");
            }
            texts.put(name, value);
        }
        Position position = m.payload.position();
        return new GatewayBirth(account, clientId, receivedAt, texts, null,
                position == null ? null : position.latitude(), position == null ? null : position.longitude());
    }

    private StopVisitRecord stopVisit(Metrics m, String clientId) throws Refused {
        String visitId = m.id("visit_id");
        Instant arrival = m.time("arrival");
        Instant departure = m.time("departure");
        if (departure.isBefore(arrival)) {
            throw m.refuse("departure is before arrival");
        }
        int boardings = (int) m.count("boardings", MAX_VISIT_COUNT);
        int alightings = (int) m.count("alightings", MAX_VISIT_COUNT);
        int occupancy = (int) m.count("occupancy", MAX_VISIT_COUNT);
        m.optionalCount("trip_boardings", MAX_TRIP_COUNT);
        m.optionalCount("trip_alightings", MAX_TRIP_COUNT);
        String quality = m.string("quality");
        if (quality.length() > MAX_QUALITY) {
            throw m.refuse("metric quality is longer than " + MAX_QUALITY + " characters");
        }
        if (!QUALITY_FLAGS.matcher(quality).matches()) {
            throw m.refuse("metric quality is not a comma-separated list of flags");
        }
        String tripId = m.optionalId("trip_id");
        Instant tripStart = null;
        String line = null;
        if (tripId != null) {
            tripStart = m.time("trip_start");
            line = m.optionalId("line");
        }
        String stopId = m.optionalId("stop_id");
        Integer stopSequence = null;
        String stopName = null;
        if (stopId != null) {
            Long sequence = m.optionalCount("stop_sequence", MAX_SEQUENCE);
            stopSequence = sequence == null ? null : sequence.intValue();
            stopName = m.optionalId("stop_name");
        }
        Map<String, Integer> doorCounts = new HashMap<>();
        for (Metric metric : m.payload.metrics().values()) {
            if (!metric.name().startsWith("door.")) {
                continue; // trip.door.* are cumulative: a lost visit loses nothing, so nothing to store
            }
            Matcher door = DOOR_COUNT.matcher(metric.name());
            if (!door.matches()) {
                throw m.refuse("a door count metric is not named door.DOOR.CLASS.in or door.DOOR.CLASS.out");
            }
            long count = m.count(metric.name(), "a door count", MAX_VISIT_COUNT);
            if (count > 0) {
                doorCounts.put(door.group(1) + "." + door.group(2) + "." + door.group(3), (int) count);
            }
        }
        if (doorCounts.size() > MAX_DOOR_COUNTS) {
            throw m.refuse("more than " + MAX_DOOR_COUNTS + " door counts");
        }
        Position position = m.payload.position();
        return new StopVisitRecord(account, clientId, visitId, tripId, tripStart, line, stopId, stopSequence, stopName,
                arrival, departure, boardings, alightings, occupancy, quality, doorCounts,
                position == null ? null : position.latitude(), position == null ? null : position.longitude());
    }

    private TripRecord trip(Metrics m, String clientId) throws Refused {
        String tripId = m.id("trip_id");
        String line = m.optionalId("line");
        Instant start = m.time("trip_start");
        Instant end = m.time("trip_end");
        if (end.isBefore(start)) {
            throw m.refuse("trip_end is before trip_start");
        }
        int visits = (int) m.count("visits", MAX_SEQUENCE);
        long boardings = m.count("boardings", MAX_TRIP_COUNT);
        long alightings = m.count("alightings", MAX_TRIP_COUNT);
        long imbalance = m.count("imbalance", MAX_TRIP_COUNT);
        long clamped = m.count("clamped", MAX_TRIP_COUNT);
        return new TripRecord(account, clientId, tripId, start, end, line, visits, boardings, alightings, imbalance,
                clamped);
    }

    private OccupancyRecord occupancy(Metrics m, String clientId) throws Refused {
        Instant at = m.payload.timestamp();
        if (at == null) {
            throw m.refuse("the payload has no timestamp");
        }
        if (at.isBefore(EARLIEST) || !at.isBefore(LATEST)) {
            throw m.refuse("the payload timestamp is not a plausible time");
        }
        int load = (int) m.count("load", MAX_VISIT_COUNT);
        Long percent = m.optionalCount("occupancy_percent", MAX_OCCUPANCY_PERCENT);
        String status = m.optionalString("occupancy_status");
        if (status != null && !TOKEN.matcher(status).matches()) {
            throw m.refuse("metric occupancy_status is not a GTFS-Realtime status name");
        }
        Long statusCode = m.optionalCount("occupancy_status_code", 100);
        boolean doorsOpen = m.bool("doors_open");
        String tripId = m.optionalId("trip_id");
        String line = m.optionalId("line");
        String stopId = m.optionalId("stop_id");
        Long stopSequence = m.optionalCount("stop_sequence", MAX_SEQUENCE);
        Position position = m.payload.position();
        return new OccupancyRecord(account, clientId, at, load, percent == null ? null : percent.intValue(), status,
                statusCode == null ? null : statusCode.intValue(), doorsOpen, tripId, line, stopId,
                stopSequence == null ? null : stopSequence.intValue(),
                position == null ? null : position.latitude(), position == null ? null : position.longitude());
    }

    /**
     * Every counter in kWh is energy: the import counter is stored as the meter itself, the others (export, total,
     * heat, ...) as {@code METER/point}, so each counter has its own series.
     */
    private Route energy(Metrics m, String clientId, String meter) throws Refused {
        String point = m.string("point");
        if (!POINT.matcher(point).matches()) {
            throw m.refuse("metric point is not a point name");
        }
        String unit = m.string("unit");
        if (!unit.equals(KWH)) {
            return new Route.Ignored(account, clientId, "meter interval of a counter not in kWh");
        }
        Instant start = m.time("start");
        Instant end = m.time("end");
        if (!end.isAfter(start)) {
            throw m.refuse("end is not after start");
        }
        double consumption = m.number("consumption");
        if (consumption < 0) {
            throw m.refuse("metric consumption is negative");
        }
        if (consumption > MAX_INTERVAL_KWH) {
            throw m.refuse("metric consumption is implausibly large");
        }
        if (m.payload.metrics().containsKey("value")) {
            m.number("value");
        }
        String quality = m.string("quality");
        if (!TOKEN.matcher(quality).matches()) {
            throw m.refuse("metric quality is not a quality name");
        }
        String series = point.equals(ENERGY_IMPORT) ? meter : meter + "/" + point;
        if (series.length() > MAX_ID) {
            throw m.refuse("meter and point name are longer than " + MAX_ID + " characters");
        }
        return new Route.EnergyInterval(new org.edgeway.fleet.internal.store.EnergyInterval(account, clientId, series,
                start, end, consumption, quality));
    }

    // ---- typed metrics -----------------------------------------------------------------------------------------

    /** Reads the metrics of one message by the names and types of the contract; every refusal names the metric. */
    private static final class Metrics {

        final String kind;
        final Payload payload;

        Metrics(String kind, Payload payload) {
            this.kind = kind;
            this.payload = payload;
        }

        Refused refuse(String problem) {
            return new Refused(kind + ": " + problem);
        }

        private Metric required(String name) throws Refused {
            Metric metric = payload.metrics().get(name);
            if (metric == null) {
                throw refuse("metric " + name + " is missing");
            }
            return metric;
        }

        String string(String name) throws Refused {
            return text(required(name), "metric " + name);
        }

        String optionalString(String name) throws Refused {
            Metric metric = payload.metrics().get(name);
            return metric == null ? null : text(metric, "metric " + name);
        }

        private String text(Metric metric, String label) throws Refused {
            if (metric.type() != MetricType.STRING) {
                throw refuse(label + " is " + metric.type() + ", not a string");
            }
            return (String) metric.value();
        }

        /** A required identifier: not empty, at most 255 characters. */
        String id(String name) throws Refused {
            String value = string(name);
            if (value.isEmpty()) {
                throw refuse("metric " + name + " is empty");
            }
            return checkLength(name, value);
        }

        /** An optional identifier: absent or empty means none. */
        String optionalId(String name) throws Refused {
            String value = optionalString(name);
            return value == null || value.isEmpty() ? null : checkLength(name, value);
        }

        private String checkLength(String name, String value) throws Refused {
            if (value.length() > MAX_ID) {
                throw refuse("metric " + name + " is longer than " + MAX_ID + " characters");
            }
            return value;
        }

        private long integer(Metric metric, String label) throws Refused {
            if (metric.type() != MetricType.INT64 && metric.type() != MetricType.INT32) {
                throw refuse(label + " is " + metric.type() + ", not an integer");
            }
            return ((Number) metric.value()).longValue();
        }

        long count(String name, long max) throws Refused {
            return count(name, "metric " + name, max);
        }

        /** A count between 0 and {@code max}; {@code label} names it in a refusal. */
        long count(String name, String label, long max) throws Refused {
            long value = integer(required(name), label);
            if (value < 0) {
                throw refuse(label + " is negative");
            }
            if (value > max) {
                throw refuse(label + " is implausibly large");
            }
            return value;
        }

        Long optionalCount(String name, long max) throws Refused {
            return payload.metrics().containsKey(name) ? count(name, max) : null;
        }

        /** Epoch milliseconds within 2000..2100. */
        Instant time(String name) throws Refused {
            long millis = integer(required(name), "metric " + name);
            if (millis < EARLIEST.toEpochMilli() || millis >= LATEST.toEpochMilli()) {
                throw refuse("metric " + name + " is not a plausible time in epoch milliseconds");
            }
            return Instant.ofEpochMilli(millis);
        }

        double number(String name) throws Refused {
            Metric metric = required(name);
            if (metric.type() == MetricType.STRING || metric.type() == MetricType.BOOLEAN
                    || metric.type() == MetricType.BYTES) {
                throw refuse("metric " + name + " is " + metric.type() + ", not a number");
            }
            double value = ((Number) metric.value()).doubleValue();
            if (!Double.isFinite(value)) {
                throw refuse("metric " + name + " is not a finite number");
            }
            return value;
        }

        boolean bool(String name) throws Refused {
            Metric metric = required(name);
            if (metric.type() != MetricType.BOOLEAN) {
                throw refuse("metric " + name + " is " + metric.type() + ", not a boolean");
            }
            return (Boolean) metric.value();
        }
    }

    /** Control flow inside the router only: never leaves it. */
    private static final class Refused extends Exception {

        private static final long serialVersionUID = 1L;

        final transient String account;
        final transient String clientId;
        final String reason;

        Refused(String reason) {
            this(null, null, reason);
        }

        Refused(String account, String clientId, String reason) {
            super(reason, null, false, false);
            this.account = account;
            this.clientId = clientId;
            this.reason = reason;
        }
    }
}
