package org.edgeway.modbus.internal.profile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the concrete profile of a SunSpec meter from what the device says about itself. SunSpec devices put the
 * marker "SunS" ({@code 0x5375 0x6E53}) into holding registers 40000, 0 or 50000, followed by a chain of models,
 * each {@code {id, length, body of length registers}}, ended by id {@code 0xFFFF}. Model 1 ("common") names the
 * device; meter models 201-204 hold integers with scale factor registers, 211-214 the same quantities as FLOAT32.
 * Addresses below are relative to a model's id register, as in the SunSpec model definitions.
 *
 * <p>Discovery reads little (the marker, two registers per model header, model 1's body) and trusts nothing: a
 * chain that does not end within {@value #MAX_MODELS} models or before register 65535, an id of 0 or a short
 * answer ends it with a {@link SunSpecException} that says where, never with a hang.
 */
public final class SunSpec {

    private static final Logger LOG = LoggerFactory.getLogger(SunSpec.class);

    /** Where the marker may be, in the order SunSpec says to look. */
    public static final List<Integer> BASE_ADDRESSES = List.of(40000, 0, 50000);
    /** "Su", "nS". */
    static final int MARKER_HIGH = 0x5375;
    static final int MARKER_LOW = 0x6E53;
    /** The id that ends the chain. */
    public static final int END_ID = 0xFFFF;
    /** More models than any real device has; a longer chain is garbage. */
    public static final int MAX_MODELS = 64;

    static final int COMMON = 1;
    /** Model 1 is 65 registers long, or 66 with its pad register; the serial number ends at body offset 63. */
    static final int COMMON_MIN_LENGTH = 64;
    static final int INTEGER_METER_LENGTH = 105;
    static final int FLOAT_METER_LENGTH = 124;

    private SunSpec() {
    }

    /**
     * A model in the chain.
     *
     * @param id      its model id
     * @param address the address of its id register
     * @param length  the length of its body in registers
     */
    public record Model(int id, int address, int length) {
    }

    /**
     * What discovery found.
     *
     * @param profile      the meter's points, with absolute addresses; id and description from the template
     * @param manufacturer model 1's manufacturer, "" without model 1
     * @param model        model 1's model name
     * @param serial       model 1's serial number
     * @param version      model 1's version string
     * @param baseAddress  where the marker is
     * @param meterModel   the meter model id the points come from (201-204, 211-214)
     * @param models       the whole chain, in order
     * @param notes        what discovery skipped or ignored, and why (also logged)
     */
    public record Discovery(Profile profile, String manufacturer, String model, String serial, String version,
            int baseAddress, int meterModel, List<Model> models, List<String> notes) {

        public Discovery {
            models = List.copyOf(models);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Finds the marker, walks the model chain and builds the profile of the first meter model.
     *
     * @param reader   reads holding registers of the device
     * @param template the configured SunSpec profile (its id and description are kept)
     * @throws SunSpecException if there is no marker, the chain is broken, no meter model is readable, or a read
     *                          failed on the way
     */
    public static Discovery discover(RegisterReader reader, Profile template) throws SunSpecException {
        int base = findMarker(reader);
        List<Model> models = walk(reader, base);
        List<String> notes = new ArrayList<>();
        String[] identity = {"", "", "", ""};
        Model meter = null;
        for (Model m : models) {
            if (m.id() == COMMON) {
                if (m.length() < COMMON_MIN_LENGTH) {
                    note(notes, "model 1 at " + m.address() + " has length " + m.length() + ", expected 65 or 66: "
                            + "device identity not read");
                } else {
                    identity = common(reader, m);
                }
            } else if (isIntegerMeter(m.id()) || isFloatMeter(m.id())) {
                int expected = isIntegerMeter(m.id()) ? INTEGER_METER_LENGTH : FLOAT_METER_LENGTH;
                if (meter != null) {
                    note(notes, "meter model " + m.id() + " at " + m.address() + " ignored: only the first meter "
                            + "model (" + meter.id() + " at " + meter.address() + ") is read");
                } else if (m.length() != expected) {
                    note(notes, "meter model " + m.id() + " at " + m.address() + " has length " + m.length()
                            + ", expected " + expected + ": skipped");
                } else {
                    meter = m;
                }
            }
        }
        if (meter == null) {
            throw new SunSpecException("no readable SunSpec meter model (201-204, 211-214) in the chain at " + base
                    + ": models " + models.stream().map(m -> m.id() + "@" + m.address()).toList()
                    + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)));
        }
        List<Point> points = isIntegerMeter(meter.id()) ? integerMeter(meter.address())
                : floatMeter(meter.address());
        Profile profile = new Profile(template.id(), identity[0].isEmpty() ? template.manufacturer() : identity[0],
                identity[1].isEmpty() ? template.model() : identity[1],
                "SunSpec model " + meter.id() + " (" + describe(meter.id()) + ") at " + meter.address()
                        + (template.description().isEmpty() ? "" : "; " + template.description()),
                points, false);
        return new Discovery(profile, identity[0], identity[1], identity[2], identity[3], base, meter.id(), models,
                notes);
    }

    private static void note(List<String> notes, String note) {
        LOG.info("SunSpec discovery: {}", note);
        notes.add(note);
    }

    static boolean isIntegerMeter(int id) {
        return id >= 201 && id <= 204;
    }

    static boolean isFloatMeter(int id) {
        return id >= 211 && id <= 214;
    }

    private static String describe(int id) {
        String[] kinds = {"single phase", "split phase", "three phase wye", "three phase delta"};
        return kinds[(id - 1) % 10] + (isFloatMeter(id) ? ", float" : ", integer with scale factors");
    }

    private static int[] read(RegisterReader reader, int address, int count, String what) throws SunSpecException {
        int[] words;
        try {
            words = reader.read(RegisterKind.HOLDING, address, count);
        } catch (IOException e) {
            throw new SunSpecException("reading " + what + " (" + count + " registers at " + address + ") failed: "
                    + e.getMessage(), e);
        }
        if (words == null || words.length < count) {
            throw new SunSpecException("reading " + what + " (" + count + " registers at " + address
                    + ") returned " + (words == null ? "nothing" : words.length + " registers"));
        }
        return words;
    }

    private static int findMarker(RegisterReader reader) throws SunSpecException {
        List<String> tried = new ArrayList<>();
        IOException lastFailure = null;
        for (int base : BASE_ADDRESSES) {
            try {
                int[] words = reader.read(RegisterKind.HOLDING, base, 2);
                if (words != null && words.length >= 2 && (words[0] & 0xFFFF) == MARKER_HIGH
                        && (words[1] & 0xFFFF) == MARKER_LOW) {
                    return base;
                }
                tried.add(base + ": " + (words == null || words.length < 2 ? "short answer"
                        : String.format("0x%04X 0x%04X", words[0] & 0xFFFF, words[1] & 0xFFFF)));
            } catch (IOException e) {
                lastFailure = e;
                tried.add(base + ": " + e.getMessage());
            }
        }
        String message = "no SunSpec marker \"SunS\" (0x5375 0x6E53) in holding registers " + BASE_ADDRESSES
                + ": " + String.join("; ", tried);
        throw lastFailure == null ? new SunSpecException(message) : new SunSpecException(message, lastFailure);
    }

    private static List<Model> walk(RegisterReader reader, int base) throws SunSpecException {
        List<Model> models = new ArrayList<>();
        int address = base + 2;
        while (true) {
            if (address + 1 > Point.MAX_ADDRESS) {
                throw new SunSpecException("SunSpec model chain from " + base + " reaches register " + address
                        + " without an end marker: garbled chain");
            }
            int[] header = read(reader, address, 2, "the model header");
            int id = header[0] & 0xFFFF;
            int length = header[1] & 0xFFFF;
            if (id == END_ID) {
                return models;
            }
            if (id == 0) {
                throw new SunSpecException("SunSpec model chain from " + base + " has model id 0 at " + address
                        + " (after " + models.size() + " models): garbled chain");
            }
            if (models.size() == MAX_MODELS) {
                throw new SunSpecException("SunSpec model chain from " + base + " has more than " + MAX_MODELS
                        + " models without an end marker: garbled chain");
            }
            models.add(new Model(id, address, length));
            address += 2 + length; // at least 2 further: the chain cannot loop, only run long
        }
    }

    /** Manufacturer, model, serial number and version from model 1. */
    private static String[] common(RegisterReader reader, Model m) throws SunSpecException {
        int body = m.address() + 2;
        int[] words = read(reader, body, COMMON_MIN_LENGTH, "model 1");
        return new String[] {text(words, body, "Mn", 0, 16), text(words, body, "Md", 16, 16),
                text(words, body, "SN", 48, 16), text(words, body, "Vr", 40, 8)};
    }

    private static String text(int[] words, int body, String name, int offset, int length) {
        Point p = Point.ofString(name, RegisterKind.HOLDING, body + offset, length)
                .withSentinels(true);
        return ValueDecoder.raw(p, body, words).optional().map(String.class::cast).orElse("");
    }

    /** Points of models 201-204 at {@code a}: int16 values, acc32 energies, sunssf scale factors. */
    static List<Point> integerMeter(int a) {
        List<Point> points = new ArrayList<>();
        points.add(sunssf("sf.current", a + 6, "A_SF"));
        points.add(scaled("current.total", a + 2, "A", "sf.current", "total AC current (A)"));
        points.add(scaled("current.l1", a + 3, "A", "sf.current", "phase A current (AphA)"));
        points.add(scaled("current.l2", a + 4, "A", "sf.current", "phase B current (AphB)"));
        points.add(scaled("current.l3", a + 5, "A", "sf.current", "phase C current (AphC)"));
        points.add(sunssf("sf.voltage", a + 15, "V_SF"));
        points.add(scaled("voltage.average", a + 7, "V", "sf.voltage", "line to neutral voltage, average (PhV)"));
        points.add(scaled("voltage.l1", a + 8, "V", "sf.voltage", "phase A to neutral voltage (PhVphA)"));
        points.add(scaled("voltage.l2", a + 9, "V", "sf.voltage", "phase B to neutral voltage (PhVphB)"));
        points.add(scaled("voltage.l3", a + 10, "V", "sf.voltage", "phase C to neutral voltage (PhVphC)"));
        points.add(sunssf("sf.frequency", a + 17, "Hz_SF"));
        points.add(scaled("frequency", a + 16, "Hz", "sf.frequency", "frequency (Hz)"));
        points.add(sunssf("sf.power.active", a + 22, "W_SF"));
        points.add(scaled("power.active.total", a + 18, "W", "sf.power.active", "total real power (W)"));
        points.add(scaled("power.active.l1", a + 19, "W", "sf.power.active", "phase A real power (WphA)"));
        points.add(scaled("power.active.l2", a + 20, "W", "sf.power.active", "phase B real power (WphB)"));
        points.add(scaled("power.active.l3", a + 21, "W", "sf.power.active", "phase C real power (WphC)"));
        points.add(sunssf("sf.energy", a + 54, "TotWh_SF"));
        points.add(energy(Point.of("energy.export", RegisterKind.HOLDING, a + 38, DataType.UINT32)
                .withScaleFactor("sf.energy"), "total real energy exported (TotWhExp, Wh scaled to kWh)"));
        points.add(energy(Point.of("energy.import", RegisterKind.HOLDING, a + 46, DataType.UINT32)
                .withScaleFactor("sf.energy"), "total real energy imported (TotWhImp, Wh scaled to kWh)"));
        return points;
    }

    /** Points of models 211-214 at {@code a}: FLOAT32, NaN when not implemented. */
    static List<Point> floatMeter(int a) {
        List<Point> points = new ArrayList<>();
        points.add(real("current.total", a + 2, "A", "total AC current (A)"));
        points.add(real("current.l1", a + 4, "A", "phase A current (AphA)"));
        points.add(real("current.l2", a + 6, "A", "phase B current (AphB)"));
        points.add(real("current.l3", a + 8, "A", "phase C current (AphC)"));
        points.add(real("voltage.average", a + 10, "V", "line to neutral voltage, average (PhV)"));
        points.add(real("voltage.l1", a + 12, "V", "phase A to neutral voltage (PhVphA)"));
        points.add(real("voltage.l2", a + 14, "V", "phase B to neutral voltage (PhVphB)"));
        points.add(real("voltage.l3", a + 16, "V", "phase C to neutral voltage (PhVphC)"));
        points.add(real("frequency", a + 26, "Hz", "frequency (Hz)"));
        points.add(real("power.active.total", a + 28, "W", "total real power (W)"));
        points.add(real("power.active.l1", a + 30, "W", "phase A real power (WphA)"));
        points.add(real("power.active.l2", a + 32, "W", "phase B real power (WphB)"));
        points.add(real("power.active.l3", a + 34, "W", "phase C real power (WphC)"));
        points.add(energy(Point.of("energy.export", RegisterKind.HOLDING, a + 60, DataType.FLOAT32),
                "total real energy exported (TotWhExp, Wh scaled to kWh)"));
        points.add(energy(Point.of("energy.import", RegisterKind.HOLDING, a + 68, DataType.FLOAT32),
                "total real energy imported (TotWhImp, Wh scaled to kWh)"));
        return points;
    }

    private static Point sunssf(String name, int address, String sunspecName) {
        return Point.of(name, RegisterKind.HOLDING, address, DataType.INT16).withSentinels(true)
                .withUnit("", "scale factor " + sunspecName + " (power of ten)");
    }

    private static Point scaled(String name, int address, String unit, String sf, String description) {
        return Point.of(name, RegisterKind.HOLDING, address, DataType.INT16).withScaleFactor(sf).withSentinels(true)
                .withUnit(unit, description);
    }

    private static Point real(String name, int address, String unit, String description) {
        return Point.of(name, RegisterKind.HOLDING, address, DataType.FLOAT32).withSentinels(true)
                .withUnit(unit, description);
    }

    private static Point energy(Point p, String description) {
        return p.withScale(0.001, 0).withCounter(true).withSentinels(true).withUnit("kWh", description);
    }
}
