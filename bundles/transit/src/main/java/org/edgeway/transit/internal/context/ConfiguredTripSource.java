package org.edgeway.transit.internal.context;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.edgeway.api.transit.StopPoint;
import org.edgeway.api.transit.Trip;
import org.edgeway.api.transit.TripStop;

/**
 * The trip from configuration: a line, a trip id and its stops. At the last stop the vehicle runs the return trip
 * (the stops backwards) when one is configured, and the same trip again otherwise (a ring line).
 */
public final class ConfiguredTripSource implements TripSource {

    private final Trip outbound;
    private final Trip inbound;
    private volatile Trip current;

    /**
     * @param outbound the configured trip, or null for none
     * @param inbound  the return trip, or null
     */
    public ConfiguredTripSource(Trip outbound, Trip inbound) {
        this.outbound = outbound;
        this.inbound = inbound;
        this.current = outbound;
    }

    /**
     * Builds the trips from configuration values.
     *
     * @throws IllegalArgumentException naming the first invalid value
     */
    public static ConfiguredTripSource fromConfig(String line, String tripId, String headsign, String[] stops,
            String returnTripId, String returnHeadsign) {
        if (tripId.isBlank()) {
            if (stops.length > 0) {
                throw new IllegalArgumentException("trip.id: required when stops are configured");
            }
            return new ConfiguredTripSource(null, null);
        }
        List<StopPoint> points = parseStops(stops);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("stops: trip " + tripId + " needs at least one stop");
        }
        Trip out = new Trip(tripId, line, headsign, numbered(points));
        Trip back = null;
        if (!returnTripId.isBlank()) {
            List<StopPoint> reversed = new ArrayList<>(points);
            java.util.Collections.reverse(reversed);
            back = new Trip(returnTripId, line, returnHeadsign, numbered(reversed));
        }
        return new ConfiguredTripSource(out, back);
    }

    /**
     * Parses {@code stopId|name|latitude|longitude} entries (coordinates optional).
     *
     * @throws IllegalArgumentException naming the entry that is wrong
     */
    public static List<StopPoint> parseStops(String[] entries) {
        List<StopPoint> points = new ArrayList<>();
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.isEmpty()) {
                continue;
            }
            String[] parts = entry.split("\\|", -1);
            try {
                if (parts.length == 2) {
                    points.add(new StopPoint(parts[0].trim(), parts[1].trim(), null, null));
                } else if (parts.length == 4) {
                    points.add(new StopPoint(parts[0].trim(), parts[1].trim(), Double.valueOf(parts[2].trim()),
                            Double.valueOf(parts[3].trim())));
                } else {
                    throw new IllegalArgumentException("expected 'stopId|name|latitude|longitude' or 'stopId|name'");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("stops[" + i + "] '" + entry + "': " + e.getMessage(), e);
            }
        }
        return points;
    }

    private static List<TripStop> numbered(List<StopPoint> points) {
        List<TripStop> stops = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            stops.add(new TripStop(i + 1, points.get(i)));
        }
        return stops;
    }

    @Override
    public void start(Consumer<Optional<Trip>> onChange) {
        onChange.accept(Optional.ofNullable(current));
    }

    @Override
    public Optional<Trip> currentTrip() {
        return Optional.ofNullable(current);
    }

    @Override
    public Optional<Trip> tripCompleted(Trip trip, Instant when) {
        if (outbound == null) {
            return Optional.empty();
        }
        Trip next = inbound != null && trip.tripId().equals(outbound.tripId()) ? inbound : outbound;
        current = next;
        return Optional.of(next);
    }

    @Override
    public void close() {
        // nothing runs
    }
}
