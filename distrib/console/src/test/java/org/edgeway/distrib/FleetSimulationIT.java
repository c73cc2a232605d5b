package org.edgeway.distrib;

import static org.edgeway.distrib.TestSupport.deleteTree;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import org.edgeway.api.payload.Payload;
import org.edgeway.codec.KuraPayloadCodec;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * A simulated fleet against two console processes of the console distribution (same PostgreSQL schema, same MQTT
 * shared-subscription group) through a real mosquitto: 200 gateways, each its own MQTT connection, publish a birth
 * and stop visits, some visits twice (at-least-once re-delivery) and some garbage. The consoles between them store
 * every gateway and exactly the generated counts, reject the garbage per gateway, and a DC takes a gateway offline.
 * Read back from the database the consoles share (the console's REST API comes with issue 9's next part).
 */
public class FleetSimulationIT {

    private static final int GATEWAYS = 200;
    private static final int VISITS_PER_GATEWAY = 10;
    private static final String[] STOPS = {"de:11000:900023201", "de:11000:900003104", "de:11000:900004104",
        "de:11000:900100025", "de:11000:900100024"};
    private static final String PG_URL = env("EDGEWAY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/edgeway_test");
    private static final String PG_USER = env("EDGEWAY_TEST_PG_USER", "edgeway");
    private static final String PG_PASSWORD = env("EDGEWAY_TEST_PG_PASSWORD", "edgeway");

    @Rule
    public final Timeout timeout = Timeout.seconds(300);

    private final Path distribution = Path.of(System.getProperty("edgeway.distribution",
            "target/edgeway-console")).toAbsolutePath();
    private final String account = "fleet-it-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    private final String schema = account.replace('-', '_');
    private final KuraPayloadCodec codec = new KuraPayloadCodec();
    private final List<MqttAsyncClient> gateways = new ArrayList<>();
    private final List<GatewayProcess> consoles = new ArrayList<>();
    private final List<IMqttToken> sent = new ArrayList<>();
    private Path work;
    private Mosquitto broker;

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Before
    public void startPeers() throws Exception {
        Mosquitto.executableOrSkip();
        try (Connection db = connect(PG_URL); Statement statement = db.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            assumeTrue("PostgreSQL not reachable at " + PG_URL + " as " + PG_USER + " (" + e.getMessage()
                    + "): install postgresql and run .ci/run's setup (role edgeway, database edgeway_test)", false);
        }
        work = Files.createTempDirectory("edgeway-fleet-it-");
        broker = Mosquitto.onFreePort(work.resolve("mosquitto"), "allow_anonymous true", "persistence false",
                "max_queued_messages 100000");
        broker.start();
        for (int i = 0; i < 2; i++) {
            consoles.add(startConsole("console-" + i));
        }
        for (GatewayProcess console : consoles) {
            console.awaitOutput("fleet ingest: connected");
        }
    }

    @After
    public void stopEverything() throws Exception {
        consoles.forEach(GatewayProcess::close);
        if (broker != null) {
            broker.close(); // drops every gateway's connection at once: no disconnect handshake per client
        }
        for (MqttAsyncClient gateway : gateways) {
            try {
                gateway.close(true);
            } catch (MqttException e) {
                // the test is over
            }
        }
        try (Connection db = connect(PG_URL); Statement statement = db.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            // nothing was created
        }
        if (work != null) {
            deleteTree(work);
        }
    }

