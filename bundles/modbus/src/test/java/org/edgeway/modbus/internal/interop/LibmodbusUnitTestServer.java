package org.edgeway.modbus.internal.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * libmodbus's example {@code unit-test-server} (shipped as C source with libmodbus-dev), compiled with gcc into
 * {@code target/interop/} once per build and run in TCP mode on a free port or in RTU mode on a serial device. The
 * source is used unpatched: {@code unit-test-shim.h} is force-included to choose port and device and to print a
 * readiness line.
 *
 * <p>The server accepts exactly one client and exits when that client disconnects, so every test starts its own.
 * At special addresses it misbehaves on purpose (see {@code unit-test.h}, parsed at run time for the constants):
 * holding register {@link #busyAddress()} answers exception 6 (busy); {@link #invalidTidOrSlaveAddress()} answers
 * with transaction id 0 and unit 0xFF (TCP) or from slave 18 (RTU); {@link #sleepAddress()} answers after 0.5 s;
 * {@link #byteSleepAddress()} trickles its reply (TCP, unit 0xFF, one register 0) at 5 ms per byte; and any holding
 * register read of {@link #wrongLengthCount()} registers is answered with one register fewer.
 *
 * <p>Tests are skipped, naming the Debian packages, when gcc, pkg-config or libmodbus-dev are missing.
 */
public final class LibmodbusUnitTestServer implements AutoCloseable {

    /** Where libmodbus-dev puts its examples on Debian. */
    public static final Path EXAMPLES = Path.of("/usr/share/doc/libmodbus-dev/examples");

    private static Path binary;
    private static Map<String, int[]> header;

    private final PeerProcess process;
    private final int port;

    private LibmodbusUnitTestServer(PeerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The server in TCP mode on a free loopback port; it accepts one client. */
    public static LibmodbusUnitTestServer tcp() {
        Path exe = binary();
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = PeerProcess.freePort();
            try {
                return new LibmodbusUnitTestServer(PeerProcess.start("libmodbus-unit-test-server",
                        List.of(exe.toString(), "tcp"), Map.of("EDGEWAY_UT_PORT", String.valueOf(port)),
                        "READY"::equals, Duration.ofSeconds(10)), port);
            } catch (IllegalStateException e) {
                last = e; // most likely the port was taken in between: try another
            }
        }
        throw last;
    }

    /** The server in RTU mode on {@code device} (115200 baud, 8N1, slave id {@link #serverId()}). */
    public static LibmodbusUnitTestServer rtu(Path device) {
        Path exe = binary();
        return new LibmodbusUnitTestServer(PeerProcess.start("libmodbus-unit-test-server-rtu",
                List.of(exe.toString(), "rtu"), Map.of("EDGEWAY_UT_DEVICE", device.toString()),
                "READY"::equals, Duration.ofSeconds(10)), 0);
    }

    /** The TCP port (0 in RTU mode). */
    public int port() {
        return port;
    }

    /** Its recent output (it logs every frame), for failure messages. */
    public String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }

    /** The slave id of the RTU server (the TCP server answers any unit id). */
    public static int serverId() {
        return constant("SERVER_ID");
    }

    /** The unit id in the RTU reply to a read at {@link #invalidTidOrSlaveAddress()}. */
    public static int invalidServerId() {
        return constant("INVALID_SERVER_ID");
    }

    /** First holding register; {@link #registersCount()} of them exist, initially 0. */
    public static int registersAddress() {
        return constant("UT_REGISTERS_ADDRESS");
    }

    public static int registersCount() {
        return constant("UT_REGISTERS_NB_MAX");
    }

    /** A holding register read here answers exception 6, server device busy. */
    public static int busyAddress() {
        return constant("UT_REGISTERS_ADDRESS_SPECIAL");
    }

    /** A holding register read here answers with transaction id 0 and unit 0xFF (TCP) or slave 18 (RTU). */
    public static int invalidTidOrSlaveAddress() {
        return constant("UT_REGISTERS_ADDRESS_INVALID_TID_OR_SLAVE");
    }

    /** A holding register read here is answered after 0.5 s. */
    public static int sleepAddress() {
        return constant("UT_REGISTERS_ADDRESS_SLEEP_500_MS");
    }

    /** A holding register read here is answered (TCP, unit 0xFF, one register 0) one byte per 5 ms. */
    public static int byteSleepAddress() {
        return constant("UT_REGISTERS_ADDRESS_BYTE_SLEEP_5_MS");
    }

    /** A holding register read of this many registers, at any address, is answered with one register fewer. */
    public static int wrongLengthCount() {
        return constant("UT_REGISTERS_NB_SPECIAL");
    }

    /** First input register; its values are {@link #inputRegisters()}. */
    public static int inputRegistersAddress() {
        return constant("UT_INPUT_REGISTERS_ADDRESS");
    }

    public static int[] inputRegisters() {
        return table("UT_INPUT_REGISTERS_TAB");
    }

    /** First discrete input; {@link #inputBitsCount()} of them, packed LSB first in {@link #inputBitsPacked()}. */
    public static int inputBitsAddress() {
        return constant("UT_INPUT_BITS_ADDRESS");
    }

    public static int inputBitsCount() {
        return constant("UT_INPUT_BITS_NB");
    }

    public static int[] inputBitsPacked() {
        return table("UT_INPUT_BITS_TAB");
    }

    /** A constant of unit-test.h, e.g. {@code UT_REGISTERS_ADDRESS} or {@code SERVER_ID}. */
    public static int constant(String name) {
        int[] value = header().get(name);
        if (value == null || value.length != 1) {
            throw new IllegalStateException("unit-test.h has no constant " + name);
        }
        return value[0];
    }

    /** An array of unit-test.h, e.g. {@code UT_INPUT_REGISTERS_TAB}. */
    public static int[] table(String name) {
        int[] value = header().get(name + "[]");
        if (value == null) {
            throw new IllegalStateException("unit-test.h has no array " + name);
        }
        return value.clone();
    }

    /** Skips the calling test unless gcc, pkg-config and libmodbus-dev (with its examples) are installed. */
    public static void assumeAvailable() {
        assumeTrue(PeerProcess.executable("gcc").isPresent(),
                "gcc is not installed: apt-get install gcc (libmodbus unit-test-server tests skipped)");
        assumeTrue(PeerProcess.executable("pkg-config").isPresent(),
                "pkg-config is not installed: apt-get install pkg-config (libmodbus unit-test-server tests skipped)");
        assumeTrue(PeerProcess.run(List.of("pkg-config", "--exists", "libmodbus"), Duration.ofSeconds(30)).ok()
                        && example("unit-test-server.c") != null && example("unit-test.h") != null,
                "libmodbus-dev (with " + EXAMPLES + "/unit-test-server.c) is not installed: "
                        + "apt-get install libmodbus-dev (libmodbus unit-test-server tests skipped)");
    }

    /** Compiles the server once per build (again only when a source is newer than the binary). */
    static synchronized Path binary() {
        assumeAvailable();
        if (binary != null) {
            return binary;
        }
        try {
            Path dir = Files.createDirectories(PeerProcess.targetDirectory().resolve("interop"));
            Path sources = Files.createDirectories(dir.resolve("libmodbus-examples"));
            Path source = extract(example("unit-test-server.c"), sources.resolve("unit-test-server.c"));
            extract(example("unit-test.h"), sources.resolve("unit-test.h"));
            Path shim = PeerProcess.resource("unit-test-shim.h");
            Path exe = dir.resolve("unit-test-server");
            if (!Files.isExecutable(exe) || newer(source, exe) || newer(shim, exe)) {
                PeerProcess.Result flags = PeerProcess.run(List.of("pkg-config", "--cflags", "--libs", "libmodbus"),
                        Duration.ofSeconds(30));
                if (!flags.ok()) {
                    throw new IllegalStateException("pkg-config --cflags --libs libmodbus failed:\n" + flags.output());
                }
                // compile to a temporary name and rename: a concurrent build may be running the previous binary
                Path tmp = Files.createTempFile(dir, "unit-test-server-", ".tmp");
                List<String> gcc = new ArrayList<>(List.of("gcc", "-O1", "-include", shim.toString(),
                        "-I" + sources, source.toString(), "-o", tmp.toString()));
                gcc.addAll(Arrays.asList(flags.output().trim().split("\\s+")));
                PeerProcess.Result compiled = PeerProcess.run(gcc, Duration.ofMinutes(2));
                if (!compiled.ok()) {
                    Files.deleteIfExists(tmp);
                    throw new IllegalStateException("cannot compile libmodbus's unit-test-server: " + gcc + "\n"
                            + compiled.output());
                }
                Files.move(tmp, exe, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            binary = exe;
            return exe;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example file, plain or gzipped (Debian compresses some documentation), or null. */
    private static Path example(String name) {
        Path plain = EXAMPLES.resolve(name);
        if (Files.isReadable(plain)) {
            return plain;
        }
        Path gz = EXAMPLES.resolve(name + ".gz");
        return Files.isReadable(gz) ? gz : null;
    }

    private static Path extract(Path from, Path to) throws IOException {
        if (Files.exists(to) && !newer(from, to)) {
            return to;
        }
        Path tmp = Files.createTempFile(to.getParent(), to.getFileName().toString(), ".tmp");
        try (InputStream in = from.toString().endsWith(".gz")
                ? new GZIPInputStream(Files.newInputStream(from)) : Files.newInputStream(from)) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return to;
    }

    private static boolean newer(Path a, Path b) throws IOException {
        return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b)) > 0;
    }

    private static synchronized Map<String, int[]> header() {
        if (header == null) {
            assumeAvailable();
            Path file = example("unit-test.h");
            String text;
            try (InputStream in = file.toString().endsWith(".gz")
                    ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            header = parseHeader(text);
        }
        return header;
    }

    /**
     * The integer constants of unit-test.h: {@code #define NAME 17}, {@code const uint16_t NAME = 0x160;}, {@code
     * const uint16_t NAME = OTHER + 2;} and arrays {@code const uint8_t NAME[] = { 0xCD, 0x6B };} (key {@code NAME[]}).
     */
    static Map<String, int[]> parseHeader(String source) {
        String text = source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
        Map<String, int[]> constants = new HashMap<>();
        Matcher define = Pattern.compile("(?m)^#define\\s+(\\w+)\\s+(0x[0-9A-Fa-f]+|\\d+)\\s*$").matcher(text);
        while (define.find()) {
            constants.put(define.group(1), new int[] {(int) (long) Long.decode(define.group(2))});
        }
        Matcher scalar = Pattern.compile(
                "const\\s+u?int\\d+_t\\s+(\\w+)\\s*=\\s*(\\w+)(?:\\s*\\+\\s*(0x[0-9A-Fa-f]+|\\d+))?\\s*;").matcher(text);
        while (scalar.find()) {
            int[] base = scalar.group(2).matches("0x[0-9A-Fa-f]+|\\d+")
                    ? new int[] {(int) (long) Long.decode(scalar.group(2))} : constants.get(scalar.group(2));
            if (base != null) {
                int offset = scalar.group(3) == null ? 0 : (int) (long) Long.decode(scalar.group(3));
                constants.put(scalar.group(1), new int[] {base[0] + offset});
            }
        }
        Matcher array = Pattern.compile("const\\s+u?int\\d+_t\\s+(\\w+)\\[\\]\\s*=\\s*\\{([^}]*)}").matcher(text);
        while (array.find()) {
            constants.put(array.group(1) + "[]", Arrays.stream(array.group(2).split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).mapToInt(s -> (int) (long) Long.decode(s)).toArray());
        }
        return constants;
    }
}
