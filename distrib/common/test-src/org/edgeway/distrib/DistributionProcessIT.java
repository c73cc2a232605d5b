package org.edgeway.distrib;

import static org.edgeway.distrib.TestSupport.freePort;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

/**
 * Runs the built distribution as a real process with bin/edgeway, the way an integrator does, in a fresh home:
 * it starts, reports ready, stops cleanly on SIGTERM, and refuses bad launch input with one line and exit code 2.
 */
public class DistributionProcessIT {

    private static final long START_TIMEOUT_S = 90;
    private final Path distribution = Path.of(System.getProperty("edgeway.distribution")).toAbsolutePath();
    private final String profile = System.getProperty("edgeway.profile");
    private final List<Process> processes = new ArrayList<>();

    @After
    public void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    public void startsReportsReadyAndStopsCleanlyOnSigterm() throws Exception {
        Path home = Files.createTempDirectory("edgeway-run-");
        int brokerPort = freePort();
        List<String> args = new ArrayList<>(List.of("--set", "org.edgeway.core.identity:display.name=process test"));
        if ("demo".equals(profile)) {
            args.addAll(List.of("--set", "org.edgeway.demo.broker:port=" + brokerPort));
            args.addAll(TestSupport.demoMeterPortOptions());
        }
        Run run = start(home, Map.of("EDGEWAY_MQTT_URL", "tcp://127.0.0.1:" + brokerPort), args.toArray(String[]::new));

        run.awaitOutput("edgeway " + profile + " ready in ");
        run.process.destroy(); // SIGTERM
        assertTrue("did not stop within 60 s after SIGTERM:\n" + run.output(), run.process.waitFor(60, TimeUnit.SECONDS));
        // 143 = 128 + SIGTERM: the JVM's status after running its shutdown hooks
        int exit = run.process.exitValue();
        assertTrue("exit code " + exit + ":\n" + run.output(), exit == 0 || exit == 143);
        assertTrue(run.output(), run.output().contains("edgeway: stopped"));
        String identity = Files.readString(home.resolve("etc/org.edgeway.core.identity.cfg"));
        assertTrue("--set was not written to etc/:\n" + identity, identity.contains("process test"));
        String connection = Files.readString(home.resolve("etc/org.edgeway.cloud.connection-default.cfg"));
        assertTrue("EDGEWAY_MQTT_URL was not applied:\n" + connection, connection.contains(":" + brokerPort));
        assertTrue("no log file under var/log", Files.size(home.resolve("var/log/edgeway.log")) > 0);
    }

    @Test
    public void unknownSetPidIsOneClearLineAndExitCode2() throws Exception {
        Run run = start(Files.createTempDirectory("edgeway-run-"), Map.of(), "--set", "org.example.nothing:port=1");
        assertEquals(run.output(), 2, run.awaitExit());
        assertTrue(run.output(), run.output().contains("unknown configuration pid 'org.example.nothing'"));
    }

    @Test
    public void malformedSetValueIsRejectedNamingTheField() throws Exception {
        Run run = start(Files.createTempDirectory("edgeway-run-"), Map.of(),
                "--set", "org.edgeway.cloud.connection~default:keep.alive.s=soon");
        assertEquals(run.output(), 2, run.awaitExit());
        assertTrue(run.output(), run.output().contains("keep.alive.s"));
        assertTrue(run.output(), run.output().contains("'soon'"));
    }

    @Test
    public void unwritableHomeIsOneClearLineAndExitCode2() throws Exception {
        Path file = Files.createTempFile("edgeway-not-a-dir-", ".txt");
        Run run = start(file.resolve("home"), Map.of());
        assertEquals(run.output(), 2, run.awaitExit());
        assertTrue(run.output(), run.output().contains("is not writable"));
    }

    @Test
    public void demoBrokerPortInUseIsOneClearLineAndNonZeroExit() throws Exception {
        assumeTrue("only the demo has an embedded broker", "demo".equals(profile));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> args = new ArrayList<>(TestSupport.demoMeterPortOptions());
            args.addAll(List.of("--set", "org.edgeway.demo.broker:port=" + taken.getLocalPort()));
            Run run = start(Files.createTempDirectory("edgeway-run-"), Map.of(), args.toArray(String[]::new));
            assertEquals(run.output(), 3, run.awaitExit());
            assertTrue(run.output(), run.output().contains("port in use"));
        }
    }

    @Test
    public void demoDataReachesTheEmbeddedBrokerWithinSeconds() throws Exception {
        assumeTrue("only the demo simulates devices", "demo".equals(profile));
        int port = freePort();
        List<String> args = new ArrayList<>(TestSupport.demoMeterPortOptions());
        args.addAll(List.of("--set", "org.edgeway.demo.broker:port=" + port));
        Run run = start(Files.createTempDirectory("edgeway-run-"), Map.of("EDGEWAY_MQTT_URL", "tcp://127.0.0.1:" + port),
                args.toArray(String[]::new));
        run.awaitOutput("/DEMO-V1/depot/meter-1: [energy.import.kwh=");
        run.awaitOutput("/MQTT/BIRTH: [uptime=");
        // the depot's Modbus bundle polls the simulated meters: the SDM630 by its profile, the SunSpec one discovered
        run.awaitOutput("/METER-V1/meter/main-supply/values: [voltage.l1=");
        run.awaitOutput("/METER-V1/meter/workshop/info: [profile=sunspec-meter");
        run.awaitOutput("quality=GOOD");
    }

    private Run start(Path home, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(distribution.resolve("bin/edgeway").toString(), "--home", home.toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("edgeway-output-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().keySet().removeIf(key -> key.startsWith("EDGEWAY_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.add(process);
        return new Run(process, output);
    }

    private record Run(Process process, Path outputFile) {

        String output() throws IOException {
            return Files.readString(outputFile, StandardCharsets.UTF_8);
        }

        void awaitOutput(String expected) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
            while (System.nanoTime() < deadline) {
                if (output().contains(expected)) {
                    return;
                }
                if (!process.isAlive() && !output().contains(expected)) {
                    throw new AssertionError("exited with " + process.exitValue() + " before printing '" + expected
                            + "':\n" + output());
                }
                Thread.sleep(100);
            }
            throw new AssertionError("'" + expected + "' not printed within " + START_TIMEOUT_S + " s:\n" + output());
        }

        int awaitExit() throws Exception {
            if (!process.waitFor(START_TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new AssertionError("still running after " + START_TIMEOUT_S + " s:\n" + output());
            }
            return process.exitValue();
        }
    }
}
