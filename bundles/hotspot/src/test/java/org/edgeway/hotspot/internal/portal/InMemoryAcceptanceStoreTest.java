package org.edgeway.hotspot.internal.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class InMemoryAcceptanceStoreTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void acceptanceHoldsUntilMidnightInTheZone() {
        // 21:30 UTC on 15 January is 22:30 in Berlin: 90 minutes to Berlin's midnight.
        MutableClock clock = new MutableClock(Instant.parse("2025-01-15T21:30:00Z"));
        InMemoryAcceptanceStore store = new InMemoryAcceptanceStore(BERLIN, clock);
        assertThat(store.accepted("p1")).isFalse();

        store.accept("p1", clock.instant(), "en");

        assertThat(store.accepted("p1")).isTrue();
        assertThat(store.accepted("p2")).isFalse();
        assertThat(store.acceptance("p1")).hasValueSatisfying(a -> {
            assertThat(a.language()).isEqualTo("en");
            assertThat(a.expires()).isEqualTo(Instant.parse("2025-01-15T23:00:00Z"));
        });
        clock.advance(Duration.ofMinutes(89));
        assertThat(store.accepted("p1")).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(store.accepted("p1")).isFalse();
    }

    @Test
    void anAcceptanceFromAnEarlierDayIsNotRecordedAndExpiredOnesAreDropped() {
        MutableClock clock = new MutableClock(Instant.parse("2025-07-01T10:00:00Z"));
        InMemoryAcceptanceStore store = new InMemoryAcceptanceStore(BERLIN, clock);
        store.accept("old", Instant.parse("2025-06-30T12:00:00Z"), "de");
        assertThat(store.accepted("old")).isFalse();

        store.accept("p1", clock.instant(), "de");
        clock.advance(Duration.ofDays(1));
        store.accept("p2", clock.instant(), "de");
        assertThat(store.accepted("p1")).isFalse();
        assertThat(store.accepted("p2")).isTrue();
        store.clear();
        assertThat(store.accepted("p2")).isFalse();
    }
}
