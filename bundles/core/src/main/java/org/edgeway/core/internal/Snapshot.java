package org.edgeway.core.internal;

import java.time.Instant;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.edgeway.api.management.SnapshotInfo;

/**
 * All configurations at one moment: pids, factory pids and typed values, secrets as stored (encrypted).
 *
 * @param id             milliseconds since the epoch, unique within the store
 * @param taken          when
 * @param reason         why
 * @param configurations the configurations sorted by pid
 */
record Snapshot(long id, Instant taken, String reason, List<Snapshot.Entry> configurations) {

    /** Keys that Configuration Admin manages itself and that are not restored. */
    static final List<String> MANAGED_KEYS = List.of("service.pid", "service.factoryPid", "service.bundleLocation");

    Snapshot {
        Objects.requireNonNull(taken, "taken");
        reason = reason == null ? "" : reason;
        configurations = configurations.stream().sorted((a, b) -> a.pid().compareTo(b.pid())).toList();
    }

    SnapshotInfo info() {
        return new SnapshotInfo(id, taken, reason, configurations.size());
    }

    /**
     * One configuration.
     *
     * @param pid        its pid ({@code factoryPid~name} for a named factory instance)
     * @param factoryPid its factory pid, or null
     * @param properties its values by key, without the keys Configuration Admin manages
     */
    record Entry(String pid, String factoryPid, Map<String, Object> properties) {
        Entry {
            Objects.requireNonNull(pid, "pid");
            TreeMap<String, Object> copy = new TreeMap<>(properties);
            MANAGED_KEYS.forEach(copy::remove);
            properties = Collections.unmodifiableMap(copy);
        }

        static Entry of(String pid, String factoryPid, Dictionary<String, Object> properties) {
            TreeMap<String, Object> map = new TreeMap<>();
            if (properties != null) {
                for (String key : Collections.list(properties.keys())) {
                    map.put(key, properties.get(key));
                }
            }
            return new Entry(pid, factoryPid, map);
        }

        /** Whether both hold the same values (compared by their text, as types may differ after a file round trip). */
        boolean sameValues(Entry other) {
            if (!properties.keySet().equals(other.properties.keySet())) {
                return false;
            }
            return properties.entrySet().stream()
                    .allMatch(e -> ConfigurationValidator.sameText(e.getValue(), other.properties.get(e.getKey())));
        }
    }
}
