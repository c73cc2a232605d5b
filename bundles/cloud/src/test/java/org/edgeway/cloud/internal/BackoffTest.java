package org.edgeway.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromTheMinimumUpToTheMaximumWithoutRandomness() {
        Backoff backoff = new Backoff(1000, 60_000, () -> 1.0);

        assertThat(backoff.delayMs(1)).isEqualTo(1000);
        assertThat(backoff.delayMs(2)).isEqualTo(2000);
        assertThat(backoff.delayMs(3)).isEqualTo(4000);
        assertThat(backoff.delayMs(7)).isEqualTo(60_000);
        assertThat(backoff.delayMs(1_000_000)).isEqualTo(60_000);
    }

    @Test
    void jitterKeepsAtLeastHalfOfTheDelay() {
        Backoff lowest = new Backoff(1000, 60_000, () -> 0.0);

        assertThat(lowest.delayMs(1)).isEqualTo(500);
        assertThat(lowest.delayMs(10)).isEqualTo(30_000);
    }

    @Test
    void rejectsNonsensicalBounds() {
        assertThatThrownBy(() -> new Backoff(0, 10, () -> 0.5)).hasMessageContaining("0 < min <= max");
        assertThatThrownBy(() -> new Backoff(100, 10, () -> 0.5)).hasMessageContaining("0 < min <= max");
    }
}
