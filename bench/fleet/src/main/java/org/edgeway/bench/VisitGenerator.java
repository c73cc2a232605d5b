package org.edgeway.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.edgeway.fleet.internal.store.StopVisitRecord;

/**
 * A deterministic fleet of buses: {@value #DAYS} service days from {@link #FIRST_DAY}, each bus running
 * {@value #TRIPS_PER_DAY} trips a day of {@value #STOPS_PER_TRIP} stops on one of {@value #LINES} lines, 05:00 to
 * about 22:30 local time. Visits come day by day (all buses of a day, then the next day), the order they reach a
 * console, so a time range is a contiguous part of the table as in production. Each visit has a stop name, 10 door
 * counts (5 doors, in and out) adding up to its boardings and alightings, a position, and a trip summary per trip.
 */
final class VisitGenerator {

    static final String ACCOUNT = "bench";
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 5);
    static final int DAYS = 90;
    static final int TRIPS_PER_DAY = 11;
    static final int STOPS_PER_TRIP = 25;
    static final int LINES = 40;
    static final int DOORS = 5;
    static final int VISITS_PER_BUS_DAY = TRIPS_PER_DAY * STOPS_PER_TRIP;

    private static final String[] STREETS = {"Hauptbahnhof", "Rathausplatz", "Lindenstrasse", "Am Markt",
        "Schillerweg", "Friedhof Nord", "Universitaet", "Klinikum Sued", "Gewerbegebiet Ost", "Bahnhofstrasse",
        "Kirchplatz", "Sportpark", "Schulzentrum", "Messe Eingang West", "Hafenstrasse", "Goethestrasse",
        "Stadtwerke", "Berliner Allee", "Waldfriedhof", "Technologiepark"};

    /** One generated visit and what the loaders need about it. */
    record Visit(int bus, String clientId, String visitId, String tripId, long tripStartMs, String line,
            String stopId, int stopSequence, String stopName, long arrivalMs, long departureMs, int boardings,
            int alightings, int occupancy, String quality, int[] doorIns, int[] doorOuts, double latitude,
            double longitude, long receivedMs) {

        /** As the store's record: door counts as {@code door.adult.in|out}, as the APC-V1 message carries them. */
        StopVisitRecord toRecord() {
            Map<String, Integer> doors = new LinkedHashMap<>();
            for (int d = 0; d < DOORS; d++) {
                doors.put((d + 1) + ".adult.in", doorIns[d]);
                doors.put((d + 1) + ".adult.out", doorOuts[d]);
            }
            return new StopVisitRecord(ACCOUNT, clientId, visitId, tripId, Instant.ofEpochMilli(tripStartMs), line,
                    stopId, stopSequence, stopName, Instant.ofEpochMilli(arrivalMs), Instant.ofEpochMilli(departureMs),
                    boardings, alightings, occupancy, quality, doors, latitude, longitude);
        }

        /** The JSON the store writes for these door counts (Gson over the sorted map: same keys, same order). */
        String doorCountsJson() {
            StringBuilder json = new StringBuilder(160).append('{');
            for (int d = 0; d < DOORS; d++) {
                if (d > 0) {
                    json.append(',');
                }
                json.append('"').append(d + 1).append(".adult.in\":").append(doorIns[d]);
                json.append(",\"").append(d + 1).append(".adult.out\":").append(doorOuts[d]);
            }
            return json.append('}').toString();
        }
    }

    /** The trip summary a gateway sends at the end of a trip. */
    record Trip(String clientId, String tripId, long tripStartMs, long tripEndMs, String line, int visits,
            long boardings, long alightings, long receivedMs) {
    }

    private final int total;
    private final int buses;
    private final String idPrefix;

    /**
     * @param total    visits to generate
     * @param idPrefix prefix of every visit id, so two generators can make disjoint visits
     */
    VisitGenerator(int total, String idPrefix) {
        this.total = total;
        this.buses = Math.max(1, (int) Math.ceil(total / (double) (DAYS * VISITS_PER_BUS_DAY)));
        this.idPrefix = idPrefix;
    }

    int buses() {
        return buses;
    }

    /** Local midnight starting day {@code day} (0-based) of the generated period. */
    static Instant dayStart(int day) {
        return FIRST_DAY.plusDays(day).atStartOfDay(ZONE).toInstant();
    }

    /** Calls {@code visits} for each visit in order and {@code trips} after each trip's last generated visit. */
    void generate(Consumer<Visit> visits, Consumer<Trip> trips) {
        int made = 0;
        for (int day = 0; day < DAYS && made < total; day++) {
            LocalDate date = FIRST_DAY.plusDays(day);
            long midnight = date.atStartOfDay(ZONE).toInstant().toEpochMilli();
            String dateText = date.toString().replace("-", "");
            for (int bus = 0; bus < buses && made < total; bus++) {
                String clientId = String.format("bus-%04d", bus);
                int line = bus % LINES;
                String lineId = String.valueOf(100 + line);
                SplittableRandom random = new SplittableRandom(((long) day << 32) ^ bus);
                long serviceStart = midnight + (5 * 60 + bus % 60) * 60_000L;
                for (int trip = 0; trip < TRIPS_PER_DAY && made < total; trip++) {
                    boolean outbound = trip % 2 == 0;
                    long tripStart = serviceStart + trip * 95 * 60_000L;
                    String tripId = lineId + "_" + (outbound ? "H" : "R") + "_" + trip + "_" + (bus / LINES);
                    int load = 0;
                    long boardingsSum = 0;
                    long alightingsSum = 0;
                    int visitsInTrip = 0;
                    long lastDeparture = tripStart;
                    for (int seq = 1; seq <= STOPS_PER_TRIP && made < total; seq++) {
                        int routeIndex = outbound ? seq - 1 : STOPS_PER_TRIP - seq;
                        int stop = (line * 50 + routeIndex) % 2000;
                        boolean last = seq == STOPS_PER_TRIP;
                        int alightings = last ? load : Math.min(load, random.nextInt(0, 8));
                        int boardings = last ? 0 : random.nextInt(0, 10);
                        load = load - alightings + boardings;
                        int[] ins = split(boardings, random);
                        int[] outs = split(alightings, random);
                        long arrival = tripStart + (seq - 1) * 180_000L + random.nextInt(0, 60_000);
                        long departure = arrival + 15_000 + random.nextInt(0, 30_000);
                        String quality = random.nextInt(0, 200) == 0 ? "clamped" : "";
                        visits.accept(new Visit(bus, clientId, idPrefix + dateText + "/" + tripId + "/" + seq,
                                tripId, tripStart, lineId, "S" + stop, seq, STREETS[stop % STREETS.length] + " "
                                        + (stop / STREETS.length + 1), arrival, departure, boardings, alightings,
                                load, quality, ins, outs, 52.40 + stop * 0.0001, 13.30 + stop * 0.0001,
                                departure + 1_500));
                        boardingsSum += boardings;
                        alightingsSum += alightings;
                        visitsInTrip++;
                        lastDeparture = departure;
                        made++;
                    }
                    trips.accept(new Trip(clientId, tripId, tripStart, lastDeparture, lineId, visitsInTrip,
                            boardingsSum, alightingsSum, lastDeparture + 2_000));
                }
            }
        }
    }

    /** Splits {@code count} passengers over the doors. */
    private static int[] split(int count, SplittableRandom random) {
        int[] doors = new int[DOORS];
        for (int i = 0; i < count; i++) {
            doors[random.nextInt(DOORS)]++;
        }
        return doors;
    }
}
