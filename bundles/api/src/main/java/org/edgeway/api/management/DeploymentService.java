package org.edgeway.api.management;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Installs, updates and uninstalls signed deployment packages (see {@code docs/deployment.md} for the format) and
 * reports on them; used by the runtime's DEPLOY-V2 cloud application and by local consoles; provided by the runtime.
 *
 * <p>One job runs at a time: a job is started asynchronously and reports every change of its status to the
 * listener given when it was started; a second job while one runs is refused with a {@link DeploymentException}.
 * An install or update that does not leave every bundle of the package active and its components satisfied within
 * the configured time is rolled back to the previous bundle set. A job interrupted by a restart is rolled back when
 * the gateway starts again and reported by {@link #lastJob()} with {@link JobStatus#recovered()} set.
 *
 */
@ProviderType
public interface DeploymentService {

    /**
     * Bundles that are never stopped remotely: the runtime core, the cloud connection, deployment itself, and the
     * component runtime and Configuration Admin they run on. Stopping any of them would cut the gateway off from the
     * cloud that asked.
     */
    Set<String> ESSENTIAL_BUNDLES = Set.of("org.edgeway.core", "org.edgeway.cloud", "org.edgeway.deploy",
            "org.apache.felix.scr", "org.apache.felix.configadmin");

    /**
     * Starts a job that downloads a package and, if {@link DeployRequest#install()}, installs it.
     *
     * @param request  what to download
     * @param listener receives every status change of the job, on the job's thread; must not block
     * @return the first status of the job
     * @throws DeploymentException if the request is invalid or another job runs
     */
    JobStatus deploy(DeployRequest request, Consumer<JobStatus> listener) throws DeploymentException;

    /**
     * Starts a job that installs a package downloaded before (with {@link DeployRequest#install()} false).
     *
     * @param name     the package name
     * @param version  the package version
     * @param jobId    the caller's job id, reported back in every status
     * @param owner    an opaque tag of the caller, reported back in every status (e.g. the requester)
     * @param listener receives every status change of the job
     * @return the first status of the job
     * @throws DeploymentException if no such package was downloaded or another job runs
     */
    JobStatus install(String name, String version, String jobId, String owner, Consumer<JobStatus> listener)
            throws DeploymentException;

    /**
     * Starts a job that installs a file given locally, such as an upload to a local console by its logged-in
     * administrator. The file is either a deployment package, verified exactly like a downloaded one (signature
     * against the trusted keys, every bundle's hash), or a single OSGi bundle jar, which is installed as a package of
     * its own named after the bundle's symbolic name and version, with signer {@code local:OWNER}: for a bundle jar
     * the authenticated local session is the trust. Either way the bundles are health-checked and rolled back like
     * every package, and stay installed across restarts. The job takes over the file (moves or deletes it).
     *
     * @param file     the file
     * @param jobId    the caller's job id, reported back in every status
     * @param owner    who asked (e.g. {@code web:admin}), reported back in every status
     * @param listener receives every status change of the job
     * @return the first status of the job
     * @throws DeploymentException {@link DeploymentException.Reason#INVALID} if the file is neither a package nor a
     *                             bundle, {@link DeploymentException.Reason#TOO_LARGE} if it is larger than the
     *                             gateway accepts, {@link DeploymentException.Reason#BUSY} if another job runs
     * @since 1.1
     */
    JobStatus installFile(Path file, String jobId, String owner, Consumer<JobStatus> listener)
            throws DeploymentException;

    /**
     * Starts a job that uninstalls a package and its bundles.
     *
     * @param name     the package name
     * @param jobId    the caller's job id
     * @param owner    an opaque tag of the caller
     * @param listener receives every status change of the job
     * @return the first status of the job
     * @throws DeploymentException if no such package is installed or another job runs
     */
    JobStatus uninstall(String name, String jobId, String owner, Consumer<JobStatus> listener)
            throws DeploymentException;

    /**
     * Cancels the running job if it is still downloading.
     *
     * @return true if a download was cancelled
     */
    boolean cancelDownload();

    /**
     * The job running now.
     *
     * @return its status, or empty when idle
     */
    Optional<JobStatus> currentJob();

    /**
     * The running job or else the last one that ended, also across a restart that interrupted it. Right after the
     * service started, waits (up to a minute) until the job a restart interrupted, if any, has been recovered.
     *
     * @return its status, or empty if there was none since the gateway started
     */
    Optional<JobStatus> lastJob();

    /**
     * The installed packages.
     *
     * @return the packages, by name
     */
    List<PackageInfo> packages();

    /**
     * Every bundle of the framework.
     *
     * @return the bundles, by id
     */
    List<BundleInfo> bundles();

    /**
     * Starts a bundle.
     *
     * @param bundleId the bundle id
     * @return the bundle afterwards
     * @throws DeploymentException if there is no such bundle or it cannot be started (the reason in the message)
     */
    BundleInfo startBundle(long bundleId) throws DeploymentException;

    /**
     * Stops a bundle.
     *
     * @param bundleId the bundle id
     * @return the bundle afterwards
     * @throws DeploymentException if there is no such bundle, it is the framework or it cannot be stopped
     */
    BundleInfo stopBundle(long bundleId) throws DeploymentException;
}
