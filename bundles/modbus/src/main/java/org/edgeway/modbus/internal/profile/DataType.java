package org.edgeway.modbus.internal.profile;

/**
 * How the registers of a point are interpreted. Each type knows how many registers it occupies; only
 * {@link #STRING} takes its length from the point, and {@link #BITS} is one bit of one register (or one coil or
 * discrete input).
 */
public enum DataType {
    INT16(1, true),
    UINT16(1, true),
    INT32(2, true),
    UINT32(2, true),
    INT64(4, true),
    UINT64(4, true),
    FLOAT32(2, false),
    FLOAT64(4, false),
    /** Characters, two per register; the length in registers is given per point. */
    STRING(0, false),
    /** One bit (0-15) of a 16-bit register, or the state of one coil or discrete input. */
    BITS(1, false);

    private final int registers;
    private final boolean integer;

    DataType(int registers, boolean integer) {
        this.registers = registers;
        this.integer = integer;
    }

    /** Registers occupied; 0 for {@link #STRING}, whose length each point gives. */
    public int registers() {
        return registers;
    }

    /** Whether the length is fixed by the type (every type but {@link #STRING}). */
    public boolean hasFixedLength() {
        return registers > 0;
    }

    /** Whether values are whole numbers (INT16 to UINT64). */
    public boolean isInteger() {
        return integer;
    }

    /** Whether values are numbers that scale, offset and scale factors apply to. */
    public boolean isNumeric() {
        return this != STRING && this != BITS;
    }
}
