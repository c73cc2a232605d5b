package org.edgeway.fleet.internal.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import com.google.gson.Gson;

/**
 * CSV exports (RFC 4180 through Commons CSV), streamed from the database. The caller's writer is flushed, never
 * closed.
 *
 * <p>TIDES mapping: {@code vehicle_id} is the gateway's client id; {@code trip_id_performed} is
 * {@code tripId@tripStart@clientId} (unique even when two vehicles run the same trip); {@code service_date} is the
 * trip start's date in the given zone; {@code trip_stop_sequence} numbers the run's stored visits by arrival from
 * 1; {@code scheduled_stop_sequence} is the gateway's stop sequence; door "1" is the front door
 * ({@code boarding_1}/{@code alighting_1}), every other door counts as {@code _2}. Visits without a trip cannot be
 * expressed in TIDES and are left out.
 *
 * <p>Formula injection: every text a gateway supplied (ids, names, lines, qualities, meters, door count keys) goes
 * through {@link #text(String)}, which puts a single quote before a cell that a spreadsheet would take for a formula
 * (OWASP's advice). Numbers and times the console writes itself are never changed, so a negative latitude stays a
 * number.
 */
final class StoreExports {

    private static final int FETCH_SIZE = 1000;

    static final List<String> VISIT_COLUMNS = List.of("client_id", "visit_id", "trip_id", "trip_start", "line",
            "stop_id", "stop_sequence", "stop_name", "arrival", "departure", "boardings", "alightings", "occupancy",
            "quality", "door_counts", "latitude", "longitude");

    static final List<String> TIDES_STOP_VISITS = List.of("service_date", "trip_id_performed",
            "trip_stop_sequence", "scheduled_stop_sequence", "vehicle_id", "dwell", "stop_id", "actual_arrival_time",
            "actual_departure_time", "boarding_1", "alighting_1", "boarding_2", "alighting_2", "departure_load",
            "door_open", "door_close");

    static final List<String> TIDES_PASSENGER_EVENTS = List.of("passenger_event_id", "service_date",
            "event_timestamp", "trip_id_performed", "trip_id_scheduled", "trip_stop_sequence",
            "scheduled_stop_sequence", "event_type", "vehicle_id", "device_id", "stop_id", "event_count");

    static final List<String> ENERGY_COLUMNS = List.of("client_id", "meter", "interval_start", "interval_end", "kwh",
            "quality");

    /** What makes a spreadsheet read a cell as a formula (or, tab and CR, hide that it starts with one). */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final DataSource dataSource;
    private final Gson gson = new Gson();

    StoreExports(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void stopVisitsCsv(String account, Instant from, Instant to, Writer out) {
        String sql = "SELECT * FROM stop_visit WHERE account = ? AND arrival_ms >= ? AND arrival_ms < ? "
                + "ORDER BY arrival_ms, client_id, visit_id";
        export(sql, account, from, to, out, VISIT_COLUMNS, (rs, csv) -> {
            Map<String, Integer> doors = FleetStore.doorCounts(gson, rs.getString("door_counts"));
            csv.printRecord(text(rs.getString("client_id")), text(rs.getString("visit_id")),
                    text(rs.getString("trip_id")), Jdbc.instant(rs, "trip_start_ms"), text(rs.getString("line")),
                    text(rs.getString("stop_id")), Jdbc.nullableInt(rs, "stop_sequence"),
                    text(rs.getString("stop_name")), Jdbc.instant(rs, "arrival_ms"), Jdbc.instant(rs, "departure_ms"),
                    rs.getInt("boardings"), rs.getInt("alightings"), rs.getInt("occupancy"),
                    text(rs.getString("quality")),
                    text(doors.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(";"))),
                    Jdbc.nullableDouble(rs, "latitude"), Jdbc.nullableDouble(rs, "longitude"));
        });
    }

