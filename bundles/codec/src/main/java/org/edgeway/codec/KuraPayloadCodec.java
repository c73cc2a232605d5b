package org.edgeway.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Instant;
import java.util.Objects;
import org.edgeway.api.payload.Metric;
import org.edgeway.api.payload.MetricType;
import org.edgeway.api.payload.Payload;
import org.edgeway.api.payload.Position;
import org.edgeway.codec.internal.proto.KuraPayloadProto.KuraMetric;
import org.edgeway.codec.internal.proto.KuraPayloadProto.KuraMetric.ValueType;
import org.edgeway.codec.internal.proto.KuraPayloadProto.KuraPayload;
import org.edgeway.codec.internal.proto.KuraPayloadProto.KuraPosition;

/**
 * Converts {@link Payload}s to and from Kura's {@code KuraPayload} protobuf message (proto2, package
 * {@code kuradatatypes}), the payload format of the Kura MQTT wire contract.
 *
 * <p>Timestamps travel as epoch milliseconds (sub-millisecond precision is dropped). Metrics keep their order;
 * if a received message repeats a metric name, the last value wins. {@link #encodeForWire(Payload)} gzips the
 * message when that makes it smaller, and {@link #decode(byte[])} accepts both forms, telling them apart by the
 * gzip magic bytes {@code 0x1f 0x8b} (a protobuf message cannot start with them: {@code 0x1f} would be a tag
 * with the invalid wire type 7).
 *
 * <p>Instances are immutable and thread safe.
 */
public final class KuraPayloadCodec {

    /** The default limit on the size of a message to decode, after inflating gzip: 16 MiB. */
    public static final int DEFAULT_MAX_DECODED_BYTES = 16 * 1024 * 1024;

    private final int maxDecodedBytes;

    /** Creates a codec that decodes messages up to {@link #DEFAULT_MAX_DECODED_BYTES}. */
    public KuraPayloadCodec() {
        this(DEFAULT_MAX_DECODED_BYTES);
    }

    /**
     * Creates a codec with a limit on decoded input.
     *
     * @param maxDecodedBytes the largest protobuf message {@link #decode(byte[])} accepts, counted after
     *                        inflating gzip; inflation stops as soon as this is exceeded
     * @throws IllegalArgumentException if the limit is not positive
     */
    public KuraPayloadCodec(int maxDecodedBytes) {
        if (maxDecodedBytes <= 0) {
            throw new IllegalArgumentException("maxDecodedBytes must be positive, was " + maxDecodedBytes);
        }
        this.maxDecodedBytes = maxDecodedBytes;
    }

    /**
     * Returns the limit on decoded input.
     *
     * @return the largest protobuf message accepted, in bytes, after inflating gzip
     */
    public int maxDecodedBytes() {
        return maxDecodedBytes;
    }

    /**
     * Encodes a payload as a plain (uncompressed) {@code KuraPayload} message.
     *
     * @param payload the payload
     * @return the protobuf bytes
     * @throws IllegalArgumentException if a timestamp cannot be expressed in epoch milliseconds
     */
    public byte[] encode(Payload payload) {
        Objects.requireNonNull(payload, "payload");
        KuraPayload.Builder message = KuraPayload.newBuilder();
        if (payload.timestamp() != null) {
            message.setTimestamp(toEpochMillis(payload.timestamp(), "timestamp"));
        }
        if (payload.position() != null) {
            message.setPosition(toProto(payload.position()));
        }
        for (Metric metric : payload.metrics().values()) {
            message.addMetric(toProto(metric));
        }
        byte[] body = payload.body();
        if (body != null) {
            message.setBody(ByteString.copyFrom(body));
        }
        return message.build().toByteArray();
    }

    /**
     * Encodes a payload for publishing: the gzipped message if that is strictly smaller than the plain one,
     * otherwise the plain message. Receivers recognise gzip by its magic bytes.
     *
     * @param payload the payload
     * @return gzipped or plain protobuf bytes, whichever is shorter
     * @throws IllegalArgumentException if a timestamp cannot be expressed in epoch milliseconds
     */
    public byte[] encodeForWire(Payload payload) {
        byte[] plain = encode(payload);
        byte[] gzipped = BoundedGzip.compress(plain);
        return gzipped.length < plain.length ? gzipped : plain;
    }

    /**
     * Decodes a plain or gzipped {@code KuraPayload} message.
     *
     * @param data the received bytes
     * @return the payload
     * @throws PayloadFormatException if the data is larger than the limit (after inflating), not valid gzip or
     *                                protobuf, or describes a metric or position that cannot be represented
     */
    public Payload decode(byte[] data) {
        Objects.requireNonNull(data, "data");
        byte[] message = BoundedGzip.isGzip(data) ? BoundedGzip.inflate(data, maxDecodedBytes) : data;
        if (message.length > maxDecodedBytes) {
            throw new PayloadFormatException("payload of " + message.length + " bytes exceeds the limit of "
                    + maxDecodedBytes + " bytes");
        }
        KuraPayload parsed;
        try {
            // Partial parsing: missing required fields are reported below with the metric they belong to.
            parsed = KuraPayload.parser().parsePartialFrom(message);
        } catch (InvalidProtocolBufferException e) {
            throw new PayloadFormatException("not a valid KuraPayload message: " + e.getMessage(), e);
        }
        return fromProto(parsed);
    }

