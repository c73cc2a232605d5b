package org.edgeway.fleet.internal.ops;

import java.time.Duration;

/**
 * How fleet operations time out and keep their state.
 *
 * @param configureTimeout how long a configure or rollback job may wait for the gateway's answer
 * @param deployTimeout    how long a deploy job may take from the request to the checked installation
 * @param tick             how often the driver checks timeouts (the granularity of the timeouts)
 * @param verifyRetry      a deploy job whose installation the gateway reported asks again for its package list this
 *                         often while no answer came
 * @param heartbeat        how often the driver marks its running rollouts as driven
 * @param staleAfter       a running rollout whose driver showed no heartbeat this long is halted by any console
 * @param inventoryInterval how often online gateways born since they were last asked are asked for their packages
 */
public record OpsSettings(Duration configureTimeout, Duration deployTimeout, Duration tick, Duration verifyRetry,
        Duration heartbeat, Duration staleAfter, Duration inventoryInterval) {

    public static final Duration DEFAULT_CONFIGURE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_DEPLOY_TIMEOUT = Duration.ofSeconds(600);

    public OpsSettings {
        positive("configureTimeout", configureTimeout);
        positive("deployTimeout", deployTimeout);
        positive("tick", tick);
        positive("verifyRetry", verifyRetry);
        positive("heartbeat", heartbeat);
        positive("staleAfter", staleAfter);
        positive("inventoryInterval", inventoryInterval);
        if (staleAfter.compareTo(heartbeat.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("staleAfter must be at least three heartbeats, not " + staleAfter);
        }
    }

    private static void positive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero() || value.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException(field + " must be positive and at most a day, not " + value);
        }
    }

    /** Defaults: 60 s for configure and rollback, 600 s for deploy. */
    public static OpsSettings defaults() {
        return withTimeouts(DEFAULT_CONFIGURE_TIMEOUT, DEFAULT_DEPLOY_TIMEOUT);
    }

    /** The default ticking and heartbeat with these job timeouts. */
    public static OpsSettings withTimeouts(Duration configureTimeout, Duration deployTimeout) {
        return new OpsSettings(configureTimeout, deployTimeout, Duration.ofSeconds(1), Duration.ofSeconds(15),
                Duration.ofSeconds(30), Duration.ofMinutes(3), Duration.ofSeconds(10));
    }

    Duration timeoutOf(Operation operation) {
        return operation instanceof Operation.Deploy ? deployTimeout : configureTimeout;
    }
}
