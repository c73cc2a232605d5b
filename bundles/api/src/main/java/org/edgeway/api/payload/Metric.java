package org.edgeway.api.payload;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named, typed value of a {@link Payload}.
 *
 * <p>The value is never null (Kura drops metrics without a value, so a null value cannot travel) and its
 * Java class always matches {@link #type()}. A {@code byte[]} value is copied in and out, so a metric is
 * immutable.
 *
 * @param name  the metric name, not blank
 * @param type  the value type
 * @param value the value, an instance of {@code type.javaType()}
 */
public record Metric(String name, MetricType type, Object value) {

    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException if the name is blank, the value is null, or the value does not match the type
     */
    public Metric {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("metric name must not be blank");
        }
        Objects.requireNonNull(type, "metric type");
        if (value == null) {
            throw new IllegalArgumentException("metric '" + name + "' has no value");
        }
        if (type.javaType() != value.getClass()) {
            throw new IllegalArgumentException("metric '" + name + "' of type " + type + " cannot hold a "
                    + value.getClass().getSimpleName());
        }
        if (value instanceof byte[] bytes) {
            value = bytes.clone();
        }
    }

    /**
     * Creates a metric whose type is inferred from the value's class.
     *
     * @param name  the metric name
     * @param value a Double, Float, Long, Integer, Boolean, String or byte[]
     * @return the metric
     * @throws IllegalArgumentException if the value is null or of another type
     */
    public static Metric of(String name, Object value) {
        return new Metric(name, MetricType.of(value), value);
    }

    /**
     * Returns the value; a {@code byte[]} value is returned as a fresh copy.
     *
     * @return the value
     */
    @Override
    public Object value() {
        return value instanceof byte[] bytes ? bytes.clone() : value;
    }

    /**
     * Returns the value as a number, for the four numeric types.
     *
     * @return the numeric value
     * @throws IllegalStateException if the metric is not numeric
     */
    public Number numberValue() {
        if (value instanceof Number number) {
            return number;
        }
        throw new IllegalStateException("metric '" + name + "' of type " + type + " is not numeric");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Metric that
                && name.equals(that.name)
                && type == that.type
                && Objects.deepEquals(value, that.value);
    }

    @Override
    public int hashCode() {
        int valueHash = value instanceof byte[] bytes ? Arrays.hashCode(bytes) : value.hashCode();
        return Objects.hash(name, type, valueHash);
    }

    @Override
    public String toString() {
        Object shown = value instanceof byte[] bytes ? bytes.length + " bytes" : value;
        return name + "=" + shown + " (" + type + ")";
    }
}
