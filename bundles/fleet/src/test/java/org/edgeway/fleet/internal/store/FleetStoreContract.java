package org.edgeway.fleet.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's behaviour, run once per database by the subclasses (H2 and PostgreSQL): each test gets an empty
 * database of its own.
 */
abstract class FleetStoreContract {

    static final String ACCOUNT = "edgeway";
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final String MARKT = "Platz \"am Markt\", Nord";

    FleetDatabase database;
    FleetStore store;
    private final List<FleetDatabase> opened = new ArrayList<>();

    /** A new empty database (file or schema), removed after the test. */
    abstract DatabaseSettings newDatabase();

    /** A plain data source on that database, without the pool or migrations. */
    abstract DataSource raw(DatabaseSettings settings);

    @BeforeEach
    void openStore() {
        database = open(newDatabase());
        store = new FleetStore(database, Clock.fixed(Instant.parse("2026-04-01T00:00:00Z"), ZoneOffset.UTC));
    }

    FleetDatabase open(DatabaseSettings settings) {
        FleetDatabase db = FleetDatabase.open(settings);
        opened.add(db);
        return db;
    }

    @AfterEach
    void closeDatabases() {
        opened.forEach(FleetDatabase::close);
    }

    // ---- migrations ----------------------------------------------------------------------------------------------

    @Test
    void migratesAnEmptyDatabaseAndASecondOpenChangesNothing() throws SQLException {
        DatabaseSettings settings = newDatabase();
        FleetDatabase first = open(settings);
        List<String> applied = changeSets(first.dataSource());
        // changelog.xml's own, then those of the changelogs it includes at its end
        assertThat(applied.subList(0, 5)).containsExactly("1-gateway", "2-stop-visit", "3-energy", "4-rejected",
                "6-trip-balance-indexes");
        new FleetStore(first, Clock.systemUTC()).storeStopVisit(visit("v1", "T1", "A", 1, "08:00", 3, 1));
        first.close();

        FleetDatabase second = open(settings);
        assertThat(changeSets(second.dataSource())).isEqualTo(applied);
        assertThat(count(second.dataSource(), "stop_visit")).isEqualTo(1);
    }

    @Test
    void aFailedMigrationIsReportedAndClosesThePool() throws SQLException {
        DatabaseSettings settings = newDatabase();
        try (Connection c = raw(settings).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE stop_visit (something INT)");
        }
        assertThatThrownBy(() -> FleetDatabase.open(settings)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("migration failed").hasMessageContaining("2-stop-visit")
                .satisfies(e -> assertThat(e.getMessage().toLowerCase(java.util.Locale.ROOT)).contains("stop_visit"));
    }

    private static List<String> changeSets(DataSource ds) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM databasechangelog ORDER BY orderexecuted")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    static long count(DataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---- stop visits ---------------------------------------------------------------------------------------------

    @Test
    void aReDeliveredVisitIsStoredOnceAndChangesNothing() throws SQLException {
        StopVisitRecord original = visit("v1", "T1", "A", 1, "08:00", 5, 2);
        assertThat(store.storeStopVisit(original)).isTrue();
        assertThat(store.storeStopVisit(original)).isFalse();
        StopVisitRecord tampered = new StopVisitRecord(ACCOUNT, "bus-1", "v1", "T1", original.tripStart(), "100",
                "A", 1, "Stop A", original.arrival(), original.departure(), 99, 99, 0, "", Map.of(), null, null);
        assertThat(store.storeStopVisit(tampered)).isFalse();

        assertThat(count(database.dataSource(), "stop_visit")).isEqualTo(1);
        assertThat(store.countsByStop(ACCOUNT, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")))
                .containsExactly(new CountRow("A", "Stop A", 1, 5, 2));
    }

    @Test
    void aBatchCountsOnlyNewVisits() {
        List<StopVisitRecord> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(visit("v" + i, "T1", "A", 1, "08:0" + i, 1, 0));
        }
        assertThat(store.storeStopVisits(batch.subList(0, 3))).isEqualTo(3);
        assertThat(store.storeStopVisits(batch)).isEqualTo(7);
        assertThat(store.storeStopVisits(batch)).isZero();
        assertThat(store.storeStopVisits(List.of())).isZero();
    }

    @Test
    void eightThreadsStoringTheSame500VisitsStoreEachExactlyOnce() throws Exception {
        List<StopVisitRecord> visits = new ArrayList<>();
        long expectedBoardings = 0;
        for (int i = 0; i < 500; i++) {
            int boardings = i % 7;
            expectedBoardings += boardings;
            visits.add(new StopVisitRecord(ACCOUNT, "bus-" + (i % 4), "visit-" + i, "T" + (i % 10),
                    Instant.parse("2026-03-28T06:00:00Z"), "100", "S" + (i % 3), i % 3, "Stop " + (i % 3),
                    Instant.parse("2026-03-28T07:00:00Z").plusSeconds(i), Instant.parse("2026-03-28T07:00:30Z")
                            .plusSeconds(i), boardings, 1, 0, "", Map.of("1.adult.in", boardings), null, null));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                boolean batches = t % 2 == 0;
                List<StopVisitRecord> mine = new ArrayList<>(visits);
                java.util.Collections.shuffle(mine, new java.util.Random(t));
                tasks.add(() -> {
                    int stored = 0;
                    if (batches) {
                        for (int from = 0; from < mine.size(); from += 50) {
                            stored += store.storeStopVisits(mine.subList(from, from + 50));
                        }
                    } else {
                        for (StopVisitRecord v : mine) {
                            stored += store.storeStopVisit(v) ? 1 : 0;
                        }
                    }
                    return stored;
                });
            }
            int stored = 0;
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                stored += result.get();
            }
            assertThat(stored).isEqualTo(500);
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(count(database.dataSource(), "stop_visit")).isEqualTo(500);
        List<CountRow> byLine = store.countsByLine(ACCOUNT, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
        assertThat(byLine).containsExactly(new CountRow("100", "100", 500, expectedBoardings, 500));
    }

    @Test
    void anotherGatewaysVisitWithTheSameIdTouchesNothingOfTheFirst() {
        StopVisitRecord mine = visit("v1", "T1", "A", 1, "08:00", 5, 2);
        StopVisitRecord hostile = new StopVisitRecord(ACCOUNT, "bus-evil", "v1", "T1", mine.tripStart(), "100", "A",
                1, "Stop A", mine.arrival(), mine.departure(), 50, 0, 0, "", Map.of(), null, null);
        assertThat(store.storeStopVisit(hostile)).isTrue();
        assertThat(store.storeStopVisit(mine)).isTrue();
        assertThat(store.tripBalances(ACCOUNT, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), 0))
                .extracting(TripBalance::clientId, TripBalance::boardings)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("bus-1", 5L),
                        org.assertj.core.groups.Tuple.tuple("bus-evil", 50L));
    }

