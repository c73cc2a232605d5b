package org.edgeway.modbus.internal.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.Gson;

/**
 * A Modbus server from Debian's python3-pymodbus (3.0.x), run as {@code /usr/bin/python3 pymodbus_server.py SPEC}
 * (the script is a test resource next to this class): Modbus TCP or RTU framing on a loopback TCP port, or RTU on a
 * serial device (e.g. one end of a {@link SocatPty}), serving a {@link RegisterImage}.
 *
 * <p>Unknown unit ids get no reply (pymodbus' framer drops them), so a read from one times out. The server exits
 * when this JVM does (it watches its stdin). Tests are skipped, naming the Debian package, when pymodbus (or, for
 * serial, pyserial-asyncio) is not installed. Deliberately {@code /usr/bin/python3}: a pyenv or venv python on the
 * PATH does not see Debian's packages.
 */
public final class PymodbusServer implements AutoCloseable {

    /** Debian's interpreter, which sees python3-pymodbus (system property {@code edgeway.test.python} overrides). */
    public static final String PYTHON = System.getProperty("edgeway.test.python", "/usr/bin/python3");

    private static Boolean tcpAvailable;
    private static Boolean serialAvailable;

    private final PeerProcess process;
    private final int port;
    private final Path spec;

    private PymodbusServer(PeerProcess process, int port, Path spec) {
        this.process = process;
        this.port = port;
        this.spec = spec;
    }

    /** Modbus TCP on a free loopback port. */
    public static PymodbusServer tcp(RegisterImage image) {
        return tcp(image, 0);
    }

    /** Modbus TCP on {@code port} of the loopback interface (0: a free one), e.g. to restart on the same port. */
    public static PymodbusServer tcp(RegisterImage image, int port) {
        assumeTcp();
        return start(image, Map.of("mode", "tcp", "host", "127.0.0.1", "port", port));
    }

    /** RTU frames (with CRC, no MBAP header) on a free loopback TCP port, as a serial-to-Ethernet converter. */
    public static PymodbusServer rtuOverTcp(RegisterImage image) {
        assumeTcp();
        return start(image, Map.of("mode", "rtu-over-tcp", "host", "127.0.0.1", "port", 0));
    }

    /** Modbus RTU on {@code device} at {@code baudRate}, 8N1. */
    public static PymodbusServer rtuSerial(RegisterImage image, Path device, int baudRate) {
        assumeTcp();
        assumeSerial();
        return start(image, Map.of("mode", "rtu-serial", "device", device.toString(), "baud", baudRate,
                "parity", "N", "stopbits", 1));
    }

    /** The TCP port it listens on (0 for serial). */
    public int port() {
        return port;
    }

    /** Whether the server process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Its recent output, for failure messages. */
    public String output() {
        return process.output();
    }

    /** Stops the server (SIGTERM, like a crash for its clients: connections are reset). */
    @Override
    public void close() {
        process.close();
        try {
            Files.deleteIfExists(spec);
        } catch (IOException e) {
            // a leftover file in target/ is harmless
        }
    }

    private static PymodbusServer start(RegisterImage image, Map<String, Object> settings) {
        Map<String, Object> json = new LinkedHashMap<>(settings);
        Map<String, Object> units = new TreeMap<>();
        image.units().forEach((id, unit) -> units.put(String.valueOf(id), Map.of(
                "hr", runs(unit.holding()), "ir", runs(unit.input()),
                "co", runs(unit.coils()), "di", runs(unit.discreteInputs()))));
        json.put("units", units);
        Path spec;
        try {
            Path dir = Files.createDirectories(PeerProcess.targetDirectory().resolve("interop"));
            spec = Files.createTempFile(dir, "pymodbus-", ".json");
            Files.writeString(spec, new Gson().toJson(json), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path script = PeerProcess.resource("pymodbus_server.py");
        PeerProcess process = PeerProcess.start("pymodbus-" + settings.get("mode"),
                List.of(PYTHON, script.toString(), spec.toString()), Map.of(),
                line -> line.startsWith("READY "), Duration.ofSeconds(20));
        int port = Integer.parseInt(process.readyLine().substring("READY ".length()).trim());
        return new PymodbusServer(process, port, spec);
    }

    /** Contiguous runs of a table: {"start": [values...]}, as the script expects. */
    private static Map<String, List<Integer>> runs(TreeMap<Integer, Integer> table) {
        Map<String, List<Integer>> runs = new LinkedHashMap<>();
        int start = -1;
        int next = -1;
        List<Integer> current = null;
        for (Map.Entry<Integer, Integer> e : table.entrySet()) {
            if (current == null || e.getKey() != next) {
                start = e.getKey();
                current = new java.util.ArrayList<>();
                runs.put(String.valueOf(start), current);
            }
            current.add(e.getValue());
            next = e.getKey() + 1;
        }
        return runs;
    }

    /** Skips the calling test unless python3-pymodbus is installed. */
    public static synchronized void assumeTcp() {
        if (tcpAvailable == null) {
            tcpAvailable = PeerProcess.executable(PYTHON).isPresent()
                    && PeerProcess.run(List.of(PYTHON, "-c", "import pymodbus.server.async_io"),
                            Duration.ofSeconds(30)).ok();
        }
        assumeTrue(tcpAvailable, "pymodbus is not installed for " + PYTHON
                + ": apt-get install python3-pymodbus (tests against pymodbus skipped)");
    }

    /** Skips the calling test unless pymodbus can serve a serial port (python3-serial-asyncio). */
    public static synchronized void assumeSerial() {
        if (serialAvailable == null) {
            serialAvailable = PeerProcess.run(List.of(PYTHON, "-c", "import serial, serial_asyncio"),
                    Duration.ofSeconds(30)).ok();
        }
        assumeTrue(serialAvailable, "pyserial-asyncio is not installed for " + PYTHON
                + ": apt-get install python3-serial python3-serial-asyncio (pymodbus serial RTU tests skipped)");
    }
}
