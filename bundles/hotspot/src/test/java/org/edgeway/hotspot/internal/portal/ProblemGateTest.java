package org.edgeway.hotspot.internal.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ProblemGateTest {

    @Test
    void admitsOnePerKindPerIntervalAndCountsTheRest() {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        ProblemGate gate = new ProblemGate(clock, Duration.ofMinutes(1));

        assertThat(gate.admit("a")).hasValue(0);
        assertThat(gate.admit("a")).isEmpty();
        assertThat(gate.admit("b")).hasValue(0);
        clock.advance(Duration.ofSeconds(59));
        assertThat(gate.admit("a")).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(gate.admit("a")).hasValue(2);
        assertThat(gate.admit("a")).isEmpty();
    }
}
