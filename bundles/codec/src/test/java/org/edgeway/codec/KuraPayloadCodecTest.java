package org.edgeway.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.edgeway.api.payload.Metric;
import org.edgeway.api.payload.MetricType;
import org.edgeway.api.payload.Payload;
import org.edgeway.api.payload.Position;
import org.edgeway.codec.internal.proto.KuraPayloadProto.KuraMetric;
import org.edgeway.codec.internal.proto.KuraPayloadProto.KuraMetric.ValueType;
import org.edgeway.codec.internal.proto.KuraPayloadProto.KuraPayload;
import org.edgeway.codec.internal.proto.KuraPayloadProto.KuraPosition;
import org.junit.jupiter.api.Test;

class KuraPayloadCodecTest {

    private static final Instant SENT_ON = Instant.ofEpochMilli(1_700_000_000_123L);

    private final KuraPayloadCodec codec = new KuraPayloadCodec();

    @Test
    void roundTripsEveryMetricTypeWithExtremesPositionAndBody() {
        Position position = new Position(45.4642, -179.999, -12.5, 3.2, 359.5, 27.8,
                Instant.ofEpochMilli(1_699_999_999_000L), 9, 4);
        Payload payload = Payload.builder()
                .timestamp(SENT_ON)
                .metric("double", 1234.5)
                .metric("double.nan", Double.NaN)
                .metric("double.plus.infinity", Double.POSITIVE_INFINITY)
                .metric("double.minus.infinity", Double.NEGATIVE_INFINITY)
                .metric("double.min", Double.MIN_VALUE)
                .metric("double.negative.zero", -0.0)
                .metric("float", 0.1f)
                .metric("float.nan", Float.NaN)
                .metric("float.plus.infinity", Float.POSITIVE_INFINITY)
                .metric("float.minus.infinity", Float.NEGATIVE_INFINITY)
                .metric("int64.min", Long.MIN_VALUE)
                .metric("int64.max", Long.MAX_VALUE)
                .metric("int32.min", Integer.MIN_VALUE)
                .metric("int32.max", Integer.MAX_VALUE)
                .metric("bool.true", true)
                .metric("bool.false", false)
                .metric("string", "hello")
                .metric("string.empty", "")
                .metric("string.unicode", "Grüße, 世界 🌍")
                .metric("bytes", new byte[] {0, 1, (byte) 0xff, 0x7f, (byte) 0x80})
                .metric("bytes.empty", new byte[0])
                .position(position)
                .body("raw body \u0000 bytes".getBytes(StandardCharsets.UTF_8))
                .build();

        Payload decoded = codec.decode(codec.encode(payload));

        assertThat(decoded).isEqualTo(payload);
        assertThat(decoded.metrics().keySet()).containsExactlyElementsOf(payload.metrics().keySet());
        assertThat(decoded.metrics().values()).extracting(Metric::type).containsExactlyElementsOf(
                payload.metrics().values().stream().map(Metric::type).toList());
        assertThat((Double) decoded.metric("double.negative.zero").orElseThrow().value())
                .isEqualTo(-0.0).hasToString("-0.0");
        assertThat(decoded.position()).isEqualTo(position);
    }

    @Test
    void roundTripsEachTypeAlsoThroughTheWireForm() {
        List<Object> values = List.of(2.5, 2.5f, 42L, 42, true, "text", new byte[] {9, 8, 7});
        for (Object value : values) {
            Payload payload = Payload.builder().metric("m", value).build();

            assertThat(codec.decode(codec.encodeForWire(payload))).as("%s", MetricType.of(value)).isEqualTo(payload);
        }
    }

    @Test
    void roundTripsAnEmptyPayload() {
        Payload empty = Payload.builder().build();

        byte[] encoded = codec.encode(empty);
        Payload decoded = codec.decode(encoded);

        assertThat(encoded).isEmpty();
        assertThat(decoded.timestamp()).isNull();
        assertThat(decoded.metrics()).isEmpty();
        assertThat(decoded.position()).isNull();
        assertThat(decoded.body()).isNull();
    }

    @Test
    void keepsAnEmptyBodyDistinctFromNoBody() {
        Payload payload = Payload.builder().body(new byte[0]).build();

        assertThat(codec.decode(codec.encode(payload)).body()).isEmpty();
    }

    @Test
    void roundTripsAPositionWithOnlyLatitudeAndLongitude() {
        Payload payload = Payload.builder().position(Position.of(-90, 180)).build();

        assertThat(codec.decode(codec.encode(payload)).position()).isEqualTo(Position.of(-90, 180));
    }

    @Test
    void usesTheFieldNumbersOfTheWireContract() {
        Payload payload = Payload.builder()
                .timestamp(Instant.ofEpochMilli(1))
                .metric("a", 5)
                .body(new byte[] {0x2a})
                .build();

        // timestamp: field 1 varint; metric: field 5000 (tag C2 B8 02) holding name field 1, type field 2 (INT32 = 3),
        // int_value field 6; body: field 5001 (tag CA B8 02)
        assertThat(HexFormat.of().formatHex(codec.encode(payload)))
                .isEqualTo("0801" + "c2b802" + "07" + "0a0161" + "1003" + "3005" + "cab802" + "01" + "2a");
    }

