package org.edgeway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartLevelsTest {

    @TempDir
    Path temp;

    @Test
    void levelsByNameWithDefault() throws Exception {
        Path file = Files.writeString(temp.resolve("startlevel.properties"), """
                # logging and configuration first
                edgeway.startlevel.default = 4
                org.ops4j.pax.logging.pax-logging-api = 1
                org.apache.felix.configadmin=2
                """);

        StartLevels levels = StartLevels.load(file);

        assertThat(levels.levelOf("org.ops4j.pax.logging.pax-logging-api")).isEqualTo(1);
        assertThat(levels.levelOf("org.apache.felix.configadmin")).isEqualTo(2);
        assertThat(levels.levelOf("org.edgeway.core")).isEqualTo(4);
        assertThat(levels.levelOf(null)).isEqualTo(4);
        assertThat(levels.highest()).isEqualTo(4);
    }

    @Test
    void defaultIsThree() throws Exception {
        Path file = Files.writeString(temp.resolve("startlevel.properties"), "late.bundle=10\n");

        StartLevels levels = StartLevels.load(file);

        assertThat(levels.levelOf("any")).isEqualTo(3);
        assertThat(levels.highest()).isEqualTo(10);
    }

    @Test
    void missingFileMeansDefaultsOnly() throws Exception {
        StartLevels levels = StartLevels.load(temp.resolve("absent.properties"));

        assertThat(levels.bySymbolicName()).isEmpty();
        assertThat(levels.levelOf("any")).isEqualTo(3);
        assertThat(levels.highest()).isEqualTo(3);
    }

    @Test
    void invalidLevelsAreReported() throws Exception {
        Path file = Files.writeString(temp.resolve("startlevel.properties"), "some.bundle=first\n");

        assertThatThrownBy(() -> StartLevels.load(file))
                .isInstanceOfSatisfying(LaunchException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage("invalid start level 'first' for 'some.bundle' in " + file + ": expected a number >= 1");

        Files.writeString(file, "edgeway.startlevel.default=0\n");
        assertThatThrownBy(() -> StartLevels.load(file)).hasMessageStartingWith("invalid start level '0'");
    }
}
