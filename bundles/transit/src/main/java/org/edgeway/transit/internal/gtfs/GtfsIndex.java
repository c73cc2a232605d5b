package org.edgeway.transit.internal.gtfs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.edgeway.api.transit.StopPoint;
import org.edgeway.api.transit.Trip;
import org.edgeway.api.transit.TripStop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trips of a few lines of a GTFS feed, indexed compactly: stop_times are streamed and only the rows of the
 * wanted lines are kept, in primitive arrays, so that a feed with millions of stop_times indexes one line in a small
 * heap. Immutable and thread-safe once loaded.
 *
 * <p>Bad values in the rows that are kept (a time such as {@code 25:61:00}, coordinates out of range, a broken
 * calendar) fail the load with a {@link GtfsException} naming file, line and column: a feed that is wrong there
 * would attribute counts to wrong stops. Rows of other lines are only matched by trip_id and never parsed further.
 * A trip whose stop_times name a stop that {@code stops.txt} lacks, or repeat a stop_sequence, is dropped with a log
 * line and the rest of the feed is kept: one broken trip should not take the whole line's context away.
 */
public final class GtfsIndex {

    /** How far ahead {@link #activeTrip} looks for the next trip when none is running. */
    static final Duration UPCOMING = Duration.ofMinutes(30);
    /** How late a vehicle may be for {@link #nextTrip} to still pick a trip that should already have left. */
    static final Duration LATE_START = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(GtfsIndex.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final String[] WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday"};

    private final ZoneId zone;
    private final String[] tripIds;
    private final Map<String, Integer> tripIndex;
    private final String[] tripLines;
    private final String[] tripHeadsigns;
    private final Service[] tripServices;
    /** Trip t's stop times are rows rowStart[t] .. rowStart[t + 1] - 1, in stop_sequence order. */
    private final int[] rowStart;
    private final int[] rowStop;
    private final int[] rowSequence;
    private final int[] rowArrival;
    private final int[] rowDeparture;
    private final StopPoint[] stops;
    private final Map<String, Integer> stopIndex;
    private final Set<String> lines;

    private GtfsIndex(Loader l) {
        this.zone = l.zone;
        this.tripIds = l.finalTripIds;
        this.tripIndex = l.finalTripIndex;
        this.tripLines = l.finalTripLines;
        this.tripHeadsigns = l.finalTripHeadsigns;
        this.tripServices = l.finalTripServices;
        this.rowStart = l.finalRowStart;
        this.rowStop = l.finalRowStop;
        this.rowSequence = l.finalRowSequence;
        this.rowArrival = l.finalRowArrival;
        this.rowDeparture = l.finalRowDeparture;
        this.stops = l.finalStops;
        this.stopIndex = l.finalStopIndex;
        this.lines = Collections.unmodifiableSet(new LinkedHashSet<>(l.matchedLines));
    }

    /**
     * Loads the trips of some lines from a GTFS zip.
     *
     * @param feedZip the feed
     * @param lines   the lines to index: a line matches a route whose route_short_name or route_id equals it; an
     *                empty set indexes every route
     * @return the index
     * @throws GtfsException naming file, line and column of what is wrong, or the missing file or column, or when
     *                       no route matches the lines
     */
    public static GtfsIndex load(Path feedZip, Set<String> lines) throws GtfsException {
        String feed = String.valueOf(feedZip.getFileName());
        try (ZipFile zip = new ZipFile(feedZip.toFile())) {
            Loader loader = new Loader(zip, feed, lines);
            loader.load();
            GtfsIndex index = new GtfsIndex(loader);
            LOG.debug("GTFS {}: {} trips with {} stop times at {} stops indexed for lines {}", feed, index.tripCount(),
                    index.stopTimeCount(), index.stops.length, lines.isEmpty() ? "(all)" : lines);
            return index;
        } catch (ZipException e) {
            throw new GtfsException(feed + ": not a zip file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new GtfsException(feed + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** @return the feed's time zone (agency_timezone) */
    public ZoneId zone() {
        return zone;
    }

    /** @return the names of the indexed lines, as trips report them */
    public Set<String> lines() {
        return lines;
    }

    /** @return the number of indexed trips */
    public int tripCount() {
        return tripIds.length;
    }

    /** @return the number of stop_times rows kept */
    public int stopTimeCount() {
        return rowStop.length;
    }

    /**
     * @param tripId a GTFS trip_id
     * @return that trip when it is of an indexed line
     */
    public Optional<Trip> trip(String tripId) {
        Integer t = tripId == null ? null : tripIndex.get(tripId.trim());
        return t == null ? Optional.empty() : Optional.of(trip(t));
    }

    /**
     * @param stopId a GTFS stop_id
     * @return the stop when a trip of the indexed lines serves it
     */
    public Optional<StopPoint> stop(String stopId) {
        Integer s = stopId == null ? null : stopIndex.get(stopId.trim());
        return s == null ? Optional.empty() : Optional.of(stops[s]);
    }

    /**
     * The trip running now by the schedule: of the trips whose service runs on the local service date (or the day
     * before, for times past 24:00) and whose first departure &lt;= now &lt;= last arrival, the one that started
     * last; if none runs, the next one starting within 30 minutes.
     *
     * @param now the time
     * @return the trip, or empty
     */
    public Optional<Trip> activeTrip(Instant now) {
        return activeRun(now).map(r -> trip(r.trip()));
    }

    /**
     * The trip to run after one ended: the earliest whose first departure is at or after {@code when} minus 10
     * minutes (the vehicle may be late), preferring trips that start where the ended trip ended (a vehicle at one
     * terminus cannot start from the other).
     *
     * @param endedTripId the trip that ended
     * @param when        when it ended
     * @return the next trip, or empty
     */
    public Optional<Trip> nextTrip(String endedTripId, Instant when) {
        return nextRun(endedTripId, when).map(r -> trip(r.trip()));
    }

    /** A scheduled run of a trip: the trip on one service date. */
    record Run(int trip, LocalDate serviceDate, Instant start, Instant end) {
    }

    Optional<Run> activeRun(Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        Run best = null;
        for (LocalDate date : List.of(today.minusDays(1), today)) {
            Instant reference = reference(date);
            for (int t = 0; t < tripIds.length; t++) {
                Run run = run(t, date, reference);
                if (run != null && !now.isBefore(run.start()) && !now.isAfter(run.end())
                        && (best == null || run.start().isAfter(best.start()))) {
                    best = run;
                }
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        Instant horizon = now.plus(UPCOMING);
        for (LocalDate date : List.of(today.minusDays(1), today, today.plusDays(1))) {
            Instant reference = reference(date);
            for (int t = 0; t < tripIds.length; t++) {
                Run run = run(t, date, reference);
                if (run != null && run.start().isAfter(now) && !run.start().isAfter(horizon)
                        && (best == null || run.start().isBefore(best.start()))) {
                    best = run;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    Optional<Run> nextRun(String endedTripId, Instant when) {
        Integer ended = endedTripId == null ? null : tripIndex.get(endedTripId);
        int terminus = ended == null ? -1 : rowStop[rowStart[ended + 1] - 1];
        Instant earliest = when.minus(LATE_START);
        LocalDate today = when.atZone(zone).toLocalDate();
        Run best = null;
        boolean bestPreferred = false;
        for (LocalDate date : List.of(today.minusDays(1), today, today.plusDays(1))) {
            Instant reference = reference(date);
            for (int t = 0; t < tripIds.length; t++) {
                Run run = run(t, date, reference);
                if (run == null || run.start().isBefore(earliest)
                        || (ended != null && t == ended && !run.start().isAfter(when))) {
                    continue;
                }
                boolean preferred = rowStop[rowStart[t]] == terminus;
                if (best == null || (preferred && !bestPreferred)
                        || (preferred == bestPreferred && run.start().isBefore(best.start()))) {
                    best = run;
                    bestPreferred = preferred;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** @return trip t's run on the date when its service runs then and it has times, else null */
    private Run run(int t, LocalDate date, Instant reference) {
        int first = departure(rowStart[t]);
        int last = arrival(rowStart[t + 1] - 1);
        if (first == GtfsTime.NONE || last == GtfsTime.NONE || !tripServices[t].runsOn(date)) {
            return null;
        }
        return new Run(t, date, reference.plusSeconds(first), reference.plusSeconds(last));
    }

    private int departure(int row) {
        return rowDeparture[row] != GtfsTime.NONE ? rowDeparture[row] : rowArrival[row];
    }

    private int arrival(int row) {
        return rowArrival[row] != GtfsTime.NONE ? rowArrival[row] : rowDeparture[row];
    }

    /** GTFS times count from "noon minus 12 h" of the service date, which differs from midnight on DST days. */
    Instant reference(LocalDate serviceDate) {
        return serviceDate.atTime(LocalTime.NOON).atZone(zone).minusHours(12).toInstant();
    }

    Trip trip(int t) {
        List<TripStop> tripStops = new ArrayList<>(rowStart[t + 1] - rowStart[t]);
        for (int row = rowStart[t]; row < rowStart[t + 1]; row++) {
            tripStops.add(new TripStop(rowSequence[row], stops[rowStop[row]]));
        }
        return new Trip(tripIds[t], tripLines[t], tripHeadsigns[t], tripStops);
    }

    String tripId(int t) {
        return tripIds[t];
    }

    /** Which days a service_id runs: calendar.txt weekdays within a date range, then calendar_dates.txt exceptions. */
    static final class Service {
        final String id;
        boolean hasCalendar;
        int weekdays; // bit 0 = Monday
        long startDay;
        long endDay;
        final Set<Long> added = new HashSet<>();
        final Set<Long> removed = new HashSet<>();

        Service(String id) {
            this.id = id;
        }

        boolean runsOn(LocalDate date) {
            long day = date.toEpochDay();
            if (removed.contains(day)) {
                return false;
            }
            if (added.contains(day)) {
                return true;
            }
            return hasCalendar && day >= startDay && day <= endDay
                    && (weekdays & (1 << (date.getDayOfWeek().getValue() - 1))) != 0;
        }

        boolean runsAtAll() {
            return !added.isEmpty() || (hasCalendar && weekdays != 0 && startDay <= endDay);
        }
    }

    /** The load, file by file, in an order that lets each file keep only what the wanted lines need. */
    private static final class Loader {
        private final ZipFile zip;
        private final String feed;
        private final Set<String> wanted = new HashSet<>();
        private final Set<String> matchedLines = new LinkedHashSet<>();
        /** Dedupes repeated strings (lines, headsigns, stop ids) so that each is held once. */
        private final Map<String, String> strings = new HashMap<>();

        private ZoneId zone;
        private final Map<String, String> routeLines = new HashMap<>();
        private final List<String> tripIds = new ArrayList<>();
        private final Map<String, Integer> tripIndex = new HashMap<>();
        private final List<String> tripLines = new ArrayList<>();
        private final List<String> tripHeadsigns = new ArrayList<>();
        private final List<Service> tripServices = new ArrayList<>();
        private final Map<String, Service> services = new HashMap<>();

        private final IntList rowTrip = new IntList();
        private final IntList rowStopRef = new IntList();
        private final IntList rowSequence = new IntList();
        private final IntList rowArrival = new IntList();
        private final IntList rowDeparture = new IntList();
        private final IntList rowLine = new IntList();
        private final List<String> stopRefs = new ArrayList<>();
        private final Map<String, Integer> stopRefIndex = new HashMap<>();
        private StopPoint[] stopByRef;

        String[] finalTripIds;
        Map<String, Integer> finalTripIndex;
        String[] finalTripLines;
        String[] finalTripHeadsigns;
        Service[] finalTripServices;
        int[] finalRowStart;
        int[] finalRowStop;
        int[] finalRowSequence;
        int[] finalRowArrival;
        int[] finalRowDeparture;
        StopPoint[] finalStops;
        Map<String, Integer> finalStopIndex;

        Loader(ZipFile zip, String feed, Set<String> lines) {
            this.zip = zip;
            this.feed = feed;
            for (String line : lines) {
                if (line != null && !line.isBlank()) {
                    wanted.add(line.trim());
                }
            }
        }

        void load() throws GtfsException {
            agency();
            routes();
            trips();
            stopTimes();
            stops();
            calendars();
            build();
        }

        private String intern(String s) {
            String known = strings.putIfAbsent(s, s);
            return known == null ? s : known;
        }

        private void agency() throws GtfsException {
            try (GtfsTable table = GtfsTable.openRequired(zip, feed, "agency.txt").require("agency_timezone")) {
                while (table.next()) {
                    String text = table.required("agency_timezone");
                    ZoneId z;
                    try {
                        z = ZoneId.of(text);
                    } catch (DateTimeException e) {
                        throw table.error("agency_timezone", "'" + text + "' is not a time zone (e.g. Europe/Berlin)");
                    }
                    if (zone == null) {
                        zone = z;
                    } else if (!zone.equals(z)) {
                        LOG.warn("GTFS {}: {} has agency_timezone {}, the feed's first agency {}: using {}", feed,
                                table.where(), z, zone, zone);
                    }
                }
                if (zone == null) {
                    throw new GtfsException(feed + ": agency.txt has no agency");
                }
            }
        }

        private void routes() throws GtfsException {
            try (GtfsTable table = GtfsTable.openRequired(zip, feed, "routes.txt").require("route_id")) {
                while (table.next()) {
                    String id = table.required("route_id");
                    String shortName = table.get("route_short_name");
                    if (wanted.isEmpty() || wanted.contains(id) || (!shortName.isEmpty()
                            && wanted.contains(shortName))) {
                        String line = intern(shortName.isEmpty() ? id : shortName);
                        if (routeLines.put(id, line) != null) {
                            throw table.error("route_id", "route '" + id + "' is defined twice");
                        }
                        matchedLines.add(line);
                    }
                }
            }
            if (routeLines.isEmpty()) {
                throw new GtfsException(feed + ": routes.txt has no route with route_short_name or route_id "
                        + wanted);
            }
        }

        private void trips() throws GtfsException {
            try (GtfsTable table = GtfsTable.openRequired(zip, feed, "trips.txt")
                    .require("route_id", "service_id", "trip_id")) {
                while (table.next()) {
                    String line = routeLines.get(table.get("route_id"));
                    if (line == null) {
                        continue;
                    }
                    String id = table.required("trip_id");
                    String serviceId = table.required("service_id");
                    if (tripIndex.putIfAbsent(id, tripIds.size()) != null) {
                        throw table.error("trip_id", "trip '" + id + "' is defined twice");
                    }
                    tripIds.add(id);
                    tripLines.add(line);
                    tripHeadsigns.add(intern(table.get("trip_headsign")));
                    tripServices.add(services.computeIfAbsent(serviceId, Service::new));
                }
            }
            if (tripIds.isEmpty()) {
                throw new GtfsException(feed + ": trips.txt has no trip of lines " + matchedLines);
            }
        }

        private void stopTimes() throws GtfsException {
            try (GtfsTable table = GtfsTable.openRequired(zip, feed, "stop_times.txt")
                    .require("trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence")) {
                while (table.next()) {
                    Integer trip = tripIndex.get(table.get("trip_id"));
                    if (trip == null) {
                        continue; // another line's row: not parsed, not kept
                    }
                    String stopId = table.required("stop_id");
                    int sequence = nonNegativeInt(table, "stop_sequence");
                    int arrival = time(table, "arrival_time");
                    int departure = time(table, "departure_time");
                    Integer ref = stopRefIndex.get(stopId);
                    if (ref == null) {
                        ref = stopRefs.size();
                        stopRefs.add(intern(stopId));
                        stopRefIndex.put(stopRefs.get(ref), ref);
                    }
                    rowTrip.add(trip);
                    rowStopRef.add(ref);
                    rowSequence.add(sequence);
                    rowArrival.add(arrival);
                    rowDeparture.add(departure);
                    rowLine.add((int) Math.min(Integer.MAX_VALUE, table.line()));
                }
            }
        }

        private static int nonNegativeInt(GtfsTable table, String column) throws GtfsException {
            String text = table.required(column);
            try {
                int value = Integer.parseInt(text);
                if (value >= 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw table.error(column, "'" + text + "' is not a non-negative integer");
        }

        private static int time(GtfsTable table, String column) throws GtfsException {
            try {
                return GtfsTime.parse(table.get(column));
            } catch (IllegalArgumentException e) {
                throw table.error(column, e.getMessage());
            }
        }

        private void stops() throws GtfsException {
            stopByRef = new StopPoint[stopRefs.size()];
            try (GtfsTable table = GtfsTable.openRequired(zip, feed, "stops.txt").require("stop_id")) {
                while (table.next()) {
                    Integer ref = stopRefIndex.get(table.get("stop_id"));
                    if (ref == null) {
                        continue;
                    }
                    if (stopByRef[ref] != null) {
                        throw table.error("stop_id", "stop '" + stopRefs.get(ref) + "' is defined twice");
                    }
                    Double lat = coordinate(table, "stop_lat", 90);
                    Double lon = coordinate(table, "stop_lon", 180);
                    if ((lat == null) != (lon == null)) {
                        String missing = lat == null ? "stop_lat" : "stop_lon";
                        throw table.error(missing, "must be given with " + (lat == null ? "stop_lon" : "stop_lat"));
                    }
                    stopByRef[ref] = new StopPoint(stopRefs.get(ref), table.get("stop_name"), lat, lon);
                }
            }
        }

        private static Double coordinate(GtfsTable table, String column, double limit) throws GtfsException {
            String text = table.get(column);
            if (text.isEmpty()) {
                return null;
            }
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw table.error(column, "'" + text + "' is not a number");
            }
            if (!(value >= -limit && value <= limit)) {
                throw table.error(column, "'" + text + "' is out of range (-" + (int) limit + " to " + (int) limit
                        + " degrees)");
            }
            return value;
        }

        private void calendars() throws GtfsException {
            boolean any = false;
            try (GtfsTable table = GtfsTable.open(zip, feed, "calendar.txt")) {
                if (table != null) {
                    any = true;
                    table.require("service_id", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                            "sunday", "start_date", "end_date");
                    while (table.next()) {
                        Service service = services.get(table.get("service_id"));
                        if (service == null) {
                            continue;
                        }
                        if (service.hasCalendar) {
                            throw table.error("service_id", "service '" + service.id + "' is defined twice");
                        }
                        int days = 0;
                        for (int d = 0; d < WEEKDAYS.length; d++) {
                            String flag = table.get(WEEKDAYS[d]);
                            if (flag.equals("1")) {
                                days |= 1 << d;
                            } else if (!flag.equals("0")) {
                                throw table.error(WEEKDAYS[d], "'" + flag + "' is neither 0 nor 1");
                            }
                        }
                        service.hasCalendar = true;
                        service.weekdays = days;
                        service.startDay = date(table, "start_date").toEpochDay();
                        service.endDay = date(table, "end_date").toEpochDay();
                        if (service.endDay < service.startDay) {
                            throw table.error("end_date", "is before start_date");
                        }
                    }
                }
            }
            try (GtfsTable table = GtfsTable.open(zip, feed, "calendar_dates.txt")) {
                if (table != null) {
                    any = true;
                    table.require("service_id", "date", "exception_type");
                    while (table.next()) {
                        Service service = services.get(table.get("service_id"));
                        if (service == null) {
                            continue;
                        }
                        long day = date(table, "date").toEpochDay();
                        String type = table.get("exception_type");
                        if (type.equals("1")) {
                            service.added.add(day);
                            service.removed.remove(day);
                        } else if (type.equals("2")) {
                            service.removed.add(day);
                            service.added.remove(day);
                        } else {
                            throw table.error("exception_type", "'" + type + "' is neither 1 (added) nor 2 (removed)");
                        }
                    }
                }
            }
            if (!any) {
                throw new GtfsException(feed + ": neither calendar.txt nor calendar_dates.txt is present (one is "
                        + "required)");
            }
            for (Service service : services.values()) {
                if (!service.runsAtAll()) {
                    LOG.warn("GTFS {}: service '{}' runs on no day in calendar.txt/calendar_dates.txt: its trips are "
                            + "found by trip id only, never by schedule", feed, service.id);
                }
            }
        }

        private static LocalDate date(GtfsTable table, String column) throws GtfsException {
            String text = table.required(column);
            try {
                return LocalDate.parse(text, DATE);
            } catch (DateTimeParseException e) {
                throw table.error(column, "'" + text + "' is not a date (YYYYMMDD)");
            }
        }

        /** Groups the kept rows by trip in stop_sequence order, drops broken trips, and freezes the arrays. */
        private void build() {
            int trips = tripIds.size();
            int rows = rowTrip.size();
            int[] count = new int[trips + 1];
            for (int r = 0; r < rows; r++) {
                count[rowTrip.get(r) + 1]++;
            }
            for (int t = 0; t < trips; t++) {
                count[t + 1] += count[t];
            }
            int[] order = new int[rows]; // row numbers grouped by trip, each group in file order
            int[] fill = count.clone();
            for (int r = 0; r < rows; r++) {
                order[fill[rowTrip.get(r)]++] = r;
            }
            boolean[] keep = new boolean[trips];
            int keptTrips = 0;
            int keptRows = 0;
            for (int t = 0; t < trips; t++) {
                int from = count[t];
                int to = count[t + 1];
                sortBySequence(order, from, to);
                keep[t] = checkTrip(t, order, from, to);
                if (keep[t]) {
                    keptTrips++;
                    keptRows += to - from;
                }
            }
            // renumber the stops that kept trips use
            int[] stopOf = new int[stopRefs.size()];
            Arrays.fill(stopOf, -1);
            List<StopPoint> usedStops = new ArrayList<>();
            finalStopIndex = new HashMap<>();
            finalTripIds = new String[keptTrips];
            finalTripIndex = new HashMap<>();
            finalTripLines = new String[keptTrips];
            finalTripHeadsigns = new String[keptTrips];
            finalTripServices = new Service[keptTrips];
            finalRowStart = new int[keptTrips + 1];
            finalRowStop = new int[keptRows];
            finalRowSequence = new int[keptRows];
            finalRowArrival = new int[keptRows];
            finalRowDeparture = new int[keptRows];
            int nt = 0;
            int nr = 0;
            for (int t = 0; t < trips; t++) {
                if (!keep[t]) {
                    continue;
                }
                finalTripIds[nt] = tripIds.get(t);
                finalTripIndex.put(tripIds.get(t), nt);
                finalTripLines[nt] = tripLines.get(t);
                finalTripHeadsigns[nt] = tripHeadsigns.get(t);
                finalTripServices[nt] = tripServices.get(t);
                finalRowStart[nt] = nr;
                for (int i = count[t]; i < count[t + 1]; i++) {
                    int r = order[i];
                    int ref = rowStopRef.get(r);
                    if (stopOf[ref] < 0) {
                        stopOf[ref] = usedStops.size();
                        usedStops.add(stopByRef[ref]);
                        finalStopIndex.put(stopRefs.get(ref), stopOf[ref]);
                    }
                    finalRowStop[nr] = stopOf[ref];
                    finalRowSequence[nr] = rowSequence.get(r);
                    finalRowArrival[nr] = rowArrival.get(r);
                    finalRowDeparture[nr] = rowDeparture.get(r);
                    nr++;
                }
                nt++;
            }
            finalRowStart[nt] = nr;
            finalStops = usedStops.toArray(new StopPoint[0]);
        }

        /** Insertion sort: stop_times are almost always already in order, which makes this linear. */
        private void sortBySequence(int[] order, int from, int to) {
            for (int i = from + 1; i < to; i++) {
                int r = order[i];
                int key = rowSequence.get(r);
                int j = i - 1;
                while (j >= from && rowSequence.get(order[j]) > key) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = r;
            }
        }

        private boolean checkTrip(int t, int[] order, int from, int to) {
            String id = tripIds.get(t);
            if (from == to) {
                LOG.warn("GTFS {}: trip '{}' has no stop_times: dropped", feed, id);
                return false;
            }
            for (int i = from; i < to; i++) {
                int r = order[i];
                if (stopByRef[rowStopRef.get(r)] == null) {
                    LOG.warn("GTFS {}: trip '{}' dropped: stop_times.txt line {} names stop '{}', which stops.txt "
                            + "lacks", feed, id, rowLine.get(r), stopRefs.get(rowStopRef.get(r)));
                    return false;
                }
                if (i > from && rowSequence.get(r) == rowSequence.get(order[i - 1])) {
                    LOG.warn("GTFS {}: trip '{}' dropped: stop_times.txt lines {} and {} both have stop_sequence {}",
                            feed, id, rowLine.get(order[i - 1]), rowLine.get(r), rowSequence.get(r));
                    return false;
                }
            }
            int first = rowDeparture.get(order[from]) != GtfsTime.NONE ? rowDeparture.get(order[from])
                    : rowArrival.get(order[from]);
            int last = rowArrival.get(order[to - 1]) != GtfsTime.NONE ? rowArrival.get(order[to - 1])
                    : rowDeparture.get(order[to - 1]);
            if (first == GtfsTime.NONE || last == GtfsTime.NONE) {
                LOG.warn("GTFS {}: trip '{}' has no time at its first or last stop: found by trip id only, never by "
                        + "schedule", feed, id);
            } else if (last < first) {
                LOG.warn("GTFS {}: trip '{}' dropped: its last arrival {} is before its first departure {}", feed, id,
                        GtfsTime.format(last), GtfsTime.format(first));
                return false;
            }
            return true;
        }
    }
}
