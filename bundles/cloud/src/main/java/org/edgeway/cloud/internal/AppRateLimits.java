package org.edgeway.cloud.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Optional per-application limits on publish calls, as token buckets: {@code METER-V1=20} lets METER-V1 publish 20
 * messages per second on average, in bursts of up to 20. There is no limit by default (Kura's default throttle of
 * one message per second surprises users); a limit protects the queue, and so every other application's data, from
 * one application publishing far more than planned.
 */
final class AppRateLimits {

    private final Map<String, Bucket> buckets = new HashMap<>();
    private final LongSupplier nanoClock;

    /** @param specifications entries {@code APP-ID=MESSAGES_PER_SECOND} */
    AppRateLimits(String[] specifications, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        for (String specification : specifications) {
            if (specification.isBlank()) {
                continue;
            }
            int equals = specification.indexOf('=');
            double rate;
            try {
                rate = equals > 0 ? Double.parseDouble(specification.substring(equals + 1).strip()) : -1;
            } catch (NumberFormatException e) {
                rate = -1;
            }
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("malformed rate limit '" + specification
                        + "': expected APP-ID=MESSAGES_PER_SECOND with a positive number");
            }
            String appId = specification.substring(0, equals).strip();
            buckets.put(appId, new Bucket(rate, nanoClock.getAsLong()));
        }
    }

    /**
     * Takes one message from the application's allowance.
     *
     * @throws org.edgeway.api.cloud.CloudException when the application is over its limit
     */
    void acquire(String appId) {
        Bucket bucket = buckets.get(appId);
        if (bucket != null && !bucket.tryTake(nanoClock.getAsLong())) {
            throw new org.edgeway.api.cloud.CloudException("application " + appId + " exceeds its rate limit of "
                    + bucket.rate + " messages per second; the message was not accepted");
        }
    }

    private static final class Bucket {
        private final double rate;
        private double tokens;
        private long lastNanos;

        Bucket(double rate, long nowNanos) {
            this.rate = rate;
            this.tokens = Math.max(1, rate);
            this.lastNanos = nowNanos;
        }

        synchronized boolean tryTake(long nowNanos) {
            tokens = Math.min(Math.max(1, rate), tokens + (nowNanos - lastNanos) / 1e9 * rate);
            lastNanos = nowNanos;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
