package org.edgeway.fleet.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgeway.fleet.internal.ingest.FleetIngestTest.await;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.ACCOUNT;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.birthMetrics;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.dataTopic;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.lifecycleTopic;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.payload;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.tripMetrics;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.edgeway.api.payload.Payload;
import org.edgeway.fleet.internal.store.CountRow;
import org.edgeway.fleet.internal.store.DatabaseSettings;
import org.edgeway.fleet.internal.store.FleetDatabase;
import org.edgeway.fleet.internal.store.FleetStore;
import org.edgeway.fleet.internal.store.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest while its PostgreSQL fails: the console's pooled sessions are terminated by the server
 * ({@code pg_terminate_backend}, as an administrator or a restart does) and the server then cannot be reached for a
 * while (a proxy between pool and server refuses connections), while the gateways keep publishing through a real
 * Mosquitto. When the database is back, every visit must be stored exactly once.
 */
class FleetIngestDatabaseOutageTest {

    static final Instant SERVICE_DAY = Instant.parse("2026-11-20T05:00:00Z");
    static final int GATEWAYS = 5;
    /** Several of the ingest's retry rounds (100 ms doubling to 5 s) and of the pool's connection timeout (10 s). */
    static final Duration OUTAGE = Duration.ofSeconds(15);
    static final Pattern PG_URL = Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?(/.*)");

    @TempDir
    Path dir;

    final Deque<AutoCloseable> opened = new ArrayDeque<>();
    String schema;
    TcpProxy proxy;
    FleetStore store;

    @BeforeEach
    void openDatabaseThroughAProxy() throws Exception {
        schema = PostgresTestDatabase.createSchema(); // skips the test without PostgreSQL
        Matcher url = PG_URL.matcher(PostgresTestDatabase.URL);
        assertThat(url.matches()).as("a jdbc:postgresql://host[:port]/database URL").isTrue();
        proxy = new TcpProxy(url.group(1), url.group(2) == null ? 5432 : Integer.parseInt(url.group(2)));
        opened.push(proxy);
        String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + url.group(3);
        FleetDatabase database = FleetDatabase.open(DatabaseSettings.postgresql(
                PostgresTestDatabase.url(proxied, schema), PostgresTestDatabase.USER,
                PostgresTestDatabase.PASSWORD.toCharArray(), 4));
        opened.push(database);
        store = new FleetStore(database, Clock.systemUTC());
    }