    // ---- reports on a fixed data set over the DST change of 2026-03-29 in Berlin --------------------------------

    static final Instant FROM = Instant.parse("2026-03-27T23:00:00Z"); // 2026-03-28 00:00 in Berlin
    static final Instant TO = Instant.parse("2026-03-29T22:00:00Z"); // 2026-03-30 00:00 in Berlin

    static final Instant T1 = Instant.parse("2026-03-28T07:00:00Z");
    static final Instant T2 = Instant.parse("2026-03-28T22:30:00Z");
    static final Instant T3 = Instant.parse("2026-03-29T00:40:00Z");

    void storeDataSet() {
        store.storeStopVisits(List.of(
                at("v1", "T1", T1, "100", "A", 1, "2026-03-28T07:05:00Z", 10, 0,
                        Map.of("1.adult.in", 8, "2.adult.in", 1, "2.bike.in", 1)),
                at("v2", "T1", T1, "100", "B", 2, "2026-03-28T07:15:00Z", 3, 5,
                        Map.of("1.adult.in", 3, "1.adult.out", 1, "2.adult.out", 4)),
                at("v3", "T1", T1, "100", "C", 3, "2026-03-28T07:25:00Z", 0, 8, Map.of()),
                at("v4", "T2", T2, "200", "B", 1, "2026-03-28T22:40:00Z", 4, 0, Map.of()),
                at("v5", "T2", T2, "200", "C", 2, "2026-03-28T23:10:00Z", 1, 2, Map.of()),
                at("v6", "T3", T3, "100", "A", 1, "2026-03-29T00:50:00Z", 6, 0, Map.of()),
                at("v7", "T3", T3, "100", "B", 2, "2026-03-29T01:05:00Z", 2, 3, Map.of()),
                at("v8", "T3", T3, "100", "C", 3, "2026-03-29T01:20:00Z", 0, 5, Map.of()),
                at("v9", null, null, null, null, null, "2026-03-29T10:00:00Z", 1, 1, Map.of())));
        store.storeTripSummary(new TripRecord(ACCOUNT, "bus-1", "T1", T1, T1.plusSeconds(1800), "100", 3, 13, 13, 0,
                0));
        store.storeTripSummary(new TripRecord(ACCOUNT, "bus-1", "T2", T2, T2.plusSeconds(3600), "200", 2, 5, 2, 3,
                0));
        // another account and a visit outside the range never show
        store.storeStopVisit(new StopVisitRecord("other", "bus-1", "x1", "T1", T1, "100", "A", 1, "Stop A",
                T1.plusSeconds(60), T1.plusSeconds(90), 100, 100, 0, "", Map.of(), null, null));
        store.storeStopVisit(at("v0", "T0", FROM.minusSeconds(3600), "100", "A", 1, "2026-03-27T22:59:59Z", 50, 50,
                Map.of()));
    }

