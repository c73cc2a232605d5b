package org.edgeway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/** The whole launcher in-process; the framework tests boot a real Felix with an empty distribution. */
class MainTest {

    private static final String CONNECTION = "org.edgeway.cloud.connection~default";

    @TempDir
    Path temp;

    private Path install;
    private Path home;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void createInstallation() throws Exception {
        install = temp.resolve("install");
        home = temp.resolve("home");
        Files.createDirectories(install.resolve("bundle"));
        Files.createDirectories(install.resolve("etc"));
        Files.writeString(install.resolve("etc/config.properties"), "edgeway.profile=depot\n");
    }

    @Test
    void helpDocumentsOptionsEnvironmentAndExitCodes() {
        int exitCode = run(context -> { }, Map.of(), "--help");

        assertThat(exitCode).isZero();
        assertThat(out()).contains("--home DIR", "--set PID:KEY=VALUE", "EDGEWAY_MQTT_PASSWORD",
                "sets " + CONNECTION + ":password", "2  bad input");
        assertThat(err()).isEmpty();
    }

    @Test
    void version() {
        assertThat(run(context -> { }, Map.of(), "--version")).isZero();
        assertThat(out()).startsWith("edgeway ").contains("Java " + Runtime.version());
    }

    @Test
    void unknownOptionIsOneLineAndExitTwo() {
        int exitCode = run(context -> { }, Map.of(), "--bogus");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err()).isEqualTo("edgeway: unknown option '--bogus' (see --help)" + System.lineSeparator());
        assertThat(home).doesNotExist();
    }

    @Test
    void malformedSetIsOneLineAndExitTwo() {
        int exitCode = run(context -> { }, Map.of(), "--set", "pid:password");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err()).isEqualTo("edgeway: malformed --set 'pid:password': expected <pid>:<key>=<value>"
                + System.lineSeparator());
    }

    @Test
    void homeThatCannotBeCreated() throws Exception {
        Path file = Files.writeString(temp.resolve("file"), "");

        int exitCode = run(context -> { }, Map.of(), "--home", file.resolve("home").toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err()).startsWith("edgeway: home directory '" + file.resolve("home") + "' is not writable: ");
    }

    @Test
    void homeInUse() throws Exception {
        InstanceHome instance = new InstanceHome(home, install);
        instance.ensureWritable();

        try (HomeLock lock = HomeLock.acquire(instance)) {
            int exitCode = run(context -> { }, Map.of());

            assertThat(exitCode).isEqualTo(2);
            assertThat(err()).isEqualTo("edgeway: another gateway is already running with home '" + home + "'"
                    + System.lineSeparator());
        }
    }

    @Test
    void rejectedSettingsStopTheFrameworkWithExitTwoAndHideSecrets() throws Exception {
        List<String> applied = new CopyOnWriteArrayList<>();
        Function<String, String> launchSettings = setting -> {
            applied.add(setting);
            if (setting.startsWith(CONNECTION + ":broker.url=")) {
                return "broker.url of " + CONNECTION + " is not a valid URL";
            }
            if (setting.startsWith(CONNECTION + ":password=")) {
                return "password 'hunter2' is too short";
            }
            return null;
        };

        int exitCode = run(context -> register(context, Function.class, "launch-settings", launchSettings),
                Map.of("EDGEWAY_MQTT_PASSWORD", "hunter2", "EDGEWAY_MQTT_URL", "from-environment"),
                "--set", CONNECTION + ":broker.url=not a url");

        assertThat(exitCode).isEqualTo(2);
        assertThat(applied).containsExactly(CONNECTION + ":broker.url=not a url", CONNECTION + ":password=hunter2");
        assertThat(err()).isEqualTo(String.join(System.lineSeparator(),
                "edgeway: broker.url of " + CONNECTION + " is not a valid URL",
                "edgeway: password '***' is too short",
                ""));
        assertThat(out()).doesNotContain("hunter2");
        assertLockReleased();
    }

    @Test
    void startupProblemsStopTheFrameworkWithExitThree() throws Exception {
        Supplier<Map<String, Object>> report = () -> Map.of(
                "problems", List.of("Component a is not satisfied.", "Bundle b failed to resolve."),
                "bundles", 3, "components", 4);

        int exitCode = run(context -> register(context, Supplier.class, "startup-report", report), Map.of());

        assertThat(exitCode).isEqualTo(3);
        assertThat(err()).isEqualTo(String.join(System.lineSeparator(),
                "edgeway: Component a is not satisfied.",
                "edgeway: Bundle b failed to resolve.",
                ""));
        assertLockReleased();
    }

    @Test
    void readyGatewayRunsUntilStoppedAndExitsZero() throws Exception {
        List<String> applied = new CopyOnWriteArrayList<>();
        Consumer<BundleContext> core = context -> {
            register(context, Function.class, "launch-settings", (Function<String, String>) setting -> {
                applied.add(setting);
                return null;
            });
            register(context, Supplier.class, "startup-report", (Supplier<Map<String, Object>>) () -> {
                stopLater(context);
                return Map.of("problems", List.of(), "bundles", 12, "components", 34);
            });
        };

        int exitCode = run(core, Map.of("EDGEWAY_ACCOUNT", "acme"), "--home=" + home);

        assertThat(exitCode).as(err()).isZero();
        assertThat(applied).containsExactly(CONNECTION + ":account=acme");
        assertThat(out()).containsPattern(
                "edgeway depot ready in \\d+ ms: 12 bundles, 34 components active \\(home \\Q" + home + "\\E\\)");
        assertThat(err()).isEmpty();
        assertThat(home.resolve("etc/config.properties")).hasContent("edgeway.profile=depot");
        assertThat(home.resolve("var/cache")).isNotEmptyDirectory();
        assertLockReleased();
    }

    @Test
    void stopWhileWaitingForTheCoreBundleIsANormalStop() throws Exception {
        int exitCode = run(MainTest::stopLater, Map.of(), "--set", "a:b=c");

        assertThat(exitCode).as(err()).isZero();
        assertThat(err()).isEmpty();
        assertLockReleased();
    }

    private int run(Consumer<BundleContext> afterFrameworkStart, Map<String, String> environment, String... args) {
        Map<String, String> withHome = new HashMap<>(environment);
        withHome.putIfAbsent("EDGEWAY_HOME", home.toString());
        return new Main(install, afterFrameworkStart).run(args, withHome, print(out), print(err));
    }

    private static <T> void register(BundleContext context, Class<T> type, String name, T service) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("edgeway.service", name);
        context.registerService(type, service, properties);
    }

    /** Like {@code stop 0} in the Gogo shell, from another thread. */
    private static void stopLater(BundleContext context) {
        new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException e) {
                throw new IllegalStateException(e);
            }
        }).start();
    }

    private void assertLockReleased() throws Exception {
        HomeLock.acquire(new InstanceHome(home, install)).close();
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
