package org.edgeway.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.edgeway.api.payload.Metric;
import org.edgeway.api.payload.MetricType;
import org.edgeway.api.payload.Payload;
import org.junit.jupiter.api.Test;

class SimulatedDevicesTest {

    private final Clock clock = Clock.fixed(Instant.parse("2024-05-01T08:00:00Z"), ZoneOffset.UTC);

    @Test
    void meterReadingsAreNumberedFromOneUpOnePerTick() {
        SimulatedDevices devices = new SimulatedDevices(clock, "run-a");
        List<Object> seqs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            devices.tick();
            seqs.add(devices.meterReading().metric("seq").map(Metric::value).orElseThrow());
            assertThat(devices.seq()).isEqualTo(i + 1L);
        }

        assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void seqIsALongAndRunAStringSoTheyTravelTyped() {
        SimulatedDevices devices = new SimulatedDevices(clock, "run-a");
        devices.tick();
        Payload reading = devices.meterReading();

        assertThat(reading.metric("seq").orElseThrow().type()).isEqualTo(MetricType.INT64);
        assertThat(reading.metric("run").orElseThrow().type()).isEqualTo(MetricType.STRING);
    }

    @Test
    void everyMeterReadingOfAnInstanceCarriesItsRun() {
        SimulatedDevices devices = new SimulatedDevices(clock, "run-a");
        for (int i = 0; i < 3; i++) {
            devices.tick();
            assertThat(devices.meterReading().stringMetric("run")).contains("run-a");
        }
        assertThat(devices.run()).isEqualTo("run-a");
    }

    @Test
    void readingTheMeterTwiceInOneTickDoesNotAdvanceSeq() {
        SimulatedDevices devices = new SimulatedDevices(clock, "run-a");
        devices.tick();

        assertThat(devices.meterReading()).isEqualTo(devices.meterReading());
        assertThat(devices.seq()).isEqualTo(1L);
    }

    @Test
    void theOtherMeterMetricsAreUnchanged() {
        SimulatedDevices devices = new SimulatedDevices(clock, "run-a");
        devices.tick();

        assertThat(devices.meterReading().metrics().keySet()).containsExactly(
                "energy.import.kwh", "power.active.kw", "voltage.l1.v", "seq", "run");
        assertThat(devices.meterReading().timestamp()).isEqualTo(clock.instant());
    }
}
