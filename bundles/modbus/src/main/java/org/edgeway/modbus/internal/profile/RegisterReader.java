package org.edgeway.modbus.internal.profile;

import java.io.IOException;

/**
 * Reads registers from one device; what {@link SunSpec} discovery needs from a Modbus connection, so that it can be
 * tested against an in-memory register image.
 */
@FunctionalInterface
public interface RegisterReader {

    /**
     * Reads {@code count} registers (1 to 125) from {@code address}.
     *
     * @return the registers' values, 0 to 65535 each (a shorter array counts as a failed read)
     * @throws IOException if the device answered with an exception or not at all
     */
    int[] read(RegisterKind kind, int address, int count) throws IOException;
}
