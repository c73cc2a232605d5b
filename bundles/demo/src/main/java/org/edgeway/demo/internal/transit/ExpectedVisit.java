package org.edgeway.demo.internal.transit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.edgeway.api.transit.ObjectClass;

/**
 * Ground truth for one door opening of a scenario pass: what a gateway should report as a stop visit.
 *
 * @param tripId the trip the visit belongs to
 * @param stopId the stop, or {@code null} for an opening away from any stop (for example at a traffic light)
 * @param stopSequence 1-based index of the stop in the trip's stop list, {@code null} when away from a stop
 * @param doors the doors that open, in the scenario's door order
 * @param counts per door (every opened door, possibly with no classes) and object class: boardings and alightings
 */
public record ExpectedVisit(String tripId, String stopId, Integer stopSequence, List<String> doors,
        Map<String, Map<ObjectClass, Count>> counts) {

    public ExpectedVisit {
        doors = List.copyOf(doors);
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    public boolean awayFromStop() {
        return stopId == null;
    }

    /** Counts of one door and class, zero when the scenario gives none. */
    public Count count(String door, ObjectClass objectClass) {
        return counts.getOrDefault(door, Map.of()).getOrDefault(objectClass, Count.ZERO);
    }

    /** All classes of one door added up. */
    public Count total(String door) {
        return counts.getOrDefault(door, Map.of()).values().stream().reduce(Count.ZERO, Count::plus);
    }

    public int boardings() {
        return counts.keySet().stream().mapToInt(door -> total(door).boardings()).sum();
    }

    public int alightings() {
        return counts.keySet().stream().mapToInt(door -> total(door).alightings()).sum();
    }
}
