package org.edgeway.core.internal;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.edgeway.api.cloud.Request;
import org.edgeway.api.cloud.RequestHandler;
import org.edgeway.api.cloud.Response;
import org.edgeway.api.cloud.Verb;
import org.edgeway.api.payload.Metric;
import org.edgeway.api.payload.Payload;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kura's CMD-V1 application: {@code EXEC command} runs one allow-listed executable, without a shell, and answers
 * with its output and exit code. Disabled unless {@code enabled=true} in pid {@value #PID}; see
 * {@code docs/management.md}. Authorization is the allow-list plus the broker's ACLs (Kura's
 * {@code command.password} is ignored).
 */
@Component(configurationPid = CommandRequests.PID,
        property = RequestHandler.APP_ID + "=" + CommandRequests.APP_ID)
@Designate(ocd = CommandConfig.class)
public class CommandRequests implements RequestHandler {

    static final String APP_ID = "CMD-V1";
    static final String PID = "org.edgeway.core.command";
    static final String DISABLED = "command execution is disabled (" + PID + " enabled=false)";

    static final String COMMAND = "command.command";
    static final String ARGUMENT = "command.argument";
    static final String TIMEOUT = "command.timeout";
    static final String WORKING_DIRECTORY = "command.working.directory";
    static final String ENVIRONMENT = "command.environment.pair";
    static final String STDOUT = "command.stdout";
    static final String STDERR = "command.stderr";
    static final String EXIT_CODE = "command.exit.code";
    static final String TIMED_OUT = "command.timedout";

    private static final int MAX_ARGUMENTS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(CommandRequests.class);

    /**
     * What the handler may do.
     *
     * @param enabled          whether commands run at all
     * @param allowed          absolute paths or bare names, matched exactly
     * @param timeoutS         the longest a command runs
     * @param outputLimit      bytes kept of stdout and of stderr each
     * @param workingDirectory where commands run by default; relative request directories resolve against it
     * @param searchPath       the PATH bare names are looked up on
     */
    record Settings(boolean enabled, List<String> allowed, int timeoutS, int outputLimit, Path workingDirectory,
            String searchPath) {
        Settings {
            allowed = List.copyOf(allowed);
        }
    }

    private final Settings settings;
    /**
     * One command at a time: the cloud connection answers requests on two worker threads, and a long command must
     * leave one free (for CONF-V1 to disable command execution, for instance).
     */
    private final Semaphore running = new Semaphore(1);

    @Activate
    public CommandRequests(BundleContext context, CommandConfig config) {
        this(settings(context, config));
        if (settings.enabled()) {
            LOG.warn("CMD-V1 command execution is enabled; allowed commands: {}", settings.allowed());
        }
    }

    CommandRequests(Settings settings) {
        this.settings = settings;
        for (String entry : settings.allowed()) {
            if (!validEntry(entry)) {
                LOG.warn("CMD-V1: allowed.commands entry '{}' is ignored: give an absolute path or a bare name",
                        entry);
            }
        }
    }

    private static Settings settings(BundleContext context, CommandConfig config) {
        String homeProperty = context.getProperty("edgeway.home");
        Path home = Path.of(homeProperty != null ? homeProperty : System.getProperty("user.dir"));
        String dir = config.working_directory() == null ? "" : config.working_directory().strip();
        return new Settings(config.enabled(),
                config.allowed_commands() == null ? List.of() : Arrays.asList(config.allowed_commands()),
                Math.max(1, Math.min(600, config.timeout_s())), Math.max(1, config.output_limit_bytes()),
                dir.isEmpty() ? home : home.resolve(dir), Optional.ofNullable(System.getenv("PATH")).orElse(""));
    }

    private static boolean validEntry(String entry) {
        return entry != null && !entry.isBlank() && (entry.startsWith("/") || !entry.contains("/"));
    }

