package org.edgeway.fleet.internal.ops;

import java.util.List;

/**
 * How a rollout is staged: a canary stage, then batches; it halts when more jobs failed (FAILED or TIMED_OUT) than
 * allowed at the end of a stage. Null means the default.
 *
 * @param canary        gateways in the canary stage (default 1; 0: no canary stage), chosen among the online ones
 *                      first, in client id order; ignored when {@code canaryClients} are given
 * @param canaryClients the canary gateways, explicitly (must be among the targets)
 * @param batchSize     gateways per later stage (default 10 % of the targets, rounded up)
 * @param maxFailures   failures allowed over the whole rollout (default 0)
 */
public record Plan(Integer canary, List<String> canaryClients, Integer batchSize, Integer maxFailures) {

    static final int DEFAULT_CANARY = 1;
    static final int DEFAULT_MAX_FAILURES = 0;

    /** Checks what can be checked without the targets. */
    public Plan {
        canaryClients = canaryClients == null ? List.of()
                : List.copyOf(Targets.checkClients("plan.canaryClients", canaryClients));
        if (canary != null) {
            OpsCheck.range("plan.canary", canary, 0, OpsCheck.MAX_TARGETS);
        }
        if (batchSize != null) {
            OpsCheck.range("plan.batchSize", batchSize, 1, OpsCheck.MAX_TARGETS);
        }
        if (maxFailures != null) {
            OpsCheck.range("plan.maxFailures", maxFailures, 0, OpsCheck.MAX_TARGETS);
        }
    }

    /** All defaults. */
    public static Plan defaults() {
        return new Plan(null, null, null, null);
    }

    int maxFailuresOrDefault() {
        return maxFailures == null ? DEFAULT_MAX_FAILURES : maxFailures;
    }

    /** 10 % of the targets, rounded up. */
    int batchSizeFor(int targets) {
        return batchSize != null ? batchSize : Math.max(1, (targets + 9) / 10);
    }
}
