package org.edgeway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameworkPropertiesTest {

    @TempDir
    Path temp;

    private InstanceHome home;
    private final Properties system = new Properties();

    @BeforeEach
    void createHome() throws Exception {
        home = new InstanceHome(temp.resolve("home"), temp.resolve("install"));
        Files.createDirectories(home.etc());
    }

    @Test
    void substitutesHomeInstallAndSystemProperties() {
        system.setProperty("user.name", "gw");

        assertThat(FrameworkProperties.substitute("${edgeway.home}/var and ${edgeway.install}/etc for ${user.name}",
                home, system))
                .isEqualTo(home.dir() + "/var and " + home.install() + "/etc for gw");
    }

    @Test
    void leavesUnknownAndUnfinishedVariablesAlone() {
        assertThat(FrameworkProperties.substitute("${nope} ${edgeway.home", home, system))
                .isEqualTo("${nope} ${edgeway.home");
    }

    @Test
    void replacementsAreTakenLiterally() {
        system.setProperty("odd", "$1\\x");

        assertThat(FrameworkProperties.substitute("<${odd}>", home, system)).isEqualTo("<$1\\x>");
    }

    @Test
    void fileValuesAreSubstituted() throws Exception {
        Files.writeString(home.configProperties(), "felix.fileinstall.dir=${edgeway.home}/deploy\nplain=1\n");

        Map<String, String> properties = FrameworkProperties.build(home, system, true, 3);

        assertThat(properties)
                .containsEntry("felix.fileinstall.dir", home.dir() + "/deploy")
                .containsEntry("plain", "1");
    }

    @Test
    void homeDerivedValuesAreForced() throws Exception {
        Files.writeString(home.configProperties(),
                "org.osgi.framework.storage=/elsewhere\nedgeway.home=/elsewhere\n");
        system.setProperty("org.osgi.framework.storage", "/other");

        Map<String, String> properties = FrameworkProperties.build(home, system, true, 3);

        assertThat(properties)
                .containsEntry("org.osgi.framework.storage", home.cache().toString())
                .containsEntry("edgeway.home", home.dir().toString())
                .containsEntry("edgeway.install", home.install().toString());
    }

    @Test
    void systemPropertiesInFrameworkNamespacesOverrideTheFile() throws Exception {
        Files.writeString(home.configProperties(), "felix.log.level=1\nedgeway.profile=depot\nother=file\n");
        system.setProperty("felix.log.level", "4");
        system.setProperty("edgeway.profile", "vehicle");
        system.setProperty("gosh.home", "/g");
        system.setProperty("org.ops4j.pax.logging.DefaultServiceLog.level", "WARN");
        system.setProperty("org.osgi.service.http.port", "8081");
        system.setProperty("other", "system");
        system.setProperty("java.home", "/jdk");

        Map<String, String> properties = FrameworkProperties.build(home, system, true, 3);

        assertThat(properties)
                .containsEntry("felix.log.level", "4")
                .containsEntry("edgeway.profile", "vehicle")
                .containsEntry("gosh.home", "/g")
                .containsEntry("org.ops4j.pax.logging.DefaultServiceLog.level", "WARN")
                .containsEntry("org.osgi.service.http.port", "8081")
                .containsEntry("other", "file")
                .doesNotContainKey("java.home");
    }

    @Test
    void defaultsForWhatTheFileLeavesOpen() throws Exception {
        Map<String, String> properties = FrameworkProperties.build(home, system, true, 5);

        assertThat(properties)
                .containsEntry("org.osgi.framework.startlevel.beginning", "5")
                .containsEntry("felix.cm.dir", home.configStore().toString())
                .doesNotContainKey("gosh.args");
    }

    @Test
    void fileWinsOverDefaults() throws Exception {
        Files.writeString(home.configProperties(), "org.osgi.framework.startlevel.beginning=20\nfelix.cm.dir=/cm\n");

        assertThat(FrameworkProperties.build(home, system, true, 5))
                .containsEntry("org.osgi.framework.startlevel.beginning", "20")
                .containsEntry("felix.cm.dir", "/cm");
    }

    @Test
    void gogoIsNotInteractiveWithoutConsole() throws Exception {
        assertThat(FrameworkProperties.build(home, system, false, 3)).containsEntry("gosh.args", "--nointeractive");

        system.setProperty("gosh.args", "--noshutdown");
        assertThat(FrameworkProperties.build(home, system, false, 3)).containsEntry("gosh.args", "--noshutdown");
    }

    @Test
    void missingFileMeansNoFileProperties() throws Exception {
        assertThat(FrameworkProperties.build(home, system, true, 3))
                .containsOnlyKeys("org.osgi.framework.storage", "edgeway.home", "edgeway.install",
                        "org.osgi.framework.startlevel.beginning", "felix.cm.dir");
    }

    @Test
    void unreadableFileIsReported() throws Exception {
        Files.writeString(home.configProperties(), "bad=\\u12\n");

        assertThatThrownBy(() -> FrameworkProperties.build(home, system, true, 3))
                .isInstanceOfSatisfying(LaunchException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageStartingWith("cannot read " + home.configProperties() + ": ");
    }
}
