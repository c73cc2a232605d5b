package org.edgeway.fleet.internal.ops;

import java.time.Instant;

/** A job of one gateway, for the gateway's page: which rollout, what it did, how it ended. */
public record GatewayJobView(long rolloutId, String kind, String summary, int stage, JobState state, String message,
        Instant updated) {
}
