package org.edgeway.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.edgeway.fleet.internal.store.DatabaseSettings;
import org.edgeway.fleet.internal.store.FleetDatabase;
import org.edgeway.fleet.internal.store.FleetStore;
import org.edgeway.fleet.internal.store.StopVisitRecord;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The fleet console's store (FleetStore over H2 and PostgreSQL, migrated by its own Liquibase changelog) against plain
 * JDBC on tables of the same shape, in the same run. Prints markdown table rows on stdout, progress and query plans
 * on stderr. See bench/fleet.sh.
 */
public final class FleetBench {

    // sizes, overridable with -Dbench.NAME=...
    static final int VISITS = Integer.getInteger("bench.visits", 200_000);
    static final int THREADS = Integer.getInteger("bench.threads", 4);
    static final int BATCH = Integer.getInteger("bench.batch", 200);
    static final int REPORT_VISITS = Integer.getInteger("bench.reportVisits", 10_000_000);
    static final int H2_REPORT_VISITS = Integer.getInteger("bench.h2ReportVisits", 1_000_000);
    static final int RUNS = Integer.getInteger("bench.runs", 5);
    /** Which databases the reports run on: postgresql, h2 or both. */
    static final List<String> REPORT_DATABASES = List.of(System.getProperty("bench.reportDatabases",
            "postgresql,h2").split(","));
    /**
     * Keep the report datasets (PostgreSQL schema bench_reports_N, H2 file bench/fleet/target/reports-N) and reuse
     * them when a later run asks for the same size: loading 10M visits takes minutes. Migrations still run on them.
     */
    static final boolean REUSE = Boolean.getBoolean("bench.reuse");
    static final int WARM_UP_VISITS = 10_000;
    /** A trip is imbalanced above this |boardings - alightings|. */
    static final long BALANCE_THRESHOLD = 5;
    /** Reports slower than this (median, ms) get EXPLAIN ANALYZE on stderr, the others a plain EXPLAIN. */
    static final long SLOW_MS = 500;

    static final String PG_URL = env("EDGEWAY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/edgeway_test");
    static final String PG_USER = env("EDGEWAY_TEST_PG_USER", "edgeway");
    static final String PG_PASSWORD = env("EDGEWAY_TEST_PG_PASSWORD", "edgeway");

    static final String VISIT_COLUMNS = "account, client_id, visit_id, trip_id, trip_start_ms, line, stop_id, "
            + "stop_sequence, stop_name, arrival_ms, departure_ms, boardings, alightings, occupancy, quality, "
            + "door_counts, latitude, longitude, received_ms";
    static final String TRIP_COLUMNS = "account, client_id, trip_id, trip_start_ms, trip_end_ms, line, visits, "
            + "boardings, alightings, imbalance, clamped, received_ms";

    /** Held here: java.util.logging keeps loggers only weakly, and a collected one would lose its level. */
    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    private FleetBench() {
    }

