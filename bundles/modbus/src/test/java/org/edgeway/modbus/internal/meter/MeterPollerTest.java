package org.edgeway.modbus.internal.meter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.edgeway.api.payload.Payload;
import org.edgeway.modbus.internal.bus.ReadOutcome;
import org.edgeway.modbus.internal.energy.CounterStateStore;
import org.edgeway.modbus.internal.plan.ReadRequest;
import org.edgeway.modbus.internal.profile.DataType;
import org.edgeway.modbus.internal.profile.Point;
import org.edgeway.modbus.internal.profile.Profile;
import org.edgeway.modbus.internal.profile.RegisterKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeterPollerTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    /** Voltage at 0 (FLOAT32), energy at 0x48 (FLOAT32, a counter): two requests with the default gap. */
    private static final Profile PROFILE = new Profile("test-meter", "Test", "T1", "", List.of(
            Point.of("voltage", RegisterKind.INPUT, 0, DataType.FLOAT32).withUnit("V", "voltage"),
            Point.of("energy.import", RegisterKind.INPUT, 0x48, DataType.FLOAT32).withUnit("kWh", "import").withCounter(true)),
            false);

    @TempDir
    Path dir;

    private CounterStateStore states;
    private final List<String> topics = new ArrayList<>();
    private final List<Payload> payloads = new ArrayList<>();

    @BeforeEach
    void openStates() {
        states = new CounterStateStore(dir.resolve("counters.mv"));
    }

    @AfterEach
    void closeStates() {
        states.close();
    }

    private MeterPoller meter(boolean reportOnChange) throws Exception {
        MeterPoller meter = new MeterPoller(new MeterPoller.Settings("m1", 1, Duration.ofSeconds(1),
                Duration.ofSeconds(60), reportOnChange, 5.0, Duration.ofMinutes(15)), PROFILE, states,
                (topic, payload) -> {
                    topics.add(topic);
                    payloads.add(payload);
                }, Clock.fixed(T0, ZoneOffset.UTC));
        meter.prepare((kind, address, count) -> {
            throw new AssertionError("a plain profile reads nothing to prepare");
        });
        return meter;
    }

    private static int[] float32(float value) {
        int bits = Float.floatToIntBits(value);
        return new int[] {bits >>> 16, bits & 0xFFFF};
    }

    private static Map<ReadRequest, ReadOutcome> outcomes(MeterPoller meter, ReadOutcome voltage,
            ReadOutcome energy) {
        Map<ReadRequest, ReadOutcome> outcomes = new LinkedHashMap<>();
        outcomes.put(meter.requests().get(0), voltage);
        outcomes.put(meter.requests().get(1), energy);
        return outcomes;
    }

    private static ReadOutcome words(float value) {
        return new ReadOutcome.Words(float32(value));
    }

    @Test
    void preparingPublishesTheUnitsAndPlansOneRequestPerDistantBlock() throws Exception {
        MeterPoller meter = meter(false);
        assertThat(meter.requests()).hasSize(2);
        assertThat(topics).containsExactly("meter/m1/info");
        assertThat(payloads.get(0).stringMetric("unit.voltage")).contains("V");
        assertThat(payloads.get(0).stringMetric("unit.energy.import")).contains("kWh");
    }

    @Test
    void valuesArePublishedWithTheirQualityAndAFailedReadMarksItsPointsBadInsteadOfStale() throws Exception {
        MeterPoller meter = meter(false);
        meter.polled(T0, outcomes(meter, words(230.5f), words(1000f)));
        Payload good = payloads.get(payloads.size() - 1);
        assertThat(good.metric("voltage").orElseThrow().value()).isEqualTo(230.5);
        assertThat(good.stringMetric("quality")).contains("GOOD");

        meter.polled(T0.plusSeconds(60), outcomes(meter,
                new ReadOutcome.Failed(ReadOutcome.Reason.TIMEOUT, "no reply within 1000 ms"), words(1001f)));
        Payload partial = payloads.get(payloads.size() - 1);
        assertThat(partial.metric("voltage")).isEmpty();
        assertThat(partial.stringMetric("voltage.quality").orElseThrow()).contains("TIMEOUT");
        assertThat(partial.stringMetric("quality")).contains("PARTIAL");
        assertThat(meter.latest().badQualities()).containsKey("voltage");
    }

    @Test
    void betweenPublishIntervalsOnlyAChangeBeyondTheDeadbandPublishes() throws Exception {
        MeterPoller meter = meter(true);
        meter.polled(T0, outcomes(meter, words(230f), words(1000f)));
        int published = topics.size();
        meter.polled(T0.plusSeconds(1), outcomes(meter, words(231f), words(1000f))); // 0.4 %: below 5 %
        assertThat(topics).hasSize(published);
        meter.polled(T0.plusSeconds(2), outcomes(meter, words(200f), words(1000f))); // 13 %
        assertThat(topics).hasSize(published + 1);
    }

    @Test
    void aCounterDropIsFlaggedAndIntervalsArePublishedWithTheirConsumption() throws Exception {
        MeterPoller meter = meter(false);
        meter.polled(T0, outcomes(meter, words(230f), words(1000f)));
        meter.polled(T0.plus(Duration.ofMinutes(15)), outcomes(meter, words(230f), words(1015f)));
        int interval = topics.indexOf("meter/m1/interval");
        assertThat(interval).isNotNegative();
        Payload closed = payloads.get(interval);
        assertThat(closed.metric("consumption").orElseThrow().value()).isEqualTo(15.0);
        assertThat(closed.stringMetric("quality")).contains("GOOD");
        assertThat(closed.stringMetric("unit")).contains("kWh");

        meter.polled(T0.plus(Duration.ofMinutes(16)), outcomes(meter, words(230f), words(3f)));
        Payload dropped = payloads.get(payloads.size() - 1);
        assertThat(dropped.metric("energy.import.reset").orElseThrow().value()).isEqualTo(true);
        meter.polled(T0.plus(Duration.ofMinutes(30)), outcomes(meter, words(230f), words(5f)));
        Payload afterDrop = payloads.get(topics.lastIndexOf("meter/m1/interval"));
        assertThat(afterDrop.stringMetric("quality")).contains("RESET");
        assertThat((Double) afterDrop.metric("consumption").orElseThrow().value()).isBetween(0.0, 3.0);
    }

    @Test
    void counterStateSurvivesARestartOfTheMeter() throws Exception {
        MeterPoller first = meter(false);
        first.polled(T0, outcomes(first, words(230f), words(1000f)));
        first.polled(T0.plus(Duration.ofMinutes(7)), outcomes(first, words(230f), words(1007f)));

        topics.clear();
        payloads.clear();
        MeterPoller restarted = meter(false);
        restarted.polled(T0.plus(Duration.ofMinutes(15)), outcomes(restarted, words(230f), words(1015f)));
        Payload closed = payloads.get(topics.indexOf("meter/m1/interval"));
        assertThat(closed.metric("consumption").orElseThrow().value()).isEqualTo(15.0);
    }
}
