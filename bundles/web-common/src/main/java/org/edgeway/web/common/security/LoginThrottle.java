package org.edgeway.web.common.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Slows down password guessing per client address: after {@code maxFailures} consecutive failed logins the address
 * must wait {@code firstLockout}, twice as long after every further failure, at most {@code maxLockout}. A success
 * forgets the address. Only the {@code maxTracked} most recently failing addresses are remembered, so that an
 * attacker rotating addresses cannot exhaust the memory. Thread-safe.
 */
public final class LoginThrottle {

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Clock clock;
    private final int maxFailures;
    private final Duration firstLockout;
    private final Duration maxLockout;
    private final int maxTracked;
    /** In the order of the last failure, so that the first entry is the one to drop. Guarded by {@code this}. */
    private final Map<String, Failures> byAddress = new LinkedHashMap<>();

    public LoginThrottle(Clock clock, int maxFailures, Duration firstLockout, Duration maxLockout, int maxTracked) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1, not " + maxFailures);
        }
        Objects.requireNonNull(firstLockout, "firstLockout");
        Objects.requireNonNull(maxLockout, "maxLockout");
        if (firstLockout.isNegative() || firstLockout.isZero() || maxLockout.compareTo(firstLockout) < 0) {
            throw new IllegalArgumentException("the lockouts must be positive and maxLockout at least firstLockout, not "
                    + firstLockout + " and " + maxLockout);
        }
        if (maxTracked < 1) {
            throw new IllegalArgumentException("maxTracked must be at least 1, not " + maxTracked);
        }
        this.maxFailures = maxFailures;
        this.firstLockout = firstLockout;
        this.maxLockout = maxLockout;
        this.maxTracked = maxTracked;
    }

    /** @return {@link Duration#ZERO} if {@code address} may try to log in now, else how long until it may */
    public synchronized Duration retryAfter(String address) {
        Failures failures = byAddress.get(Objects.requireNonNull(address, "address"));
        if (failures == null || failures.lockedUntil() == null) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        return now.isBefore(failures.lockedUntil()) ? Duration.between(now, failures.lockedUntil()) : Duration.ZERO;
    }

    /** Counts a failed login from {@code address}, locking it from the {@code maxFailures}-th failure on. */
    public synchronized void failed(String address) {
        Failures previous = byAddress.remove(Objects.requireNonNull(address, "address"));
        // saturating: the lockout is capped long before the count could overflow
        int count = previous == null ? 1 : Math.min(previous.count(), Integer.MAX_VALUE - 1) + 1;
        Instant lockedUntil = count < maxFailures ? null : clock.instant().plus(lockout(count - maxFailures));
        // re-inserted: now the most recently failed
        byAddress.put(address, new Failures(count, lockedUntil));
        if (byAddress.size() > maxTracked) {
            Iterator<String> leastRecentlyFailed = byAddress.keySet().iterator();
            leastRecentlyFailed.next();
            leastRecentlyFailed.remove();
        }
    }

    /** Forgets {@code address} after a successful login. */
    public synchronized void succeeded(String address) {
        byAddress.remove(Objects.requireNonNull(address, "address"));
    }

    /** @return how many addresses are remembered */
    synchronized int tracked() {
        return byAddress.size();
    }

    private Duration lockout(int furtherFailures) {
        Duration lockout = firstLockout;
        for (int i = 0; i < furtherFailures && lockout.compareTo(maxLockout) < 0; i++) {
            lockout = lockout.multipliedBy(2);
        }
        return lockout.compareTo(maxLockout) > 0 ? maxLockout : lockout;
    }
}