    public static void main(String[] args) throws Exception {
        // Liquibase reports every change set through java.util.logging; only its problems matter here
        LIQUIBASE_LOG.setLevel(Level.WARNING);
        String which = args.length > 0 ? args[0] : "all";
        if (!List.of("all", "ingest", "reports").contains(which)) {
            System.err.println("usage: bench/fleet.sh [all|ingest|reports]");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("edgeway-bench-fleet");
        Databases databases = new Databases(work);
        try {
            String postgres = postgresVersion();
            machine(postgres);
            System.out.println();
            System.out.println("| benchmark | visits | edgeway | baseline | edgeway / baseline |");
            System.out.println("|---|---|---|---|---|");
            if (which.equals("all") || which.equals("ingest")) {
                ingest("H2", databases::h2, databases::plain);
                if (postgres != null) {
                    ingest("PostgreSQL", databases::postgresql, databases::plain);
                }
            }
            if (which.equals("all") || which.equals("reports")) {
                if (postgres != null && REPORT_DATABASES.contains("postgresql")) {
                    reports("PostgreSQL", REUSE ? databases.keptPostgresql(REPORT_VISITS) : databases.postgresql(),
                            databases, REPORT_VISITS);
                }
                if (REPORT_DATABASES.contains("h2")) {
                    reports("H2", REUSE ? databases.keptH2(H2_REPORT_VISITS) : databases.h2(), databases,
                            H2_REPORT_VISITS);
                }
            }
        } finally {
            databases.dropAll();
            deleteTree(work);
        }
    }

    // ---------------------------------------------------------------- machine

    static void machine(String postgres) throws IOException {
        String cpu = "?";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("?");
        } catch (IOException e) {
            // not Linux: leave it unknown
        }
        String ram = "?";
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            ram = lines.filter(l -> l.startsWith("MemTotal")).map(l -> String.format("%.0f GiB",
                    Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0)).findFirst().orElse("?");
        } catch (IOException e) {
            // not Linux: leave it unknown
        }
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", " + ram
                + " RAM, " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", -Xmx" + Runtime.getRuntime().maxMemory() / 1024 / 1024 + "m, H2 " + org.h2.engine.Constants.VERSION
                + ", " + (postgres == null ? "PostgreSQL not reachable (skipped)" : postgres));
    }

    static String postgresVersion() {
        try (Connection c = Databases.pgAdmin().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1);
        } catch (SQLException e) {
            log("PostgreSQL not reachable at " + PG_URL + " (" + e.getMessage() + "): its rows are skipped");
            return null;
        }
    }

    // ---------------------------------------------------------------- 1. ingest

    /**
     * FleetStore.storeStopVisits against a plain JDBC batch INSERT (no validation, no ON CONFLICT, door counts
     * serialized before timing) into the store's own stop_visit table in a second, identically migrated database.
     * Both: the same prebuilt records, THREADS writers, batches of BATCH, one transaction per batch.
     */
    static void ingest(String name, Supplier<DatabaseSettings> fresh, java.util.function.Function<DatabaseSettings,
            DataSource> plain) throws Exception {
        log("ingest " + name + ": generating " + VISITS + " visits");
        List<StopVisitRecord> warm = records(WARM_UP_VISITS, "warm/");
        List<StopVisitRecord> visits = records(VISITS, "");
        List<String> warmJson = warm.stream().map(FleetBench::json).toList();
        List<String> json = visits.stream().map(FleetBench::json).toList();

        DatabaseSettings baselineSettings = fresh.get();
        FleetDatabase.open(baselineSettings).close(); // the store's schema, written to without the store
        DataSource baseline = plain.apply(baselineSettings);
        DatabaseSettings storeSettings = fresh.get();
        try (FleetDatabase database = FleetDatabase.open(storeSettings)) {
            FleetStore store = new FleetStore(database, Clock.systemUTC());
            // both warmed up before either is measured, so neither pays the JIT for the other
            log("ingest " + name + ": warm-up, " + WARM_UP_VISITS + " visits each");
            plainInsert(baseline, warm, warmJson);
            storeAll(store, warm);
            log("ingest " + name + ": baseline " + VISITS);
            double baselineRate = plainInsert(baseline, visits, json);
            log("ingest " + name + ": store " + VISITS);
            long[] stored = new long[1];
            double storeRate = storeAll(store, visits, stored);
            check(stored[0] == VISITS, "store reported " + stored[0] + " new visits, not " + VISITS);
            log("ingest " + name + ": store " + VISITS + " duplicates");
            long[] again = new long[1];
            double duplicateRate = storeAll(store, visits, again);
            check(again[0] == 0, "store reported " + again[0] + " of the duplicates as new");
            check(count(database.dataSource()) == VISITS + WARM_UP_VISITS, "stop_visit row count in the store");
            check(count(baseline) == VISITS + WARM_UP_VISITS, "stop_visit row count of the baseline");

            String shape = THREADS + " threads, batches of " + BATCH;
            row("ingest " + name + ", storeStopVisits vs plain JDBC batch INSERT, " + shape, VISITS,
                    rate(storeRate), rate(baselineRate), ratio(storeRate / baselineRate));
            row("ingest " + name + ", storeStopVisits of duplicates only (baseline: the store's first pass), "
                    + shape, VISITS, rate(duplicateRate), rate(storeRate), ratio(duplicateRate / storeRate));
        }
    }

    static List<StopVisitRecord> records(int n, String prefix) {
        List<StopVisitRecord> records = new ArrayList<>(n);
        new VisitGenerator(n, prefix).generate(v -> records.add(v.toRecord()), t -> { });
        return records;
    }

    static String json(StopVisitRecord v) {
        StringBuilder json = new StringBuilder(160).append('{');
        v.doorCounts().forEach((key, value) -> json.append(json.length() > 1 ? "," : "").append('"').append(key)
                .append("\":").append(value));
        return json.append('}').toString();
    }

    static double storeAll(FleetStore store, List<StopVisitRecord> visits) throws Exception {
        return storeAll(store, visits, new long[1]);
    }

    /** Visits/s through storeStopVisits from THREADS threads; {@code stored[0]} gets the number of new visits. */
    static double storeAll(FleetStore store, List<StopVisitRecord> visits, long[] stored) throws Exception {
        AtomicLong newVisits = new AtomicLong();
        double rate = inBatches(visits.size(), (from, to) -> newVisits.addAndGet(
                store.storeStopVisits(visits.subList(from, to))));
        stored[0] = newVisits.get();
        return rate;
    }

    /** Visits/s through a plain batch INSERT, each thread on a connection of its own. */
    static double plainInsert(DataSource dataSource, List<StopVisitRecord> visits, List<String> json)
            throws Exception {
        ThreadLocal<Connection> connections = new ThreadLocal<>();
        List<Connection> opened = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            return inBatches(visits.size(), (from, to) -> {
                Connection c = connections.get();
                if (c == null) {
                    c = dataSource.getConnection();
                    c.setAutoCommit(false);
                    connections.set(c);
                    opened.add(c);
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO stop_visit (" + VISIT_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    long received = System.currentTimeMillis();
                    for (int i = from; i < to; i++) {
                        StopVisitRecord v = visits.get(i);
                        s.setString(1, v.account());
                        s.setString(2, v.clientId());
                        s.setString(3, v.visitId());
                        s.setString(4, v.tripId());
                        s.setLong(5, v.tripStart().toEpochMilli());
                        s.setString(6, v.line());
                        s.setString(7, v.stopId());
                        s.setInt(8, v.stopSequence());
                        s.setString(9, v.stopName());
                        s.setLong(10, v.arrival().toEpochMilli());
                        s.setLong(11, v.departure().toEpochMilli());
                        s.setInt(12, v.boardings());
                        s.setInt(13, v.alightings());
                        s.setInt(14, v.occupancy());
                        s.setString(15, v.quality());
                        s.setString(16, json.get(i));
                        s.setDouble(17, v.latitude());
                        s.setDouble(18, v.longitude());
                        s.setLong(19, received);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                c.commit();
            });
        } finally {
            for (Connection c : opened) {
                c.close();
            }
        }
    }

    interface BatchWork {
        void run(int from, int to) throws Exception;
    }

    /** Runs {@code work} over batches of BATCH from THREADS threads; items per second from first to last batch. */
    static double inBatches(int n, BatchWork work) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            long start = System.nanoTime();
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                writers.add(pool.submit(() -> {
                    for (int from = next.getAndAdd(BATCH); from < n; from = next.getAndAdd(BATCH)) {
                        work.run(from, Math.min(n, from + BATCH));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
            return n / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    // ---------------------------------------------------------------- 2. reports

    /** A report as the console calls it. */
    record Report(String name, ReportCall call) {
    }

    interface ReportCall {
        int rows(FleetStore store, Instant from, Instant to);
    }

    static final List<Report> REPORTS = List.of(
            new Report("countsByStop", (s, f, t) -> s.countsByStop(VisitGenerator.ACCOUNT, f, t).size()),
            new Report("countsByLine", (s, f, t) -> s.countsByLine(VisitGenerator.ACCOUNT, f, t).size()),
            new Report("countsByHour", (s, f, t) -> s.countsByHour(VisitGenerator.ACCOUNT, f, t,
                    VisitGenerator.ZONE).size()),
            new Report("countsByDay", (s, f, t) -> s.countsByDay(VisitGenerator.ACCOUNT, f, t,
                    VisitGenerator.ZONE).size()),
            new Report("countsByTrip", (s, f, t) -> s.countsByTrip(VisitGenerator.ACCOUNT, f, t).size()),
            new Report("tripBalances", (s, f, t) -> s.tripBalances(VisitGenerator.ACCOUNT, f, t,
                    BALANCE_THRESHOLD).size()));

    /**
     * Loads n visits and their trip summaries straight into the migrated tables (unless a kept dataset of that size
     * is there), then times every report.
     */
    static void reports(String name, DatabaseSettings settings, Databases databases, int n) throws Exception {
        try (FleetDatabase database = FleetDatabase.open(settings)) {
            FleetStore store = new FleetStore(database, Clock.systemUTC());
            DataSource plain = databases.plain(settings);
            boolean postgres = settings.kind().equals(DatabaseSettings.POSTGRESQL);
            VisitGenerator generator = new VisitGenerator(n, "");
            long present = count(plain);
            if (present == n) {
                log("reports " + name + ": reusing the kept " + n + " visits");
                row("reports " + name + ": the kept dataset of an earlier run (-Dbench.reuse=true)"
                        + (postgres ? ", table + indexes " + tableSize(plain) : ""), n, "", "", "");
            } else {
                check(present == 0, "the kept dataset holds " + present + " visits, not " + n + ": drop it");
                load(name, plain, postgres, generator, n);
            }
            timeReports(name, store, plain, postgres, n);
        }
    }

    /** Loads the generated visits and trip summaries without the store, then lets the database gather statistics. */
    static void load(String name, DataSource plain, boolean postgres, VisitGenerator generator, int n)
            throws Exception {
        log("reports " + name + ": loading " + n + " visits of " + generator.buses() + " buses over "
                + VisitGenerator.DAYS + " days");
        long start = System.nanoTime();
        long[] loaded = postgres ? copyIn(plain, generator) : batchInsert(plain, generator);
        double seconds = (System.nanoTime() - start) / 1e9;
        check(loaded[0] == n, "loaded " + loaded[0] + " visits, not " + n);
        log(String.format("reports %s: loaded %,d visits and %,d trip summaries in %.1f s; analyzing", name,
                loaded[0], loaded[1], seconds));
        long analyzeStart = System.nanoTime();
        try (Connection c = plain.getConnection(); Statement s = c.createStatement()) {
            if (postgres) {
                // VACUUM as well: the state autovacuum reaches anyway (hint bits, visibility map), so that it
                // does not run in the middle of the timings
                s.execute("VACUUM (ANALYZE) stop_visit");
                s.execute("VACUUM (ANALYZE) trip_summary");
            } else {
                s.execute("ANALYZE");
            }
        }
        double analyzeSeconds = (System.nanoTime() - analyzeStart) / 1e9;
        String how = postgres ? "COPY FROM STDIN (CopyManager), one transaction"
                : "JDBC batch INSERT of 1,000 rows, commit every 10,000, one connection";
        row("reports " + name + ": load visits + trip summaries (" + how + "); then "
                + (postgres ? "VACUUM (ANALYZE)" : "ANALYZE") + String.format(" %.1f s", analyzeSeconds)
                + (postgres ? ", table + indexes " + tableSize(plain) : ""), n,
                rate(n / seconds) + String.format(" (%.1f s)", seconds), "", "");
    }

    /** Every report for one day and for 30 days (median of RUNS after one warm-up) against a plain COUNT/SUM. */
    static void timeReports(String name, FleetStore store, DataSource plain, boolean postgres, int n)
            throws Exception {
        Instant day = VisitGenerator.dayStart(45);
        Instant thirtyFrom = VisitGenerator.dayStart(30);
        record Range(String label, Instant from, Instant to) {
        }
        for (Range range : List.of(new Range("1 day", day, VisitGenerator.dayStart(46)),
                new Range("30 days", thirtyFrom, VisitGenerator.dayStart(60)))) {
            long[] inRange = new long[1];
            double baseline;
            try (Connection c = plain.getConnection()) {
                // one connection for all runs: the store's pool does not connect per query either
                int[] run = new int[1];
                baseline = median(() -> {
                    inRange[0] = rangeCount(c, range.from(), range.to(), run[0]++);
                    return 1;
                });
            }
            log(String.format("reports %s %s: %,d visits in range, plain COUNT/SUM %.1f ms", name,
                    range.label(), inRange[0], baseline));
            for (Report report : REPORTS) {
                int[] rows = new int[1];
                double ms = median(() -> rows[0] = report.call().rows(store, range.from(), range.to()));
                row(String.format("report %s %s, %s (%,d visits in range, %,d rows)", name, report.name(),
                        range.label(), inRange[0], rows[0]), n, ms(ms), ms(baseline), ratio(ms / baseline));
                if (postgres && range.label().equals("30 days")) {
                    explain(plain, report.name(), range.from(), range.to(), ms > SLOW_MS);
                }
            }
        }
    }

    interface Timed {
        int run() throws Exception;
    }

    /** Median in ms of RUNS runs after one warm-up run. */
    static double median(Timed timed) throws Exception {
        timed.run();
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            timed.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return RUNS % 2 == 1 ? ms[RUNS / 2] : (ms[RUNS / 2 - 1] + ms[RUNS / 2]) / 2;
    }

    /** The baseline: what touching the range's visits costs at least (same index, no grouping). */
    static long rangeCount(Connection c, Instant from, Instant to, int run) throws SQLException {
        // a different text per run: H2 hands a session the previous result of an identical query on unchanged
        // tables, which would time a cache lookup instead of the query
        try (PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*), SUM(boardings), SUM(alightings) FROM stop_visit WHERE account = ? "
                        + "AND arrival_ms >= ? AND arrival_ms < ? /* run " + run + " */")) {
            bindRange(s, from, to);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void bindRange(PreparedStatement s, Instant from, Instant to) throws SQLException {
        s.setString(1, VisitGenerator.ACCOUNT);
        s.setLong(2, from.toEpochMilli());
        s.setLong(3, to.toEpochMilli());
    }

    /** COPYs the visits, then the trip summaries; returns {visits, trips}. */
    static long[] copyIn(DataSource plain, VisitGenerator generator) throws SQLException, IOException {
        long[] counts = new long[2];
        List<VisitGenerator.Trip> trips = new ArrayList<>();
        try (Connection c = plain.getConnection()) {
            c.setAutoCommit(false);
            PGConnection pg = c.unwrap(PGConnection.class);
            try (Writer out = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(pg,
                    "COPY stop_visit (" + VISIT_COLUMNS + ") FROM STDIN", 1 << 16), StandardCharsets.UTF_8),
                    1 << 16)) {
                generator.generate(v -> {
                    try {
                        out.write(copyLine(v));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    if (++counts[0] % 1_000_000 == 0) {
                        log(String.format("  %,d visits", counts[0]));
                    }
                }, trips::add);
            }
            try (Writer out = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(pg,
                    "COPY trip_summary (" + TRIP_COLUMNS + ") FROM STDIN", 1 << 16), StandardCharsets.UTF_8))) {
                for (VisitGenerator.Trip t : trips) {
                    out.write(String.join("\t", VisitGenerator.ACCOUNT, t.clientId(), t.tripId(),
                            Long.toString(t.tripStartMs()), Long.toString(t.tripEndMs()), t.line(),
                            Integer.toString(t.visits()), Long.toString(t.boardings()), Long.toString(t.alightings()),
                            Long.toString(t.boardings() - t.alightings()), "0", Long.toString(t.receivedMs())));
                    out.write('\n');
                }
            }
            counts[1] = trips.size();
            c.commit();
        }
        return counts;
    }

    /** One line of COPY's text format; no generated value holds a tab, newline or backslash. */
    static String copyLine(VisitGenerator.Visit v) {
        return new StringBuilder(400).append(VisitGenerator.ACCOUNT).append('\t').append(v.clientId()).append('\t')
                .append(v.visitId()).append('\t').append(v.tripId()).append('\t').append(v.tripStartMs()).append('\t')
                .append(v.line()).append('\t').append(v.stopId()).append('\t').append(v.stopSequence()).append('\t')
                .append(v.stopName()).append('\t').append(v.arrivalMs()).append('\t').append(v.departureMs())
                .append('\t').append(v.boardings()).append('\t').append(v.alightings()).append('\t')
                .append(v.occupancy()).append('\t').append(v.quality()).append('\t').append(v.doorCountsJson())
                .append('\t').append(v.latitude()).append('\t').append(v.longitude()).append('\t')
                .append(v.receivedMs()).append('\n').toString();
    }

    /** Batch INSERTs for H2 (which has no COPY from a client stream); returns {visits, trips}. */
    static long[] batchInsert(DataSource plain, VisitGenerator generator) throws SQLException {
        long[] counts = new long[2];
        try (Connection c = plain.getConnection();
                PreparedStatement visits = c.prepareStatement("INSERT INTO stop_visit (" + VISIT_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement trips = c.prepareStatement("INSERT INTO trip_summary (" + TRIP_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            generator.generate(v -> sql(() -> {
                visits.setString(1, VisitGenerator.ACCOUNT);
                visits.setString(2, v.clientId());
                visits.setString(3, v.visitId());
                visits.setString(4, v.tripId());
                visits.setLong(5, v.tripStartMs());
                visits.setString(6, v.line());
                visits.setString(7, v.stopId());
                visits.setInt(8, v.stopSequence());
                visits.setString(9, v.stopName());
                visits.setLong(10, v.arrivalMs());
                visits.setLong(11, v.departureMs());
                visits.setInt(12, v.boardings());
                visits.setInt(13, v.alightings());
                visits.setInt(14, v.occupancy());
                visits.setString(15, v.quality());
                visits.setString(16, v.doorCountsJson());
                visits.setDouble(17, v.latitude());
                visits.setDouble(18, v.longitude());
                visits.setLong(19, v.receivedMs());
                visits.addBatch();
                if (++counts[0] % 1_000 == 0) {
                    visits.executeBatch();
                    trips.executeBatch();
                }
                if (counts[0] % 10_000 == 0) {
                    c.commit();
                }
                if (counts[0] % 250_000 == 0) {
                    log(String.format("  %,d visits", counts[0]));
                }
            }), t -> sql(() -> {
                trips.setString(1, VisitGenerator.ACCOUNT);
                trips.setString(2, t.clientId());
                trips.setString(3, t.tripId());
                trips.setLong(4, t.tripStartMs());
                trips.setLong(5, t.tripEndMs());
                trips.setString(6, t.line());
                trips.setInt(7, t.visits());
                trips.setLong(8, t.boardings());
                trips.setLong(9, t.alightings());
                trips.setLong(10, t.boardings() - t.alightings());
                trips.setLong(11, 0);
                trips.setLong(12, t.receivedMs());
                trips.addBatch();
                counts[1]++;
            }));
            visits.executeBatch();
            trips.executeBatch();
            c.commit();
        }
        return counts;
    }

    interface SqlWork {
        void run() throws SQLException;
    }

    static void sql(SqlWork work) {
        try {
            work.run();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The plan of a report's query on stderr. The SQL repeats StoreReports' (package-private there) for this purpose
     * only; the timings above always go through FleetStore.
     */
    static void explain(DataSource plain, String report, Instant from, Instant to, boolean analyze)
            throws SQLException {
        String range = " WHERE account = ? AND arrival_ms >= ? AND arrival_ms < ?";
        String sql = switch (report) {
            case "countsByStop" -> "SELECT stop_id, MAX(stop_name), COUNT(*), SUM(boardings), SUM(alightings) "
                    + "FROM stop_visit" + range + " GROUP BY stop_id";
            case "countsByLine" -> "SELECT line, line, COUNT(*), SUM(boardings), SUM(alightings) FROM stop_visit"
                    + range + " GROUP BY line";
            case "countsByTrip" -> "SELECT trip_id, trip_start_ms, MAX(line), COUNT(*), SUM(boardings), "
                    + "SUM(alightings) FROM stop_visit" + range + " GROUP BY trip_id, trip_start_ms";
            case "countsByHour", "countsByDay" -> "SELECT arrival_ms / 900000 AS quarter, COUNT(*), "
                    + "SUM(boardings), SUM(alightings) FROM stop_visit" + range + " GROUP BY arrival_ms / 900000";
            // the first of its three statements; the other two go per trip run through stop_visit_run_arrival
            case "tripBalances" -> "SELECT client_id, trip_id, trip_start_ms, MAX(line) AS line, COUNT(*) AS visits, "
                    + "SUM(boardings) AS boardings, SUM(alightings) AS alightings FROM stop_visit" + range
                    + " AND trip_id IS NOT NULL GROUP BY client_id, trip_id, trip_start_ms";
            default -> throw new IllegalArgumentException(report);
        };
        StringBuilder plan = new StringBuilder();
        try (Connection c = plain.getConnection(); PreparedStatement s = c.prepareStatement(
                (analyze ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN ") + sql)) {
            bindRange(s, from, to);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    plan.append("    ").append(rs.getString(1)).append('\n');
                }
            }
        }
        log("plan of " + report + ", 30 days" + (analyze ? " (EXPLAIN ANALYZE: slower than " + SLOW_MS + " ms)" : "")
                + ":\n" + plan);
    }

    static String tableSize(DataSource plain) throws SQLException {
        try (Connection c = plain.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT pg_size_pretty(pg_table_size('stop_visit')), pg_size_pretty(pg_indexes_size('stop_visit'))")) {
            rs.next();
            return rs.getString(1) + " + " + rs.getString(2);
        }
    }

    // ---------------------------------------------------------------- databases

    /** Fresh databases: H2 files in the work directory, PostgreSQL schemas dropped by {@link #dropAll()}. */
    static final class Databases {
        private final Path work;
        private final List<String> schemas = new ArrayList<>();

        Databases(Path work) {
            this.work = work;
        }

        static PGSimpleDataSource pgAdmin() {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(PG_URL);
            ds.setUser(PG_USER);
            ds.setPassword(PG_PASSWORD);
            ds.setConnectTimeout(5);
            return ds;
        }

        DatabaseSettings h2() {
            return DatabaseSettings.h2(work.resolve("fleet-" + UUID.randomUUID()).toString());
        }

        /** A private schema; the pool as large as the writers. */
        DatabaseSettings postgresql() {
            String schema = "bench_" + UUID.randomUUID().toString().replace("-", "");
            sql(() -> {
                try (Connection c = pgAdmin().getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA " + schema);
                }
            });
            schemas.add(schema);
            return DatabaseSettings.postgresql(PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema="
                    + schema, PG_USER, PG_PASSWORD.toCharArray(), Math.max(THREADS, 2));
        }

        /** The report dataset of -Dbench.reuse: a schema that {@link #dropAll()} leaves alone. */
        DatabaseSettings keptPostgresql(int visits) {
            String schema = "bench_reports_" + visits;
            sql(() -> {
                try (Connection c = pgAdmin().getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                }
            });
            return DatabaseSettings.postgresql(PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema="
                    + schema, PG_USER, PG_PASSWORD.toCharArray(), Math.max(THREADS, 2));
        }

        /** The report dataset of -Dbench.reuse on H2: a file beside the bench's build output, not in the work dir. */
        DatabaseSettings keptH2(int visits) {
            return DatabaseSettings.h2(Path.of("bench/fleet/target/reports-" + visits).toAbsolutePath().toString());
        }

        /** The same database without pool or store: the URL options FleetDatabase uses, nothing more. */
        DataSource plain(DatabaseSettings settings) {
            if (settings.kind().equals(DatabaseSettings.H2)) {
                JdbcDataSource ds = new JdbcDataSource();
                ds.setURL("jdbc:h2:file:" + Path.of(settings.h2File()).toAbsolutePath()
                        + ";MODE=PostgreSQL;LOCK_TIMEOUT=10000");
                ds.setUser("sa");
                ds.setPassword("");
                return ds;
            }
            PGSimpleDataSource ds = pgAdmin();
            ds.setURL(settings.url());
            return ds;
        }

        void dropAll() {
            for (String schema : schemas) {
                try (Connection c = pgAdmin().getConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                } catch (SQLException e) {
                    log("could not drop schema " + schema + ": " + e.getMessage());
                }
            }
            schemas.clear();
        }
    }

    // ---------------------------------------------------------------- helpers

    static long count(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM stop_visit")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("check failed: " + what);
        }
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static String rate(double perSecond) {
        return String.format("%,.0f visits/s", perSecond);
    }

    static String ms(double ms) {
        return ms < 10 ? String.format("%.2f ms", ms) : String.format("%,.0f ms", ms);
    }

    static String ratio(double ratio) {
        return String.format("%.2f", ratio);
    }

    static void row(String what, int n, String ours, String base, String ratio) {
        System.out.println("| " + what + " | " + String.format("%,d", n) + " | " + ours + " | " + base + " | "
                + ratio + " |");
        System.out.flush();
    }

    static void log(String message) {
        System.err.println("[" + Instant.now() + "] " + message);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
