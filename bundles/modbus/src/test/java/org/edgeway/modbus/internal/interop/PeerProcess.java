package org.edgeway.modbus.internal.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An external peer process for interop tests (a Modbus server, socat): started with stdout and stderr merged and
 * read by a daemon thread, waited for until it prints a readiness line, stopped with SIGTERM (SIGKILL after a second).
 * Keeps the last output lines for failure messages. Processes still running when the JVM exits are killed by a
 * shutdown hook; the peers also stop on their own (pymodbus when its stdin closes, libmodbus's server by alarm).
 */
final class PeerProcess implements AutoCloseable {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "interop-peer-reaper"));
    }

    private final String name;
    private final Process process;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private String readyLine;
    private boolean endOfOutput;

    private PeerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /**
     * Starts {@code command} and waits until it prints a line matching {@code ready} (returned by {@link
     * #readyLine()}). Fails with the process output if it exits or stays silent for {@code patience}.
     */
    static PeerProcess start(String name, List<String> command, Map<String, String> environment,
            Predicate<String> ready, Duration patience) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
        RUNNING.add(process);
        PeerProcess peer = new PeerProcess(name, process);
        Thread reader = new Thread(() -> peer.pump(ready), name + "-output");
        reader.setDaemon(true);
        reader.start();
        peer.awaitReady(patience);
        return peer;
    }

    private void pump(Predicate<String> ready) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (this) {
                    if (tail.size() == 40) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                    if (readyLine == null && ready.test(line)) {
                        readyLine = line;
                        notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        synchronized (this) {
            endOfOutput = true;
            notifyAll();
        }
    }

    private synchronized void awaitReady(Duration patience) {
        long end = System.nanoTime() + patience.toNanos();
        try {
            while (readyLine == null && !endOfOutput) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (readyLine == null) {
            String status = process.isAlive() ? "still running after " + patience.toSeconds() + " s"
                    : "exit code " + process.exitValue();
            close();
            throw new IllegalStateException(name + " did not become ready (" + status + "); output:\n" + output());
        }
    }

    /** The line that signalled readiness. */
    synchronized String readyLine() {
        return readyLine;
    }

    /** The last lines the process printed. */
    synchronized String output() {
        return String.join("\n", tail);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Process id, for messages. */
    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.remove(process);
        }
    }

    /** The executable {@code command} on the PATH (or an absolute path that exists), if any. */
    static Optional<Path> executable(String command) {
        if (command.startsWith("/")) {
            Path p = Path.of(command);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, command);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** A TCP port that was free on the loopback interface a moment ago. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a short command to completion and returns its exit code and output. */
    static Result run(List<String> command, Duration limit) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, new String(out, StandardCharsets.UTF_8) + "\n(timed out)");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }

    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** The build's {@code target} directory (the parent of {@code target/test-classes}). */
    static Path targetDirectory() {
        try {
            Path testClasses = Path.of(PeerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return testClasses.getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A test resource of this package as a file (resources are copied to target/test-classes). */
    static Path resource(String name) {
        try {
            var url = PeerProcess.class.getResource(name);
            if (url == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return Path.of(url.toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
