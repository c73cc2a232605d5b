package org.edgeway.fleet.internal.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rollout as any console instance shows it (from the database).
 *
 * @param counts       jobs per {@link JobState} name, every state present (zeros too)
 * @param stages       stages of the plan (the canary stage is stage 0 when there is one)
 * @param currentStage the stage running, or the last one that ran
 * @param canary       gateways in the canary stage (0: none)
 * @param owner        the console instance (its MQTT client id) that drives it
 * @param jobs         every gateway's job, by stage and client id; null in lists of rollouts
 */
public record RolloutView(long id, String kind, String summary, RolloutState state, String createdBy,
        Instant created, Instant updated, Instant finished, String reason, Map<String, Integer> counts, int stages,
        int currentStage, int canary, int batchSize, int maxFailures, String group, Operation operation, String owner,
        List<JobView> jobs) {
}
