package org.edgeway.distrib;

import static org.edgeway.distrib.TestSupport.findExecutable;
import static org.edgeway.distrib.TestSupport.freePort;
import static org.edgeway.distrib.TestSupport.lastLines;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker for the distribution tests: one configuration and directory, listening on one loopback
 * port, started and stopped as often as a test needs (a restart keeps the port, and the persistence database if the
 * configuration asks for one).
 *
 * <p>The configuration always holds the listener, {@code user} (the test's own user: as root, Mosquitto would
 * otherwise switch to the user {@code mosquitto}, who cannot use our temporary directory) and a log file (which
 * Mosquitto flushes per line, unlike stdout redirected to a file); the test adds the rest, for example
 * {@code allow_anonymous true} or TLS settings. Lines given by the test follow the listener line, so
 * listener settings ({@code cafile}, {@code certfile}, ...) apply to it.
 */
final class Mosquitto implements AutoCloseable {

    static final String NOT_INSTALLED = "mosquitto is not installed (Debian package 'mosquitto': apt-get install "
            + "mosquitto); .ci/run installs it";
    private static final long START_TIMEOUT_S = 15;

    private final Path executable;
    private final int port;
    private final Path config;
    private final Path log;
    private final Path console;
    private Process process;

    /**
     * A broker in {@code dir} on {@code port}, not started yet.
     *
     * @param extraConfig configuration lines after the listener line
     */
    Mosquitto(Path executable, Path dir, int port, List<String> extraConfig) throws IOException {
        this.executable = executable;
        Files.createDirectories(dir);
        this.port = port;
        this.config = dir.resolve("mosquitto.conf");
        this.log = dir.resolve("mosquitto.log");
        this.console = dir.resolve("mosquitto.out");
        List<String> lines = new ArrayList<>();
        lines.add("listener " + port + " 127.0.0.1");
        lines.addAll(extraConfig);
        lines.add("user " + System.getProperty("user.name"));
        lines.add("log_dest file " + log);
        lines.add("log_timestamp_format %H:%M:%S");
        lines.add("");
        Files.writeString(config, String.join("\n", lines), StandardCharsets.UTF_8);
    }

    /** The mosquitto executable (on the PATH or /usr/sbin); skips the test, naming the package, if it is missing. */
    static Path executableOrSkip() {
        Optional<Path> mosquitto = findExecutable("mosquitto", Path.of("/usr/sbin/mosquitto"));
        assumeTrue(NOT_INSTALLED, mosquitto.isPresent());
        return mosquitto.get();
    }

    /** A broker on a free loopback port in {@code dir}; skips the test if mosquitto is not installed. */
    static Mosquitto onFreePort(Path dir, String... extraConfig) throws IOException {
        return new Mosquitto(executableOrSkip(), dir, freePort(), List.of(extraConfig));
    }

    /**
     * The lines of a plain broker that keeps what it is given: anonymous clients; a persistence database in its
     * directory, saved every second and on SIGTERM, so that persistent sessions survive a restart; no limit on what
     * it queues for a disconnected persistent subscriber (that queue is the test's business, not a broker limit).
     *
     * <p>And no limit on the QoS 1 messages in flight to a client: with the default of 20, Mosquitto 2.0.11 (Debian
     * 12) was seen to lose exactly the 21st message it queued for a persistent subscriber while that was
     * disconnected (received from the publisher, never sent to the subscriber; the subscriber's message ids skip
     * one), which a test that lets the gateway reconnect before its subscriber would blame on the gateway.
     */
    static List<String> persistentConfig(Path dir) {
        return List.of("allow_anonymous true",
                "persistence true",
                "persistence_location " + dir + "/",
                "autosave_interval 1",
                "max_queued_messages 0",
                "max_inflight_messages 0");
    }

    int port() {
        return port;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the broker and waits until its log says it is running. */
    void start() throws Exception {
        assertTrue("mosquitto on port " + port + " is already running", !isRunning());
        long linesBefore = logLines().size();
        process = new ProcessBuilder(executable.toString(), "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
        while (System.nanoTime() < deadline) {
            if (logLines().stream().skip(linesBefore).anyMatch(line -> line.contains(" running"))) {
                return;
            }
            if (!process.isAlive()) {
                fail("mosquitto exited with " + process.exitValue() + ":\n" + tail());
            }
            Thread.sleep(50);
        }
        fail("mosquitto did not report running within " + START_TIMEOUT_S + " s:\n" + tail());
    }

    /** SIGTERM: Mosquitto saves its persistence database (if any) and must exit with 0. */
    void stop() throws Exception {
        process.destroy();
        assertTrue("mosquitto did not stop within 15 s of SIGTERM", process.waitFor(15, TimeUnit.SECONDS));
        assertEquals("mosquitto's exit code after SIGTERM:\n" + tail(), 0, process.exitValue());
    }

    /** Stops and starts the broker on the same port. */
    void restart() throws Exception {
        stop();
        start();
    }

    /** Mosquitto's log file so far. */
    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    private List<String> logLines() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
    }

    /** The last lines of Mosquitto's console and log, for failure messages. */
    String tail() throws IOException {
        StringBuilder tail = new StringBuilder();
        for (Path file : List.of(console, log)) {
            if (Files.exists(file)) {
                tail.append(lastLines(Files.readString(file, StandardCharsets.ISO_8859_1), 30)).append('\n');
            }
        }
        return tail.toString();
    }

    /** SIGKILL if it still runs; for {@code @After}. */
    @Override
    public void close() {
        if (process != null) {
            TestSupport.killAll(List.of(process));
        }
    }
}
