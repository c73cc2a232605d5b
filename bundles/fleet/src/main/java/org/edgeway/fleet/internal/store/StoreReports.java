package org.edgeway.fleet.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import javax.sql.DataSource;

/** The read side: counts reports, trip balances, energy intervals. Grouping is done in SQL wherever it is portable. */
final class StoreReports {

    /** Visits are grouped by UTC quarter hour in SQL; every time zone's offset is a multiple of 15 minutes. */
    static final long QUARTER_MS = 15 * 60 * 1000L;
    private static final int FETCH_SIZE = 1000;

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

    /**
     * In steps, so that none reads much beyond the range: (1) the visits in the range, summed per trip run; (2) the
     * trip summaries of those runs, through {@code trip_summary_start} between the runs' first and last start; (3)
     * the runs among them that have a visit outside the range, two probes per run that end in the index
     * {@code stop_visit_run_arrival}; (4) for those few, the sums over all their visits, which replace the sums of
     * step 1. (One query joining every visit of the account to an EXISTS over the range read the whole table: 12-17 s
     * over 10M visits.)
     */
    List<TripBalance> tripBalances(String account, Instant from, Instant to, long threshold) {
        return Jdbc.read(dataSource, "reading trip balances", c -> {
            Map<Run, RunTotals> totals = sumsInRange(c, account, from, to);
            List<TripBalance> balances = new ArrayList<>();
            if (totals.isEmpty()) {
                return balances;
            }
            List<Run> runs = new ArrayList<>(totals.keySet());
            Map<Run, Summary> summaries = summaries(c, account, runs);
            List<Run> cut = runsWithVisitsOutside(c, account, from, to, runs);
            if (!cut.isEmpty()) {
                totals.putAll(sumsOfRuns(c, account, cut));
            }
            for (Run run : runs) {
                balances.add(totals.get(run).balance(run, summaries.get(run), threshold));
            }
            balances.sort(Comparator.comparing(TripBalance::tripStart).thenComparing(TripBalance::clientId)
                    .thenComparing(TripBalance::tripId));
            return balances;
        });
    }