    private GatewayProcess startConsole(String name) throws IOException {
        Path home = Files.createDirectories(work.resolve(name));
        List<String> args = new ArrayList<>();
        set(args, "database.kind", "postgresql");
        set(args, "database.url", PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        set(args, "database.user", PG_USER);
        set(args, "database.password", PG_PASSWORD);
        set(args, "ingest.broker.url", broker.url());
        set(args, "ingest.account", account);
        Map<String, String> env = new HashMap<>();
        env.put("EDGEWAY_MQTT_URL", broker.url());
        env.put("EDGEWAY_CLIENT_ID", account + "-" + name);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return GatewayProcess.start(distribution, home, env, args, work.resolve(name + ".log"), null);
    }

    private static void set(List<String> args, String key, String value) {
        args.add("--set");
        args.add("org.edgeway.fleet:" + key + "=" + value);
    }

    @Test
    public void theConsolesStoreEveryGatewayAndExactlyTheGeneratedCountsDespiteDuplicatesAndGarbage()
            throws Exception {
        Random random = new Random(42);
        Map<String, long[]> truthByStop = new TreeMap<>(); // stop -> {visits, boardings, alightings}
        Instant tripStart = Instant.parse("2026-11-26T06:00:00Z");
        int duplicates = 0;
        List<IMqttToken> connecting = new ArrayList<>();
        for (int g = 0; g < GATEWAYS; g++) { // every gateway its own connection, connected all at once
            MqttAsyncClient gateway = new MqttAsyncClient(broker.url(), String.format("bus-%03d", g),
                    new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(1000);
            connecting.add(gateway.connect(options));
            gateways.add(gateway);
        }
        for (IMqttToken token : connecting) {
            token.waitForCompletion(30_000);
        }
        for (int g = 0; g < GATEWAYS; g++) {
            String clientId = String.format("bus-%03d", g);
            MqttAsyncClient gateway = gateways.get(g);
            publish(gateway, "$EDC/" + account + "/" + clientId + "/MQTT/BIRTH", Payload.builder()
                    .timestamp(Instant.now()).metric("display_name", "Bus " + g).metric("model_name", "sim")
                    .metric("application_framework_version", "0.1.0").metric("application_ids", "APC-V1")
                    .build());
            String tripId = "100-" + g;
            for (int v = 0; v < VISITS_PER_GATEWAY; v++) {
                String stop = STOPS[v % STOPS.length];
                int boardings = random.nextInt(30);
                int alightings = random.nextInt(30);
                long[] truth = truthByStop.computeIfAbsent(stop, s -> new long[3]);
                truth[0]++;
                truth[1] += boardings;
                truth[2] += alightings;
                Instant arrival = tripStart.plusSeconds(120L * v + g);
                Payload visit = Payload.builder().timestamp(arrival.plusSeconds(30))
                        .metric("visit_id", clientId + "-visit-" + v)
                        .metric("arrival", arrival.toEpochMilli())
                        .metric("departure", arrival.plusSeconds(30).toEpochMilli())
                        .metric("boardings", boardings).metric("alightings", alightings)
                        .metric("trip_boardings", boardings).metric("trip_alightings", alightings)
                        .metric("occupancy", 10).metric("quality", "")
                        .metric("trip_id", tripId).metric("line", "100")
                        .metric("trip_start", tripStart.toEpochMilli())
                        .metric("stop_id", stop).metric("stop_sequence", v + 1).metric("stop_name", "Stop " + stop)
                        .metric("door.1.adult.in", boardings).metric("door.1.adult.out", alightings)
                        .build();
                String topic = account + "/" + clientId + "/APC-V1/stopvisit";
                publish(gateway, topic, visit);
                if (random.nextInt(10) == 0) { // re-delivered: at least once
                    publish(gateway, topic, visit);
                    duplicates++;
                }
            }
            if (g % 50 == 7) { // a broken sensor adapter, or worse
                sent.add(gateway.publish(account + "/" + clientId + "/APC-V1/stopvisit",
                        "not a Kura payload".getBytes(StandardCharsets.UTF_8), 1, false));
            }
        }
        publish(gateways.get(GATEWAYS - 1), "$EDC/" + account + "/bus-199/MQTT/DC",
                Payload.builder().timestamp(Instant.now()).metric("uptime", "1000").build());
        for (IMqttToken token : sent) {
            token.waitForCompletion(30_000); // every message reached the broker
        }
        assertTrue("the simulation re-delivered no visit", duplicates > 0);

        int expectedVisits = GATEWAYS * VISITS_PER_GATEWAY;
        GatewayProcess first = consoles.get(0);
        first.await("all " + expectedVisits + " stop visits stored", () -> count("SELECT count(*) FROM stop_visit "
                + "WHERE account = '" + account + "'") == expectedVisits);
        first.await("all " + GATEWAYS + " gateways registered and bus-199 offline",
                () -> count("SELECT count(*) FROM gateway WHERE account = '" + account + "'") == GATEWAYS
                        && count("SELECT count(*) FROM gateway WHERE account = '" + account
                                + "' AND online = false") == 1);
        Map<String, long[]> stored = new TreeMap<>();
        try (Connection db = connect(); Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("SELECT stop_id, count(*), sum(boardings), sum(alightings) "
                        + "FROM stop_visit WHERE account = '" + account + "' GROUP BY stop_id")) {
            while (rows.next()) {
                stored.put(rows.getString(1), new long[] {rows.getLong(2), rows.getLong(3), rows.getLong(4)});
            }
        }
        assertEquals(truthByStop.keySet(), stored.keySet());
        truthByStop.forEach((stop, truth) -> {
            long[] got = stored.get(stop);
            assertEquals("visits at " + stop, truth[0], got[0]);
            assertEquals("boardings at " + stop, truth[1], got[1]);
            assertEquals("alightings at " + stop, truth[2], got[2]);
        });
        assertEquals("online gateways", GATEWAYS - 1, count("SELECT count(*) FROM gateway WHERE account = '"
                + account + "' AND online = true"));
        assertEquals("the offline one", 1, count("SELECT count(*) FROM gateway WHERE account = '" + account
                + "' AND client_id = 'bus-199' AND online = false"));
        assertEquals("display names from the births", GATEWAYS, count("SELECT count(*) FROM gateway WHERE account = '"
                + account + "' AND display_name LIKE 'Bus %'"));
        first.await("the garbage counted as rejected for each of its gateways", () -> count(
                "SELECT count(DISTINCT client_id) FROM rejected_message WHERE account = '" + account + "'") == 4);
        assertEquals("rejections of other gateways", 0, count("SELECT count(*) FROM rejected_message WHERE account = '"
                + account + "' AND client_id NOT IN ('bus-007', 'bus-057', 'bus-107', 'bus-157')"));

        // both consoles (one share group: each got part of the data messages; the split itself is checked by
        // FleetIngestTest) are still alive, and no error was logged
        for (int i = 0; i < consoles.size(); i++) {
            consoles.get(i).assertAlive();
        }
        assertFalse("a console logged an error:\n" + first.tail(), first.output().contains(" ERROR "));
    }

    /** Publishes at QoS 1 without waiting: the acknowledgement is awaited at the end with all the others. */
    private void publish(MqttAsyncClient client, String topic, Payload payload) throws MqttException {
        sent.add(client.publish(topic, codec.encode(payload), 1, false));
    }

    private Connection connect() throws SQLException {
        return connect(PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    /**
     * The driver's data source, not DriverManager: the Pax Exam boot test runs first in this JVM and DriverManager
     * looks its drivers up only once, through the context class loader of that moment (an OSGi bundle's).
     */
    private static Connection connect(String url) throws SQLException {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(url);
        source.setUser(PG_USER);
        source.setPassword(PG_PASSWORD);
        return source.getConnection();
    }

    private long count(String sql) throws SQLException {
        try (Connection db = connect(); Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
