package org.edgeway.fleet.internal.store;

import java.io.Writer;
import java.lang.reflect.Type;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import javax.sql.DataSource;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;

/**
 * The fleet console's repository: device registry, stop visits, trips, occupancy, energy, reports and exports. Thread
 * safe: every call takes its own pooled connection, and idempotency rests on primary keys with
 * {@code ON CONFLICT DO NOTHING}, never on a read before the write.
 */
public final class FleetStore {

    private static final Type STRING_MAP = new TypeToken<Map<String, String>>() { }.getType();
    private static final Type INT_MAP = new TypeToken<Map<String, Integer>>() { }.getType();

    private static final String INSERT_VISIT = "INSERT INTO stop_visit (account, client_id, visit_id, trip_id, "
            + "trip_start_ms, line, stop_id, stop_sequence, stop_name, arrival_ms, departure_ms, boardings, alightings, "
            + "occupancy, quality, door_counts, latitude, longitude, received_ms) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    private final DataSource dataSource;
    private final Clock clock;
    private final Gson gson = new Gson();
    private final StoreReports reports;
    private final StoreExports exports;

    public FleetStore(FleetDatabase database, Clock clock) {
        this.dataSource = Objects.requireNonNull(database, "database").dataSource();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reports = new StoreReports(dataSource);
        this.exports = new StoreExports(dataSource);
    }

    // ---- registry ----------------------------------------------------------------------------------------------

    /**
     * A birth: the gateway is online (unless a later DC or LWT was already stored), its versions and metrics are
     * replaced, and its packages too when the birth lists them. An older birth re-delivered after a newer one only
     * counts as seen.
     */
    public void birth(GatewayBirth birth) {
        Check.notNull("birth", birth);
        long at = birth.at().toEpochMilli();
        Jdbc.transaction(dataSource, "storing the birth of " + birth.clientId(), c -> {
            GatewayState state = lockGateway(c, birth.account(), birth.clientId());
            long seen = state.lastSeen == null ? at : Math.max(state.lastSeen, at);
            if (state.lastBirth != null && at < state.lastBirth) {
                updateSeen(c, birth.account(), birth.clientId(), seen);
                return null;
            }
            boolean online = state.lastDisconnect == null || at >= state.lastDisconnect;
            Map<String, String> metrics = birth.metrics();
            try (PreparedStatement s = c.prepareStatement("UPDATE gateway SET online = ?, last_seen_ms = ?, "
                    + "last_birth_ms = ?, display_name = ?, model_name = ?, runtime_version = ?, profile = ?, "
                    + "latitude = CASE WHEN ? THEN ? ELSE latitude END, "
                    + "longitude = CASE WHEN ? THEN ? ELSE longitude END, birth_metrics = ? "
                    + "WHERE account = ? AND client_id = ?")) {
                boolean hasPosition = birth.latitude() != null;
                s.setBoolean(1, online);
                s.setLong(2, seen);
                s.setLong(3, at);
                Jdbc.setString(s, 4, metrics.get("display_name"));
                Jdbc.setString(s, 5, metrics.get("model_name"));
                Jdbc.setString(s, 6, runtimeVersion(metrics));
                Jdbc.setString(s, 7, metrics.get("profile"));
                s.setBoolean(8, hasPosition);
                Jdbc.setDouble(s, 9, birth.latitude());
                s.setBoolean(10, hasPosition);
                Jdbc.setDouble(s, 11, birth.longitude());
                s.setString(12, gson.toJson(metrics));
                s.setString(13, birth.account());
                s.setString(14, birth.clientId());
                s.executeUpdate();
            }
            if (birth.packages() != null) {
                replacePackages(c, birth.account(), birth.clientId(), birth.packages());
            }
            return null;
        });
    }

    /** The edgeway version: {@code application_framework_version}, else {@code kura_version} without "edgeway-". */
    private static String runtimeVersion(Map<String, String> metrics) {
        String version = metrics.get("application_framework_version");
        if (version == null) {
            version = metrics.get("kura_version");
            if (version != null && version.startsWith("edgeway-")) {
                version = version.substring("edgeway-".length());
            }
        }
        return version;
    }

    /**
     * The packages a gateway answered {@code DEPLOY-V2 GET packages} with (Kura's births carry none), replacing what
     * the registry held; nothing if the gateway is not registered.
     */
    public void packages(String account, String clientId, List<InstalledPackage> packages) {
        Check.id("account", account);
        Check.id("clientId", clientId);
        List<InstalledPackage> list = List.copyOf(packages);
        Jdbc.transaction(dataSource, "storing the packages of " + clientId, c -> {
            if (gatewayExists(c, account, clientId)) {
                replacePackages(c, account, clientId, list);
            }
            return null;
        });
    }

