package org.edgeway.fleet.internal.ingest;

import java.util.Map;
import java.util.TreeMap;

/**
 * The counters of one {@link FleetIngest}. Once the ingest is idle, {@code received = stored + duplicates + ignored +
 * rejected total}.
 *
 * @param received   messages the broker delivered
 * @param stored     messages whose content was new to the store (births, disconnects and occupancy always are)
 * @param duplicates stop visits, trips and energy intervals the store already had (at-least-once re-deliveries)
 * @param ignored    well-formed messages the console does not keep (other applications, counters not in kWh)
 * @param rejected   malformed or hostile messages per reason
 * @param queueDepth messages received and not yet stored: waiting in the queue or in the open stop visit batch
 * @param subscribed whether the ingest is connected and subscribed right now
 */
public record IngestStats(long received, long stored, long duplicates, long ignored, Map<String, Long> rejected,
        int queueDepth, boolean subscribed) {

    /** Copies the reasons, sorted. */
    public IngestStats {
        rejected = rejected == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(rejected));
    }

    /** Rejected messages over all reasons. */
    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
}
