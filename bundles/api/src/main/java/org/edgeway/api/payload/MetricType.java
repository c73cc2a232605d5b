package org.edgeway.api.payload;

/**
 * The type of a {@link Metric} value. The order and names follow Kura's {@code KuraMetric.ValueType}
 * (DOUBLE = 0 ... BYTES = 6), so {@link #ordinal()} is the wire value.
 */
public enum MetricType {
    /** {@link Double}. */
    DOUBLE(Double.class),
    /** {@link Float}. */
    FLOAT(Float.class),
    /** {@link Long}, 64-bit signed integer. */
    INT64(Long.class),
    /** {@link Integer}, 32-bit signed integer. */
    INT32(Integer.class),
    /** {@link Boolean}. */
    BOOLEAN(Boolean.class),
    /** {@link String}. */
    STRING(String.class),
    /** {@code byte[]}; the metric holds its own copy. */
    BYTES(byte[].class);

    private final Class<?> javaType;

    MetricType(Class<?> javaType) {
        this.javaType = javaType;
    }

    /**
     * Returns the Java class of values of this type.
     *
     * @return the boxed Java type ({@code byte[].class} for {@link #BYTES})
     */
    public Class<?> javaType() {
        return javaType;
    }

    /**
     * Returns the type whose Java class is exactly the class of {@code value}.
     *
     * @param value a metric value
     * @return its metric type
     * @throws IllegalArgumentException if {@code value} is null or of a type no metric can hold
     */
    public static MetricType of(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("metric value must not be null");
        }
        for (MetricType type : values()) {
            if (type.javaType == value.getClass()) {
                return type;
            }
        }
        throw new IllegalArgumentException("unsupported metric value type " + value.getClass().getName()
                + " (expected Double, Float, Long, Integer, Boolean, String or byte[])");
    }
}
