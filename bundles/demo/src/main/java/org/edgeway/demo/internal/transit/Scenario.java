package org.edgeway.demo.internal.transit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.edgeway.api.transit.ObjectClass;

/**
 * A bus on a route, its doors and who boards and alights where: what the transit simulator plays and what a gateway
 * under test should report ({@link #expectedVisits()}). Read from JSON with {@link #load(InputStream)}; the schema is
 * described in {@code bus-100.json}, the built-in scenario ({@link #builtIn()}).
 *
 * @param name a human name
 * @param line the line number shown by the customer information service
 * @param vehicleRef the vehicle's id in the customer information service
 * @param language language of stop names and destinations (customer information service)
 * @param fixIntervalMillis time between two position samples
 * @param timing drive, settle and door times
 * @param stops every stop the trips use
 * @param doors the vehicle's counting doors and the protocol that reports each
 * @param trips the trips of one pass, run back to back
 * @param loop whether to run the trips again and again
 */
public record Scenario(String name, String line, String vehicleRef, String language, int fixIntervalMillis,
        Timing timing, List<Stop> stops, List<Door> doors, List<Trip> trips, boolean loop) {

    /** The resource name of the built-in scenario, Berlin bus line 100. */
    public static final String BUILT_IN = "bus-100.json";

    public Scenario {
        stops = List.copyOf(stops);
        doors = List.copyOf(doors);
        trips = List.copyOf(trips);
    }

    /** The protocol through which a door's counts reach the gateway. */
    public enum Protocol {
        /** VDV 301 PassengerCountingService over HTTP. */
        IBISIP,
        /** The JSON lines stream over TCP. */
        JSONLINES
    }

    /**
     * Times of the simulation.
     *
     * @param driveMillis fixed drive time between two stops, or {@code null} to derive it from the distance and the
     *         cruise speed
     * @param cruiseSpeedMps speed reported while driving
     * @param settleBeforeOpenMillis standing still at a stop before the doors open
     * @param doorsOpenMillis how long the doors stay open (a visit may override it)
     * @param settleAfterCloseMillis standing still after the doors closed, before driving off
     * @param terminusLayoverMillis waiting at the first stop of a trip before its first visit
     */
    public record Timing(Long driveMillis, double cruiseSpeedMps, long settleBeforeOpenMillis, long doorsOpenMillis,
            long settleAfterCloseMillis, long terminusLayoverMillis) {

        /** Drive time between two points: the fixed drive time, or distance over cruise speed (at least one fix). */
        long driveMillis(double lat1, double lon1, double lat2, double lon2, int fixIntervalMillis) {
            if (driveMillis != null) {
                return driveMillis;
            }
            double meters = Geo.distanceMeters(lat1, lon1, lat2, lon2);
            return Math.max(fixIntervalMillis, Math.round(meters / cruiseSpeedMps * 1000));
        }
    }

    /** A stop: its id as the operator writes it, its name and (approximate) coordinates. */
    public record Stop(String id, String name, double lat, double lon) {
    }

    /** A counting door. */
    public record Door(String id, Protocol protocol) {
    }

    /**
     * One trip.
     *
     * @param tripId the trip reference (customer information service {@code TripRef})
     * @param headsign the destination shown
     * @param stopIds the stops in order; the bus stops only where there is a visit and passes the others
     * @param visits the door openings in order: at stops, or away from a stop between two consecutive stops
     */
    public record Trip(String tripId, String headsign, List<String> stopIds, List<Visit> visits) {

        public Trip {
            stopIds = List.copyOf(stopIds);
            visits = List.copyOf(visits);
        }
    }

    /**
     * One door opening of a trip.
     *
     * @param stopSequence 1-based index into the trip's stops, or {@code null} when away from a stop
     * @param afterStopSequence for an opening away from a stop: the segment starts at this stop sequence
     * @param fraction for an opening away from a stop: how far along the segment, in (0, 1)
     * @param doors the doors that open
     * @param doorsOpenMillis how long the doors stay open, or {@code null} for the scenario's timing
     * @param counts per door and class: who boards and alights
     */
    public record Visit(Integer stopSequence, Integer afterStopSequence, double fraction, List<String> doors,
            Long doorsOpenMillis, Map<String, Map<ObjectClass, Count>> counts) {

        public Visit {
            doors = List.copyOf(doors);
            Map<String, Map<ObjectClass, Count>> copy = new LinkedHashMap<>();
            counts.forEach((door, classes) -> copy.put(door, classes.isEmpty()
                    ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(classes))));
            counts = Collections.unmodifiableMap(copy);
        }

        public boolean awayFromStop() {
            return stopSequence == null;
        }

        /** Counts of one door and class, zero when the visit gives none. */
        public Count count(String door, ObjectClass objectClass) {
            return counts.getOrDefault(door, Map.of()).getOrDefault(objectClass, Count.ZERO);
        }
    }

    /** The built-in scenario: Berlin bus 100 from S+U Zoologischer Garten to S+U Alexanderplatz and back. */
    public static Scenario builtIn() {
        try (InputStream in = Scenario.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("built-in scenario " + BUILT_IN + " is missing from the bundle");
            }
            return load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in scenario " + BUILT_IN, e);
        }
    }

    /**
     * Reads and validates a scenario (UTF-8 JSON).
     *
     * @throws ScenarioException naming the field when the scenario is invalid
     * @throws IOException when the stream cannot be read
     */
    public static Scenario load(InputStream in) throws IOException {
        return ScenarioParser.parse(in);
    }

    /**
     * Reads and validates a scenario file.
     *
     * @throws ScenarioException naming the file and the field when the scenario is invalid
     * @throws IOException when the file cannot be read
     */
    public static Scenario load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in);
        } catch (ScenarioException e) {
            throw new ScenarioException(file + ": " + e.getMessage(), e);
        }
    }

    /** The stop with this id. */
    public Stop stop(String id) {
        return stops.stream().filter(stop -> stop.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stop " + id));
    }

    /** The doors reported through one protocol, in scenario order. */
    public List<String> doorIds(Protocol protocol) {
        return doors.stream().filter(door -> door.protocol() == protocol).map(Door::id).toList();
    }

    /**
     * The classes a door's sensor reports: every class the scenario ever counts at that door, and always
     * {@code Adult}, so that a sensor's report lists the same classes from the start.
     */
    public Set<ObjectClass> classesCounted(String door) {
        Set<ObjectClass> classes = EnumSet.of(ObjectClass.ADULT);
        for (Trip trip : trips) {
            for (Visit visit : trip.visits()) {
                classes.addAll(visit.counts().getOrDefault(door, Map.of()).keySet());
            }
        }
        return classes;
    }

    /**
     * The visits of one pass over all trips, in order: what a gateway should report. At a terminus the ending trip's
     * visit (alightings) and the next trip's first visit (boardings) are two visits of the same physical stop.
     */
    public List<ExpectedVisit> expectedVisits() {
        List<ExpectedVisit> visits = new ArrayList<>();
        for (Trip trip : trips) {
            for (Visit visit : trip.visits()) {
                String stopId = visit.awayFromStop() ? null : trip.stopIds().get(visit.stopSequence() - 1);
                Map<String, Map<ObjectClass, Count>> counts = new LinkedHashMap<>();
                for (String door : visit.doors()) {
                    counts.put(door, visit.counts().getOrDefault(door, Map.of()));
                }
                visits.add(new ExpectedVisit(trip.tripId(), stopId, visit.stopSequence(), visit.doors(), counts));
            }
        }
        return List.copyOf(visits);
    }

    /** Boardings and alightings per trip of one pass (equal: every trip is balanced). */
    public List<TripTotals> expectedTripTotals() {
        List<TripTotals> totals = new ArrayList<>();
        for (Trip trip : trips) {
            int in = 0;
            int out = 0;
            for (Visit visit : trip.visits()) {
                for (Map<ObjectClass, Count> classes : visit.counts().values()) {
                    for (Count count : classes.values()) {
                        in += count.boardings();
                        out += count.alightings();
                    }
                }
            }
            totals.add(new TripTotals(trip.tripId(), in, out));
        }
        return List.copyOf(totals);
    }
}
