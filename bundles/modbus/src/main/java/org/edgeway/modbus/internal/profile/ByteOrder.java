package org.edgeway.modbus.internal.profile;

/**
 * The order in which a device puts the bytes of a multi-register value into its registers. The letters name the
 * bytes of a 32-bit value from most (A) to least (D) significant, as they appear in the registers read in address
 * order: {@code ABCD} is plain big endian (Modbus' own order), {@code CDAB} swaps the two words (common: "low word
 * first"), {@code BADC} swaps the bytes within each word, and {@code DCBA} is fully little endian.
 *
 * <p>The same two independent swaps generalise to every length: "swap words" ({@code CDAB}, {@code DCBA}) means the
 * registers hold the value least significant register first, and "swap bytes" ({@code BADC}, {@code DCBA}) means
 * each register holds its two bytes low byte first. So for 64-bit values with registers r0..r3 in address order,
 * {@code ABCD} reads r0 r1 r2 r3 with each register high byte first, {@code CDAB} reads r3 r2 r1 r0 (high byte first
 * within each), {@code BADC} keeps r0..r3 but takes each register's low byte first, and {@code DCBA} reverses all
 * eight bytes. For 16-bit values only the byte swap matters ({@code ABCD} = {@code CDAB} = AB,
 * {@code BADC} = {@code DCBA} = BA). Strings use the same rule, so the usual {@code ABCD} keeps characters in
 * register order and {@code BADC} fixes devices that store each character pair swapped.
 */
public enum ByteOrder {
    ABCD(false, false),
    CDAB(true, false),
    BADC(false, true),
    DCBA(true, true);

    private final boolean swapWords;
    private final boolean swapBytes;

    ByteOrder(boolean swapWords, boolean swapBytes) {
        this.swapWords = swapWords;
        this.swapBytes = swapBytes;
    }

    /**
     * The value's bytes, most significant first, from {@code count} registers starting at {@code words[offset]}
     * (each element's low 16 bits are the register).
     */
    public byte[] bytes(int[] words, int offset, int count) {
        byte[] out = new byte[2 * count];
        for (int i = 0; i < count; i++) {
            int word = words[offset + (swapWords ? count - 1 - i : i)];
            int high = (word >> 8) & 0xFF;
            int low = word & 0xFF;
            out[2 * i] = (byte) (swapBytes ? low : high);
            out[2 * i + 1] = (byte) (swapBytes ? high : low);
        }
        return out;
    }

    /**
     * The raw bits of a value of 1 to 4 registers, most significant byte first, zero-extended into a long: for a
     * 2-register value the result is an unsigned 32-bit quantity, and so on.
     */
    public long bits(int[] words, int offset, int count) {
        if (count < 1 || count > 4) {
            throw new IllegalArgumentException("1 to 4 registers, not " + count);
        }
        long value = 0;
        for (byte b : bytes(words, offset, count)) {
            value = (value << 8) | (b & 0xFF);
        }
        return value;
    }
}
