package org.edgeway.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.edgeway.api.payload.Metric;
import org.edgeway.api.payload.MetricType;
import org.edgeway.api.payload.Payload;
import org.edgeway.api.payload.Position;
import org.junit.jupiter.api.Test;

class JsonPayloadCodecTest {

    private final JsonPayloadCodec codec = new JsonPayloadCodec();

    @Test
    void writesKurasJsonLayout() {
        Payload payload = Payload.builder()
                .timestamp(Instant.ofEpochMilli(1_700_000_000_123L))
                .position(new Position(45.5, 7.25, 230.0, 3.5, 90.0, 1.5, Instant.ofEpochMilli(1_700_000_000_000L),
                        7, 4))
                .metric("temperature", 21.5)
                .metric("ratio", 0.1f)
                .metric("count", 12L)
                .metric("small", 3)
                .metric("ok", true)
                .metric("label", "A \"1\"")
                .metric("raw", new byte[] {1, 2, 3})
                .body("hello".getBytes(StandardCharsets.UTF_8))
                .build();

        assertThat(json(codec.encode(payload))).isEqualTo("{\"sentOn\":1700000000123,"
                + "\"position\":{\"latitude\":45.5,\"longitude\":7.25,\"altitude\":230.0,\"precision\":3.5,"
                + "\"heading\":90.0,\"speed\":1.5,\"timestamp\":1700000000000,\"satellites\":7,\"status\":4},"
                + "\"metrics\":{\"temperature\":21.5,\"ratio\":0.1,\"count\":12,\"small\":3,\"ok\":true,"
                + "\"label\":\"A \\\"1\\\"\",\"raw\":\"AQID\"},"
                + "\"body\":\"aGVsbG8=\"}");
    }

    @Test
    void roundTripsTheTypesJsonCanCarry() {
        Payload payload = Payload.builder()
                .timestamp(Instant.ofEpochMilli(1_700_000_000_123L))
                .position(new Position(-33.9, 151.2, null, null, null, null, null, 12, null))
                .metric("double", 1234.5)
                .metric("double.whole", 2.0)
                .metric("double.tiny", Double.MIN_VALUE)
                .metric("double.huge", -Double.MAX_VALUE)
                .metric("long.min", Long.MIN_VALUE)
                .metric("long.max", Long.MAX_VALUE)
                .metric("bool", false)
                .metric("string.empty", "")
                .metric("string.unicode", "Grüße, 世界 🌍 \u0000\n\t")
                .body(new byte[] {0, (byte) 0xff})
                .build();

        assertThat(codec.decode(codec.encode(payload))).isEqualTo(payload);
    }

    @Test
    void roundTripsAnEmptyPayload() {
        Payload empty = Payload.builder().build();

        assertThat(json(codec.encode(empty))).isEqualTo("{}");
        assertThat(codec.decode(codec.encode(empty))).isEqualTo(empty);
    }

