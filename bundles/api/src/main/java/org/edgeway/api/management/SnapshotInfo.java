package org.edgeway.api.management;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored snapshot of all configurations.
 *
 * @param id             the snapshot id, increasing with time (milliseconds since the epoch when it was taken)
 * @param taken          when it was taken
 * @param reason         why, e.g. {@code update org.edgeway.demo.simulator} or {@code on demand}
 * @param configurations how many configurations it holds
 */
public record SnapshotInfo(long id, Instant taken, String reason, int configurations) {

    /** Checks that nothing is missing. */
    public SnapshotInfo {
        Objects.requireNonNull(taken, "taken");
        reason = reason == null ? "" : reason;
    }
}
