package org.edgeway.fleet.internal.ingest;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A real Mosquitto on a free loopback port for one test, in the test's temporary directory. Skips the test when
 * mosquitto is not installed.
 *
 * <p>{@code max_queued_messages 0}: Mosquitto queues at most 1000 messages per subscriber by default and drops the
 * rest, which would hide whether the ingest's back-pressure loses anything. {@code user}: as root Mosquitto would
 * switch to the user mosquitto, who cannot read the temporary directory.
 */
public final class MosquittoBroker implements AutoCloseable {

    private static final long START_TIMEOUT_S = 15;

    private final Process process;
    private final int port;
    private final Path log;

    private MosquittoBroker(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static MosquittoBroker start(Path dir) throws IOException, InterruptedException {
        Optional<Path> executable = executable();
        if (executable.isEmpty()) {
            Assumptions.assumeTrue(false, "mosquitto is not installed (apt-get install mosquitto)");
        }
        Files.createDirectories(dir);
        int port = freePort();
        Path config = dir.resolve("mosquitto.conf");
        Path log = dir.resolve("mosquitto.log");
        Files.writeString(config, String.join("\n", List.of(
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "max_queued_messages 0",
                "persistence false",
                "user " + System.getProperty("user.name"),
                "log_dest file " + log,
                "")), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(executable.get().toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile())
                .redirectInput(new File("/dev/null")).start();
        MosquittoBroker broker = new MosquittoBroker(process, port, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
        while (!broker.logContains(" running")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                broker.close();
                throw new IllegalStateException("mosquitto did not start:\n" + broker.log());
            }
            Thread.sleep(20);
        }
        return broker;
    }

    private static Optional<Path> executable() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)).map(d -> Path.of(d, "mosquitto")),
                Stream.of(Path.of("/usr/sbin/mosquitto"))).filter(Files::isExecutable).findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    private boolean logContains(String text) throws IOException {
        return log().contains(text);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
