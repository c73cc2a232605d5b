package org.edgeway.modbus.internal.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoding of every type in every byte order. The register words of each case are built independently of
 * {@link ByteOrder}: from {@link java.nio.ByteBuffer} big and little endian images, with the word or byte swaps
 * written out by hand, and for a few values as literal words copied from device manuals' conventions.
 */
class ValueDecoderTest {

    private static final int START = 100;

    /** Registers as a device with this byte order sends the value whose big endian bytes are {@code be}. */
    static int[] wordsOf(byte[] be, ByteOrder order) {
        int n = be.length / 2;
        int[] abcd = new int[n];
        for (int i = 0; i < n; i++) {
            abcd[i] = ((be[2 * i] & 0xFF) << 8) | (be[2 * i + 1] & 0xFF);
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int w = switch (order) {
                case ABCD -> abcd[i];
                case CDAB -> abcd[n - 1 - i];
                case BADC -> swap(abcd[i]);
                case DCBA -> swap(abcd[n - 1 - i]);
            };
            out[i] = w;
        }
        return out;
    }

    private static int swap(int word) {
        return ((word & 0xFF) << 8) | (word >> 8);
    }

    static byte[] be(long value, int bytes) {
        return Arrays.copyOfRange(java.nio.ByteBuffer.allocate(8).putLong(value).array(), 8 - bytes, 8);
    }

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        Object[][] values = {
                {DataType.INT16, be(-1, 2), -1L},
                {DataType.INT16, be(0x1234, 2), 0x1234L},
                {DataType.INT16, be(Short.MIN_VALUE, 2), (long) Short.MIN_VALUE},
                {DataType.INT16, be(Short.MAX_VALUE, 2), (long) Short.MAX_VALUE},
                {DataType.UINT16, be(0xFFFF, 2), 65535L},
                {DataType.UINT16, be(40000, 2), 40000L},
                {DataType.INT32, be(-1, 4), -1L},
                {DataType.INT32, be(Integer.MIN_VALUE, 4), (long) Integer.MIN_VALUE},
                {DataType.INT32, be(123456789, 4), 123456789L},
                {DataType.UINT32, be(0xFFFFFFFFL, 4), 4294967295L},
                {DataType.UINT32, be(3_000_000_000L, 4), 3_000_000_000L},
                {DataType.INT64, be(Long.MIN_VALUE, 8), Long.MIN_VALUE},
                {DataType.INT64, be(Long.MAX_VALUE, 8), Long.MAX_VALUE},
                {DataType.INT64, be(-2, 8), -2L},
                {DataType.UINT64, be(-1, 8), new BigInteger("18446744073709551615")},
                {DataType.UINT64, be(Long.MIN_VALUE, 8), new BigInteger("9223372036854775808")},
                {DataType.UINT64, be(42, 8), 42L},
                {DataType.FLOAT32, be(Float.floatToIntBits(230.5f), 4), 230.5},
                {DataType.FLOAT32, be(Float.floatToIntBits(-1.5f), 4), -1.5},
                {DataType.FLOAT32, be(Float.floatToIntBits(0.1f), 4), 0.1},
                {DataType.FLOAT32, be(Float.floatToIntBits(12345.047f), 4), 12345.047},
                {DataType.FLOAT64, be(Double.doubleToLongBits(Math.PI), 8), Math.PI},
                {DataType.FLOAT64, be(Double.doubleToLongBits(-1e300), 8), -1e300},
        };
        for (Object[] v : values) {
            for (ByteOrder order : ByteOrder.values()) {
                list.add(Arguments.of(v[0], order, v[1], v[2]));
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @MethodSource("cases")
    void decodesEveryNumericTypeInEveryOrder(DataType type, ByteOrder order, byte[] bigEndian, Object expected) {
        int[] value = wordsOf(bigEndian, order);
        // the value sits in the middle of a request, between registers that must not leak into it
        int[] words = new int[value.length + 4];
        Arrays.fill(words, 0xA5A5);
        System.arraycopy(value, 0, words, 2, value.length);
        Point p = Point.of("p", RegisterKind.HOLDING, START + 2, type).withOrder(order);

        assertThat(ValueDecoder.raw(p, START, words)).isEqualTo(Decoded.of(expected));
        assertThat(ValueDecoder.decode(p, START, words)).isEqualTo(Decoded.of(expected));
    }

    @Test
    void literalWordsOfA32BitValueInTheFourOrders() {
        // 0x11223344 = 287454020 as four devices would send it
        Map<ByteOrder, int[]> sent = Map.of(ByteOrder.ABCD, new int[] {0x1122, 0x3344},
                ByteOrder.CDAB, new int[] {0x3344, 0x1122}, ByteOrder.BADC, new int[] {0x2211, 0x4433},
                ByteOrder.DCBA, new int[] {0x4433, 0x2211});
        sent.forEach((order, words) -> {
            assertThat(order.bits(words, 0, 2)).as(order.name()).isEqualTo(0x11223344L);
            Point p = Point.of("p", RegisterKind.INPUT, 0, DataType.UINT32).withOrder(order);
            assertThat(ValueDecoder.raw(p, 0, words)).isEqualTo(Decoded.of(287454020L));
        });
    }

    @Test
    void literalWordsOfA64BitValueFollowTheDocumentedGeneralisation() {
        long value = 0x1122334455667788L;
        assertThat(ByteOrder.ABCD.bits(new int[] {0x1122, 0x3344, 0x5566, 0x7788}, 0, 4)).isEqualTo(value);
        assertThat(ByteOrder.CDAB.bits(new int[] {0x7788, 0x5566, 0x3344, 0x1122}, 0, 4)).isEqualTo(value);
        assertThat(ByteOrder.BADC.bits(new int[] {0x2211, 0x4433, 0x6655, 0x8877}, 0, 4)).isEqualTo(value);
        assertThat(ByteOrder.DCBA.bits(new int[] {0x8877, 0x6655, 0x4433, 0x2211}, 0, 4)).isEqualTo(value);
        // DCBA is exactly little endian
        int[] little = new int[4];
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(value).flip().order(java.nio.ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < 4; i++) {
            little[i] = buffer.getShort() & 0xFFFF;
        }
        assertThat(ByteOrder.DCBA.bits(little, 0, 4)).isEqualTo(value);
    }

    @Test
    void sixteenBitValuesOnlyCareAboutTheByteSwap() {
        int[] words = {0x1234};
        assertThat(ByteOrder.ABCD.bits(words, 0, 1)).isEqualTo(0x1234);
        assertThat(ByteOrder.CDAB.bits(words, 0, 1)).isEqualTo(0x1234);
        assertThat(ByteOrder.BADC.bits(words, 0, 1)).isEqualTo(0x3412);
        assertThat(ByteOrder.DCBA.bits(words, 0, 1)).isEqualTo(0x3412);
    }

    @ParameterizedTest
    @EnumSource(ByteOrder.class)
    void stringsLoseTrailingNulsAndSpacesInEveryOrder(ByteOrder order) {
        for (String[] c : new String[][] {{"SDM630\0\0\0\0", "SDM630"}, {"Meter 1   \0\0", "Meter 1"},
                {"AB\0junk", "AB"}, {"Grüße", "Grüße"}}) {
            byte[] bytes = Arrays.copyOf(c[0].getBytes(StandardCharsets.UTF_8), 16);
            Point p = Point.ofString("s", RegisterKind.HOLDING, 0, 8).withOrder(order);
            assertThat(ValueDecoder.raw(p, 0, wordsOf(bytes, order))).as(c[0]).isEqualTo(Decoded.of(c[1]));
        }
    }

    @Test
    void emptyStringsAreNoValue() {
        Point p = Point.ofString("s", RegisterKind.HOLDING, 0, 2);
        assertThat(ValueDecoder.raw(p, 0, new int[] {0x2020, 0x2000})).isInstanceOf(Decoded.NoValue.class);
        assertThat(ValueDecoder.raw(p.withSentinels(true), 0, new int[] {0, 0}))
                .isInstanceOf(Decoded.NoValue.class);
    }

    @Test
    void bitsOfARegisterAndCoils() {
        int[] words = {0, 0b1010_0000_0000_0001};
        Point bits = Point.ofBit("b", RegisterKind.HOLDING, 1, 0);
        assertThat(ValueDecoder.raw(bits, 0, words)).isEqualTo(Decoded.of(true));
        assertThat(ValueDecoder.raw(bits.withBit(1), 0, words)).isEqualTo(Decoded.of(false));
        assertThat(ValueDecoder.raw(bits.withBit(13), 0, words)).isEqualTo(Decoded.of(true));
        assertThat(ValueDecoder.raw(bits.withBit(14), 0, words)).isEqualTo(Decoded.of(false));
        assertThat(ValueDecoder.raw(bits.withBit(15), 0, words)).isEqualTo(Decoded.of(true));

        Point coil = Point.of("c", RegisterKind.COIL, 11, DataType.BITS);
        assertThat(ValueDecoder.raw(coil, 10, new int[] {0, 1, 0})).isEqualTo(Decoded.of(true));
        assertThat(ValueDecoder.raw(coil, 10, new int[] {1, 0, 1})).isEqualTo(Decoded.of(false));
        Point input = Point.of("d", RegisterKind.DISCRETE_INPUT, 0, DataType.BITS);
        assertThat(ValueDecoder.raw(input, 0, new int[] {1})).isEqualTo(Decoded.of(true));
    }

    @Test
    void sunspecSentinelsAreNoValueOnlyWhereAsked() {
        Object[][] sentinels = {
                {DataType.INT16, new int[] {0x8000}, -32768L},
                {DataType.UINT16, new int[] {0xFFFF}, 65535L},
                {DataType.INT32, new int[] {0x8000, 0}, (long) Integer.MIN_VALUE},
                {DataType.UINT32, new int[] {0xFFFF, 0xFFFF}, 4294967295L},
                {DataType.INT64, new int[] {0x8000, 0, 0, 0}, Long.MIN_VALUE},
                {DataType.UINT64, new int[] {0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF}, new BigInteger("18446744073709551615")},
        };
        for (Object[] s : sentinels) {
            Point p = Point.of("p", RegisterKind.HOLDING, 0, (DataType) s[0]);
            int[] words = (int[]) s[1];
            assertThat(ValueDecoder.raw(p, 0, words)).as("%s without sentinels", s[0]).isEqualTo(Decoded.of(s[2]));
            assertThat(ValueDecoder.raw(p.withSentinels(true), 0, words)).as("%s", s[0])
                    .isInstanceOf(Decoded.NoValue.class);
        }
        // SunSpec accumulators: 0 means "not accumulated", all ones is an ordinary reading
        Point acc32 = Point.of("e", RegisterKind.HOLDING, 0, DataType.UINT32).withCounter(true).withSentinels(true);
        assertThat(ValueDecoder.raw(acc32, 0, new int[] {0, 0})).isInstanceOf(Decoded.NoValue.class);
        assertThat(ValueDecoder.raw(acc32, 0, new int[] {0xFFFF, 0xFFFF})).isEqualTo(Decoded.of(4294967295L));
        assertThat(ValueDecoder.raw(acc32, 0, new int[] {0, 7})).isEqualTo(Decoded.of(7L));
        // a whole register of bitfield16 set is "not implemented"
        Point bit = Point.ofBit("b", RegisterKind.HOLDING, 0, 3);
        assertThat(ValueDecoder.raw(bit, 0, new int[] {0xFFFF})).isEqualTo(Decoded.of(true));
        assertThat(ValueDecoder.raw(bit.withSentinels(true), 0, new int[] {0xFFFF}))
                .isInstanceOf(Decoded.NoValue.class);
    }

    @Test
    void nanAndInfiniteFloatsAreNoValueAlways() {
        Point f32 = Point.of("f", RegisterKind.INPUT, 0, DataType.FLOAT32);
        Point f64 = Point.of("d", RegisterKind.INPUT, 0, DataType.FLOAT64);
        assertThat(ValueDecoder.raw(f32, 0, new int[] {0x7FC0, 0x0000})).isInstanceOf(Decoded.NoValue.class);
        assertThat(ValueDecoder.raw(f32, 0, new int[] {0xFF80, 0x0000})).isInstanceOf(Decoded.NoValue.class);
        assertThat(ValueDecoder.raw(f32, 0, new int[] {0x7F80, 0x0000})).isInstanceOf(Decoded.NoValue.class);
        assertThat(ValueDecoder.raw(f64, 0, new int[] {0x7FF8, 0, 0, 0})).isInstanceOf(Decoded.NoValue.class);
        assertThat(ValueDecoder.raw(f64, 0, new int[] {0x7FF0, 0, 0, 0})).isInstanceOf(Decoded.NoValue.class);
    }

    @Test
    void scaleOffsetAndScaleFactorAreAppliedInDecimal() {
        Point volts = Point.of("v", RegisterKind.INPUT, 0, DataType.INT32).withOrder(ByteOrder.CDAB)
                .withScale(0.1, 0);
        assertThat(ValueDecoder.decode(volts, 0, new int[] {2305, 0})).isEqualTo(Decoded.of(230.5));
        Point amps = Point.of("a", RegisterKind.INPUT, 0, DataType.INT32).withScale(0.001, 0);
        assertThat(ValueDecoder.decode(amps, 0, new int[] {0xFFFF, 0xFC18})).isEqualTo(Decoded.of(-1.0));
        Point celsius = Point.of("t", RegisterKind.INPUT, 0, DataType.UINT16).withScale(0.1, -40);
        assertThat(ValueDecoder.decode(celsius, 0, new int[] {215})).isEqualTo(Decoded.of(-18.5));
        Point energy = Point.of("e", RegisterKind.INPUT, 0, DataType.FLOAT32).withScale(0.001, 0);
        assertThat(ValueDecoder.decode(energy, 0, wordsOf(be(Float.floatToIntBits(1234567f), 4), ByteOrder.ABCD)))
                .isEqualTo(Decoded.of(1234.567));
        // an integer nothing changes stays an exact Long; a float stays the float's decimal
        Point plain = Point.of("n", RegisterKind.INPUT, 0, DataType.UINT64);
        assertThat(ValueDecoder.decode(plain, 0, new int[] {0x7FFF, 0xFFFF, 0xFFFF, 0xFFFF}))
                .isEqualTo(Decoded.of(Long.MAX_VALUE));

        Point scaled = Point.of("w", RegisterKind.HOLDING, 0, DataType.INT16).withScaleFactor("w_sf");
        assertThat(ValueDecoder.scale(scaled, Decoded.of(2305L), Decoded.of(-1L))).isEqualTo(Decoded.of(230.5));
        assertThat(ValueDecoder.scale(scaled, Decoded.of(15L), Decoded.of(2L))).isEqualTo(Decoded.of(1500.0));
        assertThat(ValueDecoder.scale(scaled, Decoded.of(-15L), Decoded.of(0L))).isEqualTo(Decoded.of(-15L));
        assertThat(ValueDecoder.scale(scaled.withScale(2, 1), Decoded.of(15L), Decoded.of(-1L)))
                .isEqualTo(Decoded.of(4.0));
        assertThat(ValueDecoder.scale(scaled, Decoded.of(15L), Decoded.none("not implemented")))
                .isEqualTo(Decoded.none("scale factor 'w_sf' has no value: not implemented"));
        assertThat(ValueDecoder.scale(scaled, Decoded.of(15L), Decoded.of(11L)))
                .isInstanceOf(Decoded.NoValue.class);
        assertThat(ValueDecoder.scale(scaled, Decoded.none("x"), Decoded.of(1L))).isEqualTo(Decoded.none("x"));
        assertThatThrownBy(() -> ValueDecoder.decode(scaled, 0, new int[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scaleAllResolvesScaleFactorsByNameAndSkipsUnreadPoints() {
        Point sf = Point.of("sf", RegisterKind.HOLDING, 0, DataType.INT16);
        Point a = Point.of("a", RegisterKind.HOLDING, 1, DataType.INT16).withScaleFactor("sf");
        Point b = Point.of("b", RegisterKind.HOLDING, 200, DataType.INT16).withScaleFactor("other.sf");
        Point c = Point.of("c", RegisterKind.HOLDING, 300, DataType.INT16);
        Map<String, Decoded> values = ValueDecoder.scaleAll(List.of(sf, a, b, c),
                Map.of("sf", Decoded.of(-2L), "a", Decoded.of(1234L), "b", Decoded.of(5L)));
        assertThat(values).containsOnlyKeys("sf", "a", "b");
        assertThat(values.get("a")).isEqualTo(Decoded.of(12.34));
        assertThat(values.get("sf")).isEqualTo(Decoded.of(-2L));
        assertThat(values.get("b")).isEqualTo(Decoded.none("scale factor 'other.sf' has no value: not read"));
    }

    @Test
    void shortAnswersAndShortArraysAreNoValue() {
        Point p = Point.of("p", RegisterKind.INPUT, 10, DataType.FLOAT32);
        assertThat(ValueDecoder.raw(p, 10, new int[] {0x4366})).isInstanceOf(Decoded.NoValue.class);
        assertThat(ValueDecoder.raw(p, 11, new int[] {0, 0, 0})).isInstanceOf(Decoded.NoValue.class);
        assertThat(ValueDecoder.raw(p, 10, (int[]) null)).isInstanceOf(Decoded.NoValue.class);
        assertThat(ValueDecoder.raw(p, 10, new short[] {0x4366, (short) 0x8000}))
                .isEqualTo(Decoded.of(230.5));
        Point u = Point.of("u", RegisterKind.INPUT, 0, DataType.UINT16);
        assertThat(ValueDecoder.raw(u, 0, new short[] {(short) 0xFFFF})).isEqualTo(Decoded.of(65535L));
    }

    @Test
    void garbageFromADeviceNeverThrows() {
        Random random = new Random(7);
        DataType[] types = DataType.values();
        for (int i = 0; i < 20_000; i++) {
            DataType type = types[random.nextInt(types.length)];
            int address = 50 + random.nextInt(4);
            Point p = switch (type) {
                case STRING -> Point.ofString("p", RegisterKind.HOLDING, address, 1 + random.nextInt(8));
                case BITS -> Point.ofBit("p", RegisterKind.HOLDING, address, random.nextInt(16));
                default -> Point.of("p", RegisterKind.HOLDING, address, type);
            };
            p = p.withOrder(ByteOrder.values()[random.nextInt(4)]);
            if (random.nextBoolean()) {
                p = p.withSentinels(true);
            }
            int[] words = new int[random.nextInt(10)];
            for (int j = 0; j < words.length; j++) {
                words[j] = random.nextInt(); // also bits above the 16 of a register
            }
            Decoded raw = ValueDecoder.raw(p, 50, words);
            Decoded value = ValueDecoder.scale(p, raw, Decoded.of((long) random.nextInt(30) - 15));
            assertThat(value).isNotNull();
            if (raw instanceof Decoded.Value v && v.value() instanceof Double d) {
                assertThat(d).isFinite();
            }
        }
    }
}