    @Test
    void decodesAGzippedMessageMadeByHand() throws IOException {
        KuraPayload message = KuraPayload.newBuilder()
                .setTimestamp(SENT_ON.toEpochMilli())
                .setPosition(KuraPosition.newBuilder().setLatitude(1.5).setLongitude(2.5).setSatellites(3))
                .addMetric(KuraMetric.newBuilder().setName("temperature").setType(ValueType.DOUBLE)
                        .setDoubleValue(21.5))
                .addMetric(KuraMetric.newBuilder().setName("label").setType(ValueType.STRING)
                        .setStringValue("A1"))
                .setBody(ByteString.copyFromUtf8("body"))
                .build();
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            message.writeTo(gzip);
        }

        Payload decoded = codec.decode(gzipped.toByteArray());

        assertThat(decoded).isEqualTo(Payload.builder()
                .timestamp(SENT_ON)
                .position(new Position(1.5, 2.5, null, null, null, null, null, 3, null))
                .metric("temperature", 21.5)
                .metric("label", "A1")
                .body("body".getBytes(StandardCharsets.UTF_8))
                .build());
    }

    @Test
    void encodeForWireGzipsALargeRepetitivePayload() {
        Payload.Builder builder = Payload.builder();
        for (int i = 0; i < 500; i++) {
            builder.metric("sensor.temperature." + i, "nominal reading, nothing to report");
        }
        Payload payload = builder.build();

        byte[] wire = codec.encodeForWire(payload);

        assertThat(wire).startsWith(0x1f, 0x8b);
        assertThat(wire.length).isLessThan(codec.encode(payload).length);
        assertThat(codec.decode(wire)).isEqualTo(payload);
    }

    @Test
    void encodeForWireKeepsATinyPayloadPlain() {
        Payload payload = Payload.builder().metric("x", 1).build();

        assertThat(codec.encodeForWire(payload)).isEqualTo(codec.encode(payload));
    }

    @Test
    void rejectsAGzipBombAtTheLimit() throws IOException {
        byte[] bomb = gzippedZeros(100L * 1024 * 1024);
        assertThat(bomb.length).isLessThan(1024 * 1024);

        assertThatThrownBy(() -> codec.decode(bomb))
                .isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("limit")
                .hasMessageContaining(String.valueOf(KuraPayloadCodec.DEFAULT_MAX_DECODED_BYTES));
    }

    @Test
    void acceptsInflatedInputUpToTheLimitExactly() throws IOException {
        byte[] message = codec.encode(Payload.builder().body(new byte[1000]).build());
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(message);
        }

        assertThat(new KuraPayloadCodec(message.length).decode(gzipped.toByteArray()).body()).hasSize(1000);
        assertThatThrownBy(() -> new KuraPayloadCodec(message.length - 1).decode(gzipped.toByteArray()))
                .isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("limit of " + (message.length - 1));
    }

    @Test
    void appliesTheLimitToPlainInputToo() {
        byte[] message = codec.encode(Payload.builder().body(new byte[1000]).build());

        assertThatThrownBy(() -> new KuraPayloadCodec(100).decode(message))
                .isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("limit of 100");
    }

    @Test
    void rejectsANonPositiveLimit() {
        assertThatThrownBy(() -> new KuraPayloadCodec(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsRandomBytesOnlyWithPayloadFormatException() {
        Random random = new Random(20_240_611L);
        for (int round = 0; round < 5_000; round++) {
            byte[] data = new byte[random.nextInt(600)];
            random.nextBytes(data);
            if (round % 4 == 0 && data.length >= 2) {
                // also exercise the gzip path with garbage after the magic bytes
                data[0] = 0x1f;
                data[1] = (byte) 0x8b;
            }
            decodeOrRejectCleanly(data, "random round " + round);
        }
    }

    @Test
    void rejectsEveryTruncationOfAValidMessageOnlyWithPayloadFormatException() {
        byte[] plain = codec.encode(Payload.builder()
                .timestamp(SENT_ON)
                .position(new Position(1, 2, 3.0, 4.0, 5.0, 6.0, SENT_ON, 7, 8))
                .metric("a", 1.5).metric("b", "text").metric("c", new byte[] {1, 2, 3})
                .body(new byte[] {4, 5})
                .build());
        byte[] gzipped = BoundedGzip.compress(plain);
        for (byte[] whole : List.of(plain, gzipped)) {
            for (int length = 0; length < whole.length; length++) {
                decodeOrRejectCleanly(Arrays.copyOf(whole, length), "prefix of " + length + " bytes");
            }
        }
    }

    @Test
    void reportsTruncatedDataClearly() {
        byte[] plain = codec.encode(Payload.builder().metric("name", "some text value").build());

        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(plain, plain.length - 3)))
                .isInstanceOf(PayloadFormatException.class)
                .hasMessageStartingWith("not a valid KuraPayload message")
                .hasCauseInstanceOf(com.google.protobuf.InvalidProtocolBufferException.class);
    }

    @Test
    void rejectsAMetricWithoutAValueForItsDeclaredType() {
        byte[] data = KuraPayload.newBuilder()
                .addMetric(KuraMetric.newBuilder().setName("pressure").setType(ValueType.INT32)
                        .setStringValue("12"))
                .build().toByteArray();

        assertThatThrownBy(() -> codec.decode(data))
                .isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("'pressure'")
                .hasMessageContaining("INT32")
                .hasMessageContaining("int_value");
    }

    @Test
    void rejectsAMetricWithAnUnknownValueType() {
        KuraMetric metric = KuraMetric.newBuilder()
                .setName("future")
                .setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(KuraMetric.TYPE_FIELD_NUMBER,
                                UnknownFieldSet.Field.newBuilder().addVarint(99).build())
                        .build())
                .buildPartial();
        byte[] data = KuraPayload.newBuilder().addMetric(metric).buildPartial().toByteArray();

        assertThatThrownBy(() -> codec.decode(data))
                .isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("'future'")
                .hasMessageContaining("unknown value type");
    }

    @Test
    void rejectsAMetricWithoutTypeOrName() {
        byte[] noType = KuraPayload.newBuilder()
                .addMetric(KuraMetric.newBuilder().setName("untyped").setLongValue(1).buildPartial())
                .buildPartial().toByteArray();
        byte[] noName = KuraPayload.newBuilder()
                .addMetric(KuraMetric.newBuilder().setName("first").setType(ValueType.BOOL).setBoolValue(true))
                .addMetric(KuraMetric.newBuilder().setType(ValueType.INT64).setLongValue(1).buildPartial())
                .buildPartial().toByteArray();

        assertThatThrownBy(() -> codec.decode(noType))
                .isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("'untyped' has no type");
        assertThatThrownBy(() -> codec.decode(noName))
                .isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("metric #1 has no name");
    }

    @Test
    void rejectsABlankMetricName() {
        byte[] data = KuraPayload.newBuilder()
                .addMetric(KuraMetric.newBuilder().setName(" ").setType(ValueType.BOOL).setBoolValue(true))
                .build().toByteArray();

        assertThatThrownBy(() -> codec.decode(data))
                .isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("blank");
    }

    @Test
    void rejectsAnOutOfRangePositionNamingTheField() {
        byte[] badLatitude = KuraPayload.newBuilder()
                .setPosition(KuraPosition.newBuilder().setLatitude(91).setLongitude(0))
                .build().toByteArray();
        byte[] badHeading = KuraPayload.newBuilder()
                .setPosition(KuraPosition.newBuilder().setLatitude(0).setLongitude(0).setHeading(-1))
                .build().toByteArray();
        byte[] noLongitude = KuraPayload.newBuilder()
                .setPosition(KuraPosition.newBuilder().setLatitude(0).buildPartial())
                .buildPartial().toByteArray();

        assertThatThrownBy(() -> codec.decode(badLatitude))
                .isInstanceOf(PayloadFormatException.class).hasMessageContaining("latitude");
        assertThatThrownBy(() -> codec.decode(badHeading))
                .isInstanceOf(PayloadFormatException.class).hasMessageContaining("heading");
        assertThatThrownBy(() -> codec.decode(noLongitude))
                .isInstanceOf(PayloadFormatException.class).hasMessageContaining("no longitude");
    }

    @Test
    void ignoresExtensionFieldsItDoesNotKnow() {
        byte[] withExtension = KuraPayload.newBuilder()
                .setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(3, UnknownFieldSet.Field.newBuilder().addVarint(7).build())
                        .build())
                .addMetric(KuraMetric.newBuilder().setName("n").setType(ValueType.INT64).setLongValue(7))
                .build().toByteArray();

        assertThat(codec.decode(withExtension)).isEqualTo(Payload.builder().metric("n", 7L).build());
    }

    @Test
    void letsTheLastOfRepeatedMetricNamesWin() {
        byte[] data = KuraPayload.newBuilder()
                .addMetric(KuraMetric.newBuilder().setName("n").setType(ValueType.INT64).setLongValue(1))
                .addMetric(KuraMetric.newBuilder().setName("n").setType(ValueType.INT64).setLongValue(2))
                .build().toByteArray();

        assertThat(codec.decode(data).metric("n").orElseThrow().value()).isEqualTo(2L);
    }

    private void decodeOrRejectCleanly(byte[] data, String description) {
        try {
            codec.decode(data);
        } catch (PayloadFormatException expected) {
            assertThat(expected.getMessage()).as(description).isNotBlank();
        } catch (RuntimeException | Error unexpected) {
            fail(description + " (" + HexFormat.of().formatHex(data) + ") threw " + unexpected, unexpected);
        }
    }

    /** Streams zeros through gzip so that the uncompressed form is never held in memory. */
    private static byte[] gzippedZeros(long count) throws IOException {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        byte[] zeros = new byte[64 * 1024];
        try (OutputStream gzip = new GZIPOutputStream(gzipped, zeros.length)) {
            for (long written = 0; written < count; written += zeros.length) {
                gzip.write(zeros, 0, (int) Math.min(zeros.length, count - written));
            }
        }
        return gzipped.toByteArray();
    }
}