    @Test
    void countsPerStopTripAndLineMatchTheHandCount() {
        storeDataSet();
        assertThat(store.countsByStop(ACCOUNT, FROM, TO)).containsExactly(
                new CountRow("A", "Stop A", 2, 16, 0),
                new CountRow("B", "Stop B", 3, 9, 8),
                new CountRow("C", MARKT, 3, 1, 15),
                new CountRow(null, null, 1, 1, 1));
        assertThat(store.countsByLine(ACCOUNT, FROM, TO)).containsExactly(
                new CountRow("100", "100", 6, 21, 21),
                new CountRow("200", "200", 2, 5, 2),
                new CountRow(null, null, 1, 1, 1));
        assertThat(store.countsByTrip(ACCOUNT, FROM, TO)).containsExactly(
                new CountRow("T1@2026-03-28T07:00:00Z", "100", 3, 13, 13),
                new CountRow("T2@2026-03-28T22:30:00Z", "200", 2, 5, 2),
                new CountRow("T3@2026-03-29T00:40:00Z", "100", 3, 8, 8),
                new CountRow(null, null, 1, 1, 1));
    }

    @Test
    void countsPerLocalHourAndDayFollowTheDstChange() {
        storeDataSet();
        assertThat(store.countsByHour(ACCOUNT, FROM, TO, BERLIN)).containsExactly(
                new CountRow("2026-03-28T08:00+01:00", "08:00", 3, 13, 13),
                new CountRow("2026-03-28T23:00+01:00", "23:00", 1, 4, 0),
                new CountRow("2026-03-29T00:00+01:00", "00:00", 1, 1, 2),
                new CountRow("2026-03-29T01:00+01:00", "01:00", 1, 6, 0),
                new CountRow("2026-03-29T03:00+02:00", "03:00", 2, 2, 8),
                new CountRow("2026-03-29T12:00+02:00", "12:00", 1, 1, 1));
        assertThat(store.countsByDay(ACCOUNT, FROM, TO, BERLIN)).containsExactly(
                new CountRow("2026-03-28", "Saturday", 4, 17, 13),
                new CountRow("2026-03-29", "Sunday", 5, 10, 11));
        // in UTC the same visits fall on other days
        assertThat(store.countsByDay(ACCOUNT, FROM, TO, ZoneOffset.UTC)).containsExactly(
                new CountRow("2026-03-28", "Saturday", 5, 18, 15),
                new CountRow("2026-03-29", "Sunday", 4, 9, 9));
    }

    @Test
    void tripBalancesAreFlagged() {
        storeDataSet();
        assertThat(store.tripBalances(ACCOUNT, FROM, TO, 2)).containsExactly(
                new TripBalance("bus-1", "T1", T1, "100", 3, 13, 13, 3L, 0L, TripBalance.Flag.BALANCED),
                new TripBalance("bus-1", "T2", T2, "200", 2, 5, 2, 2L, 3L, TripBalance.Flag.IMBALANCED),
                new TripBalance("bus-1", "T3", T3, "100", 3, 8, 8, null, null, TripBalance.Flag.INCOMPLETE));
        assertThat(store.tripBalances(ACCOUNT, FROM, TO, 3)).extracting(TripBalance::flag).containsExactly(
                TripBalance.Flag.BALANCED, TripBalance.Flag.BALANCED, TripBalance.Flag.INCOMPLETE);
        // a summary counting more visits than arrived: incomplete
        store.storeTripSummary(new TripRecord(ACCOUNT, "bus-1", "T3", T3, T3.plusSeconds(3600), "100", 4, 8, 8, 0,
                0));
        assertThat(store.tripBalances(ACCOUNT, FROM, TO, 3).get(2).flag()).isEqualTo(TripBalance.Flag.INCOMPLETE);
        assertThat(store.storeTripSummary(new TripRecord(ACCOUNT, "bus-1", "T3", T3, T3.plusSeconds(3600), "100",
                3, 8, 8, 0, 0))).as("a second summary of the same run").isFalse();
    }

    @Test
    void aTripRunCutByTheRangeIsBalancedOverAllItsVisits() {
        storeDataSet();
        // only v2, the middle visit of T1, arrives in the range
        assertThat(store.tripBalances(ACCOUNT, Instant.parse("2026-03-28T07:10:00Z"),
                Instant.parse("2026-03-28T07:20:00Z"), 2)).containsExactly(
                        new TripBalance("bus-1", "T1", T1, "100", 3, 13, 13, 3L, 0L, TripBalance.Flag.BALANCED));
        // the range starts inside T2 and ends inside T3
        assertThat(store.tripBalances(ACCOUNT, Instant.parse("2026-03-28T23:00:00Z"),
                Instant.parse("2026-03-29T01:00:00Z"), 2)).containsExactly(
                        new TripBalance("bus-1", "T2", T2, "200", 2, 5, 2, 2L, 3L, TripBalance.Flag.IMBALANCED),
                        new TripBalance("bus-1", "T3", T3, "100", 3, 8, 8, null, null, TripBalance.Flag.INCOMPLETE));
        // v9 has no trip; nothing else arrives then
        assertThat(store.tripBalances(ACCOUNT, Instant.parse("2026-03-29T09:00:00Z"),
                Instant.parse("2026-03-29T11:00:00Z"), 2)).isEmpty();
        // a run whose visits name two lines reports the greatest, also when it is outside the range
        Instant start = Instant.parse("2026-03-29T12:00:00Z");
        store.storeStopVisits(List.of(
                at("w1", "T9", start, "1A", "A", 1, "2026-03-29T12:05:00Z", 4, 0, Map.of()),
                at("w2", "T9", start, "1B", "B", 2, "2026-03-29T14:05:00Z", 0, 4, Map.of())));
        assertThat(store.tripBalances(ACCOUNT, start, start.plusSeconds(3600), 0)).containsExactly(
                new TripBalance("bus-1", "T9", start, "1B", 2, 4, 4, null, null, TripBalance.Flag.INCOMPLETE));
    }

