package org.edgeway.modbus.internal.profile;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One value a meter reports: where it lives, how to decode it and what it means. The published value is
 * {@code raw * scale * 10^sf + offset}, where {@code sf} is the value of the {@link #scaleFactor} point (SunSpec's
 * {@code *_SF} registers), or 0 without one.
 *
 * <p>The constructor refuses every inconsistent combination with an {@link IllegalArgumentException} whose message
 * names the problem (not the point: the caller knows which entry it was building), so a bad profile is refused when
 * it is loaded rather than producing wrong numbers later.
 *
 * <p>Units are free text, documented rather than checked so that integrators can describe heat and water meters too;
 * the shipped profiles use SI symbols: {@code V}, {@code A}, {@code W}, {@code VA}, {@code var}, {@code Hz},
 * {@code kWh}, {@code Wh}, {@code m3}, {@code m3/h}, {@code degC}, {@code %}, and the empty string for dimensionless
 * values such as the power factor.
 *
 * @param name        the metric name, for example {@code voltage.l1}: a letter or digit, then letters, digits,
 *                    {@code . _ -}
 * @param kind        the table the point is read from
 * @param address     the 0-based address of its first register (or coil)
 * @param type        how its registers are interpreted
 * @param order       how multi-byte values are laid out (see {@link ByteOrder}); irrelevant for bits
 * @param registers   registers occupied: 0 to derive from the type, which only {@link DataType#STRING} cannot
 *                    (1 to 125 registers); always 1 for coils and discrete inputs
 * @param bit         for {@link DataType#BITS} in a register: the bit, 0 (least significant) to 15; otherwise -1
 * @param scale       multiplier of the raw value, finite and not 0 (1 for none)
 * @param offset      added after scaling, finite (0 for none)
 * @param unit        the unit of the published value, "" for none
 * @param counter     an energy or volume total that only grows (a drop means a reset or a replaced meter)
 * @param scaleFactor the name of an integer point holding a power of ten to scale by, or null
 * @param description free text, "" for none
 * @param sentinels   whether SunSpec's "not implemented" values (see {@link ValueDecoder}) mean "no value" rather
 *                    than a reading; set for SunSpec devices, where they would otherwise look like real numbers
 */
public record Point(String name, RegisterKind kind, int address, DataType type, ByteOrder order, int registers, int bit,
        double scale, double offset, String unit, boolean counter, String scaleFactor, String description,
        boolean sentinels) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    /** The highest register address. */
    public static final int MAX_ADDRESS = 65535;

    public Point {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name " + (name == null ? "missing" : "'" + name + "'")
                    + " must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        order = order == null ? ByteOrder.ABCD : order;
        unit = unit == null ? "" : unit;
        description = description == null ? "" : description;
        if (address < 0 || address > MAX_ADDRESS) {
            throw new IllegalArgumentException("address " + address + " outside 0.." + MAX_ADDRESS);
        }
        if (kind.isBits()) {
            if (type != DataType.BITS) {
                throw new IllegalArgumentException(kind + " holds single bits: type must be BITS, not " + type);
            }
            if (bit != -1) {
                throw new IllegalArgumentException("'bit' only applies to BITS in registers, not to " + kind);
            }
        } else if (type == DataType.BITS) {
            if (bit < 0 || bit > 15) {
                throw new IllegalArgumentException("bit " + (bit == -1 ? "missing" : bit) + ": BITS in a register "
                        + "needs a bit from 0 to 15");
            }
        } else if (bit != -1) {
            throw new IllegalArgumentException("'bit' only applies to type BITS, not " + type);
        }
        if (type.hasFixedLength()) {
            if (registers != 0 && registers != type.registers()) {
                throw new IllegalArgumentException(type + " occupies " + type.registers() + " register(s), not "
                        + registers);
            }
            registers = type.registers();
        } else if (registers == 0) {
            throw new IllegalArgumentException("STRING needs its length in registers");
        } else if (registers < 1 || registers > RegisterKind.MAX_REGISTERS) {
            throw new IllegalArgumentException("STRING length " + registers + " outside 1.."
                    + RegisterKind.MAX_REGISTERS + " registers (one request)");
        }
        if (address + registers - 1 > MAX_ADDRESS) {
            throw new IllegalArgumentException("registers " + address + ".." + (address + registers - 1)
                    + " run past " + MAX_ADDRESS);
        }
        if (!Double.isFinite(scale) || scale == 0) {
            throw new IllegalArgumentException("scale " + scale + " must be a finite number other than 0");
        }
        if (!Double.isFinite(offset)) {
            throw new IllegalArgumentException("offset " + offset + " must be a finite number");
        }
        if (scaleFactor != null && (scaleFactor.isBlank() || scaleFactor.equals(name))) {
            throw new IllegalArgumentException("scaleFactor must name another point");
        }
        if (!type.isNumeric() && (scale != 1 || offset != 0 || scaleFactor != null || counter)) {
            throw new IllegalArgumentException("scale, offset, scaleFactor and counter only apply to numbers, not "
                    + type);
        }
    }

    /**
     * A point of a fixed-length type (or a coil or discrete input) with defaults for everything else, to be refined
     * with the {@code with...} methods; see {@link #ofString} and {@link #ofBit} for the other two.
     */
    public static Point of(String name, RegisterKind kind, int address, DataType type) {
        return new Point(name, kind, address, type, ByteOrder.ABCD, 0, -1, 1, 0, "", false, null, "", false);
    }

    /** A string of {@code registers} registers with defaults for everything else. */
    public static Point ofString(String name, RegisterKind kind, int address, int registers) {
        return new Point(name, kind, address, DataType.STRING, ByteOrder.ABCD, registers, -1, 1, 0, "", false, null,
                "", false);
    }

    /** One bit (0-15) of a register with defaults for everything else. */
    public static Point ofBit(String name, RegisterKind kind, int address, int bit) {
        return new Point(name, kind, address, DataType.BITS, ByteOrder.ABCD, 0, bit, 1, 0, "", false, null, "",
                false);
    }

    /** The address after the last register (or coil) of this point. */
    public int end() {
        return address + registers;
    }

    /** A copy with the given byte order. */
    public Point withOrder(ByteOrder newOrder) {
        return new Point(name, kind, address, type, newOrder, registers, bit, scale, offset, unit, counter,
                scaleFactor, description, sentinels);
    }

    /** A copy with the given length in registers (for strings). */
    public Point withRegisters(int newRegisters) {
        return new Point(name, kind, address, type, order, newRegisters, bit, scale, offset, unit, counter,
                scaleFactor, description, sentinels);
    }

    /** A copy with the given bit (for BITS in a register). */
    public Point withBit(int newBit) {
        return new Point(name, kind, address, type, order, registers, newBit, scale, offset, unit, counter,
                scaleFactor, description, sentinels);
    }

    /** A copy with the given scale and offset. */
    public Point withScale(double newScale, double newOffset) {
        return new Point(name, kind, address, type, order, registers, bit, newScale, newOffset, unit, counter,
                scaleFactor, description, sentinels);
    }

    /** A copy with the given unit and description. */
    public Point withUnit(String newUnit, String newDescription) {
        return new Point(name, kind, address, type, order, registers, bit, scale, offset, newUnit, counter,
                scaleFactor, newDescription, sentinels);
    }

    /** A copy marked as a counter (or not). */
    public Point withCounter(boolean newCounter) {
        return new Point(name, kind, address, type, order, registers, bit, scale, offset, unit, newCounter,
                scaleFactor, description, sentinels);
    }

    /** A copy scaled by the power of ten in the named point (or by none with null). */
    public Point withScaleFactor(String newScaleFactor) {
        return new Point(name, kind, address, type, order, registers, bit, scale, offset, unit, counter,
                newScaleFactor, description, sentinels);
    }

    /** A copy that treats SunSpec's "not implemented" values as no value (or not). */
    public Point withSentinels(boolean newSentinels) {
        return new Point(name, kind, address, type, order, registers, bit, scale, offset, unit, counter,
                scaleFactor, description, newSentinels);
    }
}
