package org.edgeway.modbus.internal.profile;

/**
 * The four Modbus data tables. Each is a separate address space of 65536 entries, read with its own function code;
 * coils and discrete inputs hold single bits, the other two 16-bit registers.
 */
public enum RegisterKind {
    /** Holding registers, read with function code 03. */
    HOLDING(3, false),
    /** Input registers, read with function code 04. */
    INPUT(4, false),
    /** Coils, read with function code 01. */
    COIL(1, true),
    /** Discrete inputs, read with function code 02. */
    DISCRETE_INPUT(2, true);

    /** The most registers one FC03/FC04 request may read (the 253-byte PDU limit). */
    public static final int MAX_REGISTERS = 125;
    /** The most bits one FC01/FC02 request may read. */
    public static final int MAX_BITS = 2000;

    private final int functionCode;
    private final boolean bits;

    RegisterKind(int functionCode, boolean bits) {
        this.functionCode = functionCode;
        this.bits = bits;
    }

    /** The Modbus function code that reads this table. */
    public int functionCode() {
        return functionCode;
    }

    /** Whether entries are single bits (coils, discrete inputs) rather than 16-bit registers. */
    public boolean isBits() {
        return bits;
    }

    /** The protocol's limit on entries per read request: {@value #MAX_BITS} bits or {@value #MAX_REGISTERS} registers. */
    public int protocolMaximum() {
        return bits ? MAX_BITS : MAX_REGISTERS;
    }
}