    // ---- exports -------------------------------------------------------------------------------------------------

    @Test
    void stopVisitCsvHasAHeaderValuesAndEscaping() throws IOException {
        storeDataSet();
        StringWriter out = new StringWriter();
        store.exportStopVisitsCsv(ACCOUNT, FROM, TO, out);
        String csv = out.toString();
        assertThat(csv).startsWith("client_id,visit_id,trip_id,trip_start,line,stop_id,stop_sequence,stop_name,"
                + "arrival,departure,boardings,alightings,occupancy,quality,door_counts,latitude,longitude\r\n");
        assertThat(csv).contains("bus-1,v1,T1,2026-03-28T07:00:00Z,100,A,1,Stop A,2026-03-28T07:05:00Z,"
                + "2026-03-28T07:05:30Z,10,0,0,,1.adult.in=8;2.adult.in=1;2.bike.in=1,52.5,13.4\r\n");
        assertThat(csv).contains(",C,3,\"Platz \"\"am Markt\"\", Nord\",2026-03-28T07:25:00Z,");
        List<CSVRecord> records = parse(csv);
        assertThat(records).hasSize(9);
        assertThat(records.get(2).get("stop_name")).isEqualTo(MARKT);
        assertThat(records.get(8).get("trip_id")).isEmpty();
    }

    @Test
    void tidesStopVisitsFollowTheSpecification() throws IOException {
        storeDataSet();
        StringWriter out = new StringWriter();
        store.exportTidesStopVisits(ACCOUNT, FROM, TO, BERLIN, out);
        assertThat(out.toString()).startsWith("service_date,trip_id_performed,trip_stop_sequence,"
                + "scheduled_stop_sequence,vehicle_id,dwell,stop_id,actual_arrival_time,actual_departure_time,"
                + "boarding_1,alighting_1,boarding_2,alighting_2,departure_load,door_open,door_close\r\n");
        List<CSVRecord> records = parse(out.toString());
        assertThat(records).hasSize(8); // v9 has no trip
        CSVRecord v1 = records.get(0);
        assertThat(v1.toMap()).containsEntry("service_date", "2026-03-28")
                .containsEntry("trip_id_performed", "T1@2026-03-28T07:00:00Z@bus-1")
                .containsEntry("trip_stop_sequence", "1").containsEntry("scheduled_stop_sequence", "1")
                .containsEntry("vehicle_id", "bus-1").containsEntry("dwell", "30").containsEntry("stop_id", "A")
                .containsEntry("actual_arrival_time", "2026-03-28T07:05:00Z")
                .containsEntry("actual_departure_time", "2026-03-28T07:05:30Z")
                .containsEntry("boarding_1", "8").containsEntry("alighting_1", "0")
                .containsEntry("boarding_2", "2").containsEntry("alighting_2", "0");
        assertThat(records.get(1).toMap()).containsEntry("boarding_1", "3").containsEntry("alighting_1", "1")
                .containsEntry("boarding_2", "0").containsEntry("alighting_2", "4");
        // T2 started on the 28th in Berlin: its visit after midnight keeps that service date
        assertThat(records.get(4).toMap()).containsEntry("trip_id_performed", "T2@2026-03-28T22:30:00Z@bus-1")
                .containsEntry("service_date", "2026-03-28").containsEntry("trip_stop_sequence", "2")
                .containsEntry("actual_arrival_time", "2026-03-28T23:10:00Z");

        // cut inside a trip: the sequence still counts from the run's first visit
        StringWriter cut = new StringWriter();
        store.exportTidesStopVisits(ACCOUNT, Instant.parse("2026-03-28T07:10:00Z"), TO, BERLIN, cut);
        assertThat(parse(cut.toString()).get(0).toMap()).containsEntry("stop_id", "B")
                .containsEntry("trip_stop_sequence", "2");
    }

    @Test
    void tidesPassengerEventsFollowTheSpecification() throws IOException {
        storeDataSet();
        StringWriter out = new StringWriter();
        store.exportTidesPassengerEvents(ACCOUNT, FROM, Instant.parse("2026-03-28T07:20:00Z"), BERLIN, out);
        assertThat(out.toString()).startsWith("passenger_event_id,service_date,event_timestamp,trip_id_performed,"
                + "trip_id_scheduled,trip_stop_sequence,scheduled_stop_sequence,event_type,vehicle_id,device_id,"
                + "stop_id,event_count\r\n");
        List<CSVRecord> records = parse(out.toString());
        assertThat(records).extracting(r -> r.get("passenger_event_id"), r -> r.get("event_type"),
                r -> r.get("event_count")).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("bus-1:v1:1.adult.in", "Passenger boarded", "8"),
                        org.assertj.core.groups.Tuple.tuple("bus-1:v1:2.adult.in", "Passenger boarded", "1"),
                        org.assertj.core.groups.Tuple.tuple("bus-1:v1:2.bike.in", "Individual bike boarded", "1"),
                        org.assertj.core.groups.Tuple.tuple("bus-1:v2:1.adult.in", "Passenger boarded", "3"),
                        org.assertj.core.groups.Tuple.tuple("bus-1:v2:1.adult.out", "Passenger alighted", "1"),
                        org.assertj.core.groups.Tuple.tuple("bus-1:v2:2.adult.out", "Passenger alighted", "4"));
        assertThat(records.get(0).toMap()).containsEntry("service_date", "2026-03-28")
                .containsEntry("event_timestamp", "2026-03-28T07:05:00Z")
                .containsEntry("trip_id_performed", "T1@2026-03-28T07:00:00Z@bus-1")
                .containsEntry("trip_id_scheduled", "T1").containsEntry("trip_stop_sequence", "1")
                .containsEntry("vehicle_id", "bus-1").containsEntry("stop_id", "A");