    @AfterEach
    void closeAll() throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
        if (schema != null) {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    /** What was published, as the store must end up with it. */
    static final class Truth {
        int published;
        final List<Payload> visits = new ArrayList<>();
        final List<Integer> visitGateways = new ArrayList<>();
        final Map<String, long[]> perStop = new TreeMap<>(); // stop -> visits, boardings, alightings
        int trips;
    }

    @Test
    void visitsArrivingWhileTheDatabaseIsDownAreStoredExactlyOnceWhenItIsBack() throws Exception {
        outage(FleetIngest.QUEUE_CAPACITY, 30);
    }

    /**
     * More visits arrive than the ingest holds in memory, for longer than the MQTT keep-alive: the ingest must not
     * stop reading from the broker (its connection would time out, and the broker would drop what it holds for the
     * clean session), but leave the rest with the broker until it has room.
     */
    @Test
    void moreVisitsThanTheIngestHoldsWaitAtTheBrokerAndNoneIsLost() throws Exception {
        outage(20, 2);
    }

    private void outage(int queueCapacity, int keepAliveSeconds) throws Exception {
        MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
        opened.push(broker);
        FleetIngest ingest = FleetIngest.start(new IngestSettings(broker.url(), "console", null, null, ACCOUNT, null,
                10, Duration.ofMillis(200), false), store, Clock.systemUTC(), queueCapacity, keepAliveSeconds);
        opened.push(ingest);
        await("the ingest subscribed", ingest::isSubscribed);
        boolean holdsAll = queueCapacity > 1000;
        List<SimulatedGateway> gateways = new ArrayList<>();
        for (int g = 0; g < GATEWAYS; g++) {
            SimulatedGateway gateway = new SimulatedGateway(broker.url(), "bus-" + g, null);
            opened.push(gateway);
            gateways.add(gateway);
        }
        Truth truth = new Truth();
        Random random = new Random(20261127);

        // before: the database works
        for (int g = 0; g < GATEWAYS; g++) {
            gateways.get(g).publish(lifecycleTopic("bus-" + g, "BIRTH"), payload(Instant.now(), null,
                    birthMetrics("Bus " + g, "0.1.0")), 1);
            truth.published++;
        }
        publishTrip(gateways, truth, random, 0);
        await(() -> "the first trip is stored: " + ingest.stats(), () -> rows("stop_visit") == truth.visits.size());

        // the server ends the console's sessions and is then out of reach
        assertThat(terminateProxiedSessions()).as("sessions ended by the server").isPositive();
        proxy.cut();
        int before = truth.published;
        for (int trip = 1; trip <= 3; trip++) {
            publishTrip(gateways, truth, random, trip);
        }
        // at-least-once: gateways re-send some visits meanwhile
        for (int d = 0; d < 40; d++) {
            int v = random.nextInt(truth.visits.size());
            int g = truth.visitGateways.get(v);
            gateways.get(g).publish(dataTopic("bus-" + g, "APC-V1/stopvisit"), truth.visits.get(v), 1);
            truth.published++;
        }
        int published = truth.published;
        if (holdsAll) {
            await(() -> "the ingest took every message off the broker: " + ingest.stats(),
                    () -> ingest.stats().received() == published);
            // all but the re-sent visits already in the open batch, and the one message being stored
            assertThat(ingest.stats().queueDepth()).as("held in memory while the database is down")
                    .isGreaterThanOrEqualTo(published - before - 40 - 1);
        }
        long outageEnds = System.nanoTime() + OUTAGE.toNanos();
        await("the outage lasted " + OUTAGE, () -> System.nanoTime() - outageEnds >= 0);
        assertThat(rows("stop_visit")).as("nothing reached the database meanwhile").isEqualTo(8 * GATEWAYS);
        assertThat(ingest.isSubscribed()).as("the MQTT connection outlived the outage").isTrue();

        // back: everything waiting is stored, and what arrives now as well
        proxy.heal();
        publishTrip(gateways, truth, random, 4);
        int total = truth.published;
        await(() -> "every visit is stored: " + rows("stop_visit") + " of " + truth.visits.size() + " stored, "
                + ingest.stats(), () -> rows("stop_visit") == truth.visits.size() && handled(ingest.stats()) == total);

        IngestStats stats = ingest.stats();
        assertThat(stats.rejected()).as("the database refused nothing for good").isEmpty();
        assertThat(stats.received()).isEqualTo(total);
        assertThat(stats.queueDepth()).isZero();
        assertThat(rows("trip_summary")).isEqualTo(truth.trips);
        List<CountRow> perStop = store.countsByStop(ACCOUNT, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
        assertThat(perStop).hasSize(truth.perStop.size());
        for (CountRow row : perStop) {
            assertThat(new long[] {row.visits(), row.boardings(), row.alightings()}).as("stop " + row.key())
                    .containsExactly(truth.perStop.get(row.key()));
        }
        assertThat(store.gateways(ACCOUNT)).hasSize(GATEWAYS);
        assertThat(store.rejectedCounts(ACCOUNT)).isEmpty();
    }

    private static long handled(IngestStats stats) {
        return stats.stored() + stats.duplicates() + stats.ignored() + stats.rejectedTotal();
    }

    /** One trip of eight stops on every gateway, interleaved, then each gateway's trip summary. */
    private static void publishTrip(List<SimulatedGateway> gateways, Truth truth, Random random, int trip)
            throws Exception {
        long[][] totals = new long[GATEWAYS][2];
        Instant tripStart = SERVICE_DAY.plus(Duration.ofMinutes(60L * trip));
        for (int stop = 0; stop < 8; stop++) {
            for (int g = 0; g < GATEWAYS; g++) {
                Instant arrival = tripStart.plus(Duration.ofMinutes(3L * stop + g));
                long boardings = random.nextInt(20);
                long alightings = random.nextInt(15);
                totals[g][0] += boardings;
                totals[g][1] += alightings;
                String stopId = "S" + stop;
                Payload visit = GatewayPayloads.visit(new GatewayPayloads.Visit("bus-" + g + "/" + trip + "/" + stop,
                        "T" + trip, tripStart, "L1", stopId, stop + 1, "Stop " + stop, arrival,
                        arrival.plusSeconds(30), boardings, alightings, 10, ""), null);
                gateways.get(g).publish(dataTopic("bus-" + g, "APC-V1/stopvisit"), visit, 1);
                truth.published++;
                truth.visits.add(visit);
                truth.visitGateways.add(g);
                long[] sums = truth.perStop.computeIfAbsent(stopId, k -> new long[3]);
                sums[0]++;
                sums[1] += boardings;
                sums[2] += alightings;
            }
        }
        for (int g = 0; g < GATEWAYS; g++) {
            Instant tripEnd = tripStart.plus(Duration.ofMinutes(40));
            gateways.get(g).publish(dataTopic("bus-" + g, "APC-V1/trip"), payload(tripEnd, null, tripMetrics(
                    "T" + trip, "L1", tripStart, tripEnd, 8, totals[g][0], totals[g][1], 0, 0L)), 1);
            truth.published++;
            truth.trips++;
        }
    }

    /** Ends the server sessions that came through the proxy; the test's own session comes directly. */
    private int terminateProxiedSessions() throws SQLException {
        try (Connection c = PostgresTestDatabase.admin().getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = current_user "
                        + "AND pid <> pg_backend_pid() AND client_port = ANY (?)")) {
            Array ports = c.createArrayOf("integer", proxy.upstreamPorts().toArray());
            s.setArray(1, ports);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Rows in the test's schema, read directly (not through the proxy). */
    private long rows(String table) {
        try (Connection c = PostgresTestDatabase.admin().getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM " + schema + "." + table); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
