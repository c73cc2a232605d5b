package org.edgeway.fleet.internal.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import javax.sql.DataSource;

/** The read side: counts reports, trip balances, energy intervals. Grouping is done in SQL wherever it is portable. */
final class StoreReports {

    /** Visits are grouped by UTC quarter hour in SQL; every time zone's offset is a multiple of 15 minutes. */
    static final long QUARTER_MS = 15 * 60 * 1000L;

    private static final String RANGE = " WHERE account = ? AND arrival_ms >= ? AND arrival_ms < ?";

    private final DataSource dataSource;

    StoreReports(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<CountRow> countsByStop(String account, Instant from, Instant to) {
        return grouped("SELECT stop_id, MAX(stop_name), COUNT(*), SUM(boardings), SUM(alightings) FROM stop_visit"
                + RANGE + " GROUP BY stop_id", account, from, to);
    }

    List<CountRow> countsByLine(String account, Instant from, Instant to) {
        return grouped("SELECT line, line, COUNT(*), SUM(boardings), SUM(alightings) FROM stop_visit"
                + RANGE + " GROUP BY line", account, from, to);
    }

    List<CountRow> countsByTrip(String account, Instant from, Instant to) {
        return Jdbc.read(dataSource, "reading counts by trip", c -> {
            List<CountRow> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT trip_id, trip_start_ms, MAX(line), COUNT(*), "
                    + "SUM(boardings), SUM(alightings) FROM stop_visit" + RANGE + " GROUP BY trip_id, trip_start_ms")) {
                bindRange(s, account, from, to);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String trip = rs.getString(1);
                        Instant start = Jdbc.instant(rs, "trip_start_ms");
                        String key = trip == null ? null : trip + "@" + start;
                        rows.add(new CountRow(key, rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)));
                    }
                }
            }
            rows.sort(BY_KEY);
            return rows;
        });
    }

    List<CountRow> countsByHour(String account, Instant from, Instant to, ZoneId zone) {
        return byLocalTime(account, from, to, zone, quarter -> quarter.truncatedTo(ChronoUnit.HOURS),
                hour -> hour.toOffsetDateTime().toString(),
                hour -> String.format(Locale.ROOT, "%02d:00", hour.getHour()));
    }

    List<CountRow> countsByDay(String account, Instant from, Instant to, ZoneId zone) {
        return byLocalTime(account, from, to, zone, quarter -> quarter.truncatedTo(ChronoUnit.DAYS),
                day -> day.toLocalDate().toString(),
                day -> day.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
    }

    /** Sums per UTC quarter hour in SQL, then into local hours or days here (time zone rules stay in Java). */
    private List<CountRow> byLocalTime(String account, Instant from, Instant to, ZoneId zone,
            Function<ZonedDateTime, ZonedDateTime> bucket, Function<ZonedDateTime, String> key,
            Function<ZonedDateTime, String> label) {
        return Jdbc.read(dataSource, "reading counts by time", c -> {
            Map<Instant, long[]> sums = new TreeMap<>();
            Map<Instant, ZonedDateTime> starts = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT arrival_ms / " + QUARTER_MS + " AS quarter, "
                    + "COUNT(*), SUM(boardings), SUM(alightings) FROM stop_visit" + RANGE
                    + " GROUP BY arrival_ms / " + QUARTER_MS)) {
                bindRange(s, account, from, to);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ZonedDateTime start = bucket.apply(
                                Instant.ofEpochMilli(rs.getLong(1) * QUARTER_MS).atZone(zone));
                        Instant instant = start.toInstant();
                        starts.put(instant, start);
                        long[] sum = sums.computeIfAbsent(instant, k -> new long[3]);
                        sum[0] += rs.getLong(2);
                        sum[1] += rs.getLong(3);
                        sum[2] += rs.getLong(4);
                    }
                }
            }
            List<CountRow> rows = new ArrayList<>();
            sums.forEach((instant, sum) -> {
                ZonedDateTime start = starts.get(instant);
                rows.add(new CountRow(key.apply(start), label.apply(start), sum[0], sum[1], sum[2]));
            });
            return rows;
        });
    }

    List<TripBalance> tripBalances(String account, Instant from, Instant to, long threshold) {
        return Jdbc.read(dataSource, "reading trip balances", c -> {
            List<TripBalance> balances = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT v.client_id, v.trip_id, v.trip_start_ms, "
                    + "MAX(v.line) AS line, COUNT(*) AS visits, SUM(v.boardings) AS boardings, "
                    + "SUM(v.alightings) AS alightings, MAX(t.visits) AS reported_visits, "
                    + "MAX(t.imbalance) AS reported_imbalance, COUNT(t.trip_id) AS summaries "
                    + "FROM stop_visit v LEFT JOIN trip_summary t ON t.account = v.account "
                    + "AND t.client_id = v.client_id AND t.trip_id = v.trip_id AND t.trip_start_ms = v.trip_start_ms "
                    + "WHERE v.account = ? AND v.trip_id IS NOT NULL AND " + TRIP_IN_RANGE
                    + " GROUP BY v.client_id, v.trip_id, v.trip_start_ms")) {
                bindRange(s, account, from, to);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long visits = rs.getLong("visits");
                        long boardings = rs.getLong("boardings");
                        long alightings = rs.getLong("alightings");
                        Long reportedVisits = rs.getLong("summaries") == 0 ? null : rs.getLong("reported_visits");
                        Long reportedImbalance = reportedVisits == null ? null : rs.getLong("reported_imbalance");
                        TripBalance.Flag flag;
                        if (reportedVisits == null || visits < reportedVisits) {
                            flag = TripBalance.Flag.INCOMPLETE;
                        } else if (Math.abs(boardings - alightings) > threshold) {
                            flag = TripBalance.Flag.IMBALANCED;
                        } else {
                            flag = TripBalance.Flag.BALANCED;
                        }
                        balances.add(new TripBalance(rs.getString("client_id"), rs.getString("trip_id"),
                                Jdbc.instant(rs, "trip_start_ms"), rs.getString("line"), visits, boardings,
                                alightings, reportedVisits, reportedImbalance, flag));
                    }
                }
            }
            balances.sort(Comparator.comparing(TripBalance::tripStart).thenComparing(TripBalance::clientId)
                    .thenComparing(TripBalance::tripId));
            return balances;
        });
    }

    /** A trip run of {@code v} with at least one visit arriving in the range (parameters 2 and 3). */
    static final String TRIP_IN_RANGE = "EXISTS (SELECT 1 FROM stop_visit w WHERE w.account = v.account "
            + "AND w.client_id = v.client_id AND w.trip_id = v.trip_id AND w.trip_start_ms = v.trip_start_ms "
            + "AND w.arrival_ms >= ? AND w.arrival_ms < ?)";

    List<EnergyInterval> energy(String account, String meter, Instant from, Instant to) {
        return Jdbc.read(dataSource, "reading energy", c -> {
            List<EnergyInterval> result = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT client_id, meter, start_ms, end_ms, kwh, quality "
                    + "FROM energy_interval WHERE account = ? AND start_ms >= ? AND start_ms < ?"
                    + (meter == null ? "" : " AND meter = ?") + " ORDER BY start_ms, client_id, meter")) {
                bindRange(s, account, from, to);
                if (meter != null) {
                    s.setString(4, meter);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        result.add(new EnergyInterval(account, rs.getString(1), rs.getString(2),
                                Instant.ofEpochMilli(rs.getLong(3)), Instant.ofEpochMilli(rs.getLong(4)),
                                rs.getDouble(5), rs.getString(6)));
                    }
                }
            }
            return result;
        });
    }

    private List<CountRow> grouped(String sql, String account, Instant from, Instant to) {
        return Jdbc.read(dataSource, "reading counts", c -> {
            List<CountRow> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bindRange(s, account, from, to);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new CountRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                                rs.getLong(5)));
                    }
                }
            }
            rows.sort(BY_KEY);
            return rows;
        });
    }

    /** By key, the rows without one (no stop, trip or line) last: the same order on both databases. */
    private static final Comparator<CountRow> BY_KEY = Comparator.comparing(CountRow::key,
            Comparator.nullsLast(Comparator.naturalOrder()));

    static void bindRange(PreparedStatement s, String account, Instant from, Instant to) throws java.sql.SQLException {
        s.setString(1, account);
        s.setLong(2, from.toEpochMilli());
        s.setLong(3, to.toEpochMilli());
    }
}