    @Test
    void bringsBackTypesJsonCannotCarryAsTheirInferredCounterparts() {
        Payload payload = Payload.builder()
                .metric("float", 0.5f)
                .metric("int", 7)
                .metric("bytes", new byte[] {1, 2, 3})
                .build();

        Payload decoded = codec.decode(codec.encode(payload));

        assertThat(decoded.metrics().values()).containsExactly(
                new Metric("float", MetricType.DOUBLE, 0.5),
                new Metric("int", MetricType.INT64, 7L),
                new Metric("bytes", MetricType.STRING, Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})));
    }

    @Test
    void infersMetricTypesFromJsonValues() {
        Payload decoded = codec.decode(bytes("{\"metrics\":{"
                + "\"integer\":42, \"negative\":-7, \"negative.zero\":-0, \"fraction\":1.0, \"exponent\":1e3,"
                + "\"long.max\":9223372036854775807, \"beyond.long\":9223372036854775808,"
                + "\"flag\":true, \"text\":\"42\", \"missing\":null}}"));

        Map<String, Object> values = new LinkedHashMap<>();
        decoded.metrics().forEach((name, metric) -> values.put(name, metric.value()));
        assertThat(values).containsExactly(
                entry("integer", 42L),
                entry("negative", -7L),
                entry("negative.zero", 0L),
                entry("fraction", 1.0),
                entry("exponent", 1000.0),
                entry("long.max", Long.MAX_VALUE),
                entry("beyond.long", 9.223372036854775808E18),
                entry("flag", true),
                entry("text", "42"));
    }

    @Test
    void decodesKurasDocumentedExample() {
        Payload decoded = codec.decode(bytes("""
                {
                  "sentOn" : 1491298822,
                  "position" : {
                    "latitude" : 45.234, "longitude" : -7.3456, "altitude" : 1.0, "heading" : 5.4,
                    "precision" : 0.1, "speed" : 23.5, "timestamp" : 1191292288, "satellites" : 3, "status" : 2
                  },
                  "metrics": { "code" : "A23D44567Q", "distance" : 0.26456E+4, "temperature" : 27.5, "count" : 12354 },
                  "body": "UGlwcG8gcGx1dG8gcGFwZXJpbm8="
                }
                """));

        assertThat(decoded).isEqualTo(Payload.builder()
                .timestamp(Instant.ofEpochMilli(1491298822))
                .position(new Position(45.234, -7.3456, 1.0, 0.1, 5.4, 23.5, Instant.ofEpochMilli(1191292288), 3, 2))
                .metric("code", "A23D44567Q")
                .metric("distance", 2645.6)
                .metric("temperature", 27.5)
                .metric("count", 12354L)
                .body(Base64.getDecoder().decode("UGlwcG8gcGx1dG8gcGFwZXJpbm8="))
                .build());
    }

    @Test
    void ignoresUnknownMembersAndNulls() {
        Payload decoded = codec.decode(bytes(
                "{\"sentOn\":null,\"extra\":{\"deep\":[1,2,{\"x\":null}]},\"metrics\":{\"a\":1},\"body\":null}"));

        assertThat(decoded).isEqualTo(Payload.builder().metric("a", 1L).build());
    }

    @Test
    void rejectsNestedMetricValuesNamingTheMetric() {
        assertThatThrownBy(() -> codec.decode(bytes("{\"metrics\":{\"ok\":1,\"nested\":{\"a\":1}}}")))
                .isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("'nested'");
        assertThatThrownBy(() -> codec.decode(bytes("{\"metrics\":{\"list\":[1,2]}}")))
                .isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("'list'");
    }

    @Test
    void rejectsMalformedJson() {
        List<String> malformed = List.of(
                "",
                "{",
                "{\"metrics\":",
                "{\"metrics\":{\"a\":1}",
                "{\"metrics\":{\"a\":1}} trailing",
                "[1, 2]",
                "\"just a string\"",
                "{'metrics':{}}",
                "{metrics:{}}",
                "{\"metrics\":{\"a\":NaN}}",
                "{\"metrics\":{\"a\":01}}",
                "{\"metrics\":{\"a\":1,}}",
                "{\"metrics\":[]}",
                "{\"sentOn\":\"yesterday\"}",
                "{\"sentOn\":1.5}",
                "{\"body\":\"not base64!\"}",
                "{\"body\":42}",
                "{\"position\":{\"latitude\":1}}",
                "{\"position\":{\"latitude\":100,\"longitude\":0}}",
                "{\"position\":{\"latitude\":1,\"longitude\":2,\"satellites\":1.5}}",
                "{\"metrics\":{\"huge\":1e999}}",
                "{\"metrics\":{\" \":1}}");
        for (String json : malformed) {
            assertThatThrownBy(() -> codec.decode(bytes(json))).as(json)
                    .isInstanceOf(PayloadFormatException.class)
                    .hasMessageNotContaining("null")
                    .hasMessageNotContaining("LENIENT");
        }
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] data = {'{', '"', 'm', 'e', 't', 'r', 'i', 'c', 's', '"', ':', '{', '"', (byte) 0xc3, '"', ':', '1',
            '}', '}'};

        assertThatThrownBy(() -> codec.decode(data))
                .isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void rejectsRandomBytesOnlyWithPayloadFormatException() {
        Random random = new Random(7L);
        byte[] alphabet = bytes("{}[]\":,.-+0123456789eEtruefalsnl \\u\u00e9");
        for (int round = 0; round < 5_000; round++) {
            byte[] data = new byte[random.nextInt(80)];
            for (int i = 0; i < data.length; i++) {
                // mostly JSON punctuation so that the parser gets past the first byte
                data[i] = random.nextInt(8) == 0
                        ? (byte) random.nextInt(256)
                        : alphabet[random.nextInt(alphabet.length)];
            }
            try {
                codec.decode(data);
            } catch (PayloadFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } catch (RuntimeException unexpected) {
                fail("round " + round + " (" + json(data) + ") threw " + unexpected, unexpected);
            }
        }
    }

    @Test
    void namesTheFieldOfAnOutOfRangePosition() {
        assertThatThrownBy(() -> codec.decode(bytes("{\"position\":{\"latitude\":1,\"longitude\":200}}")))
                .isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("longitude");
    }

    @Test
    void rejectsInputOverTheLimit() {
        byte[] data = codec.encode(Payload.builder().metric("text", "x".repeat(200)).build());

        assertThatThrownBy(() -> new JsonPayloadCodec(100).decode(data))
                .isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("limit of 100");
        assertThat(new JsonPayloadCodec(data.length).decode(data).stringMetric("text")).hasValue("x".repeat(200));
    }

    @Test
    void refusesToEncodeNonFiniteNumbers() {
        for (Object value : List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)) {
            Payload payload = Payload.builder().metric("reading", value).build();

            assertThatThrownBy(() -> codec.encode(payload)).as("%s", value)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'reading'");
        }
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String json(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
