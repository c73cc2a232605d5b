package org.edgeway.fleet.internal.ops;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.edgeway.fleet.internal.store.FleetStore;
import org.edgeway.fleet.internal.store.Gateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the rollouts this console instance started: sends each stage's requests, follows the replies and
 * notifications of every job, times jobs out, and moves to the next stage or halts. Confined to one thread (the
 * operations' executor): no locks, and every change is written to {@link OpsStore} before the next stage starts.
 *
 * <p>A stage ends when every job in it has ended. Then the failures so far (FAILED and TIMED_OUT, over all stages)
 * are compared with the plan's maximum: more halts the rollout (its remaining jobs are CANCELLED, never sent);
 * otherwise the next stage starts, or the rollout is COMPLETED after the last. A gateway that is offline when its
 * stage starts is OFFLINE: not sent, not a failure. A canary stage whose gateways were all offline halts the rollout:
 * nothing was tried.
 *
 * <p>A deploy job succeeds when the gateway accepted the request (200), reported the installation COMPLETED or
 * ALREADY DONE, and then lists the package with every bundle running in its answer to {@code GET packages}: the
 * gateway has its own health check and rollback, and this confirms from outside that the version asked for runs.
 */
final class RolloutDriver {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutDriver.class);

    static final String CONF_APP = "CONF-V1";
    static final String DEPLOY_APP = "DEPLOY-V2";

    private final OpsStore store;
    private final FleetStore registry;
    private final GatewayTransport transport;
    private final Clock clock;
    private final OpsSettings settings;
    private final SecureRandom random = new SecureRandom();

    private final Map<Long, Run> runs = new LinkedHashMap<>();
    private final Map<String, Job> byRequest = new HashMap<>();
    private final Map<String, Job> byJobId = new HashMap<>();
    private Instant lastHeartbeat = Instant.MIN;
    private Instant lastSweep = Instant.MIN;

    /** A rollout this instance drives. */
    private static final class Run {
        final long id;
        final String account;
        final Operation operation;
        final List<List<String>> stages;
        final boolean canaryStage;
        final int maxFailures;
        final Duration timeout;
        final Map<String, Job> jobs = new LinkedHashMap<>();
        /** Jobs changed in memory and not yet stored (a database failure keeps them here for the next tick). */
        final Set<Job> unsaved = new LinkedHashSet<>();
        int current = -1;

        Run(long id, OpsStore.NewRollout plan) {
            this.id = id;
            this.account = plan.account();
            this.operation = plan.operation();
            this.stages = plan.stages();
            this.canaryStage = plan.canary() > 0;
            this.maxFailures = plan.maxFailures();
            this.timeout = plan.timeout();
        }
    }

    private static final class Job {
        final Run run;
        final String clientId;
        final int stage;
        JobState state = JobState.PENDING;
        String message;
        String actionRequestId;
        String jobId;
        Instant sent;
        Instant deadline;
        final List<String> requestIds = new ArrayList<>();
        boolean verifying;
        Instant verifySent;
        String progressKey;

        Job(Run run, String clientId, int stage) {
            this.run = run;
            this.clientId = clientId;
            this.stage = stage;
        }
    }

    RolloutDriver(OpsStore store, FleetStore registry, GatewayTransport transport, Clock clock, OpsSettings settings) {
        this.store = store;
        this.registry = registry;
        this.transport = transport;
        this.clock = clock;
        this.settings = settings;
    }

    private String owner() {
        return transport.requesterId();
    }

    // ---- lifecycle -----------------------------------------------------------------------------------------------

    /** At start: rollouts this instance drove before it restarted cannot be followed any more. */
    void recover() {
        List<Long> halted = store.haltOwned(owner(), "console restarted", clock.instant());
        if (!halted.isEmpty()) {
            LOG.warn("fleet operations: halted rollouts {} that this console ({}) drove before it restarted", halted,
                    owner());
        }
    }

    /** At close: halts what still runs here. */
    void stopAll(String reason) {
        if (runs.isEmpty()) {
            return;
        }
        List<Long> halted = store.haltOwned(owner(), reason, clock.instant());
        LOG.warn("fleet operations: halted running rollouts {}: {}", halted, reason);
        for (Run run : List.copyOf(runs.values())) {
            drop(run);
        }
    }

    /** Takes a rollout just stored and starts its first stage. */
    void adopt(long id, OpsStore.NewRollout plan) {
        Run run = new Run(id, plan);
        for (int stage = 0; stage < plan.stages().size(); stage++) {
            for (String client : plan.stages().get(stage)) {
                run.jobs.put(client, new Job(run, client, stage));
            }
        }
        runs.put(id, run);
        LOG.info("fleet operations: rollout {} ({}) started by {}: {} gateways in {} stages", id,
                plan.operation().summary(), plan.createdBy(), run.jobs.size(), plan.stages().size());
        advance(run);
    }

    /** Cancels a running rollout (this instance's or another's); false if it had ended. */
    boolean cancel(long id, String by) {
        Instant now = clock.instant();
        boolean cancelled = store.finish(id, RolloutState.CANCELLED, "cancelled by " + by,
                "not sent: cancelled by " + by,
                "cancelled by " + by + " while waiting for the gateway (it may still apply the request)", now);
        Run run = runs.get(id);
        if (run != null && cancelled) {
            LOG.info("fleet operations: rollout {} cancelled by {}", id, by);
            drop(run);
        }
        return cancelled;
    }

    // ---- stages --------------------------------------------------------------------------------------------------

    /**
     * Ends stages and starts the next ones for as long as the current stage has nothing in flight: all-offline
     * stages pass at once.
     */
    private void advance(Run run) {
        save(run);
        while (runs.containsKey(run.id)) {
            if (run.current < 0) {
                beginStage(run, 0);
                continue;
            }
            List<Job> stage = jobsOf(run, run.current);
            if (stage.stream().anyMatch(j -> j.state == JobState.PENDING)) {
                beginStage(run, run.current); // its start failed part way (the database): send the rest
                continue;
            }
            if (stage.stream().anyMatch(j -> !j.state.terminal())) {
                return;
            }
            List<Job> failed = run.jobs.values().stream().filter(j -> j.state.failure()).toList();
            boolean allOffline = stage.stream().allMatch(j -> j.state == JobState.OFFLINE);
            if (failed.size() > run.maxFailures) {
                halt(run, failed);
            } else if (run.canaryStage && run.current == 0 && allOffline) {
                finish(run, RolloutState.HALTED, "no canary gateway was online: nothing was tried; start the "
                        + "rollout again when they are, or name other canaries");
            } else if (run.current + 1 >= run.stages.size()) {
                Map<JobState, Long> counts = run.jobs.values().stream()
                        .collect(Collectors.groupingBy(j -> j.state, Collectors.counting()));
                finish(run, RolloutState.COMPLETED, counts.getOrDefault(JobState.SUCCEEDED, 0L) + " succeeded, "
                        + counts.getOrDefault(JobState.OFFLINE, 0L) + " offline (not sent), " + failed.size()
                        + " failed");
            } else {
                beginStage(run, run.current + 1);
            }
        }
    }

    private void halt(Run run, List<Job> failed) {
        String examples = failed.stream().limit(5).map(j -> j.clientId + ": " + j.state
                + (j.message == null ? "" : " (" + OpsCheck.shorten(j.message, 120) + ")"))
                .collect(Collectors.joining("; "));
        finish(run, RolloutState.HALTED, failed.size() + " failed (at most " + run.maxFailures + " allowed) by the "
                + "end of stage " + run.current + ": " + examples + (failed.size() > 5 ? "; ..." : ""));
    }

    private void finish(Run run, RolloutState state, String reason) {
        String ended = "the rollout " + state.name().toLowerCase(java.util.Locale.ROOT);
        store.finish(run.id, state, reason, "not sent: " + ended, ended + " while waiting for the gateway",
                clock.instant());
        LOG.info("fleet operations: rollout {} {}: {}", run.id, state, reason);
        drop(run);
    }

    private void beginStage(Run run, int stage) {
        Instant now = clock.instant();
        if (!store.startStage(run.id, stage, now)) {
            LOG.info("fleet operations: rollout {} ended elsewhere (cancelled); stopping it here", run.id);
            drop(run);
            return;
        }
        run.current = stage;
        List<Job> jobs = jobsOf(run, stage).stream().filter(j -> j.state == JobState.PENDING).toList();
        Map<String, Gateway> known = registry.gateways(run.account).stream()
                .collect(Collectors.toMap(Gateway::clientId, Function.identity()));
        for (Job job : jobs) {
            Gateway gateway = known.get(job.clientId);
            if (gateway == null || !gateway.online()) {
                change(job, JobState.OFFLINE, gateway == null ? "no longer in the registry: not sent"
                        : "offline when stage " + stage + " started: not sent"
                                + (gateway.lastSeen() == null ? "" : " (last seen " + gateway.lastSeen() + ")"));
            } else {
                sendAction(job, now);
            }
        }
        save(run);
    }

    private static List<Job> jobsOf(Run run, int stage) {
        return run.jobs.values().stream().filter(j -> j.stage == stage).toList();
    }

    // ---- requests ------------------------------------------------------------------------------------------------

    private void sendAction(Job job, Instant now) {
        String requestId = UUID.randomUUID().toString();
        GatewayTransport.Request request;
        Map<String, Object> metrics = new LinkedHashMap<>();
        Operation operation = job.run.operation;
        if (operation instanceof Operation.Configure configure) {
            metrics.put("format", "json");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("properties", configure.properties());
            request = new GatewayTransport.Request(job.clientId, CONF_APP, "PUT", "configurations/" + configure.pid(),
                    requestId, metrics, OpsStore.GSON.toJson(body).getBytes(StandardCharsets.UTF_8));
        } else if (operation instanceof Operation.Rollback rollback) {
            request = new GatewayTransport.Request(job.clientId, CONF_APP, "EXEC",
                    rollback.snapshot() == null ? "rollback" : "rollback/" + rollback.snapshot(), requestId, metrics,
                    null);
        } else if (operation instanceof Operation.Deploy deploy) {
            long jobId = random.nextLong() & Long.MAX_VALUE; // Kura's job.id is an INT64
            job.jobId = Long.toString(jobId);
            metrics.put("dp.uri", deploy.uri());
            metrics.put("dp.name", deploy.name());
            metrics.put("dp.version", deploy.version());
            metrics.put("job.id", jobId);
            metrics.put("dp.install", true);
            if (deploy.hash() != null) {
                metrics.put("dp.download.hash", deploy.hash());
            }
            request = new GatewayTransport.Request(job.clientId, DEPLOY_APP, "EXEC", "download", requestId, metrics,
                    null);
        } else {
            throw new IllegalStateException("unknown operation " + operation);
        }
        job.actionRequestId = requestId;
        job.sent = now;
        job.deadline = now.plus(job.run.timeout);
        try {
            transport.send(request);
        } catch (IllegalStateException e) {
            change(job, JobState.FAILED, "not sent: " + e.getMessage());
            return;
        }
        byRequest.put(requestId, job);
        job.requestIds.add(requestId);
        if (job.jobId != null) {
            byJobId.put(job.jobId, job);
        }
        change(job, JobState.SENT, null);
    }

    /** Asks a gateway that reported the installation for its package list. */
    private void sendVerify(Job job, Instant now) {
        String requestId = UUID.randomUUID().toString();
        job.verifySent = now;
        try {
            transport.send(new GatewayTransport.Request(job.clientId, DEPLOY_APP, "GET", "packages", requestId,
                    Map.of(), null));
        } catch (IllegalStateException e) {
            LOG.warn("fleet operations: asking {} for its packages failed (retried): {}", job.clientId,
                    e.getMessage());
            return;
        }
        byRequest.put(requestId, job);
        job.requestIds.add(requestId);
    }

    // ---- answers -------------------------------------------------------------------------------------------------

    void onReply(GatewayTransport.Reply reply) {
        Job job = byRequest.get(reply.requestId());
        if (job == null || job.state.terminal()) {
            LOG.debug("fleet operations: reply to an unknown or ended request {} ignored", reply.requestId());
            return;
        }
        boolean action = reply.requestId().equals(job.actionRequestId);
        String expectedApp = action && !(job.run.operation instanceof Operation.Deploy) ? CONF_APP : DEPLOY_APP;
        if (!reply.app().equals(expectedApp)) {
            LOG.warn("fleet operations: reply for the job of {} came as {} instead of {}: ignored", job.clientId,
                    OpsCheck.shorten(reply.app(), 40), expectedApp);
            return;
        }
        byRequest.remove(reply.requestId());
        String answer = "the gateway answered " + reply.code()
                + (reply.message() == null ? "" : ": " + OpsCheck.shorten(reply.message(), 800));
        if (!action) {
            verified(job, reply);
        } else if (reply.code() != 200) {
            change(job, JobState.FAILED, answer);
        } else if (job.run.operation instanceof Operation.Deploy) {
            if (job.state == JobState.SENT) {
                change(job, JobState.RUNNING, "accepted: downloading");
            }
        } else {
            change(job, JobState.SUCCEEDED, job.run.operation instanceof Operation.Rollback ? "rolled back"
                    : "applied");
        }
        advance(job.run);
    }

    private void verified(Job job, GatewayTransport.Reply reply) {
        Operation.Deploy deploy = (Operation.Deploy) job.run.operation;
        if (reply.code() != 200) {
            change(job, JobState.FAILED, "installed, but GET packages was answered " + reply.code()
                    + (reply.message() == null ? "" : ": " + OpsCheck.shorten(reply.message(), 600)));
            return;
        }
        Optional<String> problem;
        try {
            problem = PackageList.parse(reply.body()).problemWith(deploy.name(), deploy.version());
        } catch (IllegalArgumentException e) {
            problem = Optional.of("installed, but " + e.getMessage());
        }
        if (problem.isPresent()) {
            change(job, JobState.FAILED, problem.get());
        } else {
            change(job, JobState.SUCCEEDED, deploy.name() + " " + deploy.version() + " installed and running");
        }
    }

    void onNotification(GatewayTransport.Notification n) {
        Job job = byJobId.get(n.jobId());
        if (job == null || job.state.terminal()) {
            LOG.debug("fleet operations: notification for an unknown or ended job {} ignored", n.jobId());
            return;
        }
        if (!job.clientId.equals(n.clientId())) {
            LOG.warn("fleet operations: gateway {} sent a notification for the job {} of gateway {}: ignored",
                    OpsCheck.shorten(n.clientId(), 100), n.jobId(), job.clientId);
            return;
        }
        if (n.phase().equals("uninstall")) {
            return;
        }
        String error = n.message() == null ? "" : ": " + OpsCheck.shorten(n.message(), 800);
        switch (n.status()) {
            case "IN_PROGRESS" -> {
                String key = n.phase() + (n.progress() == null ? "" : " " + n.progress() / 10);
                if (!key.equals(job.progressKey) || job.state == JobState.SENT) {
                    job.progressKey = key;
                    change(job, JobState.RUNNING, n.phase() + (n.progress() == null ? "" : " " + n.progress() + " %"));
                }
            }
            case "COMPLETED" -> {
                if (n.phase().equals("download")) {
                    change(job, JobState.RUNNING, "downloaded; installing");
                } else {
                    verify(job, "installed; checking the package on the gateway");
                }
            }
            case "ALREADY DONE" -> verify(job, "already installed; checking the package on the gateway");
            case "FAILED" -> change(job, JobState.FAILED, n.phase() + " failed" + error);
            case "CANCELLED" -> change(job, JobState.FAILED, n.phase() + " cancelled on the gateway" + error);
            default -> LOG.warn("fleet operations: notification of {} with unknown status {} ignored", job.clientId,
                    OpsCheck.shorten(n.status(), 40));
        }
        advance(job.run);
    }

    private void verify(Job job, String message) {
        if (job.verifying) {
            return; // a repeated notification
        }
        job.verifying = true;
        change(job, JobState.RUNNING, message);
        sendVerify(job, clock.instant());
    }

    // ---- time ----------------------------------------------------------------------------------------------------

    /** Times jobs out, asks again for package lists, keeps the heartbeat, halts rollouts abandoned elsewhere. */
    void tick() {
        Instant now = clock.instant();
        if (!runs.isEmpty()) {
            for (Long ended : store.ended(runs.keySet())) {
                Run run = runs.get(ended);
                LOG.info("fleet operations: rollout {} was ended by another console; stopping it here", ended);
                drop(run);
            }
        }
        for (Run run : List.copyOf(runs.values())) {
            for (Job job : run.jobs.values()) {
                if (!job.state.inFlight()) {
                    continue;
                }
                if (!now.isBefore(job.deadline)) {
                    change(job, JobState.TIMED_OUT, "no final answer within " + run.timeout.toSeconds() + " s"
                            + (job.message == null ? "" : " (last: " + job.message + ")"));
                } else if (job.verifying && !now.isBefore(job.verifySent.plus(settings.verifyRetry()))) {
                    sendVerify(job, now);
                }
            }
            advance(run);
        }
        if (!now.isBefore(lastHeartbeat.plus(settings.heartbeat()))) {
            lastHeartbeat = now;
            store.heartbeat(runs.keySet(), now);
        }
        if (!now.isBefore(lastSweep.plus(settings.heartbeat()))) {
            lastSweep = now;
            List<Long> halted = store.haltStale(now.minus(settings.staleAfter()), now);
            if (!halted.isEmpty()) {
                LOG.warn("fleet operations: halted rollouts {}: the consoles that drove them stopped", halted);
            }
        }
    }

    // ---- bookkeeping ---------------------------------------------------------------------------------------------

    private void change(Job job, JobState state, String message) {
        job.state = state;
        job.message = message;
        job.run.unsaved.add(job);
        if (state.terminal()) {
            job.requestIds.forEach(byRequest::remove);
            if (job.jobId != null) {
                byJobId.remove(job.jobId);
            }
        }
    }

    /** Stores the run's changed jobs; a database failure leaves them for the next try (and throws). */
    private void save(Run run) {
        if (run.unsaved.isEmpty()) {
            return;
        }
        List<OpsStore.JobUpdate> updates = run.unsaved.stream().map(j -> new OpsStore.JobUpdate(j.clientId, j.state,
                j.message, j.actionRequestId, j.jobId, j.sent)).toList();
        store.updateJobs(run.id, updates, clock.instant());
        run.unsaved.clear();
    }

    private void drop(Run run) {
        runs.remove(run.id);
        for (Job job : run.jobs.values()) {
            job.requestIds.forEach(byRequest::remove);
            if (job.jobId != null) {
                byJobId.remove(job.jobId);
            }
        }
    }
}