        StringWriter totals = new StringWriter();
        store.exportTidesPassengerEvents(ACCOUNT, Instant.parse("2026-03-28T07:20:00Z"),
                Instant.parse("2026-03-28T07:30:00Z"), BERLIN, totals);
        assertThat(parse(totals.toString())).extracting(r -> r.get("passenger_event_id"), r -> r.get("event_type"),
                r -> r.get("event_count")).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("bus-1:v3:all.out", "Passenger alighted", "8"));
    }

    @Test
    void gatewayTextThatLooksLikeAFormulaIsQuotedInEveryExportButOurNumbersAreNot() throws IOException {
        Instant trip = Instant.parse("2026-03-28T07:00:00Z");
        Instant arrival = trip.plusSeconds(60);
        store.storeStopVisit(new StopVisitRecord(ACCOUNT, "=bus", "+v1", "-T1", trip, "@SUM(A1)", "\tS1", 1,
                "=HYPERLINK(\"http://evil.example\",\"click\")", arrival, arrival.plusSeconds(30), 3, 1, 2,
                "\rX", Map.of("-1.adult.in", 3, "-1.adult.out", 1), -33.8688, -151.2093));
        store.storeStopVisit(new StopVisitRecord(ACCOUNT, "bus-2", "v2", "T2", trip, "100", "S-1", 1, "a=b",
                arrival.plusSeconds(60), arrival.plusSeconds(90), 1, 0, 1, "", Map.of("1.adult.in", 1), null, null));

        StringWriter visits = new StringWriter();
        store.exportStopVisitsCsv(ACCOUNT, FROM, TO, visits);
        List<CSVRecord> rows = parse(visits.toString());
        assertThat(rows.get(0).toMap()).containsEntry("client_id", "'=bus").containsEntry("visit_id", "'+v1")
                .containsEntry("trip_id", "'-T1").containsEntry("line", "'@SUM(A1)").containsEntry("stop_id", "'\tS1")
                .containsEntry("stop_name", "'=HYPERLINK(\"http://evil.example\",\"click\")")
                .containsEntry("quality", "'\rX").containsEntry("door_counts", "'-1.adult.in=3;-1.adult.out=1")
                .as("our numbers are numbers").containsEntry("latitude", "-33.8688")
                .containsEntry("longitude", "-151.2093").containsEntry("boardings", "3");
        assertThat(rows.get(1).toMap()).as("only the first character matters").containsEntry("stop_id", "S-1")
                .containsEntry("stop_name", "a=b").containsEntry("quality", "").containsEntry("latitude", "");

        StringWriter tides = new StringWriter();
        store.exportTidesStopVisits(ACCOUNT, FROM, TO, BERLIN, tides);
        CSVRecord tidesRow = parse(tides.toString()).stream().filter(r -> r.get("vehicle_id").equals("'=bus"))
                .findFirst().orElseThrow();
        assertThat(tidesRow.toMap()).containsEntry("trip_id_performed", "'-T1@2026-03-28T07:00:00Z@=bus")
                .containsEntry("stop_id", "'\tS1").containsEntry("boarding_1", "0").containsEntry("dwell", "30");

        StringWriter events = new StringWriter();
        store.exportTidesPassengerEvents(ACCOUNT, FROM, TO, BERLIN, events);
        CSVRecord event = parse(events.toString()).stream().filter(r -> r.get("vehicle_id").equals("'=bus"))
                .findFirst().orElseThrow();
        assertThat(event.toMap()).containsEntry("passenger_event_id", "'=bus:+v1:-1.adult.in")
                .containsEntry("trip_id_performed", "'-T1@2026-03-28T07:00:00Z@=bus")
                .containsEntry("trip_id_scheduled", "'-T1").containsEntry("vehicle_id", "'=bus")
                .containsEntry("stop_id", "'\tS1").containsEntry("event_count", "3");

        Instant midnight = Instant.parse("2026-03-29T00:00:00Z");
        store.storeEnergyInterval(new EnergyInterval(ACCOUNT, "@depot", "=cmd|' /C calc'!A0", midnight,
                midnight.plusSeconds(900), 1.5, "+GOOD"));
        StringWriter energy = new StringWriter();
        store.exportEnergyCsv(ACCOUNT, null, midnight, midnight.plusSeconds(900), ZoneOffset.UTC, energy);
        assertThat(parse(energy.toString()).get(0).toMap()).containsEntry("client_id", "'@depot")
                .containsEntry("meter", "'=cmd|' /C calc'!A0").containsEntry("quality", "'+GOOD")
                .containsEntry("kwh", "1.5");
    }

    @Test
    void formulaPrefixesAreExactlyOwaspsList() {
        for (String formula : List.of("=1+1", "+1", "-1", "@A1", "\t=1", "\r=1")) {
            assertThat(StoreExports.text(formula)).isEqualTo("'" + formula);
        }
        for (String plain : List.of("bus-1", "1-2", " =1", "'=1", "", "Platz am Markt", "ÄÖÜ")) {
            assertThat(StoreExports.text(plain)).isEqualTo(plain);
        }
        assertThat(StoreExports.text(null)).isNull();
    }

    static List<CSVRecord> parse(String csv) throws IOException {
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv))) {
            return parser.getRecords();
        }
    }

    // ---- energy ----------------------------------------------------------------------------------------------------

    @Test
    void energyIntervalsAreIdempotentAndExportedPerQuarterHour() throws IOException {
        Instant midnight = Instant.parse("2026-03-29T00:00:00Z");
        EnergyInterval first = new EnergyInterval(ACCOUNT, "depot-1", "main-supply", midnight,
                midnight.plusSeconds(900), 5.5, "GOOD");
        assertThat(store.storeEnergyInterval(first)).isTrue();
        assertThat(store.storeEnergyInterval(first)).isFalse();
        assertThat(store.storeEnergyInterval(new EnergyInterval(ACCOUNT, "depot-1", "main-supply", midnight,
                midnight.plusSeconds(900), 99, "GOOD"))).isFalse();
        assertThat(store.storeEnergyInterval(new EnergyInterval(ACCOUNT, "depot-1", "main-supply",
                midnight.plusSeconds(900), midnight.plusSeconds(1800), 2.25, "INTERPOLATED"))).isTrue();
        // a meter with five-minute intervals: three make one quarter hour
        for (int i = 0; i < 3; i++) {
            store.storeEnergyInterval(new EnergyInterval(ACCOUNT, "depot-1", "charger", midnight.plusSeconds(300L * i),
                    midnight.plusSeconds(300L * (i + 1)), 0.1 * (i + 1), i == 1 ? "GAP" : "GOOD"));
        }
        store.storeEnergyInterval(new EnergyInterval("other", "depot-1", "main-supply", midnight,
                midnight.plusSeconds(900), 1, "GOOD"));

        assertThat(store.energy(ACCOUNT, "main-supply", midnight, midnight.plusSeconds(3600)))
                .extracting(EnergyInterval::kwh).containsExactly(5.5, 2.25);
        assertThat(store.energy(ACCOUNT, null, midnight, midnight.plusSeconds(3600))).hasSize(5);
        assertThat(store.energy(ACCOUNT, null, midnight.plusSeconds(900), midnight.plusSeconds(3600))).hasSize(1);

        StringWriter out = new StringWriter();
        store.exportEnergyCsv(ACCOUNT, null, midnight, midnight.plusSeconds(3600), BERLIN, out);
        assertThat(out.toString()).isEqualTo("client_id,meter,interval_start,interval_end,kwh,quality\r\n"
                + "depot-1,charger,2026-03-29T01:00+01:00,2026-03-29T01:15+01:00,0.6,\"GAP,GOOD\"\r\n"
                + "depot-1,main-supply,2026-03-29T01:00+01:00,2026-03-29T01:15+01:00,5.5,GOOD\r\n"
                + "depot-1,main-supply,2026-03-29T01:15+01:00,2026-03-29T01:30+01:00,2.25,INTERPOLATED\r\n");
    }

    @Test
    void energyMetersListEveryMeterOfTheAccountWithItsFirstAndLastInterval() {
        assertThat(store.energyMeters(ACCOUNT)).isEmpty();
        Instant midnight = Instant.parse("2026-03-29T00:00:00Z");
        for (int q = 0; q < 4; q++) {
            Instant start = midnight.plusSeconds(900L * q);
            store.storeEnergyInterval(new EnergyInterval(ACCOUNT, "depot-1", "main-supply", start,
                    start.plusSeconds(900), 1, "GOOD"));
        }
        store.storeEnergyInterval(new EnergyInterval(ACCOUNT, "depot-1", "main-supply/energy.export", midnight,
                midnight.plusSeconds(900), 0.5, "GOOD"));
        store.storeEnergyInterval(new EnergyInterval(ACCOUNT, "depot-1", "charger", midnight.plusSeconds(600),
                midnight.plusSeconds(900), 0.2, "GOOD"));
        store.storeEnergyInterval(new EnergyInterval(ACCOUNT, "Depot-0", "main-supply", midnight.minusSeconds(900),
                midnight, 3, null));
        store.storeEnergyInterval(new EnergyInterval("other", "depot-9", "main-supply", midnight,
                midnight.plusSeconds(900), 1, "GOOD"));

        assertThat(store.energyMeters(ACCOUNT)).containsExactly(
                new MeterRef("Depot-0", "main-supply", midnight.minusSeconds(900), midnight),
                new MeterRef("depot-1", "charger", midnight.plusSeconds(600), midnight.plusSeconds(900)),
                new MeterRef("depot-1", "main-supply", midnight, midnight.plusSeconds(3600)),
                new MeterRef("depot-1", "main-supply/energy.export", midnight, midnight.plusSeconds(900)));
        MeterRef main = store.energyMeters(ACCOUNT).get(2);
        assertThat(store.energy(ACCOUNT, main.meter(), main.firstStart(), main.lastEnd()))
                .as("the range covers every interval of the meter")
                .filteredOn(e -> e.clientId().equals(main.clientId())).hasSize(4);
        assertThat(store.energyMeters("other")).extracting(MeterRef::clientId).containsExactly("depot-9");
        assertThatThrownBy(() -> store.energyMeters(null)).hasMessageContaining("account");
    }

    // ---- registry --------------------------------------------------------------------------------------------------

    static GatewayBirth birth(String clientId, String at, List<InstalledPackage> packages) {
        return new GatewayBirth(ACCOUNT, clientId, Instant.parse(at), Map.of("display_name", "Bus " + clientId,
                "model_name", "edge-1", "application_framework_version", "0.1.0", "kura_version", "edgeway-0.1.0",
                "application_ids", "APC-V1,CONF-V1"), packages, 52.52, 13.40);
    }

    @Test
    void birthDcAndLwtDriveOnlineAndPackagesAreReplaced() {
        store.birth(birth("bus-1", "2026-03-28T06:00:00Z", List.of(new InstalledPackage("transit", "1.0.0"),
                new InstalledPackage("position", "1.0.0"))));
        Gateway born = store.gateway(ACCOUNT, "bus-1").orElseThrow();
        assertThat(born.online()).isTrue();
        assertThat(born.lastBirth()).isEqualTo(Instant.parse("2026-03-28T06:00:00Z"));
        assertThat(born.lastSeen()).isEqualTo(born.lastBirth());
        assertThat(born.displayName()).isEqualTo("Bus bus-1");
        assertThat(born.modelName()).isEqualTo("edge-1");
        assertThat(born.runtimeVersion()).isEqualTo("0.1.0");
        assertThat(born.latitude()).isEqualTo(52.52);
        assertThat(born.birthMetrics()).containsEntry("application_ids", "APC-V1,CONF-V1");
        assertThat(born.packages()).containsExactly(new InstalledPackage("position", "1.0.0"),
                new InstalledPackage("transit", "1.0.0"));

        store.seen(ACCOUNT, "bus-1", Instant.parse("2026-03-28T06:30:00Z"));
        store.disconnected(ACCOUNT, "bus-1", Instant.parse("2026-03-28T07:00:00Z"), false);
        Gateway dc = store.gateway(ACCOUNT, "bus-1").orElseThrow();
        assertThat(dc.online()).isFalse();
        assertThat(dc.lastSeen()).isEqualTo(Instant.parse("2026-03-28T07:00:00Z"));

        store.birth(birth("bus-1", "2026-03-28T08:00:00Z", List.of(new InstalledPackage("transit", "1.1.0"))));
        Gateway reborn = store.gateway(ACCOUNT, "bus-1").orElseThrow();
        assertThat(reborn.online()).isTrue();
        assertThat(reborn.packages()).containsExactly(new InstalledPackage("transit", "1.1.0"));

        // a late DC of the old connection does not take the new one offline
        store.disconnected(ACCOUNT, "bus-1", Instant.parse("2026-03-28T07:30:00Z"), false);
        assertThat(store.gateway(ACCOUNT, "bus-1").orElseThrow().online()).isTrue();

        // a birth without package information keeps the known packages
        store.birth(new GatewayBirth(ACCOUNT, "bus-1", Instant.parse("2026-03-28T08:05:00Z"),
                Map.of("display_name", "Bus 1"), null, null, null));
        Gateway noPackages = store.gateway(ACCOUNT, "bus-1").orElseThrow();
        assertThat(noPackages.packages()).containsExactly(new InstalledPackage("transit", "1.1.0"));
        assertThat(noPackages.latitude()).as("position kept").isEqualTo(52.52);

        store.disconnected(ACCOUNT, "bus-1", Instant.parse("2026-03-28T09:00:00Z"), true);
        Gateway lwt = store.gateway(ACCOUNT, "bus-1").orElseThrow();
        assertThat(lwt.online()).isFalse();
        assertThat(lwt.lastSeen()).as("the broker sent the will, not the gateway")
                .isEqualTo(Instant.parse("2026-03-28T08:05:00Z"));

        // data after the will: it is back (its birth may follow)
        store.seen(ACCOUNT, "bus-1", Instant.parse("2026-03-28T09:10:00Z"));
        assertThat(store.gateway(ACCOUNT, "bus-1").orElseThrow().online()).isTrue();
    }

    @Test
    void registryListsGatewaysOfTheAccountOnly() {
        store.birth(birth("bus-2", "2026-03-28T06:00:00Z", List.of()));
        store.seen(ACCOUNT, "bus-1", Instant.parse("2026-03-28T06:01:00Z"));
        store.birth(new GatewayBirth("other", "bus-9", Instant.parse("2026-03-28T06:00:00Z"), Map.of(), List.of(),
                null, null));
        assertThat(store.gateways(ACCOUNT)).extracting(Gateway::clientId, Gateway::online).containsExactly(
                org.assertj.core.groups.Tuple.tuple("bus-1", true), org.assertj.core.groups.Tuple.tuple("bus-2", true));
        assertThat(store.gateway(ACCOUNT, "bus-9")).isEmpty();
        assertThat(store.gateway(ACCOUNT, "bus-1").orElseThrow().lastBirth()).isNull();
    }

    @Test
    void latestOccupancyKeepsTheNewestPerVehicle() {
        Instant t = Instant.parse("2026-03-28T07:00:00Z");
        store.occupancy(occupancy("bus-1", t, 10));
        store.occupancy(occupancy("bus-1", t.plusSeconds(60), 12));
        store.occupancy(occupancy("bus-1", t.plusSeconds(30), 99)); // late, older
        store.occupancy(occupancy("bus-2", t, 3));
        assertThat(store.latestOccupancy(ACCOUNT)).extracting(OccupancyRecord::clientId, OccupancyRecord::load)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bus-1", 12),
                        org.assertj.core.groups.Tuple.tuple("bus-2", 3));
        assertThat(store.latestOccupancy(ACCOUNT).get(0)).isEqualTo(occupancy("bus-1", t.plusSeconds(60), 12));
    }

    static OccupancyRecord occupancy(String clientId, Instant at, int load) {
        return new OccupancyRecord(ACCOUNT, clientId, at, load, 10, "MANY_SEATS_AVAILABLE", 1, false, "T1", "100",
                "A", 1, 52.5, 13.4);
    }

    // ---- rejections and bad input ----------------------------------------------------------------------------------

    @Test
    void rejectedMessagesAreCountedPerGatewayAndReason() {
        for (int i = 0; i < 3; i++) {
            store.rejected(ACCOUNT, "bus-1", "malformed payload");
        }
        store.rejected(ACCOUNT, "bus-2", "malformed payload");
        store.rejected(ACCOUNT, "bus-1", "unknown topic");
        store.rejected("other", "bus-1", "unknown topic");
        store.rejected(ACCOUNT, "bus-1", "x".repeat(300));
        assertThat(store.rejectedCounts(ACCOUNT)).containsExactly(Map.entry("malformed payload", 4L),
                Map.entry("unknown topic", 1L), Map.entry("x".repeat(255), 1L));
        assertThat(store.rejectedCounts(ACCOUNT, "bus-2")).containsExactly(Map.entry("malformed payload", 1L));
    }

    @Test
    void invalidInputIsRefusedAndStoresNothing() throws SQLException {
        assertThatThrownBy(() -> store.storeStopVisit(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("visit");
        List<StopVisitRecord> withNull = new ArrayList<>();
        withNull.add(visit("v1", "T1", "A", 1, "08:00", 1, 1));
        withNull.add(null);
        assertThatThrownBy(() -> store.storeStopVisits(withNull)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("visits[1]");
        assertThatThrownBy(() -> store.countsByStop(null, FROM, TO)).hasMessageContaining("account");
        assertThatThrownBy(() -> store.countsByHour(ACCOUNT, TO, FROM, BERLIN)).hasMessageContaining("before from");
        assertThatThrownBy(() -> store.countsByHour(ACCOUNT, FROM, TO, null)).hasMessageContaining("zone");
        assertThatThrownBy(() -> store.tripBalances(ACCOUNT, FROM, TO, -1)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> store.rejected(ACCOUNT, "bus-1", "")).hasMessageContaining("reason");
        assertThatThrownBy(() -> store.seen(ACCOUNT, "b".repeat(256), FROM)).hasMessageContaining("clientId");
        assertThat(count(database.dataSource(), "stop_visit")).isZero();
        assertThat(count(database.dataSource(), "gateway")).isZero();
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    static StopVisitRecord visit(String id, String trip, String stop, int sequence, String localTime, int boardings,
            int alightings) {
        Instant arrival = Instant.parse("2026-03-28T" + localTime + ":00Z");
        return new StopVisitRecord(ACCOUNT, "bus-1", id, trip, Instant.parse("2026-03-28T06:00:00Z"), "100", stop,
                sequence, "Stop " + stop, arrival, arrival.plusSeconds(30), boardings, alightings, 0, "", Map.of(),
                null, null);
    }

    static StopVisitRecord at(String id, String trip, Instant tripStart, String line, String stop, Integer sequence,
            String arrival, int boardings, int alightings, Map<String, Integer> doors) {
        Instant arrives = Instant.parse(arrival);
        String name = stop == null ? null : stop.equals("C") ? MARKT : "Stop " + stop;
        return new StopVisitRecord(ACCOUNT, "bus-1", id, trip, tripStart, line, stop, sequence, name, arrives,
                arrives.plusSeconds(30), boardings, alightings, 0, "", doors, 52.5, 13.4);
    }
}
