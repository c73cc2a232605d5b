package org.edgeway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeLockTest {

    @TempDir
    Path temp;

    @Test
    void secondLockOnTheSameHomeMeansAlreadyRunning() throws Exception {
        InstanceHome home = new InstanceHome(temp, temp);
        home.ensureWritable();

        try (HomeLock first = HomeLock.acquire(home)) {
            assertThatThrownBy(() -> HomeLock.acquire(home))
                    .isInstanceOfSatisfying(LaunchException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                    .hasMessage("another gateway is already running with home '" + temp + "'");
        }
    }

    @Test
    void lockCanBeTakenAgainAfterRelease() throws Exception {
        InstanceHome home = new InstanceHome(temp, temp);
        home.ensureWritable();

        HomeLock.acquire(home).close();
        try (HomeLock again = HomeLock.acquire(home)) {
            assertThat(home.lockFile()).content().isEqualTo(ProcessHandle.current().pid() + "\n");
        }
    }
}
