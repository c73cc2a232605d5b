package org.edgeway.api.payload;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an application publishes or receives: a timestamp, typed metrics, an optional position and an optional
 * opaque body. Immutable; build one with {@link #builder()}.
 *
 * <pre>{@code
 * Payload payload = Payload.builder()
 *         .metric("energy.import.kwh", 1234.5)
 *         .metric("meter.ok", true)
 *         .build();
 * }</pre>
 *
 * @param timestamp when the values were taken, or null
 * @param metrics   metrics by name, in insertion order, unmodifiable
 * @param position  where the values were taken, or null
 * @param body      an opaque body, or null; copied in and out
 */
public record Payload(Instant timestamp, Map<String, Metric> metrics, Position position, byte[] body) {

    /**
     * Copies the metrics and the body.
     *
     * @throws IllegalArgumentException if a metric is stored under a name other than its own
     */
    public Payload {
        Map<String, Metric> copy = new LinkedHashMap<>();
        if (metrics != null) {
            metrics.forEach((name, metric) -> {
                Objects.requireNonNull(metric, "metric " + name);
                if (!metric.name().equals(name)) {
                    throw new IllegalArgumentException("metric '" + metric.name() + "' stored under name '" + name + "'");
                }
                copy.put(name, metric);
            });
        }
        metrics = Collections.unmodifiableMap(copy);
        body = body == null ? null : body.clone();
    }

    /**
     * Returns an empty payload builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the body as a fresh copy.
     *
     * @return the body, or null
     */
    @Override
    public byte[] body() {
        return body == null ? null : body.clone();
    }

    /**
     * Returns the metric with this name.
     *
     * @param name the metric name
     * @return the metric, or empty
     */
    public Optional<Metric> metric(String name) {
        return Optional.ofNullable(metrics.get(name));
    }

    /**
     * Returns the value of a metric of type {@link MetricType#STRING}.
     *
     * @param name the metric name
     * @return the string value, or empty if absent or not a string
     */
    public Optional<String> stringMetric(String name) {
        return metric(name).map(Metric::value).filter(String.class::isInstance).map(String.class::cast);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Payload that
                && Objects.equals(timestamp, that.timestamp)
                && metrics.equals(that.metrics)
                && Objects.equals(position, that.position)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, metrics, position, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "Payload[timestamp=" + timestamp + ", metrics=" + metrics.values() + ", position=" + position
                + ", body=" + (body == null ? "none" : body.length + " bytes") + "]";
    }

    /** Builds a {@link Payload}; a later metric with the same name replaces the earlier one. */
    public static final class Builder {
        private Instant timestamp;
        private final Map<String, Metric> metrics = new LinkedHashMap<>();
        private Position position;
        private byte[] body;

        private Builder() {
        }

        /**
         * Sets the timestamp.
         *
         * @param timestamp when the values were taken, or null
         * @return this builder
         */
        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /**
         * Adds a metric whose type follows from the value's class.
         *
         * @param name  the metric name
         * @param value a Double, Float, Long, Integer, Boolean, String or byte[]
         * @return this builder
         * @throws IllegalArgumentException if the value is null or of an unsupported type
         */
        public Builder metric(String name, Object value) {
            return metric(Metric.of(name, value));
        }

        /**
         * Adds a metric.
         *
         * @param metric the metric
         * @return this builder
         */
        public Builder metric(Metric metric) {
            metrics.put(metric.name(), metric);
            return this;
        }

        /**
         * Adds all metrics of a map whose values are skipped when null, as Kura does.
         *
         * @param values metric values by name
         * @return this builder
         */
        public Builder metrics(Map<String, ?> values) {
            values.forEach((name, value) -> {
                if (value != null) {
                    metric(name, value);
                }
            });
            return this;
        }

        /**
         * Sets the position.
         *
         * @param position the position, or null
         * @return this builder
         */
        public Builder position(Position position) {
            this.position = position;
            return this;
        }

        /**
         * Sets the body.
         *
         * @param body the body, or null
         * @return this builder
         */
        public Builder body(byte[] body) {
            this.body = body;
            return this;
        }

        /**
         * Builds the payload.
         *
         * @return a new immutable payload
         */
        public Payload build() {
            return new Payload(timestamp, metrics, position, body);
        }
    }
}
