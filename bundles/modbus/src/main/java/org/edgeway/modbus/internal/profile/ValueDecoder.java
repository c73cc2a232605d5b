package org.edgeway.modbus.internal.profile;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns register words into values in two steps, because a SunSpec scale factor may arrive in another request than
 * the value it scales: {@link #raw} decodes one point from the words of the request that read it, {@link #scale}
 * applies scale, scale factor and offset. {@link #scaleAll} does the second step for a whole poll.
 *
 * <p>Nothing here throws on device data. These become {@link Decoded.NoValue}: NaN and infinite floats; a response
 * too short for the point; and, for points with {@link Point#sentinels()}, SunSpec's "not implemented" values:
 * {@code 0x8000} (INT16), {@code 0xFFFF} (UINT16, and a whole register of BITS), {@code 0x80000000} (INT32),
 * {@code 0xFFFFFFFF} (UINT32), {@code 0x8000000000000000} (INT64), {@code 0xFFFFFFFFFFFFFFFF} (UINT64), a string of
 * only NULs, and 0 for counters (SunSpec's accumulators acc16/acc32/acc64 use 0 for "not accumulated", and every
 * other value as a reading). Without {@code sentinels} those numbers are ordinary readings: a non-SunSpec pulse
 * counter may well read 65535.
 */
public final class ValueDecoder {

    /** SunSpec limits scale factors to -10..10; anything else is garbage, not a reading. */
    static final int MAX_SCALE_FACTOR = 10;

    private static final BigInteger UNSIGNED_64 = BigInteger.ONE.shiftLeft(64);

    private ValueDecoder() {
    }

    /**
     * Decodes the raw value of a point: integers as {@link Long} (or {@link BigInteger} for large UINT64), floats as
     * {@link Double}, strings (cut at the first NUL, decoded as UTF-8, trimmed) and bits as {@link Boolean}.
     * FLOAT32 values become the double of their shortest decimal representation, so 230.1f is 230.1 and not
     * 230.10000610351562: the device's value, not an artefact of widening it.
     *
     * @param point the point
     * @param start the address of the first register of the request that read it
     * @param words the request's registers (low 16 bits of each element); for coils and discrete inputs one element
     *              per bit, 0 or 1
     */
    public static Decoded raw(Point point, int start, int[] words) {
        int offset = point.address() - start;
        if (words == null || offset < 0 || offset + point.registers() > words.length) {
            return Decoded.none("the response covers " + (words == null ? "nothing" : start + ".."
                    + (start + words.length - 1)) + ", the point needs " + point.address() + ".."
                    + (point.end() - 1));
        }
        boolean sentinels = point.sentinels();
        ByteOrder order = point.order();
        switch (point.type()) {
            case BITS -> {
                int word = words[offset] & 0xFFFF;
                if (point.kind().isBits()) {
                    return Decoded.of(word != 0);
                }
                if (sentinels && word == 0xFFFF) {
                    return notImplemented(point);
                }
                return Decoded.of(((word >> point.bit()) & 1) != 0);
            }
            case INT16 -> {
                long bits = order.bits(words, offset, 1);
                return integer(point, (short) bits, bits == 0x8000L);
            }
            case UINT16 -> {
                long bits = order.bits(words, offset, 1);
                return integer(point, bits, bits == 0xFFFFL);
            }
            case INT32 -> {
                long bits = order.bits(words, offset, 2);
                return integer(point, (int) bits, bits == 0x8000_0000L);
            }
            case UINT32 -> {
                long bits = order.bits(words, offset, 2);
                return integer(point, bits, bits == 0xFFFF_FFFFL);
            }
            case INT64 -> {
                long bits = order.bits(words, offset, 4);
                return integer(point, bits, bits == Long.MIN_VALUE);
            }
            case UINT64 -> {
                long bits = order.bits(words, offset, 4);
                if (sentinels && (bits == -1L || (point.counter() && bits == 0))) {
                    return notImplemented(point);
                }
                return Decoded.of(bits >= 0 ? (Object) bits : BigInteger.valueOf(bits).add(UNSIGNED_64));
            }
            case FLOAT32 -> {
                float value = Float.intBitsToFloat((int) order.bits(words, offset, 2));
                if (!Float.isFinite(value)) {
                    return Decoded.none("not a number (" + value + ")");
                }
                return Decoded.of(Double.parseDouble(Float.toString(value)));
            }
            case FLOAT64 -> {
                double value = Double.longBitsToDouble(order.bits(words, offset, 4));
                if (!Double.isFinite(value)) {
                    return Decoded.none("not a number (" + value + ")");
                }
                return Decoded.of(value);
            }
            case STRING -> {
                byte[] bytes = order.bytes(words, offset, point.registers());
                int length = 0;
                while (length < bytes.length && bytes[length] != 0) {
                    length++;
                }
                String text = new String(bytes, 0, length, StandardCharsets.UTF_8).strip();
                if (text.isEmpty()) {
                    return sentinels && length == 0 ? notImplemented(point) : Decoded.none("empty string");
                }
                return Decoded.of(text);
            }
            default -> throw new AssertionError(point.type());
        }
    }

    /** {@link #raw(Point, int, int[])} for registers as Java shorts (as some Modbus libraries return them). */
    public static Decoded raw(Point point, int start, short[] words) {
        if (words == null) {
            return raw(point, start, (int[]) null);
        }
        int[] ints = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            ints[i] = words[i] & 0xFFFF;
        }
        return raw(point, start, ints);
    }

    private static Decoded integer(Point point, long value, boolean typeSentinel) {
        if (point.sentinels() && (point.counter() ? value == 0 : typeSentinel)) {
            return notImplemented(point);
        }
        return Decoded.of(value);
    }

    private static Decoded notImplemented(Point point) {
        return Decoded.none("not implemented by the device (SunSpec " + (point.counter() ? "0 accumulator"
                : "sentinel") + ")");
    }

    /**
     * The published value of a point from its raw value: {@code raw * scale * 10^sf + offset}. Integers stay exact
     * {@link Long}s when nothing changes them; otherwise the result is a {@link Double}, computed in decimal so that
     * 2305 with scale 0.1 is 230.5 and not 230.50000000000003. Strings and bits pass through.
     *
     * @param point       the point
     * @param raw         its raw value from {@link #raw}
     * @param scaleFactor the raw value of the point's scale factor point; ignored (may be null) without one
     */
    public static Decoded scale(Point point, Decoded raw, Decoded scaleFactor) {
        if (!(raw instanceof Decoded.Value value) || !point.type().isNumeric()) {
            return raw;
        }
        int exponent = 0;
        if (point.scaleFactor() != null) {
            if (!(scaleFactor instanceof Decoded.Value sf)) {
                return Decoded.none("scale factor '" + point.scaleFactor() + "' has no value"
                        + (scaleFactor instanceof Decoded.NoValue none ? ": " + none.reason() : ""));
            }
            if (!(sf.value() instanceof Long l) || l < -MAX_SCALE_FACTOR || l > MAX_SCALE_FACTOR) {
                return Decoded.none("scale factor '" + point.scaleFactor() + "' = " + sf.value() + " outside -"
                        + MAX_SCALE_FACTOR + ".." + MAX_SCALE_FACTOR);
            }
            exponent = l.intValue();
        }
        Object number = value.value();
        if (point.type().isInteger() && point.scale() == 1 && point.offset() == 0 && exponent == 0) {
            return raw;
        }
        BigDecimal decimal;
        if (number instanceof Long l) {
            decimal = BigDecimal.valueOf(l);
        } else if (number instanceof BigInteger b) {
            decimal = new BigDecimal(b);
        } else {
            decimal = BigDecimal.valueOf((Double) number); // the shortest decimal that is this double
        }
        double result = decimal.multiply(BigDecimal.valueOf(point.scale())).scaleByPowerOfTen(exponent)
                .add(BigDecimal.valueOf(point.offset())).doubleValue();
        return Double.isFinite(result) ? Decoded.of(result) : Decoded.none("scaled value out of range");
    }

    /**
     * The published values of a poll: every point with a raw value gets its scaled one, resolving scale factors by
     * name. Points without a raw value (their request failed) are left out.
     *
     * @param points the profile's points
     * @param raws   raw values by point name, as far as they were read
     * @return values by point name, in the order of {@code points}
     */
    public static Map<String, Decoded> scaleAll(Collection<Point> points, Map<String, Decoded> raws) {
        Map<String, Decoded> values = new LinkedHashMap<>();
        for (Point point : points) {
            Decoded raw = raws.get(point.name());
            if (raw != null) {
                Decoded sf = point.scaleFactor() == null ? null
                        : raws.getOrDefault(point.scaleFactor(), Decoded.none("not read"));
                values.put(point.name(), scale(point, raw, sf));
            }
        }
        return values;
    }

    /** {@link #raw} and {@link #scale} for a point without a scale factor point. */
    public static Decoded decode(Point point, int start, int[] words) {
        if (point.scaleFactor() != null) {
            throw new IllegalArgumentException("point '" + point.name() + "' needs its scale factor: use scale");
        }
        return scale(point, raw(point, start, words), null);
    }
}
