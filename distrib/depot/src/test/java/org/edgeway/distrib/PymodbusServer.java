package org.edgeway.distrib;

import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A Modbus TCP server from Debian's python3-pymodbus (3.0.x) on a loopback port, serving a {@link Image}: run as
 * {@code /usr/bin/python3 pymodbus_server.py SPEC.json} (the script is in src/test/resources/org/edgeway/distrib).
 * Deliberately {@code /usr/bin/python3}: a pyenv or venv python on the PATH does not see Debian's packages.
 *
 * <p>A unit id that is not in the image gets no reply at all (pymodbus 3.0's framer drops the request), so a read
 * from it times out. The server exits when its stdin closes: on {@link #close()}, and when the test JVM dies.
 */
final class PymodbusServer implements AutoCloseable {

    static final String PYTHON = "/usr/bin/python3";
    static final String NOT_INSTALLED = "pymodbus is not installed for " + PYTHON + " (Debian package "
            + "'python3-pymodbus': apt-get install python3-pymodbus); .ci/run installs it";
    private static final String SCRIPT = "org/edgeway/distrib/pymodbus_server.py";
    private static final long START_TIMEOUT_S = 20;

    private final Process process;
    private final int port;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private String readyLine;
    private boolean ended;

    private PymodbusServer(Process process) {
        this.process = process;
        Thread reader = new Thread(this::pump, "pymodbus-output");
        reader.setDaemon(true);
        reader.start();
        this.port = awaitReady();
    }

    /** Skips the calling test, naming the Debian package, unless {@code /usr/bin/python3} can import pymodbus. */
    static void assumeInstalled() throws Exception {
        boolean ok = false;
        if (Files.isExecutable(Path.of(PYTHON))) {
            Process check = new ProcessBuilder(PYTHON, "-c", "import pymodbus.server.async_io")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            ok = check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
            check.destroyForcibly();
        }
        assumeTrue(NOT_INSTALLED, ok);
    }

    /** Starts the server on {@code port} of 127.0.0.1 (0: a free one), the spec written to {@code dir}. */
    static PymodbusServer start(Image image, int port, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path spec = Files.createTempFile(dir, "pymodbus-", ".json");
        Files.writeString(spec, "{\"host\": \"127.0.0.1\", \"port\": " + port + ", \"units\": " + image.json() + "}",
                StandardCharsets.UTF_8);
        // stdin stays a pipe to this JVM: the script exits when it closes
        Process process = new ProcessBuilder(PYTHON, script().toString(), spec.toString()).redirectErrorStream(true)
                .start();
        return new PymodbusServer(process);
    }

    /**
     * The script: src/test/resources is not copied to target/test-classes in a pom-packaged module, so it is read
     * from the source tree (failsafe runs in the module's directory and sets {@code basedir}); from the class path if
     * it is there.
     */
    private static Path script() {
        Path source = Path.of(System.getProperty("basedir", "."), "src/test/resources", SCRIPT).toAbsolutePath();
        if (Files.isRegularFile(source)) {
            return source;
        }
        try {
            var url = PymodbusServer.class.getClassLoader().getResource(SCRIPT);
            if (url != null && "file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
        } catch (java.net.URISyntaxException e) {
            // fall through
        }
        throw new IllegalStateException("test resource " + SCRIPT + " not found (looked in " + source + ")");
    }

    int port() {
        return port;
    }

    /** The server's last output lines, for failure messages. */
    synchronized String output() {
        return String.join("\n", tail);
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (this) {
                    if (tail.size() == 40) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                    if (readyLine == null && line.startsWith("READY ")) {
                        readyLine = line;
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        synchronized (this) {
            ended = true;
            notifyAll();
        }
    }

    private synchronized int awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
        try {
            while (readyLine == null && !ended && System.nanoTime() < deadline) {
                TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, Math.min(deadline - System.nanoTime(),
                        TimeUnit.MILLISECONDS.toNanos(50))));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (readyLine == null) {
            String status = process.isAlive() ? "still running after " + START_TIMEOUT_S + " s" : "exited";
            TestSupport.killAll(java.util.List.of(process));
            fail("pymodbus server did not report READY (" + status + "); output:\n" + String.join("\n", tail));
        }
        return Integer.parseInt(readyLine.substring("READY ".length()).trim());
    }

    /** Closes its stdin, so the script exits; SIGKILL if it has not within 5 s. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                TestSupport.killAll(java.util.List.of(process));
            }
        } catch (IOException e) {
            TestSupport.killAll(java.util.List.of(process));
        } catch (InterruptedException e) {
            TestSupport.killAll(java.util.List.of(process));
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Register images per unit id: holding and input registers at 0-based protocol addresses. An address not set
     * answers exception 2 (illegal data address), also inside a range read, so fill the ranges a profile reads.
     */
    static final class Image {

        private final Map<Integer, Map<String, TreeMap<Integer, Integer>>> units = new TreeMap<>();

        Image input(int unit, int address, int... words) {
            put(unit, "ir", address, words);
            return this;
        }

        Image holding(int unit, int address, int... words) {
            put(unit, "hr", address, words);
            return this;
        }

        /** Input registers {@code from..to} (inclusive) of {@code unit} as 0, for the values to be written over. */
        Image zeroInputs(int unit, int from, int to) {
            put(unit, "ir", from, new int[to - from + 1]);
            return this;
        }

        /** An IEEE 754 single, high word first (byte order ABCD). */
        Image inputFloat32(int unit, int address, float value) {
            int bits = Float.floatToIntBits(value);
            return input(unit, address, bits >>> 16, bits & 0xFFFF);
        }

        /** A signed 32-bit integer, low word first (byte order CDAB). */
        Image inputInt32LowWordFirst(int unit, int address, int value) {
            return input(unit, address, value & 0xFFFF, value >>> 16);
        }

        private void put(int unit, String table, int address, int[] words) {
            TreeMap<Integer, Integer> registers = units.computeIfAbsent(unit, u -> new TreeMap<>())
                    .computeIfAbsent(table, t -> new TreeMap<>());
            for (int i = 0; i < words.length; i++) {
                registers.put(address + i, words[i] & 0xFFFF);
            }
        }

        /** {"UNIT": {"ir": {"ADDRESS": [WORD, ...]}, "hr": {...}}, ...}, one run per address. */
        String json() {
            StringBuilder json = new StringBuilder("{");
            units.forEach((unit, tables) -> {
                json.append(json.length() > 1 ? ", " : "").append('"').append(unit).append("\": {");
                int[] tableCount = {0};
                tables.forEach((table, registers) -> {
                    json.append(tableCount[0]++ > 0 ? ", " : "").append('"').append(table).append("\": {");
                    int[] count = {0};
                    registers.forEach((address, word) -> json.append(count[0]++ > 0 ? ", " : "").append('"')
                            .append(address).append("\": [").append(word).append(']'));
                    json.append('}');
                });
                json.append('}');
            });
            return json.append('}').toString();
        }
    }
}
