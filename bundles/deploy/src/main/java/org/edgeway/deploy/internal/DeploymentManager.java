package org.edgeway.deploy.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.edgeway.api.management.BundleInfo;
import org.edgeway.api.management.DeployRequest;
import org.edgeway.api.management.DeploymentException;
import org.edgeway.api.management.DeploymentException.Reason;
import org.edgeway.api.management.DeploymentService;
import org.edgeway.api.management.JobStatus;
import org.edgeway.api.management.JobStatus.Phase;
import org.edgeway.api.management.JobStatus.State;
import org.edgeway.api.management.PackageInfo;
import org.edgeway.deploy.internal.DeployStore.InstalledBundle;
import org.edgeway.deploy.internal.DeployStore.InstalledPackage;
import org.edgeway.deploy.internal.DeployStore.Journal;
import org.edgeway.deploy.internal.FrameworkBundles.Desired;
import org.edgeway.deploy.internal.PackageVerifier.VerifiedBundle;
import org.edgeway.deploy.internal.PackageVerifier.VerifiedPackage;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DeploymentService}: one job at a time on its own thread, every step written to the journal before it is
 * taken, the committed state written only once the package's bundles are healthy. At activation it finishes what a
 * crash interrupted: the bundles are brought back to the committed state (rolling back an uncommitted install or
 * uninstall) and the interrupted job is reported by {@link #lastJob()} as recovered.
 */
@Component(service = DeploymentService.class, configurationPid = DeploymentManager.PID)
@Designate(ocd = DeployConfig.class)
public class DeploymentManager implements DeploymentService {

    static final String PID = "org.edgeway.deploy";

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentManager.class);

    private final BundleContext context;
    private final DeployConfig config;
    private final DeployStore store;
    private final FrameworkBundles bundles;
    private final PackageVerifier verifier;
    /** Made at the first download: building an HttpClient (and its TLS context) would cost every boot. */
    private Downloader downloader; // guarded by this
    private final ExecutorService jobs;
    private final Object lock = new Object();
    /** The running job; guarded by {@link #lock}. */
    private Job current;
    private volatile JobStatus last;
    private final java.util.concurrent.CountDownLatch recovered = new java.util.concurrent.CountDownLatch(1);

    @Activate
    public DeploymentManager(BundleContext context, @Reference ServiceComponentRuntime scr, DeployConfig config)
            throws IOException {
        this.context = context;
        this.config = config;
        String homeProperty = context.getProperty("edgeway.home");
        Path home = homeProperty != null ? Path.of(homeProperty) : context.getDataFile("").toPath();
        this.store = new DeployStore(home.resolve("var").resolve("deploy"));
        this.bundles = new FrameworkBundles(context, scr, startLevel(context.getProperty("felix.startlevel.bundle")));
        List<PublicKey> keys = trustedKeys(config, home);
        this.verifier = new PackageVerifier(keys, config.allow_unsigned(), config.max_package_bytes());
        if (config.allow_unsigned()) {
            LOG.warn("deployment: unsigned packages are allowed (allow.unsigned=true)");
        }
        LOG.info("deployment: {} trusted keys, packages in {}", keys.size(), store.root());
        this.jobs = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "edgeway-deploy-job");
            thread.setDaemon(true);
            return thread;
        });
        Job recovery = new Job("recovery", null, "recover", null, status -> { });
        current = recovery;
        jobs.execute(() -> recover(recovery));
    }

    private synchronized Downloader downloader() {
        if (downloader == null) {
            downloader = new Downloader(Downloader.newClient(Duration.ofSeconds(config.connect_timeout_s())));
        }
        return downloader;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        synchronized (lock) {
            if (current != null) {
                current.cancel.set(true);
            }
        }
        jobs.shutdownNow();
        // a job interrupted here keeps its journal and is rolled back at the next activation
        jobs.awaitTermination(15, TimeUnit.SECONDS);
    }

    private static int startLevel(String property) {
        try {
            return property == null ? 3 : Integer.parseInt(property.strip());
        } catch (NumberFormatException e) {
            return 3;
        }
    }

    private static List<PublicKey> trustedKeys(DeployConfig config, Path home) {
        List<PublicKey> keys = new ArrayList<>();
        String[] configured = config.trusted_keys() == null ? new String[0] : config.trusted_keys();
        for (int i = 0; i < configured.length; i++) {
            try {
                keys.addAll(Keys.parsePublicKeys(configured[i]));
            } catch (IllegalArgumentException e) {
                LOG.warn("deployment: trusted.keys value {} ignored: {}", i + 1, e.getMessage());
            }
        }
        if (config.trusted_keys_dir() != null && !config.trusted_keys_dir().isBlank()) {
            Path dir = home.resolve(config.trusted_keys_dir());
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pem")) {
                    for (Path file : files) {
                        try {
                            keys.addAll(Keys.parsePublicKeys(Files.readString(file, StandardCharsets.US_ASCII)));
                        } catch (IllegalArgumentException | IOException e) {
                            LOG.warn("deployment: trusted key file {} ignored: {}", file, e.getMessage());
                        }
                    }
                } catch (IOException e) {
                    LOG.warn("deployment: cannot list {}: {}", dir, e.getMessage());
                }
            }
        }
        return keys;
    }

    // ---- jobs ------------------------------------------------------------------------------------------------------

    /** A running job: reports its status to its listener and remembers it. */
    private final class Job {
        final String jobId;
        final String owner;
        final String name;
        final String version;
        final Consumer<JobStatus> listener;
        final AtomicBoolean cancel = new AtomicBoolean();
        volatile JobStatus status;
        private long lastProgressNanos;
        private int lastPercent = -1;

        Job(String jobId, String owner, String name, String version, Consumer<JobStatus> listener) {
            this.jobId = jobId;
            this.owner = owner;
            this.name = name;
            this.version = version;
            this.listener = listener;
        }

        void report(Phase phase, State state, int progress, String message) {
            report(new JobStatus(jobId, owner, phase, state, name, version, progress, 0, -1, message, false));
        }

        void report(JobStatus newStatus) {
            status = newStatus;
            last = newStatus;
            if (newStatus.state() == State.FAILED) {
                LOG.warn("deployment job {}: {} of {} {} failed: {}", jobId, newStatus.phase(), name, version,
                        newStatus.message());
            } else if (newStatus.state() != State.IN_PROGRESS) {
                LOG.info("deployment job {}: {} of {} {}: {}", jobId, newStatus.phase(), name, version,
                        newStatus.state());
            }
            try {
                listener.accept(newStatus);
            } catch (RuntimeException e) {
                LOG.warn("deployment job {}: a listener failed: {}", jobId, e.toString());
            }
        }

        /** Download progress, at most twice a second (and always at 100 %). */
        void downloaded(long bytes, long total) {
            int percent = total > 0 ? (int) Math.min(100, bytes * 100 / total) : 0;
            long now = System.nanoTime();
            if (percent != lastPercent && (now - lastProgressNanos > 500_000_000L || percent == 100)
                    || now - lastProgressNanos > 2_000_000_000L) {
                lastPercent = percent;
                lastProgressNanos = now;
                report(new JobStatus(jobId, owner, Phase.DOWNLOAD, State.IN_PROGRESS, name, version, percent, bytes,
                        total, null, false));
            }
        }
    }

    private Job begin(String jobId, String owner, String name, String version, Consumer<JobStatus> listener)
            throws DeploymentException {
        synchronized (lock) {
            if (current != null) {
                throw new DeploymentException(Reason.BUSY, current.jobId.equals("recovery")
                        ? "the gateway is still recovering an interrupted deployment job; try again in a moment"
                        : "another deployment job is running (job " + current.jobId + ": " + current.name + " "
                                + (current.version != null ? current.version : "") + "); only one runs at a time, "
                                + "try again when it has ended", null);
            }
            current = new Job(jobId, owner, name, version, listener);
            return current;
        }
    }

    private void end(Job job) {
        synchronized (lock) {
            if (current == job) {
                current = null;
            }
        }
    }

    private static String safe(String what, String value) throws DeploymentException {
        try {
            return PackageFormat.requireSafe(what, value);
        } catch (IllegalArgumentException e) {
            throw new DeploymentException(Reason.INVALID, e.getMessage(), e);
        }
    }

    @Override
    public JobStatus deploy(DeployRequest request, Consumer<JobStatus> listener) throws DeploymentException {
        safe("dp.name", request.name());
        safe("dp.version", request.version());
        String scheme = String.valueOf(request.uri().getScheme()).toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new DeploymentException(Reason.INVALID, "dp.uri must be an http or https URL, was " + request.uri(),
                    null);
        }
        if (request.hash() != null) {
            try {
                Hashes.digestOf(request.hash());
            } catch (IllegalArgumentException e) {
                throw new DeploymentException(Reason.INVALID, e.getMessage(), e);
            }
        }
        Job job = begin(request.jobId(), request.owner(), request.name(), request.version(), listener);
        job.report(Phase.DOWNLOAD, State.IN_PROGRESS, 0, null);
        submit(job, () -> runDeploy(job, request));
        return job.status;
    }

    @Override
    public JobStatus install(String name, String version, String jobId, String owner, Consumer<JobStatus> listener)
            throws DeploymentException {
        Path file = store.downloads().resolve(safe("dp.name", name) + "-" + safe("dp.version", version) + ".zip");
        if (!Files.exists(file)) {
            throw new DeploymentException(Reason.NOT_FOUND, "package " + name + " " + version
                    + " was not downloaded; download it first (EXEC download with dp.install=false)", null);
        }
        Job job = begin(jobId, owner, name, version, listener);
        job.report(Phase.INSTALL, State.IN_PROGRESS, 0, null);
        submit(job, () -> runInstall(job, file, verifier::verify));
        return job.status;
    }

    @Override
    public JobStatus installFile(Path file, String jobId, String owner, Consumer<JobStatus> listener)
            throws DeploymentException {
        Objects.requireNonNull(jobId, "jobId");
        LocalFile local;
        try {
            long size = Files.size(file);
            if (size > config.max_package_bytes()) {
                throw new DeploymentException(Reason.TOO_LARGE, "the file is " + size + " bytes, more than the "
                        + "limit of " + config.max_package_bytes() + " bytes (max.package.bytes)", null);
            }
            local = LocalFile.inspect(file);
        } catch (PackageException e) {
            throw new DeploymentException(Reason.INVALID, e.getMessage(), e);
        } catch (IOException e) {
            throw new DeploymentException(Reason.INVALID, "cannot read the file: " + FrameworkBundles.reason(e), e);
        }
        safe("the package name", local.name());
        safe("the package version", local.version());
        Job job = begin(jobId, owner, local.name(), local.version(), listener);
        Path stored = store.downloads().resolve(local.name() + "-" + local.version()
                + (local.bundle() ? ".jar" : ".zip"));
        try {
            Files.createDirectories(stored.getParent());
            Files.move(file, stored, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            end(job);
            throw new DeploymentException(Reason.REFUSED, "cannot store the file: " + FrameworkBundles.reason(e), e);
        }
        job.report(Phase.INSTALL, State.IN_PROGRESS, 0, null);
        String signer = "local:" + (owner == null ? "console" : owner);
        submit(job, () -> runInstall(job, stored, local.bundle()
                ? (jar, staging) -> verifier.verifyLocalBundle(jar, staging, signer)
                : verifier::verify));
        return job.status;
    }

    @Override
    public JobStatus uninstall(String name, String jobId, String owner, Consumer<JobStatus> listener)
            throws DeploymentException {
        safe("dp.name", name);
        Optional<InstalledPackage> installed;
        try {
            installed = store.state().get(name);
        } catch (IOException e) {
            throw new DeploymentException("cannot read the installed packages: " + e.getMessage(), e);
        }
        if (installed.isEmpty()) {
            throw new DeploymentException(Reason.NOT_FOUND, "no package '" + name + "' is installed", null);
        }
        Job job = begin(jobId, owner, name, installed.get().version(), listener);
        job.report(Phase.UNINSTALL, State.IN_PROGRESS, 0, null);
        submit(job, () -> runUninstall(job));
        return job.status;
    }

    private interface Step {
        void run() throws Exception;
    }

    private void submit(Job job, Step step) throws DeploymentException {
        try {
            jobs.execute(() -> {
                try {
                    step.run();
                } catch (InterruptedException e) {
                    // the gateway stops: the journal stays and the next start rolls the job back
                    job.report(job.status.phase(), State.FAILED, 0, "interrupted: the deployment service stopped");
                } catch (Exception | LinkageError e) {
                    LOG.error("deployment job {} failed unexpectedly", job.jobId, e);
                    try {
                        rollBackAfterError(job);
                    } finally {
                        job.report(job.status.phase(), State.FAILED, 0, "unexpected error: " + FrameworkBundles.reason(e)
                                + "; rolled back to the previous bundle set");
                    }
                } finally {
                    end(job);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            end(job);
            throw new DeploymentException("the deployment service is stopping");
        }
    }

    private void rollBackAfterError(Job job) {
        try {
            bundles.reconcile(desired(store.state()));
            store.clearJournal();
        } catch (Exception e) {
            LOG.error("deployment job {}: rollback failed; it is retried at the next start", job.jobId, e);
        }
    }

    private void runDeploy(Job job, DeployRequest request) throws Exception {
        if (isInstalled(job.name, job.version)) {
            job.report(Phase.DOWNLOAD, State.ALREADY_DONE, 100, null);
            return;
        }
        Path part = store.downloads().resolve(job.name + "-" + job.version + ".part");
        Path file = store.downloads().resolve(job.name + "-" + job.version + ".zip");
        Journal journal = new Journal(job.jobId, job.owner, Recovery.DOWNLOAD, job.name, job.version, "", List.of())
                .next("downloading " + redacted(request.uri()));
        store.writeJournal(journal);
        Duration timeout = request.timeout() != null ? request.timeout() : Duration.ofMillis(config.download_timeout_ms());
        try {
            downloader().download(request.uri(), part, request.resume(), timeout, config.max_package_bytes(),
                    job::downloaded, job.cancel);
            if (request.hash() != null) {
                Hashes.verify(part, request.hash());
            }
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (Downloader.CancelledException e) {
            store.clearJournal();
            job.report(Phase.DOWNLOAD, State.CANCELLED, 0, "download cancelled");
            return;
        } catch (PackageException e) {
            Files.deleteIfExists(part);
            store.clearJournal();
            job.report(Phase.DOWNLOAD, State.FAILED, 0, e.getMessage());
            return;
        } catch (IOException | IllegalArgumentException e) {
            if (!request.resume()) {
                Files.deleteIfExists(part);
            }
            store.clearJournal();
            job.report(Phase.DOWNLOAD, State.FAILED, 0, "download from " + redacted(request.uri()) + " failed: "
                    + FrameworkBundles.reason(e));
            return;
        }
        job.report(new JobStatus(job.jobId, job.owner, Phase.DOWNLOAD, State.COMPLETED, job.name, job.version, 100,
                Files.size(file), Files.size(file), null, false));
        if (!request.install()) {
            store.clearJournal();
            return;
        }
        runInstall(job, file, verifier::verify);
    }

    private static String redacted(URI uri) {
        // credentials in the URL must not reach logs or notifications
        return uri.getRawUserInfo() == null ? uri.toString() : uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
    }

    private boolean isInstalled(String name, String version) throws IOException {
        return store.state().get(name).filter(p -> p.version().equals(version)).isPresent();
    }

    /** How a job checks its file and unpacks its bundles into a staging directory. */
    private interface Verification {
        VerifiedPackage verify(Path file, Path staging) throws PackageException, IOException;
    }

    private void runInstall(Job job, Path file, Verification verification) throws Exception {
        DeployStore.State committed = store.state();
        if (isInstalled(job.name, job.version)) {
            job.report(Phase.INSTALL, State.ALREADY_DONE, 100, null);
            Files.deleteIfExists(file);
            store.clearJournal();
            return;
        }
        Journal journal = new Journal(job.jobId, job.owner, Recovery.INSTALL, job.name, job.version, "", List.of())
                .next("verifying the package");
        store.writeJournal(journal);
        job.report(Phase.INSTALL, State.IN_PROGRESS, 10, null);
        Path staging = store.staging().resolve("job");
        DeployStore.deleteTree(staging);
        VerifiedPackage verified;
        try {
            verified = verification.verify(file, staging);
            requireMatches(verified, job);
            requireNoConflicts(verified);
        } catch (PackageException e) {
            DeployStore.deleteTree(staging);
            Files.deleteIfExists(file);
            store.clearJournal();
            job.report(Phase.INSTALL, State.FAILED, 0, "package " + job.name + " " + job.version + " refused: "
                    + e.getMessage());
            return;
        }
        Path dir = store.packageDir(job.name, job.version);
        DeployStore.deleteTree(dir);
        Files.createDirectories(dir.getParent());
        Files.move(staging, dir);
        List<InstalledBundle> installedBundles = new ArrayList<>();
        for (VerifiedBundle bundle : verified.bundles()) {
            installedBundles.add(new InstalledBundle(bundle.symbolicName(), bundle.version(), bundle.fragment(),
                    store.root().relativize(dir.resolve(bundle.file().getFileName())).toString()));
        }
        InstalledPackage installed = new InstalledPackage(job.name, job.version, verified.signer(), installedBundles);
        DeployStore.State target = committed.with(installed);
        List<String> locations = installedBundles.stream()
                .map(b -> FrameworkBundles.location(job.name, job.version, b.symbolicName())).toList();

        journal = journal.next("installing the bundles");
        store.writeJournal(journal);
        job.report(Phase.INSTALL, State.IN_PROGRESS, 40, null);
        Map<String, String> problems = bundles.reconcile(desired(target));
        Optional<String> failure = locations.stream().filter(problems::containsKey).map(problems::get).findFirst();
        if (failure.isEmpty()) {
            journal = journal.next("checking the health of the bundles");
            store.writeJournal(journal);
            job.report(Phase.INSTALL, State.IN_PROGRESS, 60, null);
            failure = bundles.awaitHealthy(locations, Duration.ofSeconds(config.health_timeout_s()));
        }
        if (failure.isPresent()) {
            journal = journal.next("rolling back: " + failure.get());
            store.writeJournal(journal);
            job.report(Phase.INSTALL, State.IN_PROGRESS, 80, null);
            bundles.reconcile(desired(committed));
            DeployStore.deleteTree(dir);
            Files.deleteIfExists(file);
            store.clearJournal();
            job.report(Phase.INSTALL, State.FAILED, 0, failure.get() + "; rolled back to the previous bundle set");
            return;
        }
        store.writeState(target); // the commit point
        store.clearJournal();
        Optional<InstalledPackage> previous = committed.get(job.name);
        if (previous.isPresent()) {
            DeployStore.deleteTree(store.packageDir(job.name, previous.get().version()));
        }
        Files.deleteIfExists(file);
        job.report(Phase.INSTALL, State.COMPLETED, 100, null);
    }

    private static void requireMatches(VerifiedPackage verified, Job job) throws PackageException {
        if (!verified.name().equals(job.name) || !verified.version().equals(job.version)) {
            throw new PackageException("the package is " + verified.name() + " " + verified.version()
                    + ", not the requested " + job.name + " " + job.version);
        }
    }

    /** A package may not bring a bundle that the distribution or another package already has. */
    private void requireNoConflicts(VerifiedPackage verified) throws PackageException {
        String ours = FrameworkBundles.LOCATION_PREFIX + verified.name() + "/";
        for (VerifiedBundle bundle : verified.bundles()) {
            for (Bundle existing : context.getBundles()) {
                if (bundle.symbolicName().equals(existing.getSymbolicName()) && !existing.getLocation().startsWith(ours)) {
                    throw new PackageException("bundle " + bundle.symbolicName() + " is already installed from "
                            + existing.getLocation() + "; a package cannot replace a bundle of the distribution or "
                            + "of another package");
                }
            }
        }
    }

    private void runUninstall(Job job) throws Exception {
        DeployStore.State committed = store.state();
        Journal journal = new Journal(job.jobId, job.owner, Recovery.UNINSTALL, job.name, job.version, "", List.of())
                .next("uninstalling the bundles");
        store.writeJournal(journal);
        DeployStore.State target = committed.without(job.name);
        job.report(Phase.UNINSTALL, State.IN_PROGRESS, 50, null);
        bundles.reconcile(desired(target));
        store.writeState(target);
        store.clearJournal();
        DeployStore.deleteTree(store.root().resolve("packages").resolve(job.name));
        job.report(Phase.UNINSTALL, State.COMPLETED, 100, null);
    }

    private List<Desired> desired(DeployStore.State state) {
        List<Desired> desired = new ArrayList<>();
        for (InstalledPackage p : state.packages()) {
            for (InstalledBundle b : p.bundles()) {
                desired.add(new Desired(FrameworkBundles.location(p.name(), p.version(), b.symbolicName()),
                        store.root().resolve(b.file())));
            }
        }
        return desired;
    }

    /** At activation: back to the committed state, and the interrupted job (if any) reported as recovered. */
    private void recover(Job recovery) {
        try {
            DeployStore.State committed = store.state();
            Optional<Journal> journal = store.journal();
            Map<String, String> problems = bundles.reconcile(desired(committed));
            problems.forEach((location, problem) -> LOG.warn("deployment: installed package bundle {}: {}", location,
                    problem));
            if (journal.isPresent()) {
                JobStatus outcome = Recovery.outcome(journal.get(), committed);
                last = outcome;
                if (outcome.state() == State.FAILED) {
                    LOG.warn("deployment job {} ({} of {} {}) {}", outcome.jobId(), journal.get().operation(),
                            outcome.name(), outcome.version(), outcome.message());
                } else {
                    LOG.info("deployment job {} ({} of {} {}) had completed before the restart", outcome.jobId(),
                            journal.get().operation(), outcome.name(), outcome.version());
                }
                store.clearJournal();
            }
            pruneFiles(committed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.error("deployment: recovery at start failed; it is retried at the next start", e);
        } finally {
            end(recovery);
            recovered.countDown();
        }
    }

    /** Removes unpacked package versions that are not committed, and the staging area. */
    private void pruneFiles(DeployStore.State committed) throws IOException {
        DeployStore.deleteTree(store.staging());
        Files.createDirectories(store.staging());
        try (DirectoryStream<Path> names = Files.newDirectoryStream(store.root().resolve("packages"))) {
            for (Path name : names) {
                try (DirectoryStream<Path> versions = Files.newDirectoryStream(name)) {
                    for (Path version : versions) {
                        boolean keep = committed.get(name.getFileName().toString())
                                .filter(p -> p.version().equals(version.getFileName().toString())).isPresent();
                        if (!keep) {
                            DeployStore.deleteTree(version);
                        }
                    }
                }
                if (committed.get(name.getFileName().toString()).isEmpty()) {
                    DeployStore.deleteTree(name);
                }
            }
        }
    }

    @Override
    public boolean cancelDownload() {
        synchronized (lock) {
            if (current != null && current.status != null && current.status.phase() == Phase.DOWNLOAD
                    && current.status.state() == State.IN_PROGRESS) {
                current.cancel.set(true);
                return true;
            }
            return false;
        }
    }

    @Override
    public Optional<JobStatus> currentJob() {
        synchronized (lock) {
            return current == null || current.jobId.equals("recovery") ? Optional.empty()
                    : Optional.ofNullable(current.status);
        }
    }

    @Override
    public Optional<JobStatus> lastJob() {
        try {
            recovered.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.ofNullable(last);
    }

    @Override
    public List<PackageInfo> packages() {
        List<PackageInfo> packages = new ArrayList<>();
        try {
            for (InstalledPackage p : store.state().packages()) {
                List<BundleInfo> bundleInfos = new ArrayList<>();
                for (InstalledBundle b : p.bundles()) {
                    Bundle bundle = context.getBundle(FrameworkBundles.location(p.name(), p.version(), b.symbolicName()));
                    bundleInfos.add(bundle != null ? info(bundle)
                            : new BundleInfo(-1, b.symbolicName(), b.version(), "UNINSTALLED"));
                }
                packages.add(new PackageInfo(p.name(), p.version(), p.signer(), bundleInfos));
            }
        } catch (IOException e) {
            LOG.warn("deployment: cannot read the installed packages: {}", e.getMessage());
        }
        return packages;
    }

    @Override
    public List<BundleInfo> bundles() {
        return Arrays.stream(context.getBundles()).map(DeploymentManager::info).toList();
    }

    private static BundleInfo info(Bundle bundle) {
        return new BundleInfo(bundle.getBundleId(), String.valueOf(bundle.getSymbolicName()),
                bundle.getVersion().toString(), FrameworkBundles.stateName(bundle.getState()));
    }

    @Override
    public BundleInfo startBundle(long bundleId) throws DeploymentException {
        Bundle bundle = bundle(bundleId);
        try {
            bundle.start();
        } catch (BundleException | IllegalStateException e) {
            throw new DeploymentException("bundle " + bundleId + " (" + bundle.getSymbolicName() + ") does not start: "
                    + FrameworkBundles.reason(e), e);
        }
        return info(bundle);
    }

    @Override
    public BundleInfo stopBundle(long bundleId) throws DeploymentException {
        Bundle bundle = bundle(bundleId);
        if (bundleId == 0 || bundle.equals(context.getBundle())
                || ESSENTIAL_BUNDLES.contains(bundle.getSymbolicName())) {
            throw new DeploymentException("bundle " + bundleId + " (" + bundle.getSymbolicName()
                    + ") cannot be stopped remotely: the gateway needs it to stay reachable");
        }
        try {
            bundle.stop();
        } catch (BundleException | IllegalStateException e) {
            throw new DeploymentException("bundle " + bundleId + " (" + bundle.getSymbolicName() + ") does not stop: "
                    + FrameworkBundles.reason(e), e);
        }
        return info(bundle);
    }

    private Bundle bundle(long bundleId) throws DeploymentException {
        Bundle bundle = context.getBundle(bundleId);
        if (bundle == null) {
            throw new DeploymentException(Reason.NOT_FOUND, "no bundle with id " + bundleId, null);
        }
        return bundle;
    }
}
