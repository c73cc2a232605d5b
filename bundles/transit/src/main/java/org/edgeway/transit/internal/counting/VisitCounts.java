package org.edgeway.transit.internal.counting;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.edgeway.api.transit.DoorCount;
import org.edgeway.api.transit.ObjectClass;

/** Boardings and alightings per door and object class, accumulated for one visit. Not thread-safe. */
final class VisitCounts {

    private final Map<String, Map<ObjectClass, long[]>> byDoor = new TreeMap<>();

    void add(String door, ObjectClass objectClass, long in, long out) {
        long[] counts = byDoor.computeIfAbsent(door, d -> new EnumMap<>(ObjectClass.class))
                .computeIfAbsent(objectClass, c -> new long[2]);
        counts[0] += in;
        counts[1] += out;
    }

    void addAll(VisitCounts other) {
        other.byDoor.forEach((door, classes) -> classes.forEach((c, v) -> add(door, c, v[0], v[1])));
    }

    long boardings() {
        return byDoor.values().stream().flatMap(m -> m.values().stream()).mapToLong(v -> v[0]).sum();
    }

    long alightings() {
        return byDoor.values().stream().flatMap(m -> m.values().stream()).mapToLong(v -> v[1]).sum();
    }

    boolean isEmpty() {
        return boardings() == 0 && alightings() == 0;
    }

    /** @return a copy with only the boardings */
    VisitCounts boardingsOnly() {
        VisitCounts copy = new VisitCounts();
        byDoor.forEach((door, classes) -> classes.forEach((c, v) -> copy.add(door, c, v[0], 0)));
        return copy;
    }

    /** @return a copy with only the alightings */
    VisitCounts alightingsOnly() {
        VisitCounts copy = new VisitCounts();
        byDoor.forEach((door, classes) -> classes.forEach((c, v) -> copy.add(door, c, 0, v[1])));
        return copy;
    }

    /** @return non-zero entries sorted by door, then object class */
    List<DoorCount> toList() {
        List<DoorCount> list = new ArrayList<>();
        byDoor.forEach((door, classes) -> classes.forEach((c, v) -> {
            if (v[0] != 0 || v[1] != 0) {
                list.add(new DoorCount(door, c, v[0], v[1]));
            }
        }));
        return list;
    }
}
