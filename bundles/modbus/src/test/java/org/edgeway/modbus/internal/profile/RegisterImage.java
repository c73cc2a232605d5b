package org.edgeway.modbus.internal.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory holding register space for tests: what a device would answer. Addresses outside the readable ranges
 * (all, unless some are declared) fail like a Modbus "illegal data address" exception.
 */
final class RegisterImage implements RegisterReader {

    private final int[] registers = new int[65536];
    private final List<int[]> readable = new ArrayList<>();
    final List<String> reads = new ArrayList<>();

    /** Only these ranges answer from now on. */
    RegisterImage readable(int from, int count) {
        readable.add(new int[] {from, from + count});
        return this;
    }

    RegisterImage put(int address, int... words) {
        for (int i = 0; i < words.length; i++) {
            registers[address + i] = words[i] & 0xFFFF;
        }
        return this;
    }

    RegisterImage putString(int address, int length, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < length; i++) {
            int hi = 2 * i < bytes.length ? bytes[2 * i] & 0xFF : 0;
            int lo = 2 * i + 1 < bytes.length ? bytes[2 * i + 1] & 0xFF : 0;
            registers[address + i] = (hi << 8) | lo;
        }
        return this;
    }

    RegisterImage putUint32(int address, long value) {
        return put(address, (int) (value >>> 16), (int) value);
    }

    RegisterImage putFloat(int address, float value) {
        int bits = Float.floatToIntBits(value);
        return put(address, bits >>> 16, bits);
    }

    RegisterImage marker(int base) {
        return put(base, 0x5375, 0x6E53);
    }

    @Override
    public int[] read(RegisterKind kind, int address, int count) throws IOException {
        reads.add(address + "+" + count);
        if (kind != RegisterKind.HOLDING || count < 1 || count > 125 || address + count > 65536) {
            throw new IOException("illegal request " + kind + " " + address + "+" + count);
        }
        if (!readable.isEmpty() && readable.stream().noneMatch(r -> address >= r[0] && address + count <= r[1])) {
            throw new IOException("exception 2 (illegal data address) at " + address);
        }
        int[] out = new int[count];
        System.arraycopy(registers, address, out, 0, count);
        return out;
    }
}
