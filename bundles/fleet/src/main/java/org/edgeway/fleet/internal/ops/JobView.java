package org.edgeway.fleet.internal.ops;

import java.time.Instant;

/**
 * One gateway's job in a rollout.
 *
 * @param message what the gateway answered or reported (its error on failure), or why the console ended the job
 */
public record JobView(String clientId, int stage, JobState state, String message, Instant sent, Instant updated) {
}