    /** The visits of every trip run touching the range, numbered over the whole run, then cut to the range. */
    private static final String TIDES_VISITS = "SELECT * FROM (SELECT v.*, ROW_NUMBER() OVER (PARTITION BY "
            + "v.client_id, v.trip_id, v.trip_start_ms ORDER BY v.arrival_ms, v.visit_id) AS trip_stop_sequence "
            + "FROM stop_visit v WHERE v.account = ? AND v.trip_id IS NOT NULL AND " + StoreReports.TRIP_IN_RANGE
            + ") numbered WHERE arrival_ms >= ? AND arrival_ms < ? "
            + "ORDER BY trip_start_ms, client_id, trip_id, trip_stop_sequence";

    void tidesStopVisits(String account, Instant from, Instant to, ZoneId zone, Writer out) {
        export(TIDES_VISITS, account, from, to, out, TIDES_STOP_VISITS, (rs, csv) -> {
            TidesVisit v = TidesVisit.read(rs, zone, gson);
            long[] front = v.doorSums("1", true);
            long[] other = v.doorSums("1", false);
            boolean perDoor = !v.doors.isEmpty();
            csv.printRecord(v.serviceDate, text(v.tripIdPerformed), v.tripStopSequence, v.stopSequence,
                    text(v.clientId), ChronoUnit.SECONDS.between(v.arrival, v.departure), text(v.stopId),
                    tides(v.arrival),
                    tides(v.departure), perDoor ? front[0] : v.boardings, perDoor ? front[1] : v.alightings,
                    perDoor ? other[0] : null, perDoor ? other[1] : null, v.occupancy, tides(v.arrival),
                    tides(v.departure));
        });
    }

    void tidesPassengerEvents(String account, Instant from, Instant to, ZoneId zone, Writer out) {
        export(TIDES_VISITS, account, from, to, out, TIDES_PASSENGER_EVENTS, (rs, csv) -> {
            TidesVisit v = TidesVisit.read(rs, zone, gson);
            if (v.doors.isEmpty()) {
                // no per-door counts: the visit's totals, as passengers
                printEvent(csv, v, "all.in", "Passenger boarded", v.boardings);
                printEvent(csv, v, "all.out", "Passenger alighted", v.alightings);
                return;
            }
            for (Map.Entry<String, Integer> count : v.doors.entrySet()) {
                String[] parts = count.getKey().split("\\.");
                boolean bike = parts[1].equals("bike");
                boolean in = parts[2].equals("in");
                String type = bike ? (in ? "Individual bike boarded" : "Individual bike alighted")
                        : (in ? "Passenger boarded" : "Passenger alighted");
                printEvent(csv, v, count.getKey(), type, count.getValue());
            }
        });
    }

    private static void printEvent(CSVPrinter csv, TidesVisit v, String suffix, String type, long count)
            throws IOException {
        if (count <= 0) {
            return;
        }
        csv.printRecord(text(v.clientId + ":" + v.visitId + ":" + suffix), v.serviceDate, tides(v.arrival),
                text(v.tripIdPerformed), text(v.tripId), v.tripStopSequence, v.stopSequence, type, text(v.clientId),
                null, text(v.stopId), count);
    }

    /** One visit row of {@link #TIDES_VISITS}. */
    private record TidesVisit(String clientId, String visitId, String tripId, String tripIdPerformed,
            String serviceDate, long tripStopSequence, Integer stopSequence, String stopId, Instant arrival,
            Instant departure, int boardings, int alightings, int occupancy, Map<String, Integer> doors) {

        static TidesVisit read(ResultSet rs, ZoneId zone, Gson gson) throws SQLException {
            String clientId = rs.getString("client_id");
            String tripId = rs.getString("trip_id");
            Instant tripStart = Jdbc.instant(rs, "trip_start_ms");
            return new TidesVisit(clientId, rs.getString("visit_id"), tripId,
                    tripId + "@" + tripStart + "@" + clientId, tripStart.atZone(zone).toLocalDate().toString(),
                    rs.getLong("trip_stop_sequence"), Jdbc.nullableInt(rs, "stop_sequence"), rs.getString("stop_id"),
                    Jdbc.instant(rs, "arrival_ms"), Jdbc.instant(rs, "departure_ms"), rs.getInt("boardings"),
                    rs.getInt("alightings"), rs.getInt("occupancy"),
                    FleetStore.doorCounts(gson, rs.getString("door_counts")));
        }

        /** {in, out} over all classes of door {@code door} (or of every other door). */
        long[] doorSums(String door, boolean thisDoor) {
            long[] sums = new long[2];
            doors.forEach((key, count) -> {
                String[] parts = key.split("\\.");
                if (parts[0].equals(door) == thisDoor) {
                    sums[parts[2].equals("in") ? 0 : 1] += count;
                }
            });
            return sums;
        }
    }

