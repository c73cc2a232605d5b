package org.edgeway.fleet.internal.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.edgeway.fleet.internal.store.FleetDatabase;
import org.edgeway.fleet.internal.store.Jdbc;
import org.edgeway.fleet.internal.store.StoreException;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.ToNumberPolicy;

/**
 * Groups, rollouts and jobs in the fleet database (changelog-operations.xml), so that every console instance shows
 * the same. Thread safe: every call takes its own pooled connection. Changes of a rollout or job are conditional on
 * it still running, so that a cancel by another instance is never overwritten by the driver.
 */
final class OpsStore {

    static final String RUNNING = RolloutState.RUNNING.name();
    /** Jobs that have not ended (JobState.terminal() false). */
    private static final String ACTIVE_JOBS = "('PENDING', 'SENT', 'RUNNING')";

    /** Nulls are kept (a null property removes the key); integral numbers read back as Long. */
    static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

    private final DataSource dataSource;

    OpsStore(FleetDatabase database) {
        this(Objects.requireNonNull(database, "database").dataSource());
    }

    OpsStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** One transaction, retried on races like the store's; a failure is a {@link StoreException} naming what. */
    private <T> T transaction(String what, Jdbc.Work<T> work) {
        return Jdbc.transaction(dataSource, what, work);
    }

    // ---- groups --------------------------------------------------------------------------------------------------

    List<GroupView> groups(String account) {
        return transaction("reading groups", c -> readGroups(c, account, null));
    }

    Optional<GroupView> group(String account, String name) {
        return transaction("reading group " + name, c -> readGroups(c, account, name)).stream().findFirst();
    }