    /** Step 1: per trip run, its visits arriving in the range. */
    private static Map<Run, RunTotals> sumsInRange(Connection c, String account, Instant from, Instant to)
            throws SQLException {
        Map<Run, RunTotals> sums = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT client_id, trip_id, trip_start_ms, " + RUN_SUMS
                + " FROM stop_visit" + RANGE + " AND trip_id IS NOT NULL GROUP BY client_id, trip_id, trip_start_ms")) {
            bindRange(s, account, from, to);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    sums.put(Run.read(rs), RunTotals.read(rs));
                }
            }
        }
        return sums;
    }

    /**
     * Step 2: the summaries of the runs. Read by trip start, which a range of the index answers in one pass; a run
     * with an absurd start (a gateway's clock) only widens that range.
     */
    private static Map<Run, Summary> summaries(Connection c, String account, List<Run> runs) throws SQLException {
        long first = runs.stream().mapToLong(Run::tripStartMs).min().orElseThrow();
        long last = runs.stream().mapToLong(Run::tripStartMs).max().orElseThrow();
        Set<Run> wanted = new HashSet<>(runs);
        Map<Run, Summary> summaries = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT client_id, trip_id, trip_start_ms, visits, imbalance "
                + "FROM trip_summary WHERE account = ? AND trip_start_ms >= ? AND trip_start_ms <= ?")) {
            s.setFetchSize(FETCH_SIZE);
            s.setString(1, account);
            s.setLong(2, first);
            s.setLong(3, last);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Run run = Run.read(rs);
                    if (wanted.contains(run)) {
                        summaries.put(run, new Summary(rs.getLong("visits"), rs.getLong("imbalance")));
                    }
                }
            }
        }
        return summaries;
    }

    /** Step 3: the runs with a visit before or after the range. */
    private static List<Run> runsWithVisitsOutside(Connection c, String account, Instant from, Instant to,
            List<Run> runs) throws SQLException {
        List<Run> cut = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT r.client_id, r.trip_id, r.trip_start_ms FROM " + RUNS
                + " WHERE EXISTS (SELECT 1 FROM stop_visit w WHERE " + ofRun("w") + " AND w.arrival_ms < ?)"
                + " OR EXISTS (SELECT 1 FROM stop_visit w WHERE " + ofRun("w") + " AND w.arrival_ms >= ?)")) {
            for (int first = 0; first < runs.size(); first += RUNS_PER_STATEMENT) {
                bindRuns(c, s, 1, runs.subList(first, Math.min(runs.size(), first + RUNS_PER_STATEMENT)));
                s.setString(4, account);
                s.setLong(5, from.toEpochMilli());
                s.setString(6, account);
                s.setLong(7, to.toEpochMilli());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        cut.add(Run.read(rs));
                    }
                }
            }
        }
        return cut;
    }

    /** Step 4: per trip run, all its visits. */
    private static Map<Run, RunTotals> sumsOfRuns(Connection c, String account, List<Run> runs) throws SQLException {
        Map<Run, RunTotals> sums = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT r.client_id, r.trip_id, r.trip_start_ms, " + RUN_SUMS
                + " FROM " + RUNS + " JOIN stop_visit v ON " + ofRun("v")
                + " GROUP BY r.client_id, r.trip_id, r.trip_start_ms")) {
            for (int first = 0; first < runs.size(); first += RUNS_PER_STATEMENT) {
                bindRuns(c, s, 1, runs.subList(first, Math.min(runs.size(), first + RUNS_PER_STATEMENT)));
                s.setString(4, account);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        sums.put(Run.read(rs), RunTotals.read(rs));
                    }
                }
            }
        }
        return sums;
    }

    /** Line and sums of a run's visits, in the columns {@link RunTotals#read} reads. */
    private static final String RUN_SUMS = "MAX(line) AS line, COUNT(*) AS visits, SUM(boardings) AS boardings, "
            + "SUM(alightings) AS alightings";

    /** Trip runs {@code r} given as three arrays: client ids, trip ids, trip starts (see {@link #bindRuns}). */
    private static final String RUNS = "UNNEST(?, ?, ?) AS r(client_id, trip_id, trip_start_ms)";
    /** A year of a large fleet has millions of runs: they go in statements of this many. */
    private static final int RUNS_PER_STATEMENT = 20_000;

    private static void bindRuns(Connection c, PreparedStatement s, int first, List<Run> runs) throws SQLException {
        s.setArray(first, c.createArrayOf("VARCHAR", runs.stream().map(Run::clientId).toArray()));
        s.setArray(first + 1, c.createArrayOf("VARCHAR", runs.stream().map(Run::tripId).toArray()));
        s.setArray(first + 2, c.createArrayOf("BIGINT", runs.stream().map(Run::tripStartMs).toArray()));
    }

    /** The visits {@code alias} of the account (a parameter) and run {@code r}. */
    private static String ofRun(String alias) {
        return alias + ".account = ? AND " + alias + ".client_id = r.client_id AND " + alias + ".trip_id = r.trip_id "
                + "AND " + alias + ".trip_start_ms = r.trip_start_ms";
    }

    /** A trip run: a gateway's trip from its start. */
    private record Run(String clientId, String tripId, long tripStartMs) {
        static Run read(ResultSet rs) throws SQLException {
            return new Run(rs.getString("client_id"), rs.getString("trip_id"), rs.getLong("trip_start_ms"));
        }
    }

    /** A run's line and sums, from the columns of {@link #RUN_SUMS}. */
    private record RunTotals(String line, long visits, long boardings, long alightings) {

        static RunTotals read(ResultSet rs) throws SQLException {
            return new RunTotals(rs.getString("line"), rs.getLong("visits"), rs.getLong("boardings"),
                    rs.getLong("alightings"));
        }

        /** @param summary null without one */
        TripBalance balance(Run run, Summary summary, long threshold) {
            Long reportedVisits = summary == null ? null : summary.visits();
            TripBalance.Flag flag;
            if (reportedVisits == null || visits < reportedVisits) {
                flag = TripBalance.Flag.INCOMPLETE;
            } else if (Math.abs(boardings - alightings) > threshold) {
                flag = TripBalance.Flag.IMBALANCED;
            } else {
                flag = TripBalance.Flag.BALANCED;
            }
            return new TripBalance(run.clientId(), run.tripId(), Instant.ofEpochMilli(run.tripStartMs()), line,
                    visits, boardings, alightings, reportedVisits, summary == null ? null : summary.imbalance(), flag);
        }
    }

    /** What the gateway's trip summary says. */
    private record Summary(long visits, long imbalance) {
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

    List<MeterRef> energyMeters(String account) {
        return Jdbc.read(dataSource, "reading energy meters", c -> {
            List<MeterRef> meters = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT client_id, meter, MIN(start_ms), MAX(end_ms) "
                    + "FROM energy_interval WHERE account = ? GROUP BY client_id, meter")) {
                s.setString(1, account);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        meters.add(new MeterRef(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                                Instant.ofEpochMilli(rs.getLong(4))));
                    }
                }
            }
            // sorted here: the databases' collations differ
            meters.sort(Comparator.comparing(MeterRef::clientId).thenComparing(MeterRef::meter));
            return meters;
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
