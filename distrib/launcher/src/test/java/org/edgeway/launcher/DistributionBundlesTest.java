package org.edgeway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.ServiceLoader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;

/** Runs against a real Felix, initialized but not started, as the launcher does. */
class DistributionBundlesTest {

    @TempDir
    Path temp;

    private Framework framework;

    @AfterEach
    void stopFramework() throws Exception {
        stop();
    }

    @Test
    void installsWithStartLevelsAndMarksNonFragmentsForStart() throws Exception {
        Path bundleDir = temp.resolve("bundle");
        TestJars.bundle(bundleDir.resolve("b.jar"), "test.b", "1.0.0");
        TestJars.bundle(bundleDir.resolve("a.jar"), "test.a", "1.0.0");
        TestJars.fragment(bundleDir.resolve("c.jar"), "test.c", "test.a");
        Files.writeString(bundleDir.resolve("not-a-bundle.txt"), "ignored");
        StartLevels levels = new StartLevels(Map.of("test.a", 1), 4);

        DistributionBundles.synchronize(init(), bundleDir, levels);

        assertThat(bundle("test.a").getLocation()).isEqualTo("file:" + bundleDir.resolve("a.jar"));
        assertThat(startLevel("test.a").getStartLevel()).isEqualTo(1);
        assertThat(startLevel("test.b").getStartLevel()).isEqualTo(4);
        assertThat(startLevel("test.a").isPersistentlyStarted()).isTrue();
        assertThat(startLevel("test.b").isPersistentlyStarted()).isTrue();
        assertThat(startLevel("test.c").isPersistentlyStarted()).isFalse();
        assertThat(Arrays.stream(framework.getBundleContext().getBundles()).map(Bundle::getSymbolicName))
                .as("installed in file name order, after the system bundle")
                .containsExactly("org.apache.felix.framework", "test.a", "test.b", "test.c");
    }

    @Test
    void nextLaunchUpdatesChangedJarsAndUninstallsRemovedOnes() throws Exception {
        Path bundleDir = temp.resolve("bundle");
        TestJars.bundle(bundleDir.resolve("a.jar"), "test.a", "1.0.0");
        TestJars.bundle(bundleDir.resolve("b.jar"), "test.b", "1.0.0");
        TestJars.bundle(bundleDir.resolve("same.jar"), "test.same", "1.0.0");
        StartLevels levels = new StartLevels(Map.of(), 3);
        DistributionBundles.synchronize(init(), bundleDir, levels);
        long sameInstalledAt = bundle("test.same").getLastModified();
        stop();

        Files.delete(bundleDir.resolve("b.jar"));
        TestJars.bundle(bundleDir.resolve("a.jar"), "test.a", "2.0.0");
        Files.setLastModifiedTime(bundleDir.resolve("a.jar"),
                FileTime.from(Instant.now().plus(1, ChronoUnit.HOURS)));
        Files.setLastModifiedTime(bundleDir.resolve("same.jar"),
                FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
        DistributionBundles.synchronize(init(), bundleDir, levels);

        assertThat(bundle("test.a").getVersion()).isEqualTo(new Version(2, 0, 0));
        assertThat(bundle("test.same").getLastModified()).isEqualTo(sameInstalledAt);
        assertThat(Arrays.stream(framework.getBundleContext().getBundles()).map(Bundle::getSymbolicName))
                .doesNotContain("test.b");
    }

    @Test
    void bundlesFromElsewhereAreLeftAlone() throws Exception {
        Path bundleDir = Files.createDirectories(temp.resolve("bundle"));
        Path deployed = TestJars.bundle(temp.resolve("deploy/d.jar"), "test.deployed", "1.0.0");
        BundleContext context = init();
        try (var content = Files.newInputStream(deployed)) {
            context.installBundle(DistributionBundles.location(deployed), content);
        }

        DistributionBundles.synchronize(context, bundleDir, new StartLevels(Map.of(), 3));

        assertThat(bundle("test.deployed")).isNotNull();
    }

    @Test
    void brokenJarIsFatal() throws Exception {
        Path bundleDir = temp.resolve("bundle");
        Path broken = TestJars.jar(bundleDir.resolve("broken.jar"), Map.of("Bundle-ManifestVersion", "2"));

        assertThatThrownBy(() -> DistributionBundles.synchronize(init(), bundleDir, new StartLevels(Map.of(), 3)))
                .isInstanceOfSatisfying(LaunchException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageStartingWith("cannot install bundle " + broken + ": ");
    }

    @Test
    void missingBundleDirectoryIsReported() throws Exception {
        Path bundleDir = temp.resolve("nothing-here");

        assertThatThrownBy(() -> DistributionBundles.synchronize(init(), bundleDir, new StartLevels(Map.of(), 3)))
                .isInstanceOfSatisfying(LaunchException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage("bundle directory " + bundleDir + " does not exist; is edgeway.install right?");
    }

    private BundleContext init() throws Exception {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        framework = factory.newFramework(Map.of("org.osgi.framework.storage", temp.resolve("cache").toString()));
        framework.init();
        return framework.getBundleContext();
    }

    private void stop() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
            framework = null;
        }
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(framework.getBundleContext().getBundles())
                .filter(bundle -> symbolicName.equals(bundle.getSymbolicName()))
                .findFirst()
                .orElse(null);
    }

    private BundleStartLevel startLevel(String symbolicName) {
        return bundle(symbolicName).adapt(BundleStartLevel.class);
    }
}