    private static KuraMetric toProto(Metric metric) {
        KuraMetric.Builder builder = KuraMetric.newBuilder().setName(metric.name());
        Object value = metric.value();
        switch (metric.type()) {
            case DOUBLE -> builder.setType(ValueType.DOUBLE).setDoubleValue((Double) value);
            case FLOAT -> builder.setType(ValueType.FLOAT).setFloatValue((Float) value);
            case INT64 -> builder.setType(ValueType.INT64).setLongValue((Long) value);
            case INT32 -> builder.setType(ValueType.INT32).setIntValue((Integer) value);
            case BOOLEAN -> builder.setType(ValueType.BOOL).setBoolValue((Boolean) value);
            case STRING -> builder.setType(ValueType.STRING).setStringValue((String) value);
            case BYTES -> builder.setType(ValueType.BYTES).setBytesValue(ByteString.copyFrom((byte[]) value));
        }
        return builder.build();
    }

    private static KuraPosition toProto(Position position) {
        KuraPosition.Builder builder = KuraPosition.newBuilder()
                .setLatitude(position.latitude())
                .setLongitude(position.longitude());
        if (position.altitude() != null) {
            builder.setAltitude(position.altitude());
        }
        if (position.precision() != null) {
            builder.setPrecision(position.precision());
        }
        if (position.heading() != null) {
            builder.setHeading(position.heading());
        }
        if (position.speed() != null) {
            builder.setSpeed(position.speed());
        }
        if (position.timestamp() != null) {
            builder.setTimestamp(toEpochMillis(position.timestamp(), "position timestamp"));
        }
        if (position.satellites() != null) {
            builder.setSatellites(position.satellites());
        }
        if (position.status() != null) {
            builder.setStatus(position.status());
        }
        return builder.build();
    }

    private static long toEpochMillis(Instant instant, String what) {
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " " + instant + " cannot be expressed in epoch milliseconds", e);
        }
    }

    private static Payload fromProto(KuraPayload message) {
        Payload.Builder payload = Payload.builder();
        if (message.hasTimestamp()) {
            payload.timestamp(Instant.ofEpochMilli(message.getTimestamp()));
        }
        if (message.hasPosition()) {
            payload.position(fromProto(message.getPosition()));
        }
        for (int index = 0; index < message.getMetricCount(); index++) {
            payload.metric(fromProto(message.getMetric(index), index));
        }
        if (message.hasBody()) {
            payload.body(message.getBody().toByteArray());
        }
        return payload.build();
    }

    private static Metric fromProto(KuraMetric metric, int index) {
        if (!metric.hasName()) {
            throw new PayloadFormatException("metric #" + index + " has no name");
        }
        String name = metric.getName();
        String label = "metric '" + name + "'";
        if (!metric.hasType()) {
            // proto2 keeps an unknown enum number as an unknown field rather than dropping it silently
            boolean unknownType = metric.getUnknownFields().hasField(KuraMetric.TYPE_FIELD_NUMBER);
            throw new PayloadFormatException(label + (unknownType ? " has an unknown value type" : " has no type"));
        }
        ValueType type = metric.getType();
        Object value = switch (type) {
            case DOUBLE -> metric.hasDoubleValue() ? (Object) metric.getDoubleValue() : null;
            case FLOAT -> metric.hasFloatValue() ? (Object) metric.getFloatValue() : null;
            case INT64 -> metric.hasLongValue() ? (Object) metric.getLongValue() : null;
            case INT32 -> metric.hasIntValue() ? (Object) metric.getIntValue() : null;
            case BOOL -> metric.hasBoolValue() ? (Object) metric.getBoolValue() : null;
            case STRING -> metric.hasStringValue() ? metric.getStringValue() : null;
            case BYTES -> metric.hasBytesValue() ? metric.getBytesValue().toByteArray() : null;
        };
        if (value == null) {
            throw new PayloadFormatException(label + " is declared " + type + " but has no " + valueFieldName(type));
        }
        try {
            return new Metric(name, toMetricType(type), value);
        } catch (IllegalArgumentException e) {
            // e.g. a blank name, which the wire allows but the API does not
            throw new PayloadFormatException("invalid " + label + ": " + e.getMessage(), e);
        }
    }

    private static MetricType toMetricType(ValueType type) {
        return switch (type) {
            case DOUBLE -> MetricType.DOUBLE;
            case FLOAT -> MetricType.FLOAT;
            case INT64 -> MetricType.INT64;
            case INT32 -> MetricType.INT32;
            case BOOL -> MetricType.BOOLEAN;
            case STRING -> MetricType.STRING;
            case BYTES -> MetricType.BYTES;
        };
    }

    private static String valueFieldName(ValueType type) {
        return switch (type) {
            case DOUBLE -> "double_value";
            case FLOAT -> "float_value";
            case INT64 -> "long_value";
            case INT32 -> "int_value";
            case BOOL -> "bool_value";
            case STRING -> "string_value";
            case BYTES -> "bytes_value";
        };
    }

    private static Position fromProto(KuraPosition position) {
        if (!position.hasLatitude()) {
            throw new PayloadFormatException("position has no latitude");
        }
        if (!position.hasLongitude()) {
            throw new PayloadFormatException("position has no longitude");
        }
        try {
            return new Position(position.getLatitude(), position.getLongitude(),
                    position.hasAltitude() ? position.getAltitude() : null,
                    position.hasPrecision() ? position.getPrecision() : null,
                    position.hasHeading() ? position.getHeading() : null,
                    position.hasSpeed() ? position.getSpeed() : null,
                    position.hasTimestamp() ? Instant.ofEpochMilli(position.getTimestamp()) : null,
                    position.hasSatellites() ? position.getSatellites() : null,
                    position.hasStatus() ? position.getStatus() : null);
        } catch (IllegalArgumentException e) {
            // Position's message starts with the name of the offending field
            throw new PayloadFormatException("invalid position: " + e.getMessage(), e);
        }
    }
}
