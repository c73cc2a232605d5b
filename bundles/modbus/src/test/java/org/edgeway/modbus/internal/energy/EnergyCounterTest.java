package org.edgeway.modbus.internal.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.edgeway.modbus.internal.energy.IntervalReading.Quality;
import org.junit.jupiter.api.Test;

class EnergyCounterTest {

    private static final Duration QUARTER = Duration.ofMinutes(15);
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private final EnergyCounter counter = new EnergyCounter(QUARTER, Duration.ofSeconds(10), null);

    private static Instant at(String minutesSeconds) {
        String[] parts = minutesSeconds.split(":");
        return T0.plusSeconds(Long.parseLong(parts[0]) * 60 + Long.parseLong(parts[1]));
    }

    @Test
    void readingsEveryFewSecondsCloseEachQuarterHourWithTheInterpolatedValueAndItsConsumption() {
        // 1 kWh per minute, read every 5 s from 09:59:57 on: 10:00:00 is crossed between two readings
        List<IntervalReading> closed = new ArrayList<>();
        for (long s = -3; s <= 31 * 60; s += 5) {
            closed.addAll(counter.accept(T0.plusSeconds(s), 1000 + s / 60.0).closedIntervals());
        }
        assertThat(closed).hasSize(3); // 10:00 closes the partial 09:45 interval, then 10:15 and 10:30
        assertThat(closed.get(0).quality()).isEqualTo(Quality.PARTIAL);
        IntervalReading first = closed.get(1);
        assertThat(first.start()).isEqualTo(T0);
        assertThat(first.end()).isEqualTo(at("15:00"));
        assertThat(first.endValue()).isCloseTo(1015.0, within(1e-9));
        assertThat(first.consumption()).isCloseTo(15.0, within(1e-9));
        assertThat(first.quality()).isEqualTo(Quality.GOOD);
        assertThat(closed.get(2).consumption()).isCloseTo(15.0, within(1e-9));
    }

    @Test
    void aDropIsFlaggedAndNeverCountedAsNegativeConsumption() {
        counter.accept(at("00:00"), 500);
        counter.accept(at("05:00"), 505);
        EnergyCounter.Update drop = counter.accept(at("05:05"), 2); // replaced meter
        assertThat(drop.dropped()).isTrue();
        counter.accept(at("10:00"), 7);
        List<IntervalReading> closed = counter.accept(at("15:00"), 12).closedIntervals();

        assertThat(closed).singleElement().satisfies(interval -> {
            assertThat(interval.consumption()).isCloseTo(5 + 10, within(1e-9)); // 500->505 and 2->12, not 12-500
            assertThat(interval.endValue()).isEqualTo(12);
            assertThat(interval.quality()).isEqualTo(Quality.RESET);
        });
        // the next interval is whole again
        counter.accept(at("20:00"), 17);
        assertThat(counter.accept(at("30:00"), 27).closedIntervals()).singleElement()
                .satisfies(interval -> assertThat(interval.quality()).isEqualTo(Quality.GOOD));
    }

    @Test
    void aDropAcrossABoundaryCountsOnlyWhatWasSeenAndMarksBothIntervals() {
        counter.accept(at("00:00"), 100);
        counter.accept(at("14:58"), 110);
        List<IntervalReading> closed = counter.accept(at("15:02"), 3).closedIntervals();
        assertThat(closed).singleElement().satisfies(interval -> {
            assertThat(interval.consumption()).isCloseTo(10, within(1e-9));
            assertThat(interval.quality()).isEqualTo(Quality.RESET);
        });
        assertThat(counter.accept(at("30:00"), 8).closedIntervals()).singleElement().satisfies(interval -> {
            assertThat(interval.consumption()).isCloseTo(5, within(1e-9));
            assertThat(interval.quality()).isEqualTo(Quality.RESET);
        });
    }

    @Test
    void anOutageClosesEveryMissedIntervalInterpolatedAcrossTheGapAndMarked() {
        counter.accept(at("00:00"), 0);
        counter.accept(at("10:00"), 10);
        List<IntervalReading> closed = counter.accept(at("50:00"), 50).closedIntervals();

        assertThat(closed).extracting(IntervalReading::end).containsExactly(at("15:00"), at("30:00"), at("45:00"));
        assertThat(closed).extracting(IntervalReading::consumption).containsExactly(15.0, 15.0, 15.0);
        assertThat(closed).extracting(IntervalReading::quality).containsOnly(Quality.GAP);
        assertThat(closed.stream().mapToDouble(IntervalReading::consumption).sum()).isEqualTo(45.0);
    }

    @Test
    void readingsFarFromABoundaryAreMarkedInterpolated() {
        counter.accept(at("00:00"), 0);
        counter.accept(at("14:00"), 14);
        assertThat(counter.accept(at("16:00"), 16).closedIntervals()).singleElement()
                .satisfies(interval -> assertThat(interval.quality()).isEqualTo(Quality.INTERPOLATED));
    }

    @Test
    void theSavedStateCarriesTheOpenIntervalAcrossARestart() {
        counter.accept(at("00:00"), 100);
        counter.accept(at("07:00"), 107);
        CounterState saved = counter.state();

        EnergyCounter restarted = new EnergyCounter(QUARTER, Duration.ofSeconds(10), saved);
        restarted.accept(at("14:59"), 114.98);
        List<IntervalReading> closed = restarted.accept(at("15:01"), 115.02).closedIntervals();
        assertThat(closed).singleElement().satisfies(interval -> {
            assertThat(interval.consumption()).isCloseTo(15.0, within(1e-9));
            assertThat(interval.quality()).isEqualTo(Quality.GOOD);
        });
    }

    @Test
    void oldOrRepeatedReadingsAreIgnoredAndBadValuesRejected() {
        counter.accept(at("00:00"), 10);
        counter.accept(at("05:00"), 15);
        EnergyCounter.Update stale = counter.accept(at("04:00"), 1);
        assertThat(stale.dropped()).isFalse();
        assertThat(counter.state().lastValue()).isEqualTo(15);
        assertThatThrownBy(() -> counter.accept(at("06:00"), Double.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(() -> counter.accept(at("06:00"), -1)).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> new EnergyCounter(Duration.ofMinutes(7), Duration.ZERO, null))
                .hasMessageContaining("divide a day");
    }
}
