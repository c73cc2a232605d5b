package org.edgeway.modbus.internal.interop;

import java.util.Map;
import java.util.TreeMap;

/**
 * The register image a test server serves: per unit id, holding and input registers, coils and discrete inputs at
 * 0-based protocol addresses. Addresses not set answer exception 2 (illegal data address).
 */
public final class RegisterImage {

    /** One unit's four tables, address to value (registers 0..65535, bits 0/1). */
    record Unit(TreeMap<Integer, Integer> holding, TreeMap<Integer, Integer> input, TreeMap<Integer, Integer> coils,
            TreeMap<Integer, Integer> discreteInputs) {

        Unit() {
            this(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        }
    }

    private final TreeMap<Integer, Unit> units = new TreeMap<>();

    public RegisterImage holding(int unitId, int address, int... values) {
        put(unit(unitId).holding(), address, values);
        return this;
    }

    public RegisterImage input(int unitId, int address, int... values) {
        put(unit(unitId).input(), address, values);
        return this;
    }

    public RegisterImage coils(int unitId, int address, boolean... values) {
        put(unit(unitId).coils(), address, bits(values));
        return this;
    }

    public RegisterImage discreteInputs(int unitId, int address, boolean... values) {
        put(unit(unitId).discreteInputs(), address, bits(values));
        return this;
    }

    /** The value of holding register {@code address} of {@code unitId}; fails if unset. */
    public int holdingAt(int unitId, int address) {
        return units.get(unitId).holding().get(address);
    }

    /** The value of input register {@code address} of {@code unitId}; fails if unset. */
    public int inputAt(int unitId, int address) {
        return units.get(unitId).input().get(address);
    }

    Map<Integer, Unit> units() {
        return units;
    }

    private Unit unit(int unitId) {
        return units.computeIfAbsent(unitId, id -> new Unit());
    }

    private static void put(TreeMap<Integer, Integer> table, int address, int... values) {
        for (int i = 0; i < values.length; i++) {
            if (address + i > 0xFFFF) {
                throw new IllegalArgumentException("address " + (address + i) + " is past 65535");
            }
            table.put(address + i, values[i]);
        }
    }

    private static int[] bits(boolean... values) {
        int[] ints = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            ints[i] = values[i] ? 1 : 0;
        }
        return ints;
    }
}
