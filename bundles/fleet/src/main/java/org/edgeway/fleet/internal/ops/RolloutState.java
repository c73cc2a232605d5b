package org.edgeway.fleet.internal.ops;

/** Where a rollout stands. Only RUNNING changes. */
public enum RolloutState {
    RUNNING,
    /** Every stage ended within the failures allowed. */
    COMPLETED,
    /** Stopped by the rollout itself (too many failures, its console stopped); the reason says why. */
    HALTED,
    /** Stopped by an administrator. */
    CANCELLED
}