    /** A request that cannot be run, answered 400. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    @Override
    public Response handle(Request request) {
        if (!settings.enabled()) {
            return Response.badRequest(DISABLED);
        }
        if (request.verb() != Verb.EXEC || !request.resourcePath().equals("command")) {
            return Response.notFound("no resource '" + request.verb() + " " + request.resourcePath() + "' in "
                    + APP_ID + " (EXEC command)");
        }
        Invocation invocation;
        try {
            invocation = invocation(request.payload());
        } catch (Refused e) {
            return Response.badRequest(e.getMessage());
        }
        if (!running.tryAcquire()) {
            return Response.badRequest("another command is running; CMD-V1 runs one command at a time");
        }
        try {
            return run(invocation, request.requesterClientId());
        } finally {
            running.release();
        }
    }

    private Response run(Invocation invocation, String requester) {
        LOG.info("CMD-V1: running {} with {} arguments in {} (environment keys {}) for {}", invocation.command().get(0),
                invocation.command().size() - 1, invocation.directory(), invocation.environment().keySet(),
                requester);
        try {
            Result result = run(invocation);
            LOG.info("CMD-V1: {} ended with exit code {}{}", invocation.command().get(0), result.exitCode(),
                    result.timedOut() ? " after the timeout of " + invocation.timeoutS() + " s" : "");
            Payload.Builder reply = Payload.builder()
                    .metric(STDOUT, result.stdout().text())
                    .metric(STDERR, result.stderr().text())
                    .metric(EXIT_CODE, result.exitCode())
                    .metric(TIMED_OUT, result.timedOut());
            if (result.stdout().truncated()) {
                reply.metric(STDOUT + ".truncated", true);
            }
            if (result.stderr().truncated()) {
                reply.metric(STDERR + ".truncated", true);
            }
            return Response.ok(reply.build());
        } catch (IOException e) {
            return Response.error("cannot run " + invocation.command().get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.error("interrupted while running " + invocation.command().get(0));
        }
    }

    /** A checked request, ready to run. */
    record Invocation(List<String> command, Path directory, Map<String, String> environment, int timeoutS) {
    }

    Invocation invocation(Payload payload) throws Refused {
        String commandLine = string(payload, COMMAND)
                .orElseThrow(() -> new Refused("missing metric " + COMMAND + " (the executable to run)"));
        // Kura sends the command line in command.command; split at white space, with no shell and no quoting
        List<String> command = new ArrayList<>(Arrays.asList(commandLine.strip().split("\\s+")));
        if (command.get(0).isEmpty()) {
            throw new Refused(COMMAND + " is empty");
        }
        String executable = command.get(0);
        if (!validEntry(executable) || !settings.allowed().contains(executable)) {
            throw new Refused("command '" + executable + "' is not allowed (" + PID + " allowed.commands: "
                    + settings.allowed() + ")");
        }
        command.set(0, resolve(executable));
        for (int i = 0; ; i++) {
            Optional<String> argument = string(payload, ARGUMENT + i);
            if (argument.isEmpty()) {
                break;
            }
            if (i >= MAX_ARGUMENTS) {
                throw new Refused("more than " + MAX_ARGUMENTS + " arguments");
            }
            command.add(argument.get());
        }
        int timeout = settings.timeoutS();
        Optional<Metric> timeoutMetric = payload.metric(TIMEOUT);
        if (timeoutMetric.isPresent()) {
            long asked = number(timeoutMetric.get());
            if (asked < 1) {
                throw new Refused(TIMEOUT + " must be at least 1 (seconds), was " + asked);
            }
            timeout = (int) Math.min(asked, settings.timeoutS());
        }
        Path directory = settings.workingDirectory();
        Optional<String> requested = string(payload, WORKING_DIRECTORY).filter(dir -> !dir.isBlank());
        if (requested.isPresent()) {
            directory = settings.workingDirectory().resolve(requested.get().strip());
        }
        if (!Files.isDirectory(directory)) {
            throw new Refused("working directory " + directory + " does not exist or is not a directory");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        for (int i = 0; ; i++) {
            Optional<String> pair = string(payload, ENVIRONMENT + i);
            if (pair.isEmpty()) {
                break;
            }
            int equals = pair.get().indexOf('=');
            if (equals <= 0) {
                // never echo the value: it may be a secret
                throw new Refused(ENVIRONMENT + i + " must be KEY=VALUE");
            }
            String key = pair.get().substring(0, equals);
            if (key.startsWith("LD_") || key.startsWith("DYLD_")) {
                throw new Refused(ENVIRONMENT + i + ": " + key + " is not accepted (it would change what the "
                        + "allowed command loads)");
            }
            environment.put(key, pair.get().substring(equals + 1));
        }
        return new Invocation(List.copyOf(command), directory, environment, timeout);
    }

    private String resolve(String executable) throws Refused {
        if (executable.startsWith("/")) {
            return executable;
        }
        for (String dir : settings.searchPath().split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, executable);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new Refused("command '" + executable + "' is allowed but not found on the PATH ("
                + settings.searchPath() + ")");
    }

    private static Optional<String> string(Payload payload, String name) {
        return payload.metric(name).map(metric -> String.valueOf(metric.value()));
    }

    private static long number(Metric metric) throws Refused {
        Object value = metric.value();
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw new Refused(TIMEOUT + " must be a whole number of seconds, was '" + value + "'");
        }
    }

