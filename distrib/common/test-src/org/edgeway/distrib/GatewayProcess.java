package org.edgeway.distrib;

import static org.edgeway.distrib.TestSupport.lastLines;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A built distribution running as a real process through its {@code bin/edgeway}, the way an integrator starts it:
 * in an instance home ({@code --home}), with launch arguments and {@code EDGEWAY_*} environment variables (inherited
 * ones are removed first, so the machine's environment cannot leak into a test), stdin from {@code /dev/null} and
 * stdout and stderr in a file that the test reads while the gateway runs.
 */
final class GatewayProcess implements AutoCloseable {

    /** Bound for waits on the gateway's output. */
    static final long TIMEOUT_S = 60;

    /** A condition polled until it holds. */
    interface Check {
        boolean ok() throws Exception;
    }

    /** More text for failure messages, for example the broker's log. */
    interface Diagnostics {
        String text() throws IOException;
    }

    private final Process process;
    private final Path outputFile;
    private final Diagnostics diagnostics;

    private GatewayProcess(Process process, Path outputFile, Diagnostics diagnostics) {
        this.process = process;
        this.outputFile = outputFile;
        this.diagnostics = diagnostics;
    }

    /**
     * Starts {@code DISTRIBUTION/bin/edgeway --home HOME ARGS...}.
     *
     * @param env         the {@code EDGEWAY_*} variables of the gateway (and any other variables to set)
     * @param outputFile  where stdout and stderr go; created or truncated
     * @param diagnostics what failure messages show besides the gateway's output; null for nothing
     */
    static GatewayProcess start(Path distribution, Path home, Map<String, String> env, List<String> args,
            Path outputFile, Diagnostics diagnostics) throws IOException {
        List<String> command = new ArrayList<>(List.of(distribution.resolve("bin/edgeway").toString(),
                "--home", home.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(outputFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(key -> key.startsWith("EDGEWAY_"));
        builder.environment().putAll(env);
        return new GatewayProcess(builder.start(), outputFile, diagnostics != null ? diagnostics : () -> "");
    }

    /** The JVM: {@code bin/edgeway} execs java. */
    Process process() {
        return process;
    }

    /** Everything the gateway printed so far; a line may be incomplete. */
    String output() throws IOException {
        return Files.readString(outputFile, StandardCharsets.ISO_8859_1);
    }

    /** The last lines of the output, for failure messages. */
    String tail() throws IOException {
        return lastLines(output(), 40);
    }

    /** Waits until the output contains {@code expected}. */
    void awaitOutput(String expected) throws Exception {
        await("'" + expected + "' in the gateway's output", () -> output().contains(expected));
    }

    /** Polls {@code check} every 100 ms for up to {@link #TIMEOUT_S} while the gateway lives. */
    void await(String what, Check check) throws Exception {
        await(what, TIMEOUT_S, check);
    }

    /** Polls {@code check} every 100 ms for up to {@code timeoutS} while the gateway lives; fails naming {@code what}. */
    void await(String what, long timeoutS, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return;
            }
            assertAlive();
            Thread.sleep(100);
        }
        fail("waited " + timeoutS + " s for " + what + "\ngateway:\n" + tail() + context());
    }

    void assertAlive() throws IOException {
        if (!process.isAlive()) {
            fail("the gateway exited with " + process.exitValue() + ":\n" + tail() + context());
        }
    }

    /** SIGKILL, as a power cut or the OOM killer would; waits until the process is gone. */
    void kill() throws Exception {
        process.destroyForcibly();
        assertTrue("the gateway did not die on SIGKILL", process.waitFor(10, TimeUnit.SECONDS));
    }

    /** SIGTERM, as systemd stops it; returns the exit code once the gateway has stopped. */
    int terminate() throws Exception {
        process.destroy();
        assertTrue("the gateway did not stop within 60 s of SIGTERM:\n" + tail(), process.waitFor(60, TimeUnit.SECONDS));
        return process.exitValue();
    }

    /** The diagnostics for failure messages, with a leading newline; empty if there are none. */
    String context() throws IOException {
        String text = diagnostics.text();
        return text == null || text.isEmpty() ? "" : "\n" + text;
    }

    /** SIGKILL to the gateway and anything it started, if still running; for {@code @After}. */
    @Override
    public void close() {
        TestSupport.killAll(List.of(process));
    }
}