    private static boolean gatewayExists(Connection c, String account, String clientId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT 1 FROM gateway WHERE account = ? AND client_id = ?")) {
            select.setString(1, account);
            select.setString(2, clientId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void replacePackages(Connection c, String account, String clientId, List<InstalledPackage> packages)
            throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM gateway_package WHERE account = ? AND client_id = ?")) {
            delete.setString(1, account);
            delete.setString(2, clientId);
            delete.executeUpdate();
        }
        if (packages.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO gateway_package (account, client_id, name, version) VALUES (?, ?, ?, ?)")) {
            for (InstalledPackage p : packages) {
                insert.setString(1, account);
                insert.setString(2, clientId);
                insert.setString(3, p.name());
                Jdbc.setString(insert, 4, p.version());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * A clean disconnect (DC) or the last will (LWT): offline, unless the gateway was born or seen after {@code at}
     * (a late message about an older connection). Only a DC counts as seen: the broker sends the last will.
     */
    public void disconnected(String account, String clientId, Instant at, boolean lastWill) {
        Check.id("account", account);
        Check.id("clientId", clientId);
        Check.notNull("at", at);
        long when = at.toEpochMilli();
        Jdbc.transaction(dataSource, "storing the disconnect of " + clientId, c -> {
            GatewayState state = lockGateway(c, account, clientId);
            boolean current = (state.lastBirth == null || when >= state.lastBirth)
                    && (state.lastSeen == null || when >= state.lastSeen);
            long disconnect = state.lastDisconnect == null ? when : Math.max(state.lastDisconnect, when);
            Long seen = lastWill ? state.lastSeen : Long.valueOf(state.lastSeen == null ? when
                    : Math.max(state.lastSeen, when));
            try (PreparedStatement s = c.prepareStatement("UPDATE gateway SET online = CASE WHEN ? THEN FALSE "
                    + "ELSE online END, last_will = CASE WHEN ? THEN ? ELSE last_will END, last_disconnect_ms = ?, "
                    + "last_seen_ms = ? WHERE account = ? AND client_id = ?")) {
                s.setBoolean(1, current);
                s.setBoolean(2, current);
                s.setBoolean(3, lastWill);
                s.setLong(4, disconnect);
                if (seen == null) {
                    s.setNull(5, java.sql.Types.BIGINT);
                } else {
                    s.setLong(5, seen);
                }
                s.setString(6, account);
                s.setString(7, clientId);
                s.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Any message from the gateway: last seen moves forward, and a gateway that publishes after its last disconnect
     * is online again (its birth may come later). One UPDATE in the usual case: this runs for every message.
     */
    public void seen(String account, String clientId, Instant at) {
        Check.id("account", account);
        Check.id("clientId", clientId);
        Check.notNull("at", at);
        long when = at.toEpochMilli();
        Jdbc.transaction(dataSource, "storing that " + clientId + " was seen", c -> {
            if (markSeen(c, account, clientId, when) == 0) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO gateway (account, client_id, online, "
                        + "last_seen_ms) VALUES (?, ?, TRUE, ?) ON CONFLICT DO NOTHING")) {
                    s.setString(1, account);
                    s.setString(2, clientId);
                    s.setLong(3, when);
                    if (s.executeUpdate() == 0) {
                        markSeen(c, account, clientId, when);
                    }
                }
            }
            return null;
        });
    }

    private static int markSeen(Connection c, String account, String clientId, long when) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE gateway SET "
                + "online = CASE WHEN last_disconnect_ms IS NULL OR last_disconnect_ms < ? THEN TRUE ELSE online END, "
                + "last_seen_ms = CASE WHEN last_seen_ms IS NULL OR last_seen_ms < ? THEN ? ELSE last_seen_ms END "
                + "WHERE account = ? AND client_id = ?")) {
            s.setLong(1, when);
            s.setLong(2, when);
            s.setLong(3, when);
            s.setString(4, account);
            s.setString(5, clientId);
            return s.executeUpdate();
        }
    }

    private record GatewayState(Long lastSeen, Long lastBirth, Long lastDisconnect) {
    }

    /** Creates the row if needed and locks it, so births and disconnects of one gateway apply one at a time. */
    private static GatewayState lockGateway(Connection c, String account, String clientId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO gateway (account, client_id, online) VALUES (?, ?, FALSE) ON CONFLICT DO NOTHING")) {
            s.setString(1, account);
            s.setString(2, clientId);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT last_seen_ms, last_birth_ms, last_disconnect_ms "
                + "FROM gateway WHERE account = ? AND client_id = ? FOR UPDATE")) {
            s.setString(1, account);
            s.setString(2, clientId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("gateway row vanished", "40001");
                }
                return new GatewayState(Jdbc.nullableLong(rs, "last_seen_ms"), Jdbc.nullableLong(rs, "last_birth_ms"),
                        Jdbc.nullableLong(rs, "last_disconnect_ms"));
            }
        }
    }

    private static void updateSeen(Connection c, String account, String clientId, long seen) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE gateway SET last_seen_ms = ? WHERE account = ? AND client_id = ?")) {
            s.setLong(1, seen);
            s.setString(2, account);
            s.setString(3, clientId);
            s.executeUpdate();
        }
    }

    /** Every gateway of the account, by client id. */
    public List<Gateway> gateways(String account) {
        Check.id("account", account);
        return queryGateways(account, null);
    }

    /** One gateway. */
    public Optional<Gateway> gateway(String account, String clientId) {
        Check.id("account", account);
        Check.id("clientId", clientId);
        return queryGateways(account, clientId).stream().findFirst();
    }

    private List<Gateway> queryGateways(String account, String clientId) {
        String only = clientId == null ? "" : " AND client_id = ?";
        return Jdbc.read(dataSource, "reading gateways", c -> {
            Map<String, List<InstalledPackage>> packages = new TreeMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT client_id, name, version FROM gateway_package "
                    + "WHERE account = ?" + only + " ORDER BY client_id, name")) {
                s.setString(1, account);
                if (clientId != null) {
                    s.setString(2, clientId);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        packages.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new InstalledPackage(rs.getString(2), rs.getString(3)));
                    }
                }
            }
            List<Gateway> gateways = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM gateway WHERE account = ?" + only
                    + " ORDER BY client_id")) {
                s.setString(1, account);
                if (clientId != null) {
                    s.setString(2, clientId);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString("client_id");
                        String metrics = rs.getString("birth_metrics");
                        gateways.add(new Gateway(account, id, rs.getBoolean("online"),
                                Jdbc.instant(rs, "last_seen_ms"), Jdbc.instant(rs, "last_birth_ms"),
                                rs.getString("display_name"), rs.getString("model_name"),
                                rs.getString("runtime_version"), rs.getString("profile"),
                                packages.getOrDefault(id, List.of()), Jdbc.nullableDouble(rs, "latitude"),
                                Jdbc.nullableDouble(rs, "longitude"),
                                metrics == null ? Map.of() : gson.fromJson(metrics, STRING_MAP)));
                    }
                }
            }
            return gateways;
        });
    }

    // ---- stop visits, trips, occupancy -------------------------------------------------------------------------

    /** Stores a visit once: a re-delivery (even a concurrent one) returns false and changes nothing. */
    public boolean storeStopVisit(StopVisitRecord visit) {
        Check.notNull("visit", visit);
        long received = clock.millis();
        return Jdbc.transaction(dataSource, "storing stop visit " + visit.visitId(), c -> {
            try (PreparedStatement s = c.prepareStatement(INSERT_VISIT)) {
                bindVisit(s, visit, received);
                return s.executeUpdate() == 1;
            }
        });
    }

    /**
     * Stores many visits in one transaction and returns how many were new. Rows are written in key order so that
     * two batches sharing visits lock them in the same order (no deadlock).
     */
    public int storeStopVisits(List<StopVisitRecord> visits) {
        Check.notNull("visits", visits);
        for (int i = 0; i < visits.size(); i++) {
            if (visits.get(i) == null) {
                throw new IllegalArgumentException("visits[" + i + "] is missing");
            }
        }
        if (visits.isEmpty()) {
            return 0;
        }
        List<StopVisitRecord> ordered = new ArrayList<>(visits);
        ordered.sort(Comparator.comparing(StopVisitRecord::account).thenComparing(StopVisitRecord::clientId)
                .thenComparing(StopVisitRecord::visitId));
        long received = clock.millis();
        return Jdbc.transaction(dataSource, "storing " + visits.size() + " stop visits", c -> {
            int stored = 0;
            try (PreparedStatement s = c.prepareStatement(INSERT_VISIT)) {
                for (StopVisitRecord visit : ordered) {
                    bindVisit(s, visit, received);
                    s.addBatch();
                }
                for (int count : s.executeBatch()) {
                    stored += count > 0 ? 1 : 0;
                }
            }
            return stored;
        });
    }

    private void bindVisit(PreparedStatement s, StopVisitRecord v, long received) throws SQLException {
        s.setString(1, v.account());
        s.setString(2, v.clientId());
        s.setString(3, v.visitId());
        Jdbc.setString(s, 4, v.tripId());
        Jdbc.setMillis(s, 5, v.tripStart());
        Jdbc.setString(s, 6, v.line());
        Jdbc.setString(s, 7, v.stopId());
        Jdbc.setInt(s, 8, v.stopSequence());
        Jdbc.setString(s, 9, v.stopName());
        s.setLong(10, v.arrival().toEpochMilli());
        s.setLong(11, v.departure().toEpochMilli());
        s.setInt(12, v.boardings());
        s.setInt(13, v.alightings());
        s.setInt(14, v.occupancy());
        s.setString(15, v.quality());
        Jdbc.setString(s, 16, v.doorCounts().isEmpty() ? null : gson.toJson(v.doorCounts()));
        Jdbc.setDouble(s, 17, v.latitude());
        Jdbc.setDouble(s, 18, v.longitude());
        s.setLong(19, received);
    }

    /** Door counts as stored (JSON); an unreadable value reads as none rather than failing a whole report. */
    static Map<String, Integer> doorCounts(Gson gson, String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            Map<String, Integer> counts = gson.fromJson(json, INT_MAP);
            return counts == null ? Map.of() : new TreeMap<>(counts);
        } catch (JsonParseException e) {
            return Map.of();
        }
    }

    /** Stores a trip summary once (idempotent on account, client id, trip id and trip start). */
    public boolean storeTripSummary(TripRecord trip) {
        Check.notNull("trip", trip);
        long received = clock.millis();
        return Jdbc.transaction(dataSource, "storing trip " + trip.tripId(), c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO trip_summary (account, client_id, trip_id, "
                    + "trip_start_ms, trip_end_ms, line, visits, boardings, alightings, imbalance, clamped, received_ms)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                s.setString(1, trip.account());
                s.setString(2, trip.clientId());
                s.setString(3, trip.tripId());
                s.setLong(4, trip.tripStart().toEpochMilli());
                s.setLong(5, trip.tripEnd().toEpochMilli());
                Jdbc.setString(s, 6, trip.line());
                s.setInt(7, trip.visits());
                s.setLong(8, trip.boardings());
                s.setLong(9, trip.alightings());
                s.setLong(10, trip.imbalance());
                s.setLong(11, trip.clamped());
                s.setLong(12, received);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** Keeps the latest occupancy of the vehicle; an older message (QoS 0 may arrive out of order) is ignored. */
    public void occupancy(OccupancyRecord o) {
        Check.notNull("occupancy", o);
        long received = clock.millis();
        Jdbc.transaction(dataSource, "storing occupancy of " + o.clientId(), c -> {
            if (updateOccupancy(c, o, received) == 0) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO vehicle_occupancy (at_ms, passenger_load, "
                        + "occupancy_percent, occupancy_status, occupancy_status_code, doors_open, trip_id, line, "
                        + "stop_id, stop_sequence, latitude, longitude, received_ms, account, client_id) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                    bindOccupancy(s, o, received);
                    if (s.executeUpdate() == 0) {
                        updateOccupancy(c, o, received);
                    }
                }
            }
            return null;
        });
    }

    private static int updateOccupancy(Connection c, OccupancyRecord o, long received) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE vehicle_occupancy SET at_ms = ?, passenger_load = ?, "
                + "occupancy_percent = ?, occupancy_status = ?, occupancy_status_code = ?, doors_open = ?, trip_id = ?, "
                + "line = ?, stop_id = ?, stop_sequence = ?, latitude = ?, longitude = ?, received_ms = ? "
                + "WHERE account = ? AND client_id = ? AND at_ms <= ?")) {
            bindOccupancy(s, o, received);
            s.setLong(16, o.at().toEpochMilli());
            return s.executeUpdate();
        }
    }

    private static void bindOccupancy(PreparedStatement s, OccupancyRecord o, long received) throws SQLException {
        s.setLong(1, o.at().toEpochMilli());
        s.setInt(2, o.load());
        Jdbc.setInt(s, 3, o.occupancyPercent());
        Jdbc.setString(s, 4, o.occupancyStatus());
        Jdbc.setInt(s, 5, o.occupancyStatusCode());
        s.setBoolean(6, o.doorsOpen());
        Jdbc.setString(s, 7, o.tripId());
        Jdbc.setString(s, 8, o.line());
        Jdbc.setString(s, 9, o.stopId());
        Jdbc.setInt(s, 10, o.stopSequence());
        Jdbc.setDouble(s, 11, o.latitude());
        Jdbc.setDouble(s, 12, o.longitude());
        s.setLong(13, received);
        s.setString(14, o.account());
        s.setString(15, o.clientId());
    }

    /** The latest occupancy of every vehicle of the account, by client id. */
    public List<OccupancyRecord> latestOccupancy(String account) {
        Check.id("account", account);
        return Jdbc.read(dataSource, "reading occupancy", c -> {
            List<OccupancyRecord> result = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT * FROM vehicle_occupancy WHERE account = ? ORDER BY client_id")) {
                s.setString(1, account);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        result.add(new OccupancyRecord(account, rs.getString("client_id"),
                                Jdbc.instant(rs, "at_ms"), rs.getInt("passenger_load"),
                                Jdbc.nullableInt(rs, "occupancy_percent"), rs.getString("occupancy_status"),
                                Jdbc.nullableInt(rs, "occupancy_status_code"), rs.getBoolean("doors_open"),
                                rs.getString("trip_id"), rs.getString("line"), rs.getString("stop_id"),
                                Jdbc.nullableInt(rs, "stop_sequence"), Jdbc.nullableDouble(rs, "latitude"),
                                Jdbc.nullableDouble(rs, "longitude")));
                    }
                }
            }
            return result;
        });
    }

    // ---- energy --------------------------------------------------------------------------------------------------

    /** Stores an interval once (idempotent on account, client id, meter and start). */
    public boolean storeEnergyInterval(EnergyInterval e) {
        Check.notNull("interval", e);
        long received = clock.millis();
        return Jdbc.transaction(dataSource, "storing energy of " + e.meter(), c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO energy_interval (account, client_id, meter, "
                    + "start_ms, end_ms, kwh, quality, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT DO NOTHING")) {
                s.setString(1, e.account());
                s.setString(2, e.clientId());
                s.setString(3, e.meter());
                s.setLong(4, e.start().toEpochMilli());
                s.setLong(5, e.end().toEpochMilli());
                s.setDouble(6, e.kwh());
                Jdbc.setString(s, 7, e.quality());
                s.setLong(8, received);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** Intervals starting in [from, to), of one meter or all (meter null), by start, client id and meter. */
    public List<EnergyInterval> energy(String account, String meter, Instant from, Instant to) {
        Check.id("account", account);
        Check.optionalId("meter", meter);
        Check.range(from, to);
        return reports.energy(account, meter, from, to);
    }

    /** Every meter of the account with stored intervals, by client id and meter name. */
    public List<MeterRef> energyMeters(String account) {
        Check.id("account", account);
        return reports.energyMeters(account);
    }

    // ---- reports -------------------------------------------------------------------------------------------------

    /** Visits, boardings and alightings per stop id, for visits arriving in [from, to). */
    public List<CountRow> countsByStop(String account, Instant from, Instant to) {
        checkReport(account, from, to);
        return reports.countsByStop(account, from, to);
    }

    /** Per trip run (key: trip id + "@" + trip start, label: line). */
    public List<CountRow> countsByTrip(String account, Instant from, Instant to) {
        checkReport(account, from, to);
        return reports.countsByTrip(account, from, to);
    }

    /** Per line. */
    public List<CountRow> countsByLine(String account, Instant from, Instant to) {
        checkReport(account, from, to);
        return reports.countsByLine(account, from, to);
    }

    /** Per local hour of {@code zone} (key: the hour's start with its offset, so DST's repeated hour is two rows). */
    public List<CountRow> countsByHour(String account, Instant from, Instant to, ZoneId zone) {
        checkReport(account, from, to);
        Check.notNull("zone", zone);
        return reports.countsByHour(account, from, to, zone);
    }

    /** Per local day of {@code zone} (key: ISO date, label: day of the week). */
    public List<CountRow> countsByDay(String account, Instant from, Instant to, ZoneId zone) {
        checkReport(account, from, to);
        Check.notNull("zone", zone);
        return reports.countsByDay(account, from, to, zone);
    }

    /**
     * The balance of every trip run with a visit arriving in [from, to), over all its stored visits: IMBALANCED when
     * |boardings - alightings| exceeds {@code threshold}, INCOMPLETE without its trip summary or with fewer visits
     * stored than the summary counted.
     */
    public List<TripBalance> tripBalances(String account, Instant from, Instant to, long threshold) {
        checkReport(account, from, to);
        Check.notNegative("threshold", threshold);
        return reports.tripBalances(account, from, to, threshold);
    }

    private static void checkReport(String account, Instant from, Instant to) {
        Check.id("account", account);
        Check.range(from, to);
    }

    // ---- exports -------------------------------------------------------------------------------------------------

    /** Every visit arriving in [from, to) as RFC 4180 CSV with a header row; times in ISO-8601 UTC. */
    public void exportStopVisitsCsv(String account, Instant from, Instant to, Writer out) {
        checkReport(account, from, to);
        Check.notNull("out", out);
        exports.stopVisitsCsv(account, from, to, out);
    }

    /**
     * TIDES {@code stop_visits} for visits arriving in [from, to) that belong to a trip; service dates in
     * {@code zone}.
     */
    public void exportTidesStopVisits(String account, Instant from, Instant to, ZoneId zone, Writer out) {
        checkReport(account, from, to);
        Check.notNull("zone", zone);
        Check.notNull("out", out);
        exports.tidesStopVisits(account, from, to, zone, out);
    }

    /** TIDES {@code passenger_events}: one event per visit, door, object class and direction with a count. */
    public void exportTidesPassengerEvents(String account, Instant from, Instant to, ZoneId zone, Writer out) {
        checkReport(account, from, to);
        Check.notNull("zone", zone);
        Check.notNull("out", out);
        exports.tidesPassengerEvents(account, from, to, zone, out);
    }

    /**
     * Energy per meter and quarter hour (intervals starting in [from, to), summed per quarter hour of their start),
     * RFC 4180 CSV; times as ISO-8601 with the offset of {@code zone}.
     */
    public void exportEnergyCsv(String account, String meter, Instant from, Instant to, ZoneId zone, Writer out) {
        checkReport(account, from, to);
        Check.optionalId("meter", meter);
        Check.notNull("zone", zone);
        Check.notNull("out", out);
        exports.energyCsv(account, meter, from, to, zone, out);
    }

    // ---- rejections ----------------------------------------------------------------------------------------------

    /** Counts a malformed message of a gateway; a reason longer than 255 characters is cut (it is a category). */
    public void rejected(String account, String clientId, String reason) {
        Check.id("account", account);
        Check.id("clientId", clientId);
        String category = reason == null || reason.length() <= Check.MAX_ID ? reason
                : reason.substring(0, Check.MAX_ID);
        Check.id("reason", category);
        long now = clock.millis();
        Jdbc.transaction(dataSource, "counting a rejected message", c -> {
            if (countRejected(c, account, clientId, category, now) == 0) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO rejected_message (account, client_id, "
                        + "reason, message_count, last_ms) VALUES (?, ?, ?, 1, ?) ON CONFLICT DO NOTHING")) {
                    s.setString(1, account);
                    s.setString(2, clientId);
                    s.setString(3, category);
                    s.setLong(4, now);
                    if (s.executeUpdate() == 0) {
                        countRejected(c, account, clientId, category, now);
                    }
                }
            }
            return null;
        });
    }

    private static int countRejected(Connection c, String account, String clientId, String reason, long now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE rejected_message SET message_count = message_count + 1, "
                + "last_ms = ? WHERE account = ? AND client_id = ? AND reason = ?")) {
            s.setLong(1, now);
            s.setString(2, account);
            s.setString(3, clientId);
            s.setString(4, reason);
            return s.executeUpdate();
        }
    }

    /** Rejected messages of the account per reason, summed over its gateways. */
    public Map<String, Long> rejectedCounts(String account) {
        Check.id("account", account);
        return rejectedCounts(account, null);
    }

    /** Rejected messages of one gateway per reason (clientId null: all gateways of the account). */
    public Map<String, Long> rejectedCounts(String account, String clientId) {
        Check.id("account", account);
        Check.optionalId("clientId", clientId);
        return Jdbc.read(dataSource, "reading rejected counts", c -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT reason, SUM(message_count) FROM rejected_message "
                    + "WHERE account = ?" + (clientId == null ? "" : " AND client_id = ?")
                    + " GROUP BY reason ORDER BY reason")) {
                s.setString(1, account);
                if (clientId != null) {
                    s.setString(2, clientId);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        counts.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return counts;
        });
    }
}
