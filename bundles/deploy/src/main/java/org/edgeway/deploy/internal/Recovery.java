package org.edgeway.deploy.internal;

import org.edgeway.api.management.JobStatus;
import org.edgeway.deploy.internal.DeployStore.Journal;
import org.edgeway.deploy.internal.DeployStore.State;

/**
 * What a journal left by a crash means, given the committed state: the committed state is always what the gateway
 * is brought back to (the bundles are then made to match it), so a job either completed (its result was committed
 * before the crash) or failed and was rolled back. Never half-installed.
 */
final class Recovery {

    static final String DOWNLOAD = "DOWNLOAD";
    static final String INSTALL = "INSTALL";
    static final String UNINSTALL = "UNINSTALL";

    private Recovery() {
    }

    /** The final status to report for the interrupted job. */
    static JobStatus outcome(Journal journal, State committed) {
        boolean done;
        JobStatus.Phase phase;
        switch (journal.operation()) {
        case INSTALL -> {
            phase = JobStatus.Phase.INSTALL;
            done = committed.get(journal.name()).filter(p -> p.version().equals(journal.version())).isPresent();
        }
        case UNINSTALL -> {
            phase = JobStatus.Phase.UNINSTALL;
            done = committed.get(journal.name()).isEmpty();
        }
        default -> {
            phase = JobStatus.Phase.DOWNLOAD;
            done = false;
        }
        }
        if (done) {
            return new JobStatus(journal.jobId(), journal.owner(), phase, JobStatus.State.COMPLETED, journal.name(),
                    journal.version(), 100, 0, -1, null, true);
        }
        String message = "interrupted by a restart while " + journal.step() + "; "
                + switch (phase) {
                case DOWNLOAD -> "nothing was installed";
                case INSTALL -> "rolled back to the previous bundle set";
                case UNINSTALL -> "the package stays installed";
                };
        return new JobStatus(journal.jobId(), journal.owner(), phase, JobStatus.State.FAILED, journal.name(),
                journal.version(), 0, 0, -1, message, true);
    }
}
