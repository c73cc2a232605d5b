package org.edgeway.api.management;

/**
 * The state of a deployment job at one moment.
 *
 * @param jobId     the caller's job id
 * @param owner     the caller's tag, may be null
 * @param phase     what the job is doing or did last
 * @param state     how that phase stands
 * @param name      the package name
 * @param version   the package version, may be null for an uninstall
 * @param progress  0 to 100 within the phase
 * @param bytes     bytes downloaded so far (download phase), else 0
 * @param size      the download's size if known, else -1
 * @param message   why the job failed or was cancelled, null otherwise
 * @param recovered whether the job was interrupted by a restart and ended when the gateway started again
 */
public record JobStatus(String jobId, String owner, Phase phase, State state, String name, String version,
        int progress, long bytes, long size, String message, boolean recovered) {

    /** The phases of a job: a deploy job downloads and then installs; an uninstall job only uninstalls. */
    public enum Phase {
        /** Downloading the package file. */
        DOWNLOAD,
        /** Verifying, installing and checking the package's bundles, or rolling back. */
        INSTALL,
        /** Uninstalling the package's bundles. */
        UNINSTALL
    }

    /** Kura's status values ({@code ALREADY_DONE} is sent as {@code ALREADY DONE}). */
    public enum State {
        /** The phase runs. */
        IN_PROGRESS,
        /** The phase succeeded. */
        COMPLETED,
        /** The phase failed; {@link JobStatus#message()} says why. Anything changed was rolled back. */
        FAILED,
        /** Nothing to do: the package version is already installed (or, for an uninstall, absent). */
        ALREADY_DONE,
        /** The download was cancelled. */
        CANCELLED
    }

}
