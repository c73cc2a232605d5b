package org.edgeway.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.edgeway.api.management.JobStatus;
import org.edgeway.deploy.internal.DeployStore.InstalledBundle;
import org.edgeway.deploy.internal.DeployStore.InstalledPackage;
import org.edgeway.deploy.internal.DeployStore.Journal;
import org.edgeway.deploy.internal.DeployStore.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryTest {

    @TempDir
    Path dir;

    private static InstalledPackage pkg(String name, String version) {
        return new InstalledPackage(name, version, "unsigned",
                List.of(new InstalledBundle("org.example." + name, version, false, "packages/x.jar")));
    }

    private static Journal journal(String operation, String version) {
        return new Journal("17", "DEPLOY-V2/console", operation, "meters", version, "", List.of())
                .next("installing the bundles");
    }

    @Test
    void anUncommittedInstallIsRolledBackAndACommittedOneCompleted() {
        State before = new State(List.of(pkg("meters", "1.0.0")));
        JobStatus failed = Recovery.outcome(journal(Recovery.INSTALL, "2.0.0"), before);
        assertThat(failed.state()).isEqualTo(JobStatus.State.FAILED);
        assertThat(failed.recovered()).isTrue();
        assertThat(failed.jobId()).isEqualTo("17");
        assertThat(failed.message()).contains("interrupted by a restart while installing the bundles")
                .contains("rolled back to the previous bundle set");
        JobStatus completed = Recovery.outcome(journal(Recovery.INSTALL, "2.0.0"), before.with(pkg("meters", "2.0.0")));
        assertThat(completed.state()).isEqualTo(JobStatus.State.COMPLETED);
    }

    @Test
    void uninstallsAndDownloadsAreJudgedByTheCommittedState() {
        State installed = new State(List.of(pkg("meters", "1.0.0")));
        assertThat(Recovery.outcome(journal(Recovery.UNINSTALL, "1.0.0"), installed).state())
                .isEqualTo(JobStatus.State.FAILED);
        assertThat(Recovery.outcome(journal(Recovery.UNINSTALL, "1.0.0"), installed.without("meters")).state())
                .isEqualTo(JobStatus.State.COMPLETED);
        JobStatus download = Recovery.outcome(journal(Recovery.DOWNLOAD, "2.0.0"), installed);
        assertThat(download.phase()).isEqualTo(JobStatus.Phase.DOWNLOAD);
        assertThat(download.message()).contains("nothing was installed");
    }

    @Test
    void stateAndJournalAreWrittenAtomicallyAndSurviveReopening() throws Exception {
        DeployStore store = new DeployStore(dir.resolve("deploy"));
        assertThat(store.state().packages()).isEmpty();
        assertThat(store.journal()).isEmpty();
        store.writeState(new State(List.of(pkg("meters", "1.0.0"))));
        store.writeJournal(journal(Recovery.INSTALL, "2.0.0"));
        DeployStore reopened = new DeployStore(dir.resolve("deploy"));
        assertThat(reopened.state().get("meters")).map(InstalledPackage::version).contains("1.0.0");
        assertThat(reopened.journal()).map(Journal::step).contains("installing the bundles");
        assertThat(reopened.journal().get().steps()).hasSize(1);
        try (var files = Files.list(dir.resolve("deploy"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        reopened.clearJournal();
        assertThat(store.journal()).isEmpty();
        Files.writeString(dir.resolve("deploy/state.json"), "{ broken");
        org.assertj.core.api.Assertions.assertThatThrownBy(store::state).hasMessageContaining("corrupt");
    }
}
