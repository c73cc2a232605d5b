package org.edgeway.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Starts an edgeway gateway: Apache Felix with the bundles of the installed distribution.
 *
 * <p>We use our own launcher rather than Felix's {@code Main} because we need what that cannot give: launch-time
 * settings (environment variables and {@code --set}) validated by the gateway itself, an instance home protected by a
 * lock, one-line error messages with meaningful exit codes, and a readiness report.
 *
 * <p>Exit codes:
 * <ul>
 * <li>0 – the framework stopped normally (signal, or {@code stop 0} in the Gogo shell)</li>
 * <li>1 – unexpected error</li>
 * <li>2 – bad input: options, launch settings, home directory or distribution files; restarting will not help</li>
 * <li>3 – the gateway started but reported problems</li>
 * </ul>
 */
public final class Main {

    static final Duration SETTINGS_TIMEOUT = Duration.ofSeconds(30);
    static final Duration READINESS_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** Framework property: the start level at which launch settings are applied (org.edgeway.core runs there). */
    static final String SETTINGS_START_LEVEL = "edgeway.startlevel.settings";
    static final String DEFAULT_SETTINGS_START_LEVEL = "2";

    private static final String DEFAULT_PROFILE = "gateway";
    private static final String VERSION_RESOURCE = "/META-INF/maven/org.edgeway/org.edgeway.launcher/pom.properties";

    private final Supplier<Path> installLocator;
    private final Consumer<BundleContext> afterFrameworkStart;

    public Main() {
        this(() -> InstanceHome.locateInstall(System.getProperties()), context -> { });
    }

    /** For tests: a given installation, and a hook that runs right after the framework has started. */
    Main(Path install, Consumer<BundleContext> afterFrameworkStart) {
        this(() -> install, afterFrameworkStart);
    }

    private Main(Supplier<Path> installLocator, Consumer<BundleContext> afterFrameworkStart) {
        this.installLocator = installLocator;
        this.afterFrameworkStart = afterFrameworkStart;
    }

