package org.edgeway.fleet.internal.web;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.edgeway.fleet.internal.FleetComponent;
import org.edgeway.fleet.internal.feed.VehiclePositionsFeed;
import org.edgeway.fleet.internal.ingest.IngestStats;
import org.edgeway.fleet.internal.ops.FleetOperations;
import org.edgeway.fleet.internal.store.FleetStore;
import org.edgeway.fleet.internal.store.Gateway;
import org.edgeway.fleet.internal.store.OccupancyRecord;
import org.edgeway.fleet.internal.store.TripBalance;
import org.edgeway.web.common.ApiException;
import org.edgeway.web.common.Json;
import org.edgeway.web.common.JsonApiServlet;
import org.edgeway.web.common.security.UserStore.User;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The fleet console's REST API under {@code /fleet/api/} (docs/fleet.md, "REST API"): the registry, passenger
 * counts, exports, the GTFS-Realtime feed, energy, fleet operations and users. Every resource needs a session;
 * fleet operations, group changes and users need the admin role.
 */
final class FleetApiServlet extends JsonApiServlet {

    private static final long serialVersionUID = 1L;
    /** The longest date range of one report or export, to keep one request from scanning years of visits. */
    static final long MAX_RANGE_DAYS = 366;
    private static final String CSV = "text/csv;charset=utf-8";

    private final transient FleetComponent fleet;
    private final transient FleetAuth auth;
    private final ZoneId zone;
    private final transient Clock clock;

    FleetApiServlet(FleetComponent fleet, FleetAuth auth, Json json, ZoneId zone, Clock clock, boolean https) {
        super(json, https, "fleet console");
        this.fleet = fleet;
        this.auth = auth;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    protected Object answer(String method, List<String> path, HttpServletRequest request,
            HttpServletResponse response) throws ApiException, IOException {
        if (!path.isEmpty() && path.get(0).equals("auth") && path.size() <= 2) {
            return auth.handle(method, path.size() == 2 ? path.get(1) : null, request, response);
        }
        User user = auth.require(method, request);
        String resource = path.isEmpty() ? "" : path.get(0);
        FleetStore store = fleet.store();
        String account = fleet.account();
        switch (resource) {
            case "status" -> {
                only(path, 1, method);
                return status(store, account);
            }
            case "gateways" -> {
                allow(method, "GET");
                if (path.size() == 1) {
                    return Map.of("gateways", store.gateways(account).stream().map(g -> gateway(g, false)).toList());
                }
                only(path, 2, method);
                return gatewayDetail(store, account, path.get(1));
            }
            case "users" -> {
                return auth.users(method, path, user, request, response);
            }
            case "groups" -> {
                return operations().groups(method, path, user, request);
            }
            case "rollouts" -> {
                return operations().rollouts(method, path, user, request, response);
            }
            case "counts" -> {
                only(path, 1, method);
                return counts(store, account, request);
            }
            case "trip-balances" -> {
                only(path, 1, method);
                return tripBalances(store, account, request);
            }
            case "occupancy" -> {
                only(path, 1, method);
                return Map.of("vehicles", occupancy(store, account));
            }
            case "energy" -> {
                allow(method, "GET");
                return energy(store, account, path, request);
            }
            case "gtfs-rt" -> {
                only(path, 2, method);
                return feed(account, path.get(1));
            }
            case "exports" -> {
                allow(method, "GET");
                return export(store, account, String.join("/", path.subList(1, path.size())), request);
            }
            default -> throw notFound(path);
        }
    }

    /** Fleet operations, or 503 when this console runs without them (ops.enabled=false). */
    private OperationsApi operations() throws ApiException {
        FleetOperations operations = fleet.operations();
        if (operations == null) {
            throw new ApiException(503, "fleet operations are off on this console (org.edgeway.fleet:ops.enabled)");
        }
        return new OperationsApi(operations, json, fleet.account());
    }

    private Map<String, Object> status(FleetStore store, String account) {
        List<Gateway> gateways = store.gateways(account);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("account", account);
        status.put("time", clock.instant());
        status.put("zone", zone.getId());
        status.put("gateways", Map.of("total", gateways.size(), "online",
                gateways.stream().filter(Gateway::online).count()));
        IngestStats ingest = fleet.ingestStats();
        if (ingest == null) {
            status.put("ingest", null);
        } else {
            Map<String, Object> counters = new LinkedHashMap<>();
            counters.put("received", ingest.received());
            counters.put("stored", ingest.stored());
            counters.put("duplicates", ingest.duplicates());
            counters.put("ignored", ingest.ignored());
            counters.put("rejected", ingest.rejectedTotal());
            counters.put("queueDepth", ingest.queueDepth());
            counters.put("subscribed", ingest.subscribed());
            status.put("ingest", counters);
        }
        status.put("rejected", store.rejectedCounts(account));
        return status;
    }

    private static Map<String, Object> gateway(Gateway g, boolean withBirthMetrics) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("clientId", g.clientId());
        map.put("displayName", g.displayName());
        map.put("modelName", g.modelName());
        map.put("online", g.online());
        map.put("lastSeen", g.lastSeen());
        map.put("lastBirth", g.lastBirth());
        map.put("runtimeVersion", g.runtimeVersion());
        map.put("profile", g.profile());
        map.put("latitude", g.latitude());
        map.put("longitude", g.longitude());
        map.put("packages", g.packages().stream().map(p -> Map.of("name", p.name(), "version", p.version()))
                .toList());
        if (withBirthMetrics) {
            map.put("birthMetrics", g.birthMetrics());
        }
        return map;
    }

