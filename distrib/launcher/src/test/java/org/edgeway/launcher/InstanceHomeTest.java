package org.edgeway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceHomeTest {

    @TempDir
    Path temp;

    @Test
    void homeOptionWinsOverEnvironmentWhichWinsOverInstall() {
        Path install = temp.resolve("install");
        Map<String, String> environment = Map.of("EDGEWAY_HOME", temp.resolve("env").toString());

        assertThat(InstanceHome.resolve(Optional.of(temp.resolve("option")), environment, install).dir())
                .isEqualTo(temp.resolve("option"));
        assertThat(InstanceHome.resolve(Optional.empty(), environment, install).dir()).isEqualTo(temp.resolve("env"));
        assertThat(InstanceHome.resolve(Optional.empty(), Map.of("EDGEWAY_HOME", ""), install).dir())
                .isEqualTo(install);
    }

    @Test
    void pathsAreAbsolute() {
        InstanceHome home = InstanceHome.resolve(Optional.of(Path.of("relative/home")), Map.of(), Path.of("inst"));

        assertThat(home.dir()).isEqualTo(Path.of("relative/home").toAbsolutePath());
        assertThat(home.install()).isEqualTo(Path.of("inst").toAbsolutePath());
    }

    @Test
    void installFromSystemProperty() {
        Properties system = new Properties();
        system.setProperty("edgeway.install", "/opt/edgeway");

        assertThat(InstanceHome.locateInstall(system)).isEqualTo(Path.of("/opt/edgeway"));
    }

    @Test
    void newHomeGetsDirectoriesAndACopyOfTheDefaultConfiguration() throws Exception {
        Path install = temp.resolve("install");
        Files.createDirectories(install.resolve("etc/sub"));
        Files.writeString(install.resolve("etc/config.properties"), "a=b\n");
        Files.writeString(install.resolve("etc/sub/x.cfg"), "k=v\n");
        InstanceHome home = new InstanceHome(temp.resolve("home"), install);

        home.ensureWritable();
        home.ensureConfiguration();

        assertThat(home.etc().resolve("config.properties")).hasContent("a=b");
        assertThat(home.etc().resolve("sub/x.cfg")).hasContent("k=v");
        assertThat(home.deploy()).isDirectory();
        for (String dir : new String[] {"cache", "config", "log", "data"}) {
            assertThat(home.var().resolve(dir)).isDirectory();
        }
        try (var files = Files.list(home.dir())) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .as("no staging or probe files left behind")
                    .containsExactlyInAnyOrder("etc", "deploy", "var");
        }
        try (var files = Files.list(home.var())) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("cache", "config", "log", "data");
        }
    }

    @Test
    void existingConfigurationIsKept() throws Exception {
        Path install = temp.resolve("install");
        Files.createDirectories(install.resolve("etc"));
        Files.writeString(install.resolve("etc/config.properties"), "default=1\n");
        InstanceHome home = new InstanceHome(temp.resolve("home"), install);
        Files.createDirectories(home.etc());
        Files.writeString(home.etc().resolve("config.properties"), "mine=1\n");

        home.ensureWritable();
        home.ensureConfiguration();

        assertThat(home.etc().resolve("config.properties")).hasContent("mine=1");
    }

    @Test
    void installWithoutEtcGivesAnEmptyEtc() throws Exception {
        InstanceHome home = new InstanceHome(temp.resolve("home"), temp.resolve("install"));

        home.ensureWritable();
        home.ensureConfiguration();

        assertThat(home.etc()).isEmptyDirectory();
    }

    @Test
    void homeThatCannotBeCreatedIsReported() throws Exception {
        // setWritable(false) does not stop root, but nobody can create a directory below a regular file
        Path file = Files.writeString(temp.resolve("file"), "");
        InstanceHome home = new InstanceHome(file.resolve("home"), temp);

        assertThatThrownBy(home::ensureWritable)
                .isInstanceOfSatisfying(LaunchException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageStartingWith("home directory '" + file.resolve("home") + "' is not writable: ")
                .hasMessageContaining("Not a directory");
    }

    @Test
    void homeThatIsAFileIsReported() throws Exception {
        Path file = Files.writeString(temp.resolve("file"), "");
        InstanceHome home = new InstanceHome(file, temp);

        assertThatThrownBy(home::ensureWritable)
                .hasMessageStartingWith("home directory '" + file + "' is not writable: ");
    }
}
