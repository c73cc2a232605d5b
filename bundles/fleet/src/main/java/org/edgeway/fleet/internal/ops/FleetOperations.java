package org.edgeway.fleet.internal.ops;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.edgeway.fleet.internal.store.FleetDatabase;
import org.edgeway.fleet.internal.store.FleetStore;
import org.edgeway.fleet.internal.store.Gateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fleet operations for the REST layer: configuration changes, package deployments and configuration rollbacks sent
 * to gateways as staged rollouts (a canary stage, then batches while the failures stay within the plan's maximum),
 * and the groups of gateways they target. Rollouts, jobs and groups live in the fleet database, so every console
 * instance shows them; the instance that started a rollout drives it, over its own MQTT requester connection.
 *
 * <p>Input errors are {@link InvalidInput}s (an IllegalArgumentException) naming the field; a database failure is a
 * StoreException. Thread safe: the rollouts are driven by one thread, which the calls that change them wait
 * for.
 *
 * <p>A console that stops halts the rollouts it drives ("console stopped while it ran"); one that restarts halts
 * those it drove before (same requester client id: "console restarted"); a console that vanished without either is
 * noticed by the others when its heartbeat is older than {@link OpsSettings#staleAfter()}, and its rollouts are
 * halted too. Rollouts are never resumed: start a new one for the gateways that were not done.
 */
public final class FleetOperations implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetOperations.class);

    public static final int MAX_LIMIT = 500;
    /** How long a call waits for the driver thread (a stage of thousands of gateways takes a few seconds). */
    private static final long DRIVER_WAIT_S = 120;

    private final OpsSettings settings;
    private final String account;
    private final OpsStore store;
    private final FleetStore registry;
    private final GatewayTransport transport;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final RolloutDriver driver;
    private final PackageInventory inventory;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Connects the requester (retrying in the background) and halts the rollouts this console drove before a
     * restart.
     *
     * @throws IllegalArgumentException if the broker URL is refused
     */
    public static FleetOperations start(OpsSettings settings, RequesterSettings requester, FleetDatabase database,
            FleetStore registry, Clock clock) {
        ScheduledExecutorService executor = newExecutor();
        GatewayRequester transport = null;
        try {
            transport = new GatewayRequester(requester, executor);
            return new FleetOperations(settings, requester.account(), new OpsStore(database), registry, transport,
                    clock, executor);
        } catch (RuntimeException e) {
            if (transport != null) {
                transport.close();
            }
            executor.shutdownNow();
            throw e;
        }
    }

    static ScheduledExecutorService newExecutor() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "edgeway-fleet-ops");
            thread.setDaemon(true);
            return thread;
        });
    }

    FleetOperations(OpsSettings settings, String account, OpsStore store, FleetStore registry,
            GatewayTransport transport, Clock clock, ScheduledExecutorService executor) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.account = Objects.requireNonNull(account, "account");
        this.store = Objects.requireNonNull(store, "store");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.driver = new RolloutDriver(store, registry, transport, clock, settings);
        this.inventory = new PackageInventory(account, registry, transport);
        onDriver(() -> {
            driver.recover();
            return null;
        });
        transport.start(new GatewayTransport.Listener() {
            @Override
            public void reply(GatewayTransport.Reply reply) {
                later(() -> {
                    if (!inventory.onReply(reply)) {
                        driver.onReply(reply);
                    }
                });
            }

            @Override
            public void notification(GatewayTransport.Notification notification) {
                later(() -> driver.onNotification(notification));
            }
        });
        long tick = settings.tick().toMillis();
        executor.scheduleWithFixedDelay(() -> safely(driver::tick), tick, tick, TimeUnit.MILLISECONDS);
        long round = settings.inventoryInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> safely(inventory::round), round, round, TimeUnit.MILLISECONDS);
    }

    /** The requester's MQTT client id (gateways reply to it; it marks the rollouts this console drives). */
    public String requesterId() {
        return transport.requesterId();
    }

    /** Whether the requester is connected and subscribed. */
    public boolean connected() {
        return transport.ready();
    }

    // ---- rollouts ------------------------------------------------------------------------------------------------

    /**
     * Starts a rollout: resolves the targets against the registry, plans the stages, stores everything and sends
     * the first stage.
     *
     * @param plan null for the defaults
     * @return the rollout with its jobs, as stored after its first stage was sent
     * @throws InvalidInput naming the field: unknown gateways or group, a canary count above the targets, ...
     */
    public RolloutView start(String account, Operation operation, Targets targets, Plan plan, String createdBy) {
        served(account);
        if (operation == null) {
            throw OpsCheck.invalid("operation", "is missing");
        }
        if (targets == null) {
            throw OpsCheck.invalid("targets", "no gateway given: name a group or list client ids");
        }
        Plan stagePlan = plan == null ? Plan.defaults() : plan;
        String by = user("createdBy", createdBy);
        Map<String, Gateway> known = registry.gateways(account).stream()
                .collect(Collectors.toMap(Gateway::clientId, Function.identity()));
        List<String> clients = resolve(account, targets, known);
        List<List<String>> stages = stages(clients, known, stagePlan);
        int canary = stagePlan.canaryClients().isEmpty()
                ? (stagePlan.canary() == null ? Plan.DEFAULT_CANARY : stagePlan.canary())
                : stages.get(0).size();
        OpsStore.NewRollout rollout = new OpsStore.NewRollout(account, operation, targets.group(), by,
                clock.instant(), canary, stagePlan.batchSizeFor(clients.size()), stagePlan.maxFailuresOrDefault(),
                stages, settings.timeoutOf(operation), transport.requesterId());
        long id = store.insert(rollout);
        onDriver(() -> {
            driver.adopt(id, rollout);
            return null;
        });
        return store.rollout(account, id).orElseThrow();
    }

    /** The targets' client ids, sorted; every one a known gateway of the account. */
    private List<String> resolve(String account, Targets targets, Map<String, Gateway> known) {
        Set<String> clients = new TreeSet<>();
        if (targets.group() != null) {
            GroupView group = store.group(account, targets.group()).orElseThrow(() -> OpsCheck.invalid(
                    "targets.group", "no group named " + OpsCheck.quote(targets.group())));
            unknown("targets.group", "the group " + group.name() + " lists gateways that are not in the registry",
                    group.clients(), known);
            clients.addAll(group.clients());
        }
        unknown("targets.clients", "unknown gateways", targets.clients(), known);
        clients.addAll(targets.clients());
        if (clients.isEmpty()) {
            throw OpsCheck.invalid("targets", "the group " + targets.group() + " has no gateways");
        }
        if (clients.size() > OpsCheck.MAX_TARGETS) {
            throw OpsCheck.invalid("targets", "more than " + OpsCheck.MAX_TARGETS + " gateways");
        }
        return List.copyOf(clients);
    }

    private static void unknown(String field, String what, List<String> clients, Map<String, Gateway> known) {
        List<String> missing = clients.stream().filter(c -> !known.containsKey(c)).distinct().sorted().toList();
        if (!missing.isEmpty()) {
            throw OpsCheck.invalid(field, what + ": " + missing.stream().limit(10).map(OpsCheck::quote)
                    .collect(Collectors.joining(", ")) + (missing.size() > 10 ? " and " + (missing.size() - 10)
                            + " more" : ""));
        }
    }

    /**
     * The canary stage (the explicit canaries, or the first online targets in client id order), then the others in
     * client id order, in batches.
     */
    static List<List<String>> stages(List<String> clients, Map<String, Gateway> known, Plan plan) {
        List<String> canary;
        if (!plan.canaryClients().isEmpty()) {
            Set<String> targets = Set.copyOf(clients);
            List<String> outside = plan.canaryClients().stream().filter(c -> !targets.contains(c)).toList();
            if (!outside.isEmpty()) {
                throw OpsCheck.invalid("plan.canaryClients", "not among the targets: " + outside.stream().limit(10)
                        .map(OpsCheck::quote).collect(Collectors.joining(", ")));
            }
            canary = new ArrayList<>(new TreeSet<>(plan.canaryClients()));
        } else {
            int count = plan.canary() == null ? Plan.DEFAULT_CANARY : plan.canary();
            if (count > clients.size()) {
                throw OpsCheck.invalid("plan.canary", count + " canaries, but the rollout has only " + clients.size()
                        + " gateways");
            }
            canary = clients.stream().sorted(Comparator.comparing((String c) -> !known.get(c).online())
                    .thenComparing(Comparator.naturalOrder())).limit(count).sorted().toList();
        }
        List<List<String>> stages = new ArrayList<>();
        if (!canary.isEmpty()) {
            stages.add(List.copyOf(canary));
        }
        Set<String> inCanary = new LinkedHashSet<>(canary);
        List<String> rest = clients.stream().filter(c -> !inCanary.contains(c)).toList();
        int batch = plan.batchSizeFor(clients.size());
        for (int from = 0; from < rest.size(); from += batch) {
            stages.add(List.copyOf(rest.subList(from, Math.min(rest.size(), from + batch))));
        }
        return List.copyOf(stages);
    }

    /** The newest rollouts of the account, without their jobs. */
    public List<RolloutView> rollouts(String account, int limit) {
        OpsCheck.clientId("account", account);
        OpsCheck.range("limit", limit, 1, MAX_LIMIT);
        return store.rollouts(account, limit);
    }

    /** One rollout with its jobs. */
    public Optional<RolloutView> rollout(String account, long id) {
        OpsCheck.clientId("account", account);
        return store.rollout(account, id);
    }

    /**
     * Cancels a running rollout: its jobs not sent yet are CANCELLED, so are those waiting for their gateway (which
     * may still apply what it received). A rollout that has ended is returned as it is.
     *
     * @return the rollout, empty if the account has none with this id
     */
    public Optional<RolloutView> cancel(String account, long id, String by) {
        String user = user("by", by);
        if (rollout(account, id).isEmpty()) {
            return Optional.empty();
        }
        onDriver(() -> driver.cancel(id, user));
        return store.rollout(account, id);
    }

    /** The newest jobs of one gateway, over all rollouts (for the gateway's page). */
    public List<GatewayJobView> gatewayJobs(String account, String clientId, int limit) {
        OpsCheck.clientId("account", account);
        OpsCheck.clientId("clientId", clientId);
        OpsCheck.range("limit", limit, 1, MAX_LIMIT);
        return store.gatewayJobs(account, clientId, limit);
    }

    // ---- groups --------------------------------------------------------------------------------------------------

    public List<GroupView> groups(String account) {
        OpsCheck.clientId("account", account);
        return store.groups(account);
    }

    public Optional<GroupView> group(String account, String name) {
        OpsCheck.clientId("account", account);
        OpsCheck.matches("name", name, OpsCheck.GROUP, "a group name (1 to 64 letters, digits, '.', '_' or '-')");
        return store.group(account, name);
    }

    /**
     * Creates a group or replaces its members.
     *
     * @param clients known gateways of the account (duplicates are dropped)
     */
    public GroupView putGroup(String account, String name, List<String> clients, String by) {
        OpsCheck.clientId("account", account);
        OpsCheck.matches("name", name, OpsCheck.GROUP, "a group name (1 to 64 letters, digits, '.', '_' or '-', "
                + "starting with a letter or digit)");
        if (clients == null) {
            throw OpsCheck.invalid("clients", "is missing (an empty list for no gateways)");
        }
        Targets.checkClients("clients", clients);
        String user = user("by", by);
        Map<String, Gateway> known = registry.gateways(account).stream()
                .collect(Collectors.toMap(Gateway::clientId, Function.identity()));
        unknown("clients", "unknown gateways", clients, known);
        return store.putGroup(account, name, List.copyOf(new TreeSet<>(clients)), user, clock.instant());
    }

    /** Deletes a group; false if there was none. Rollouts that targeted it keep their jobs. */
    public boolean deleteGroup(String account, String name) {
        OpsCheck.clientId("account", account);
        OpsCheck.matches("name", name, OpsCheck.GROUP, "a group name");
        return store.deleteGroup(account, name);
    }

    // ---- the driver thread ---------------------------------------------------------------------------------------

    private void served(String requested) {
        OpsCheck.clientId("account", requested);
        if (!requested.equals(account)) {
            throw OpsCheck.invalid("account", "this console sends requests to the gateways of account " + account
                    + ", not " + OpsCheck.quote(requested));
        }
    }

    private static String user(String field, String user) {
        OpsCheck.required(field, user);
        if (user.length() > OpsCheck.MAX_ID) {
            throw OpsCheck.invalid(field, "is longer than " + OpsCheck.MAX_ID + " characters");
        }
        return user;
    }

    /** Runs {@code work} on the driver thread and waits for it. */
    private <T> T onDriver(Callable<T> work) {
        if (closed.get()) {
            throw new IllegalStateException("fleet operations are closed");
        }
        return await(work);
    }

    private <T> T await(Callable<T> work) {
        Future<T> future;
        try {
            future = executor.submit(work);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("fleet operations are closed", e);
        }
        try {
            return future.get(DRIVER_WAIT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the rollout driver", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the rollout driver did not answer within " + DRIVER_WAIT_S + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void later(Runnable work) {
        try {
            executor.execute(() -> safely(work));
        } catch (RejectedExecutionException e) {
            // closing: answers that arrive now have nobody to wait for them
        }
    }

    private static void safely(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            // a database failure: the driver keeps what it has not stored and tries again at the next tick
            LOG.error("fleet operations: {}", e.getMessage(), e);
        }
    }

    /** Package-private for tests: one tick now, on the driver thread. */
    void tick() {
        onDriver(() -> {
            driver.tick();
            return null;
        });
    }

    /** Package-private for tests: waits until what the transport handed over so far was handled. */
    void sync() {
        onDriver(() -> null);
    }

    /** Halts the rollouts this console drives ("console stopped while it ran"), disconnects, stops the driver. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            await(() -> {
                driver.stopAll("console stopped while it ran");
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("fleet operations: could not halt the running rollouts: {}", e.getMessage());
        }
        transport.close();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        LOG.info("fleet operations: closed at {}", Instant.now(clock));
    }
}
