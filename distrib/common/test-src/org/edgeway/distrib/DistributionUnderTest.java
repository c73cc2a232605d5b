package org.edgeway.distrib;


import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.Constants;

/**
 * Exactly the bundles and etc/ configuration of one built distribution (target/edgeway-PROFILE, named by the
 * failsafe configuration in distrib/pom.xml), as Pax Exam options for Felix, in a fresh home.
 */
final class DistributionUnderTest {

    /**
     * A port in etc/*.cfg, as a {@code port = N} setting or in a URL: the harness replaces each port number with a
     * free one, the same number everywhere, so tests never collide with services on the machine.
     */
    static final String CORRUPT_JAR = "corrupt-bundle.jar";

    private DistributionUnderTest() {
    }

    /** The Pax Exam options that boot the distribution under test in a fresh home. */
    static Option[] options() throws IOException {
        Path distribution = Path.of(System.getProperty("edgeway.distribution")).toAbsolutePath();
        Path home = Files.createTempDirectory("edgeway-boot-" + System.getProperty("edgeway.profile") + "-");
        TestSupport.copyEtcWithFreePorts(distribution.resolve("etc"), home.resolve("etc"));
        Files.createDirectories(home.resolve("deploy"));
        Files.createDirectories(home.resolve("var"));
        // a jar that cannot be read: the gateway must log it and carry on
        Files.write(home.resolve("deploy").resolve(CORRUPT_JAR), "this is not a zip file".getBytes(StandardCharsets.UTF_8));

        List<Option> options = new ArrayList<>();
        Properties framework = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("etc/config.properties"))) {
            framework.load(in);
        }
        for (String key : framework.stringPropertyNames()) {
            String value = framework.getProperty(key).replace("${edgeway.home}", home.toString());
            options.add(frameworkProperty(key).value(value));
        }
        options.add(frameworkProperty("edgeway.home").value(home.toString()));
        options.add(frameworkProperty("edgeway.install").value(distribution.toString()));
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));

        Properties startLevels = new Properties();
        try (InputStream in = Files.newInputStream(distribution.resolve("bundle/startlevel.properties"))) {
            startLevels.load(in);
        }
        int defaultLevel = Integer.parseInt(startLevels.getProperty("edgeway.startlevel.default", "3"));
        try (Stream<Path> jars = Files.list(distribution.resolve("bundle"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                String symbolicName = symbolicName(jar);
                int level = Integer.parseInt(startLevels.getProperty(symbolicName, String.valueOf(defaultLevel)));
                options.add(bundle(jar.toUri().toString()).startLevel(level).start(!isFragment(jar)));
            }
        }
        options.add(junitBundles());
        options.add(frameworkStartLevel(5));
        options.add(cleanCaches(true));
        return options.toArray(new Option[0]);
    }

    private static String symbolicName(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            String name = file.getManifest().getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            return name == null ? "" : name.split(";")[0].trim();
        }
    }

    private static boolean isFragment(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue(Constants.FRAGMENT_HOST) != null;
        }
    }
}