    private Map<String, Object> gatewayDetail(FleetStore store, String account, String clientId)
            throws ApiException {
        if (clientId.length() > 255) {
            throw new ApiException(404, "no such gateway (client ids are at most 255 characters)");
        }
        Gateway gateway = store.gateway(account, clientId)
                .orElseThrow(() -> new ApiException(404, "no gateway " + clientId + " in account " + account));
        Map<String, Object> detail = gateway(gateway, true);
        detail.put("rejected", store.rejectedCounts(account, clientId));
        detail.put("occupancy", occupancy(store, account).stream()
                .filter(o -> clientId.equals(o.get("clientId"))).findFirst().orElse(null));
        detail.put("jobs", fleet.operations() == null ? List.of() : operations().gatewayJobs(clientId));
        return detail;
    }

    private List<Map<String, Object>> occupancy(FleetStore store, String account) {
        Map<String, String> names = store.gateways(account).stream().filter(g -> g.displayName() != null)
                .collect(Collectors.toMap(Gateway::clientId, Gateway::displayName, (a, b) -> a));
        return store.latestOccupancy(account).stream().map(o -> occupancy(o, names.get(o.clientId()))).toList();
    }

    private static Map<String, Object> occupancy(OccupancyRecord o, String displayName) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("clientId", o.clientId());
        map.put("displayName", displayName);
        map.put("at", o.at());
        map.put("load", o.load());
        map.put("occupancyPercent", o.occupancyPercent());
        map.put("occupancyStatus", o.occupancyStatus());
        map.put("doorsOpen", o.doorsOpen());
        map.put("tripId", o.tripId());
        map.put("line", o.line());
        map.put("stopId", o.stopId());
        map.put("stopSequence", o.stopSequence());
        map.put("latitude", o.latitude());
        map.put("longitude", o.longitude());
        return map;
    }

    private Map<String, Object> counts(FleetStore store, String account, HttpServletRequest request)
            throws ApiException {
        DateRange range = range(request);
        String by = Optional.ofNullable(request.getParameter("by")).orElse("stop");
        Map<String, Function<DateRange, Object>> reports = Map.of(
                "stop", r -> store.countsByStop(account, r.start(), r.end()),
                "trip", r -> store.countsByTrip(account, r.start(), r.end()),
                "line", r -> store.countsByLine(account, r.start(), r.end()),
                "hour", r -> store.countsByHour(account, r.start(), r.end(), zone),
                "day", r -> store.countsByDay(account, r.start(), r.end(), zone));
        Function<DateRange, Object> report = reports.get(by);
        if (report == null) {
            throw new ApiException(400, "by: '" + by + "' is not one of stop, trip, line, hour, day",
                    Map.of("by", "one of stop, trip, line, hour, day"));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("by", by);
        answer.put("from", range.from().toString());
        answer.put("to", range.to().toString());
        answer.put("zone", zone.getId());
        answer.put("rows", report.apply(range));
        return answer;
    }

    private Map<String, Object> tripBalances(FleetStore store, String account, HttpServletRequest request)
            throws ApiException {
        DateRange range = range(request);
        long threshold = longParameter(request, "threshold", 2, 0, 1_000_000);
        List<Map<String, Object>> rows = store.tripBalances(account, range.start(), range.end(), threshold).stream()
                .map(FleetApiServlet::balance).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("from", range.from().toString());
        answer.put("to", range.to().toString());
        answer.put("threshold", threshold);
        answer.put("rows", rows);
        return answer;
    }

    private static Map<String, Object> balance(TripBalance b) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("clientId", b.clientId());
        map.put("tripId", b.tripId());
        map.put("tripStart", b.tripStart());
        map.put("line", b.line());
        map.put("visits", b.visits());
        map.put("boardings", b.boardings());
        map.put("alightings", b.alightings());
        map.put("difference", b.difference());
        map.put("reportedVisits", b.reportedVisits());
        map.put("reportedImbalance", b.reportedImbalance());
        map.put("flag", b.flag());
        return map;
    }

    /** GTFS-Realtime VehiclePositions with occupancy, built from the latest occupancy of every vehicle. */
    private Object feed(String account, String name) throws ApiException {
        VehiclePositionsFeed feed = new VehiclePositionsFeed(fleet.store(), clock,
                VehiclePositionsFeed.DEFAULT_MAX_AGE);
        return switch (name) {
            case "vehicle-positions.pb" -> {
                byte[] bytes = feed.protobuf(account);
                yield new Download("application/x-protobuf", "vehicle-positions.pb", out -> out.write(bytes));
            }
            case "vehicle-positions.json" -> new Raw("application/json;charset=utf-8", feed.json(account));
            default -> throw new ApiException(404, "no such feed: " + name
                    + " (vehicle-positions.pb, vehicle-positions.json)");
        };
    }

    private Object energy(FleetStore store, String account, List<String> path, HttpServletRequest request)
            throws ApiException {
        if (path.size() == 2 && path.get(1).equals("meters")) {
            return Map.of("meters", store.energyMeters(account).stream().map(m -> {
                Map<String, Object> meter = new LinkedHashMap<>();
                meter.put("clientId", m.clientId());
                meter.put("meter", m.meter());
                meter.put("first", m.firstStart());
                meter.put("last", m.lastEnd());
                return meter;
            }).toList());
        }
        if (path.size() != 1) {
            throw notFound(path);
        }
        DateRange range = range(request);
        String meter = request.getParameter("meter");
        if (meter != null && meter.isBlank()) {
            meter = null;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("meter", meter);
        answer.put("from", range.from().toString());
        answer.put("to", range.to().toString());
        answer.put("zone", zone.getId());
        answer.put("intervals", store.energy(account, meter, range.start(), range.end()));
        return answer;
    }

    private Object export(FleetStore store, String account, String name, HttpServletRequest request)
            throws ApiException {
        DateRange range = range(request);
        String suffix = "_" + range.from() + "_" + range.to() + ".csv";
        return switch (name) {
            case "stop-visits.csv" -> csv("stop_visits" + suffix,
                    out -> store.exportStopVisitsCsv(account, range.start(), range.end(), out));
            case "tides/stop_visits.csv" -> csv("tides_stop_visits" + suffix,
                    out -> store.exportTidesStopVisits(account, range.start(), range.end(), zone, out));
            case "tides/passenger_events.csv" -> csv("tides_passenger_events" + suffix,
                    out -> store.exportTidesPassengerEvents(account, range.start(), range.end(), zone, out));
            case "energy.csv" -> {
                String meter = request.getParameter("meter");
                String chosen = meter == null || meter.isBlank() ? null : meter;
                yield csv("energy" + (chosen == null ? "" : "_" + chosen.replaceAll("[^A-Za-z0-9._-]", "-")) + suffix,
                        out -> store.exportEnergyCsv(account, chosen, range.start(), range.end(), zone, out));
            }
            default -> throw new ApiException(404, "no such export: " + name + " (stop-visits.csv, "
                    + "tides/stop_visits.csv, tides/passenger_events.csv, energy.csv)");
        };
    }

    private interface CsvWriter {
        void write(Writer out) throws IOException;
    }

    private static Download csv(String fileName, CsvWriter writer) {
        return new Download(CSV, fileName, out -> {
            Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            writer.write(text);
            text.flush();
        });
    }

    /** A report's dates: from and to inclusive, as [start of from, start of the day after to) in the zone. */
    record DateRange(LocalDate from, LocalDate to, Instant start, Instant end) {
    }

    DateRange range(HttpServletRequest request) throws ApiException {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate from = date(request, "from", today);
        LocalDate to = date(request, "to", from.isAfter(today) ? from : today);
        if (to.isBefore(from)) {
            throw new ApiException(400, "to (" + to + ") is before from (" + from + ")", Map.of("to", "before from"));
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_RANGE_DAYS) {
            throw new ApiException(400, "the range is longer than " + MAX_RANGE_DAYS + " days; ask for less",
                    Map.of("to", "at most " + MAX_RANGE_DAYS + " days after from"));
        }
        return new DateRange(from, to, from.atStartOfDay(zone).toInstant(),
                to.plusDays(1).atStartOfDay(zone).toInstant());
    }

    private static LocalDate date(HttpServletRequest request, String name, LocalDate otherwise) throws ApiException {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeException e) {
            throw new ApiException(400, name + ": '" + shorten(value) + "' is not a date (YYYY-MM-DD)",
                    Map.of(name, "a date YYYY-MM-DD"));
        }
    }

    static long longParameter(HttpServletRequest request, String name, long otherwise, long min, long max)
            throws ApiException {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            long number = Long.parseLong(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, name + ": '" + shorten(value) + "' is not a whole number from " + min + " to "
                + max, Map.of(name, "a whole number from " + min + " to " + max));
    }

    private static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }

    private static void only(List<String> path, int size, String method) throws ApiException {
        if (path.size() != size) {
            throw notFound(path);
        }
        allow(method, "GET");
    }

    static ApiException notFound(List<String> path) {
        return new ApiException(404, "no such resource: /fleet/api/" + String.join("/", path));
    }
}