    public static void main(String[] args) {
        System.exit(new Main().run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the gateway until it stops and returns the exit code; errors go to {@code err}, one line each. */
    public int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        try {
            LaunchOptions options = LaunchOptions.parse(args);
            if (options.help()) {
                out.print(helpText());
                return ExitCode.OK;
            }
            if (options.version()) {
                out.println("edgeway " + version() + " (Java " + Runtime.version() + ")");
                return ExitCode.OK;
            }
            List<Setting> settings = EnvironmentSettings.merge(
                    EnvironmentSettings.fromEnvironment(environment), options.settings());
            InstanceHome home = InstanceHome.resolve(options.home(), environment, installLocator.get());
            home.ensureWritable();
            try (HomeLock lock = HomeLock.acquire(home)) {
                home.ensureConfiguration();
                return launch(home, settings, out, err);
            }
        } catch (LaunchException e) {
            e.lines().forEach(line -> err.println("edgeway: " + line));
            return e.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("edgeway: interrupted");
            return ExitCode.UNEXPECTED;
        } catch (Exception | LinkageError e) { // LinkageError: a broken jar in lib/
            err.println("edgeway: " + Reasons.of(e));
            return ExitCode.UNEXPECTED;
        }
    }

    private int launch(InstanceHome home, List<Setting> settings, PrintStream out, PrintStream err)
            throws Exception {
        StartLevels startLevels = StartLevels.load(home.installedBundles().resolve(StartLevels.FILE_NAME));
        Map<String, String> properties = FrameworkProperties.build(
                home, System.getProperties(), System.console() != null, startLevels.highest());
        // Start up to the settings level first (framework services and org.edgeway.core), apply the launch settings,
        // and only then raise the start level: every other component then activates with its final configuration.
        int targetLevel = Integer.parseInt(properties.get(FrameworkProperties.BEGINNING_START_LEVEL).strip());
        int settingsLevel = Math.min(targetLevel,
                Integer.parseInt(properties.getOrDefault(SETTINGS_START_LEVEL, DEFAULT_SETTINGS_START_LEVEL).strip()));
        properties.put(FrameworkProperties.BEGINNING_START_LEVEL, Integer.toString(settingsLevel));
        Framework framework = newFramework(properties);
        framework.init();
        Thread stopOnSignal = new Thread(() -> stopOnSignal(framework, out), "edgeway-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        boolean stoppedByItself = false;
        try {
            DistributionBundles.synchronize(framework.getBundleContext(), home.installedBundles(), startLevels);
            framework.start();
            BundleContext context = framework.getBundleContext();
            afterFrameworkStart.accept(context);
            String profile = properties.getOrDefault(FrameworkProperties.PROFILE, DEFAULT_PROFILE);
            try {
                if (!settings.isEmpty()) {
                    LaunchSettingsService.apply(context, settings, SETTINGS_TIMEOUT);
                }
                raiseStartLevel(framework, targetLevel);
                reportReadiness(context, profile, home, settings, out, err);
            } catch (IllegalStateException e) {
                if (isRunning(framework)) {
                    throw e;
                }
                // stopped while starting (Gogo shell): no error, although we could not finish
            }
            int exitCode = awaitStop(framework);
            stoppedByItself = true;
            return exitCode;
        } finally {
            removeShutdownHook(stopOnSignal);
            if (!stoppedByItself) {
                stopAndWait(framework);
            }
        }
    }

    /** Raises the framework start level and waits until every bundle up to that level has been started. */
    private static void raiseStartLevel(Framework framework, int level) throws InterruptedException {
        FrameworkStartLevel startLevel = framework.adapt(FrameworkStartLevel.class);
        if (startLevel.getStartLevel() >= level) {
            return;
        }
        CountDownLatch reached = new CountDownLatch(1);
        startLevel.setStartLevel(level, event -> reached.countDown());
        while (!reached.await(200, TimeUnit.MILLISECONDS)) {
            if (!isRunning(framework)) {
                throw new IllegalStateException("the framework stopped while starting");
            }
        }
    }

    private static Framework newFramework(Map<String, String> properties) {
        Iterator<FrameworkFactory> factories = ServiceLoader.load(FrameworkFactory.class).iterator();
        if (!factories.hasNext()) {
            throw new IllegalStateException("no OSGi framework on the class path (lib/ must hold the Felix jar)");
        }
        return factories.next().newFramework(properties);
    }

    private static void reportReadiness(BundleContext context, String profile, InstanceHome home,
            List<Setting> settings, PrintStream out, PrintStream err) throws Exception {
        try (CoreService service = new CoreService(context, Supplier.class, StartupReport.NAME)) {
            Optional<Object> supplier = service.await(READINESS_TIMEOUT);
            if (supplier.isEmpty()) {
                err.println("edgeway: warning: no startup report after " + READINESS_TIMEOUT.toSeconds()
                        + " s (is bundle org.edgeway.core running?); running anyway");
                return;
            }
            StartupReport report = StartupReport.from(((Supplier<?>) supplier.get()).get());
            if (!report.problems().isEmpty()) {
                List<String> problems = report.problems().stream()
                        .map(problem -> Secrets.maskValuesIn(problem, settings))
                        .toList();
                throw new LaunchException(ExitCode.STARTUP_PROBLEMS, problems);
            }
            long startupMillis = Duration.between(processStart(), Instant.now()).toMillis();
            out.println(report.readyLine(profile, startupMillis, home.dir()));
        }
    }

    /**
     * When the JVM started, to the millisecond. Not {@code ProcessHandle.Info.startInstant()}: on Linux that is derived
     * from the boot time in whole seconds and can be off by up to a second. bin/edgeway execs the JVM, so this is
     * also the process start, give or take the script's few milliseconds.
     */
    private static Instant processStart() {
        return Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    /** Waits until the framework stops by itself, e.g. {@code stop 0} in the Gogo shell. */
    private static int awaitStop(Framework framework) throws Exception {
        FrameworkEvent event = framework.waitForStop(0);
        while (event.getType() == FrameworkEvent.STOPPED_UPDATE
                || event.getType() == FrameworkEvent.STOPPED_SYSTEM_REFRESHED) {
            // Felix restarts itself after an update or refresh of the system bundle; wait for the new run to end
            awaitRestart(framework);
            event = framework.waitForStop(0);
        }
        if (event.getType() == FrameworkEvent.ERROR) {
            Throwable cause = event.getThrowable();
            throw new IllegalStateException(
                    "the framework stopped with an error" + (cause == null ? "" : ": " + Reasons.of(cause)));
        }
        return ExitCode.OK;
    }

    private static void awaitRestart(Framework framework) throws InterruptedException {
        Instant deadline = Instant.now().plus(STOP_TIMEOUT);
        // not merely STARTING: Felix creates what waitForStop waits on only after announcing STARTING
        while (framework.getState() != Bundle.ACTIVE) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the framework did not restart after a system bundle update");
            }
            Thread.sleep(100);
        }
    }

    /** The shutdown hook: on SIGTERM or Ctrl-C, stop the bundles properly before the JVM exits. */
    private static void stopOnSignal(Framework framework, PrintStream out) {
        if (isRunning(framework)) {
            out.println("edgeway: stopping");
            out.println(stopAndWait(framework)
                    ? "edgeway: stopped"
                    : "edgeway: bundles still stopping after " + STOP_TIMEOUT.toSeconds() + " s; exiting anyway");
        }
    }

    private static boolean isRunning(Framework framework) {
        return (framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0;
    }

    /** Returns whether the framework stopped in time. */
    private static boolean stopAndWait(Framework framework) {
        try {
            framework.stop();
            return framework.waitForStop(STOP_TIMEOUT.toMillis()).getType() != FrameworkEvent.WAIT_TIMEDOUT;
        } catch (BundleException e) {
            return false; // only when stopping after a failure, which is what gets reported
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook
        }
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "(unknown version)");
            }
        } catch (IOException e) {
            // fall through
        }
        return "(development build)";
    }

    static String helpText() {
        StringBuilder environment = new StringBuilder();
        for (EnvironmentSettings.Variable variable : EnvironmentSettings.TABLE) {
            environment.append(String.format("  %-24s sets %s:%s%n", variable.name(), variable.pid(), variable.key()));
        }
        return """
                Usage: edgeway [--home DIR] [--set PID:KEY=VALUE]...
                       edgeway --help | --version

                Starts the edgeway gateway: Apache Felix with the bundles of this installation.

                Options:
                  --home DIR               instance home holding etc/, deploy/ and var/; default $EDGEWAY_HOME,
                                           else the installation directory. A new home gets a copy of the
                                           installation's etc/.
                  --set PID:KEY=VALUE      set property KEY of configuration PID when the gateway starts;
                                           repeatable; wins over the environment variables below. Values of keys
                                           containing "password" or "secret" are never printed.
                  --help                   print this help and exit
                  --version                print the version and exit

                Environment:
                  EDGEWAY_HOME             instance home, like --home
                %s  EDGEWAY_JAVA_OPTS        JVM options replacing the defaults of bin/edgeway

                Exit codes:
                  0  normal stop
                  1  unexpected error
                  2  bad input: options, launch settings, home directory (restarting will not help)
                  3  the gateway started with problems
                """.formatted(environment);
    }
}
