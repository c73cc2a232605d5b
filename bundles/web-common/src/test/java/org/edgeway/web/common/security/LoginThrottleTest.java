package org.edgeway.web.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final String ADDRESS = "192.0.2.7";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
    private final LoginThrottle throttle =
            new LoginThrottle(clock, 5, Duration.ofSeconds(60), Duration.ofHours(1), 100);

    private void fail(int times, String address) {
        for (int i = 0; i < times; i++) {
            throttle.failed(address);
        }
    }

    @Test
    void allowsAttemptsUntilTheMaximumOfFailures() {
        assertThat(throttle.retryAfter(ADDRESS)).isZero();
        fail(4, ADDRESS);
        assertThat(throttle.retryAfter(ADDRESS)).isZero();

        throttle.failed(ADDRESS);

        assertThat(throttle.retryAfter(ADDRESS)).isEqualTo(Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(20));
        assertThat(throttle.retryAfter(ADDRESS)).isEqualTo(Duration.ofSeconds(40));
        clock.advance(Duration.ofSeconds(40));
        assertThat(throttle.retryAfter(ADDRESS)).isZero();
    }

    @Test
    void doublesTheLockoutWithEveryFurtherFailureUpToTheMaximum() {
        fail(5, ADDRESS);
        Duration expected = Duration.ofSeconds(60);
        for (int further = 1; further <= 5; further++) {
            clock.advance(throttle.retryAfter(ADDRESS));
            throttle.failed(ADDRESS);
            expected = expected.multipliedBy(2);
            assertThat(throttle.retryAfter(ADDRESS)).as("after %d further failures", further).isEqualTo(expected);
        }
        // 60 s * 2^6 would be 64 min: capped at the hour from here on
        clock.advance(throttle.retryAfter(ADDRESS));
        throttle.failed(ADDRESS);
        assertThat(throttle.retryAfter(ADDRESS)).isEqualTo(Duration.ofHours(1));
        fail(1_000, ADDRESS);
        assertThat(throttle.retryAfter(ADDRESS)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void forgetsTheFailuresOfAnAddressAfterASuccess() {
        fail(6, ADDRESS);
        clock.advance(Duration.ofMinutes(2));

        throttle.succeeded(ADDRESS);

        assertThat(throttle.retryAfter(ADDRESS)).isZero();
        fail(4, ADDRESS);
        assertThat(throttle.retryAfter(ADDRESS)).isZero();
        throttle.failed(ADDRESS);
        assertThat(throttle.retryAfter(ADDRESS)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void throttlesEveryAddressOnItsOwn() {
        fail(5, ADDRESS);

        assertThat(throttle.retryAfter(ADDRESS)).isPositive();
        assertThat(throttle.retryAfter("192.0.2.8")).isZero();
    }

    @Test
    void remembersAtMostMaxTrackedAddressesDroppingTheLeastRecentlyFailed() {
        LoginThrottle small = new LoginThrottle(clock, 1, Duration.ofSeconds(60), Duration.ofHours(1), 3);
        small.failed("10.0.0.1");
        small.failed("10.0.0.2");
        small.failed("10.0.0.3");
        // 10.0.0.1 fails again: now 10.0.0.2 is the least recently failed
        small.failed("10.0.0.1");

        small.failed("10.0.0.4");

        assertThat(small.tracked()).isEqualTo(3);
        assertThat(small.retryAfter("10.0.0.2")).isZero();
        assertThat(small.retryAfter("10.0.0.1")).isPositive();
        assertThat(small.retryAfter("10.0.0.3")).isPositive();
        assertThat(small.retryAfter("10.0.0.4")).isPositive();

        for (int i = 0; i < 10_000; i++) {
            small.failed("198.51.100." + (i % 256) + "-" + i);
        }
        assertThat(small.tracked()).isEqualTo(3);
    }

    @Test
    void refusesNonsenseSettings() {
        assertThatThrownBy(() -> new LoginThrottle(clock, 0, Duration.ofSeconds(60), Duration.ofHours(1), 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoginThrottle(clock, 5, Duration.ZERO, Duration.ofHours(1), 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoginThrottle(clock, 5, Duration.ofHours(2), Duration.ofHours(1), 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoginThrottle(clock, 5, Duration.ofSeconds(60), Duration.ofHours(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
