package org.edgeway.demo.internal.transit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.edgeway.api.transit.ObjectClass;

/**
 * What the simulated counting sensors of some doors know: open or closed, and per object class the boardings and
 * alightings cumulative since the simulator started (they never reset, like a real sensor's count since its count
 * start). Thread-safe: the simulator writes, server threads read snapshots.
 */
final class SensorDoors {

    /** One door's state at one moment; counts list every class the sensor reports, in enum order. */
    record DoorSnapshot(String door, boolean open, Map<ObjectClass, Count> counts) {
    }

    private final Map<String, Boolean> open = new LinkedHashMap<>();
    private final Map<String, Map<ObjectClass, Count>> counts = new LinkedHashMap<>();

    /** @param classes per door (in door order): the classes its sensor reports from the start */
    SensorDoors(Map<String, Set<ObjectClass>> classes) {
        classes.forEach((door, reported) -> {
            open.put(door, false);
            Map<ObjectClass, Count> zero = new EnumMap<>(ObjectClass.class);
            reported.forEach(c -> zero.put(c, Count.ZERO));
            counts.put(door, zero);
        });
    }

    /** The doors of a scenario that one protocol reports, with the classes the scenario counts there. */
    static SensorDoors of(Scenario scenario, Scenario.Protocol protocol) {
        Map<String, Set<ObjectClass>> classes = new LinkedHashMap<>();
        scenario.doorIds(protocol).forEach(door -> classes.put(door, scenario.classesCounted(door)));
        return new SensorDoors(classes);
    }

    synchronized List<String> doors() {
        return List.copyOf(open.keySet());
    }

    synchronized boolean has(String door) {
        return open.containsKey(door);
    }

    /** @return whether the state changed */
    synchronized boolean setOpen(String door, boolean isOpen) {
        requireDoor(door);
        return open.put(door, isOpen) != isOpen;
    }

    synchronized void add(String door, ObjectClass objectClass, Count increment) {
        requireDoor(door);
        counts.get(door).merge(objectClass, increment, Count::plus);
    }

    synchronized DoorSnapshot snapshot(String door) {
        requireDoor(door);
        return new DoorSnapshot(door, open.get(door),
                Collections.unmodifiableMap(new EnumMap<>(counts.get(door))));
    }

    synchronized List<DoorSnapshot> snapshot() {
        List<DoorSnapshot> all = new ArrayList<>();
        open.keySet().forEach(door -> all.add(snapshot(door)));
        return all;
    }

    private void requireDoor(String door) {
        if (!open.containsKey(door)) {
            throw new IllegalArgumentException("no door " + door + " (doors: " + open.keySet() + ")");
        }
    }
}