    // ---- running

    /** What a stream produced, cut at the limit. */
    record Output(String text, boolean truncated) {
    }

    /** How a command ended. */
    record Result(Output stdout, Output stderr, int exitCode, boolean timedOut) {
    }

    Result run(Invocation invocation) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(invocation.command()).directory(invocation.directory().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // the gateway's own settings (EDGEWAY_MQTT_PASSWORD, ...) are not handed to commands
        builder.environment().keySet().removeIf(key -> key.toUpperCase(Locale.ROOT).startsWith("EDGEWAY_"));
        builder.environment().putAll(invocation.environment());
        Process process = builder.start();
        Drain stdout = new Drain(process.getInputStream(), settings.outputLimit(), "stdout");
        Drain stderr = new Drain(process.getErrorStream(), settings.outputLimit(), "stderr");
        boolean timedOut = !process.waitFor(invocation.timeoutS(), TimeUnit.SECONDS);
        if (timedOut) {
            killTree(process);
        }
        int exitCode = process.waitFor();
        return new Result(stdout.finish(process), stderr.finish(process), exitCode, timedOut);
    }

    /** Kills the process and everything it started: politely first, then for good. */
    static void killTree(Process process) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (ProcessHandle handle : tree) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    handle.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    break; // still alive after the grace period: killed below
                }
            }
        }
        // a child may have started more children since the first look
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    /** Reads a stream to its end on its own thread, keeping the first {@code limit} bytes. */
    private static final class Drain implements Runnable {
        private final InputStream in;
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread thread;
        private long total;

        Drain(InputStream in, int limit, String name) {
            this.in = in;
            this.limit = limit;
            this.thread = new Thread(this, "edgeway-cmd-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (this) {
                        int keep = (int) Math.max(0, Math.min(n, limit - total));
                        kept.write(buffer, 0, keep);
                        total += n;
                    }
                }
            } catch (IOException e) {
                // closed by finish() after a timeout: what was read is kept
            }
        }

        Output finish(Process process) throws InterruptedException {
            thread.join(2000);
            if (thread.isAlive()) {
                // a detached grandchild still holds the pipe open: stop reading
                try {
                    in.close();
                } catch (IOException e) {
                    // nothing more to read
                }
                thread.join(1000);
            }
            synchronized (this) {
                String text = kept.toString(StandardCharsets.UTF_8);
                boolean truncated = total > limit;
                if (truncated) {
                    text += "\n[edgeway: output truncated: " + limit + " of " + total + " bytes kept]";
                }
                return new Output(text, truncated);
            }
        }
    }
}
