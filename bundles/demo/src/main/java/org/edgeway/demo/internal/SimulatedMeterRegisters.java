package org.edgeway.demo.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Register images of two simulated depot meters whose values evolve plausibly: an Eastron SDM630 (input registers,
 * FLOAT32 big endian, at the addresses of its published map) and a SunSpec meter (holding registers from 40000: the
 * "SunS" marker, common model 1, integer meter model 203 with scale factors, end marker). A building load follows a
 * daily curve with noise; energy counters integrate the power, so they only grow.
 */
final class SimulatedMeterRegisters {

    static final int SUNSPEC_BASE = 40000;
    private static final int COMMON_LENGTH = 66;
    private static final int METER_MODEL = 203;
    private static final int METER_LENGTH = 105;

    private final Random random;
    private double importKwh;
    private double exportKwh;
    private final double[] watts = new double[3];
    private final double[] volts = new double[3];
    private double hertz = 50;
    private long lastMillis;

    SimulatedMeterRegisters(long seed, long startMillis) {
        this.random = new Random(seed);
        this.importKwh = 1000 + random.nextInt(50_000) + random.nextDouble();
        this.exportKwh = random.nextInt(500) + random.nextDouble();
        this.lastMillis = startMillis;
        advance(startMillis);
    }

    /** Moves the simulated load on to {@code nowMillis} and integrates energy over the elapsed time. */
    void advance(long nowMillis) {
        double hours = Math.max(0, nowMillis - lastMillis) / 3_600_000.0;
        lastMillis = nowMillis;
        double dayFraction = (nowMillis % 86_400_000L) / 86_400_000.0;
        double daily = 0.6 + 0.4 * Math.sin(2 * Math.PI * (dayFraction - 0.3)); // busiest in the afternoon
        double total = 0;
        for (int phase = 0; phase < 3; phase++) {
            watts[phase] = Math.max(0, 4000 * daily + 300 * phase + random.nextGaussian() * 120);
            volts[phase] = 230 + random.nextGaussian() * 0.8;
            total += watts[phase];
        }
        hertz = 50 + random.nextGaussian() * 0.01;
        importKwh += total * hours / 1000;
        exportKwh += 0.001 * hours; // a little feed-in now and then
    }

    /** SDM630 input registers by address. */
    Map<Integer, Integer> sdm630() {
        Map<Integer, Integer> registers = new TreeMap<>();
        for (int phase = 0; phase < 3; phase++) {
            float32(registers, 0x0000 + 2 * phase, volts[phase]);
            float32(registers, 0x0006 + 2 * phase, watts[phase] / volts[phase]);
            float32(registers, 0x000C + 2 * phase, watts[phase]);
        }
        float32(registers, 0x0034, watts[0] + watts[1] + watts[2]);
        float32(registers, 0x0046, hertz);
        float32(registers, 0x0048, importKwh);
        float32(registers, 0x004A, exportKwh);
        float32(registers, 0x0156, importKwh + exportKwh);
        return registers;
    }

    /** SunSpec holding registers by address: marker, model 1, model 203, end. */
    Map<Integer, Integer> sunspec() {
        Map<Integer, Integer> registers = new TreeMap<>();
        int a = SUNSPEC_BASE;
        registers.put(a, 0x5375); // "SunS"
        registers.put(a + 1, 0x6E53);
        a += 2;
        registers.put(a, 1);
        registers.put(a + 1, COMMON_LENGTH);
        for (int i = 2; i < 2 + COMMON_LENGTH; i++) {
            registers.put(a + i, 0);
        }
        string(registers, a + 2, 16, "edgeway");
        string(registers, a + 18, 16, "demo meter 203");
        string(registers, a + 42, 8, "1.0");
        string(registers, a + 50, 16, "SIM-0001");
        registers.put(a + 66, 1); // device address
        a += 2 + COMMON_LENGTH;
        registers.put(a, METER_MODEL);
        registers.put(a + 1, METER_LENGTH);
        for (int i = 2; i < 2 + METER_LENGTH; i++) {
            registers.put(a + i, 0x8000); // "not implemented" for everything not set below
        }
        double totalWatts = watts[0] + watts[1] + watts[2];
        registers.put(a + 2, int16(Math.round(totalWatts / 230 * 100))); // A, A_SF -2
        for (int phase = 0; phase < 3; phase++) {
            registers.put(a + 3 + phase, int16(Math.round(watts[phase] / volts[phase] * 100)));
            registers.put(a + 8 + phase, int16(Math.round(volts[phase] * 10))); // V_SF -1
            registers.put(a + 19 + phase, int16(Math.round(watts[phase]))); // W_SF 0
        }
        registers.put(a + 6, int16(-2));
        registers.put(a + 7, int16(Math.round((volts[0] + volts[1] + volts[2]) / 3 * 10)));
        registers.put(a + 15, int16(-1));
        registers.put(a + 16, int16(Math.round(hertz * 100)));
        registers.put(a + 17, int16(-2));
        registers.put(a + 18, int16(Math.round(totalWatts)));
        registers.put(a + 22, 0);
        uint32(registers, a + 38, Math.round(exportKwh * 1000)); // TotWhExp, Wh, TotWh_SF 0
        uint32(registers, a + 46, Math.round(importKwh * 1000)); // TotWhImp
        registers.put(a + 54, 0);
        a += 2 + METER_LENGTH;
        registers.put(a, 0xFFFF);
        registers.put(a + 1, 0);
        return registers;
    }

    private static int int16(long value) {
        return (int) (value & 0xFFFF);
    }

    private static void float32(Map<Integer, Integer> registers, int address, double value) {
        int bits = Float.floatToIntBits((float) value);
        registers.put(address, bits >>> 16);
        registers.put(address + 1, bits & 0xFFFF);
    }

    private static void uint32(Map<Integer, Integer> registers, int address, long value) {
        registers.put(address, (int) ((value >>> 16) & 0xFFFF));
        registers.put(address + 1, (int) (value & 0xFFFF));
    }

    private static void string(Map<Integer, Integer> registers, int address, int length, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < length; i++) {
            int high = 2 * i < bytes.length ? bytes[2 * i] & 0xFF : 0;
            int low = 2 * i + 1 < bytes.length ? bytes[2 * i + 1] & 0xFF : 0;
            registers.put(address + i, high << 8 | low);
        }
    }
}
