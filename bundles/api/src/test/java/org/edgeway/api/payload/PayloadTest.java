package org.edgeway.api.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PayloadTest {

    @Test
    void infersEveryMetricTypeFromTheValue() {
        Payload payload = Payload.builder()
                .metric("d", 1.5).metric("f", 2.5f).metric("l", 3L).metric("i", 4)
                .metric("b", true).metric("s", "x").metric("bytes", new byte[] {1, 2})
                .build();

        assertThat(payload.metrics().values()).extracting(Metric::type).containsExactly(
                MetricType.DOUBLE, MetricType.FLOAT, MetricType.INT64, MetricType.INT32,
                MetricType.BOOLEAN, MetricType.STRING, MetricType.BYTES);
        assertThat(payload.metrics().keySet()).containsExactly("d", "f", "l", "i", "b", "s", "bytes");
    }

    @Test
    void rejectsValuesNoMetricCanHoldNamingTheProblem() {
        assertThatThrownBy(() -> Metric.of("count", (short) 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Short");
        assertThatThrownBy(() -> Metric.of("count", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be null");
        assertThatThrownBy(() -> new Metric("count", MetricType.INT32, 3L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'count'").hasMessageContaining("INT32");
        assertThatThrownBy(() -> Metric.of(" ", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    }

    @Test
    void mapOfValuesSkipsNullsLikeKura() {
        Map<String, Object> values = new HashMap<>();
        values.put("present", 1);
        values.put("absent", null);

        Payload payload = Payload.builder().metrics(values).build();

        assertThat(payload.metrics()).containsOnlyKeys("present");
    }

    @Test
    void bytesAreCopiedSoPayloadsStayImmutable() {
        byte[] body = {1, 2, 3};
        byte[] raw = {9};
        Payload payload = Payload.builder().body(body).metric("raw", raw).build();

        body[0] = 42;
        raw[0] = 42;
        payload.body()[1] = 42;
        ((byte[]) payload.metric("raw").orElseThrow().value())[0] = 42;

        assertThat(payload.body()).containsExactly(1, 2, 3);
        assertThat((byte[]) payload.metric("raw").orElseThrow().value()).containsExactly(9);
    }

    @Test
    void equalPayloadsCompareEqualIncludingByteContent() {
        Instant now = Instant.parse("2026-11-26T08:00:00Z");
        Payload a = Payload.builder().timestamp(now).metric("b", new byte[] {1}).body(new byte[] {2})
                .position(Position.of(52.5, 13.4)).build();
        Payload b = Payload.builder().timestamp(now).metric("b", new byte[] {1}).body(new byte[] {2})
                .position(Position.of(52.5, 13.4)).build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Payload.builder().timestamp(now).build());
    }

    @Test
    void positionRejectsOutOfRangeComponentsByName() {
        assertThatThrownBy(() -> Position.of(91, 0)).hasMessageContaining("latitude");
        assertThatThrownBy(() -> Position.of(0, -181)).hasMessageContaining("longitude");
        assertThatThrownBy(() -> new Position(0, 0, null, null, 400.0, null, null, null, null)).hasMessageContaining("heading");
        assertThatThrownBy(() -> new Position(0, 0, null, null, null, -1.0, null, null, null)).hasMessageContaining("speed");
        assertThatThrownBy(() -> Position.of(Double.NaN, 0)).hasMessageContaining("latitude");
    }
}