    private static List<GroupView> readGroups(Connection c, String account, String name) throws SQLException {
        String only = name == null ? "" : " AND name = ?";
        Map<String, List<String>> members = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT group_name, client_id FROM gateway_group_member "
                + "WHERE account = ?" + (name == null ? "" : " AND group_name = ?")
                + " ORDER BY group_name, client_id")) {
            s.setString(1, account);
            if (name != null) {
                s.setString(2, name);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    members.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        List<GroupView> groups = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT name, updated_by, updated_ms FROM gateway_group "
                + "WHERE account = ?" + only + " ORDER BY name")) {
            s.setString(1, account);
            if (name != null) {
                s.setString(2, name);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String group = rs.getString(1);
                    groups.add(new GroupView(group, members.getOrDefault(group, List.of()), rs.getString(2),
                            Instant.ofEpochMilli(rs.getLong(3))));
                }
            }
        }
        return groups;
    }

    /** Creates the group or replaces its members. */
    GroupView putGroup(String account, String name, List<String> clients, String by, Instant at) {
        return transaction("storing group " + name, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO gateway_group (account, name, created_by, "
                    + "created_ms, updated_by, updated_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                s.setString(1, account);
                s.setString(2, name);
                s.setString(3, by);
                s.setLong(4, at.toEpochMilli());
                s.setString(5, by);
                s.setLong(6, at.toEpochMilli());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE gateway_group SET updated_by = ?, updated_ms = ? "
                    + "WHERE account = ? AND name = ?")) {
                s.setString(1, by);
                s.setLong(2, at.toEpochMilli());
                s.setString(3, account);
                s.setString(4, name);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM gateway_group_member WHERE account = ? AND group_name = ?")) {
                s.setString(1, account);
                s.setString(2, name);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO gateway_group_member (account, group_name, client_id) VALUES (?, ?, ?)")) {
                for (String client : clients) {
                    s.setString(1, account);
                    s.setString(2, name);
                    s.setString(3, client);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return readGroups(c, account, name).get(0);
        });
    }

    boolean deleteGroup(String account, String name) {
        return transaction("deleting group " + name, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM gateway_group WHERE account = ? AND name = ?")) {
                s.setString(1, account);
                s.setString(2, name);
                return s.executeUpdate() > 0;
            }
        });
    }

    // ---- rollouts: the driver's writes -----------------------------------------------------------------------------

    /** A rollout to store, with its gateways stage by stage. */
    record NewRollout(String account, Operation operation, String group, String createdBy, Instant at, int canary,
            int batchSize, int maxFailures, List<List<String>> stages, Duration timeout, String owner) {
    }

    /** A job's new state; null requestId, jobId or sent keep what is stored. */
    record JobUpdate(String clientId, JobState state, String message, String requestId, String jobId, Instant sent) {
    }

    /** Stores the rollout RUNNING at stage 0 and every job PENDING; returns its id. */
    long insert(NewRollout rollout) {
        return transaction("storing a rollout", c -> {
            long id;
            long at = rollout.at().toEpochMilli();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO rollout (account, kind, summary, operation, "
                    + "target_group, state, created_by, created_ms, updated_ms, canary, batch_size, max_failures, "
                    + "stages, current_stage, timeout_ms, owner, heartbeat_ms) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                s.setString(1, rollout.account());
                s.setString(2, rollout.operation().kind());
                s.setString(3, OpsCheck.shorten(rollout.operation().summary(), 990));
                s.setString(4, GSON.toJson(rollout.operation()));
                setString(s, 5, rollout.group());
                s.setString(6, RUNNING);
                s.setString(7, rollout.createdBy());
                s.setLong(8, at);
                s.setLong(9, at);
                s.setInt(10, rollout.canary());
                s.setInt(11, rollout.batchSize());
                s.setInt(12, rollout.maxFailures());
                s.setInt(13, rollout.stages().size());
                s.setLong(14, rollout.timeout().toMillis());
                s.setString(15, rollout.owner());
                s.setLong(16, at);
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new SQLException("the database returned no id for the new rollout");
                    }
                    id = keys.getLong("id");
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO rollout_job (rollout_id, account, client_id, "
                    + "stage, state, updated_ms) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int stage = 0; stage < rollout.stages().size(); stage++) {
                    for (String client : rollout.stages().get(stage)) {
                        s.setLong(1, id);
                        s.setString(2, rollout.account());
                        s.setString(3, client);
                        s.setInt(4, stage);
                        s.setString(5, JobState.PENDING.name());
                        s.setLong(6, at);
                        s.addBatch();
                    }
                }
                s.executeBatch();
            }
            return id;
        });
    }

    /** Moves a running rollout to {@code stage}; false when it no longer runs (cancelled elsewhere). */
    boolean startStage(long id, int stage, Instant at) {
        return transaction("starting stage " + stage + " of rollout " + id, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE rollout SET current_stage = ?, updated_ms = ?, "
                    + "heartbeat_ms = ? WHERE id = ? AND state = ?")) {
                s.setInt(1, stage);
                s.setLong(2, at.toEpochMilli());
                s.setLong(3, at.toEpochMilli());
                s.setLong(4, id);
                s.setString(5, RUNNING);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** Stores job changes of a running rollout; jobs that already ended (a cancel) are left as they are. */
    void updateJobs(long id, List<JobUpdate> updates, Instant at) {
        if (updates.isEmpty()) {
            return;
        }
        transaction("storing jobs of rollout " + id, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE rollout_job SET state = ?, message = ?, "
                    + "request_id = COALESCE(?, request_id), job_id = COALESCE(?, job_id), "
                    + "sent_ms = COALESCE(?, sent_ms), updated_ms = ? "
                    + "WHERE rollout_id = ? AND client_id = ? AND state IN " + ACTIVE_JOBS)) {
                for (JobUpdate u : updates) {
                    s.setString(1, u.state().name());
                    setString(s, 2, OpsCheck.shorten(u.message(), OpsCheck.MAX_MESSAGE));
                    setString(s, 3, u.requestId());
                    setString(s, 4, u.jobId());
                    if (u.sent() == null) {
                        s.setNull(5, Types.BIGINT);
                    } else {
                        s.setLong(5, u.sent().toEpochMilli());
                    }
                    s.setLong(6, at.toEpochMilli());
                    s.setLong(7, id);
                    s.setString(8, u.clientId());
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE rollout SET updated_ms = ? WHERE id = ? AND state = ?")) {
                s.setLong(1, at.toEpochMilli());
                s.setLong(2, id);
                s.setString(3, RUNNING);
                s.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Ends a running rollout: its jobs that were not sent are CANCELLED with {@code pendingMessage}, those waiting
     * for the gateway with {@code inFlightMessage}. False when it had already ended.
     */
    boolean finish(long id, RolloutState state, String reason, String pendingMessage, String inFlightMessage,
            Instant at) {
        return transaction("ending rollout " + id, c -> finish(c, id, state, reason, pendingMessage, inFlightMessage,
                at));
    }

    private static boolean finish(Connection c, long id, RolloutState state, String reason, String pendingMessage,
            String inFlightMessage, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE rollout SET state = ?, reason = ?, updated_ms = ?, "
                + "finished_ms = ? WHERE id = ? AND state = ?")) {
            s.setString(1, state.name());
            setString(s, 2, OpsCheck.shorten(reason, OpsCheck.MAX_MESSAGE));
            s.setLong(3, at.toEpochMilli());
            s.setLong(4, at.toEpochMilli());
            s.setLong(5, id);
            s.setString(6, RUNNING);
            if (s.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE rollout_job SET state = ?, message = ?, updated_ms = ? "
                + "WHERE rollout_id = ? AND state = ?")) {
            for (JobState from : List.of(JobState.PENDING, JobState.SENT, JobState.RUNNING)) {
                s.setString(1, JobState.CANCELLED.name());
                setString(s, 2, OpsCheck.shorten(from == JobState.PENDING ? pendingMessage : inFlightMessage,
                        OpsCheck.MAX_MESSAGE));
                s.setLong(3, at.toEpochMilli());
                s.setLong(4, id);
                s.setString(5, from.name());
                s.addBatch();
            }
            s.executeBatch();
        }
        return true;
    }

    /** Marks the rollouts {@code ids} as still driven. */
    void heartbeat(Collection<Long> ids, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        transaction("heartbeat", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE rollout SET heartbeat_ms = ? WHERE id = ? AND state = ?")) {
                for (long id : ids) {
                    s.setLong(1, at.toEpochMilli());
                    s.setLong(2, id);
                    s.setString(3, RUNNING);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    /** Halts every running rollout of {@code owner}; returns their ids. */
    List<Long> haltOwned(String owner, String reason, Instant at) {
        return transaction("halting the rollouts of " + owner, c -> {
            List<Long> ids = runningIds(c, "owner = ?", s -> s.setString(1, owner));
            List<Long> halted = new ArrayList<>();
            for (long id : ids) {
                if (finish(c, id, RolloutState.HALTED, reason, "not sent: " + reason,
                        reason + " while waiting for the gateway", at)) {
                    halted.add(id);
                }
            }
            return halted;
        });
    }

    /** Halts running rollouts whose driver showed no heartbeat since {@code before}; returns their ids. */
    List<Long> haltStale(Instant before, Instant at) {
        return transaction("halting abandoned rollouts", c -> {
            Map<Long, String> owners = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, owner, heartbeat_ms FROM rollout "
                    + "WHERE state = ? AND heartbeat_ms < ?")) {
                s.setString(1, RUNNING);
                s.setLong(2, before.toEpochMilli());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        owners.put(rs.getLong(1), "the console " + rs.getString(2) + " that drove it stopped (no "
                                + "heartbeat since " + Instant.ofEpochMilli(rs.getLong(3)) + ")");
                    }
                }
            }
            List<Long> halted = new ArrayList<>();
            for (Map.Entry<Long, String> e : owners.entrySet()) {
                if (finish(c, e.getKey(), RolloutState.HALTED, e.getValue(), "not sent: " + e.getValue(),
                        e.getValue(), at)) {
                    halted.add(e.getKey());
                }
            }
            return halted;
        });
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private static List<Long> runningIds(Connection c, String where, Binder binder) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM rollout WHERE " + where + " AND state = '"
                + RUNNING + "' ORDER BY id")) {
            binder.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /** Which of {@code ids} no longer run (cancelled or halted by another instance). */
    Set<Long> ended(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return transaction("reading rollout states", c -> {
            Set<Long> ended = new HashSet<>(ids);
            List<Long> list = List.copyOf(ids);
            for (int from = 0; from < list.size(); from += 500) {
                List<Long> chunk = list.subList(from, Math.min(list.size(), from + 500));
                String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement s = c.prepareStatement("SELECT id FROM rollout WHERE state = ? AND id IN ("
                        + marks + ")")) {
                    s.setString(1, RUNNING);
                    for (int i = 0; i < chunk.size(); i++) {
                        s.setLong(i + 2, chunk.get(i));
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            ended.remove(rs.getLong(1));
                        }
                    }
                }
            }
            return ended;
        });
    }

    // ---- rollouts: views -----------------------------------------------------------------------------------------

    /** The newest {@code limit} rollouts of the account, without jobs. */
    List<RolloutView> rollouts(String account, int limit) {
        return transaction("reading rollouts", c -> {
            List<RolloutView> rollouts = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM rollout WHERE account = ? "
                    + "ORDER BY id DESC LIMIT ?")) {
                s.setString(1, account);
                s.setInt(2, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rollouts.add(view(rs, Map.of(), null));
                    }
                }
            }
            if (rollouts.isEmpty()) {
                return rollouts;
            }
            Map<Long, Map<String, Integer>> counts = new TreeMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT rollout_id, state, COUNT(*) FROM rollout_job "
                    + "WHERE account = ? AND rollout_id >= ? AND rollout_id <= ? GROUP BY rollout_id, state")) {
                s.setString(1, account);
                s.setLong(2, rollouts.get(rollouts.size() - 1).id());
                s.setLong(3, rollouts.get(0).id());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        counts.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>()).put(rs.getString(2),
                                rs.getInt(3));
                    }
                }
            }
            List<RolloutView> withCounts = new ArrayList<>(rollouts.size());
            for (RolloutView r : rollouts) {
                withCounts.add(withCounts(r, counts.getOrDefault(r.id(), Map.of()), null));
            }
            return withCounts;
        });
    }

    /** One rollout with its jobs. */
    Optional<RolloutView> rollout(String account, long id) {
        return transaction("reading rollout " + id, c -> {
            RolloutView rollout;
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM rollout WHERE account = ? AND id = ?")) {
                s.setString(1, account);
                s.setLong(2, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    rollout = view(rs, Map.of(), null);
                }
            }
            List<JobView> jobs = new ArrayList<>();
            Map<String, Integer> counts = new TreeMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT client_id, stage, state, message, sent_ms, "
                    + "updated_ms FROM rollout_job WHERE rollout_id = ? ORDER BY stage, client_id")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        JobState state = JobState.valueOf(rs.getString(3));
                        long sent = rs.getLong(5);
                        Instant sentAt = rs.wasNull() ? null : Instant.ofEpochMilli(sent);
                        jobs.add(new JobView(rs.getString(1), rs.getInt(2), state, rs.getString(4), sentAt,
                                Instant.ofEpochMilli(rs.getLong(6))));
                        counts.merge(state.name(), 1, Integer::sum);
                    }
                }
            }
            return Optional.of(withCounts(rollout, counts, List.copyOf(jobs)));
        });
    }

    /** The newest {@code limit} jobs of one gateway, over all rollouts. */
    List<GatewayJobView> gatewayJobs(String account, String clientId, int limit) {
        return transaction("reading the jobs of " + clientId, c -> {
            List<GatewayJobView> jobs = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT j.rollout_id, r.kind, r.summary, j.stage, j.state, "
                    + "j.message, j.updated_ms FROM rollout_job j JOIN rollout r ON r.id = j.rollout_id "
                    + "WHERE j.account = ? AND j.client_id = ? ORDER BY j.rollout_id DESC LIMIT ?")) {
                s.setString(1, account);
                s.setString(2, clientId);
                s.setInt(3, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        jobs.add(new GatewayJobView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                                JobState.valueOf(rs.getString(5)), rs.getString(6),
                                Instant.ofEpochMilli(rs.getLong(7))));
                    }
                }
            }
            return jobs;
        });
    }

    private static RolloutView view(ResultSet rs, Map<String, Integer> counts, List<JobView> jobs)
            throws SQLException {
        long finished = rs.getLong("finished_ms");
        Instant finishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(finished);
        String kind = rs.getString("kind");
        return new RolloutView(rs.getLong("id"), kind, rs.getString("summary"),
                RolloutState.valueOf(rs.getString("state")), rs.getString("created_by"),
                Instant.ofEpochMilli(rs.getLong("created_ms")), Instant.ofEpochMilli(rs.getLong("updated_ms")),
                finishedAt, rs.getString("reason"), counts, rs.getInt("stages"), rs.getInt("current_stage"),
                rs.getInt("canary"), rs.getInt("batch_size"), rs.getInt("max_failures"), rs.getString("target_group"),
                operation(kind, rs.getString("operation")), rs.getString("owner"), jobs);
    }

    private static RolloutView withCounts(RolloutView r, Map<String, Integer> counts, List<JobView> jobs) {
        Map<String, Integer> all = new LinkedHashMap<>();
        for (JobState state : JobState.values()) {
            all.put(state.name(), counts.getOrDefault(state.name(), 0));
        }
        return new RolloutView(r.id(), r.kind(), r.summary(), r.state(), r.createdBy(), r.created(), r.updated(),
                r.finished(), r.reason(), java.util.Collections.unmodifiableMap(all), r.stages(), r.currentStage(),
                r.canary(), r.batchSize(), r.maxFailures(), r.group(), r.operation(), r.owner(), jobs);
    }

    /** The stored operation; null if it cannot be read back (a kind of a later version). */
    static Operation operation(String kind, String json) {
        Class<? extends Operation> type = switch (kind) {
            case "configure" -> Operation.Configure.class;
            case "deploy" -> Operation.Deploy.class;
            case "rollback" -> Operation.Rollback.class;
            default -> null;
        };
        if (type == null || json == null) {
            return null;
        }
        try {
            return GSON.fromJson(json, type);
        } catch (JsonParseException | IllegalArgumentException e) {
            return null;
        }
    }

    private static void setString(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }
}