    /** TIDES datetimes: ISO-8601 UTC to the second. */
    private static String tides(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    void energyCsv(String account, String meter, Instant from, Instant to, ZoneId zone, Writer out) {
        List<EnergyInterval> intervals = new StoreReports(dataSource).energy(account, meter, from, to);
        // by gateway and meter, then time; within a quarter hour summed
        List<EnergyInterval> ordered = new ArrayList<>(intervals);
        ordered.sort(java.util.Comparator.comparing(EnergyInterval::clientId).thenComparing(EnergyInterval::meter)
                .thenComparing(EnergyInterval::start));
        try {
            CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180);
            csv.printRecord(ENERGY_COLUMNS);
            int i = 0;
            while (i < ordered.size()) {
                EnergyInterval first = ordered.get(i);
                long quarter = Math.floorDiv(first.start().toEpochMilli(), StoreReports.QUARTER_MS);
                double kwh = 0;
                Instant end = first.end();
                TreeSet<String> qualities = new TreeSet<>();
                int j = i;
                while (j < ordered.size() && ordered.get(j).clientId().equals(first.clientId())
                        && ordered.get(j).meter().equals(first.meter())
                        && Math.floorDiv(ordered.get(j).start().toEpochMilli(), StoreReports.QUARTER_MS) == quarter) {
                    EnergyInterval e = ordered.get(j);
                    kwh += e.kwh();
                    end = e.end().isAfter(end) ? e.end() : end;
                    if (e.quality() != null) {
                        qualities.add(e.quality());
                    }
                    j++;
                }
                ZonedDateTime start = Instant.ofEpochMilli(quarter * StoreReports.QUARTER_MS).atZone(zone);
                csv.printRecord(text(first.clientId()), text(first.meter()), start.toOffsetDateTime(),
                        end.atZone(zone).toOffsetDateTime(),
                        BigDecimal.valueOf(kwh).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString(),
                        text(String.join(",", qualities)));
                i = j;
            }
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the energy export failed", e);
        }
    }

    /**
     * A text a gateway supplied, safe to open in a spreadsheet: prefixed with a single quote when it starts like a
     * formula; null stays null (an empty cell).
     */
    static String text(String value) {
        return value == null || value.isEmpty() || FORMULA_STARTS.indexOf(value.charAt(0)) < 0 ? value
                : "'" + value;
    }

    @FunctionalInterface
    private interface RowPrinter {
        void print(ResultSet rs, CSVPrinter csv) throws SQLException, IOException;
    }

    private void export(String sql, String account, Instant from, Instant to, Writer out, List<String> header,
            RowPrinter rows) {
        boolean rangeTwice = sql.equals(TIDES_VISITS);
        Jdbc.read(dataSource, "exporting", c -> {
            try {
                CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180);
                csv.printRecord(header);
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setFetchSize(FETCH_SIZE);
                    StoreReports.bindRange(s, account, from, to);
                    if (rangeTwice) {
                        s.setLong(4, from.toEpochMilli());
                        s.setLong(5, to.toEpochMilli());
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            rows.print(rs, csv);
                        }
                    }
                }
                csv.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("writing the export failed", e);
            }
            return null;
        });
    }
}
