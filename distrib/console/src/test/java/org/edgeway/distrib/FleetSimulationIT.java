package org.edgeway.distrib;

import static org.edgeway.distrib.TestSupport.deleteTree;
import static org.edgeway.distrib.TestSupport.freePort;
import static org.junit.Assert.assertArrayEquals;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.net.URI;
import java.net.http.HttpResponse;

import org.edgeway.api.payload.Payload;
import org.edgeway.api.payload.Position;
import org.edgeway.codec.KuraPayloadCodec;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.postgresql.ds.PGSimpleDataSource;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.transit.realtime.GtfsRealtime.FeedEntity;
import com.google.transit.realtime.GtfsRealtime.FeedMessage;
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
 * Checked in the database the consoles share and through the first console's REST API: the fleet list, the counts
 * report and export, roles (an operator reads counts and the GTFS-Realtime feed, which decodes with the
 * gtfs-realtime-bindings, but may not operate), staged rollouts of a configuration update that complete or halt on
 * injected failures (gateways answer CONF-V1 like edgeway gateways, some refusing), and bad requests.
 */
public class FleetSimulationIT {

    private static final int GATEWAYS = 200;
    private static final int VISITS_PER_GATEWAY = 10;
    /** Gateways that report their occupancy and position. */
    private static final int OCCUPIED = 20;
    private static final String[] STOPS = {"de:11000:900023201", "de:11000:900003104", "de:11000:900004104",
        "de:11000:900100025", "de:11000:900100024"};
    private static final String ADMIN_PASSWORD = "fleet-it-admin-password";
    private static final String OPERATOR_PASSWORD = "fleet-it-operator-password";
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
    private final List<Integer> ports = new ArrayList<>();
    /** Configuration requests each simulated gateway received: client id -> request topics. */
    private final Map<String, List<String>> requests = new ConcurrentHashMap<>();
    /** Gateways that refuse every configuration request (injected failures). */
    private final Set<String> refusing = ConcurrentHashMap.newKeySet();
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
        int port = freePort();
        ports.add(port);
        args.add("--set");
        args.add("org.edgeway.fleet.web:https.port=" + port);
        args.add("--set");
        args.add("org.edgeway.fleet.web:zone=UTC");
        Map<String, String> env = new HashMap<>();
        env.put("EDGEWAY_FLEET_PASSWORD", ADMIN_PASSWORD);
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
        List<IMqttToken> subscribing = new ArrayList<>();
        for (MqttAsyncClient gateway : gateways) {
            subscribing.add(answerConfigurationRequests(gateway));
        }
        for (IMqttToken token : subscribing) {
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
            if (g < OCCUPIED) { // where the vehicle is and how full: the GTFS-Realtime feed's input
                publish(gateway, account + "/" + clientId + "/APC-V1/occupancy", Payload.builder()
                        .timestamp(Instant.now()).metric("load", 20 + g).metric("occupancy_percent", 20 + g)
                        .metric("occupancy_status", "MANY_SEATS_AVAILABLE").metric("doors_open", false)
                        .metric("trip_id", tripId).metric("line", "100").metric("stop_id", STOPS[0])
                        .metric("stop_sequence", 1)
                        .position(new Position(52.5 + g / 1000.0, 13.4, null, null, null, null, null, null, null))
                        .build());
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

        WebConsoleClient admin = restClient(0);
        assertEquals("admin login", 200, admin.fleetLogin("admin", ADMIN_PASSWORD).status());
        theConsoleListsTheFleetAndCountsExactly(admin, truthByStop);
        anOperatorReadsCountsAndTheFeedButCannotOperate(admin);
        stagedRolloutsCompleteOrHaltOnInjectedFailures(admin);
        badRequestsAreAnsweredWithClientErrors(admin);
        for (WebConsoleClient.Response response : admin.received()) {
            assertTrue("a 500 or a stack trace: " + response.request() + " -> " + response,
                    response.status() < 500 && !response.body().contains("Exception"));
        }

        // both consoles (one share group: each got part of the data messages; the split itself is checked by
        // FleetIngestTest) are still alive, and no error was logged
        for (int i = 0; i < consoles.size(); i++) {
            consoles.get(i).assertAlive();
        }
        assertFalse("a console logged an error:\n" + first.tail(), first.output().contains(" ERROR "));
    }

    private void theConsoleListsTheFleetAndCountsExactly(WebConsoleClient admin, Map<String, long[]> truthByStop)
            throws Exception {
        WebConsoleClient.Response gatewaysAnswer = admin.get("/fleet/api/gateways");
        assertEquals(gatewaysAnswer.toString(), 200, gatewaysAnswer.status());
        JsonArray listed = gatewaysAnswer.object().getAsJsonArray("gateways");
        assertEquals("gateways listed", GATEWAYS, listed.size());
        long offline = 0;
        for (JsonElement gateway : listed) {
            offline += gateway.getAsJsonObject().get("online").getAsBoolean() ? 0 : 1;
        }
        assertEquals("offline gateways listed", 1, offline);

        WebConsoleClient.Response counts = admin.get("/fleet/api/counts?by=stop&from=2026-11-26&to=2026-11-26");
        assertEquals(counts.toString(), 200, counts.status());
        Map<String, long[]> reported = new TreeMap<>();
        for (JsonElement row : counts.object().getAsJsonArray("rows")) {
            JsonObject r = row.getAsJsonObject();
            reported.put(r.get("key").getAsString(), new long[] {r.get("visits").getAsLong(),
                r.get("boardings").getAsLong(), r.get("alightings").getAsLong()});
        }
        assertEquals(truthByStop.keySet(), reported.keySet());
        truthByStop.forEach((stop, truth) -> assertArrayEquals("the console's counts at " + stop, truth,
                reported.get(stop)));

        WebConsoleClient.Response csv = admin.get("/fleet/api/exports/stop-visits.csv?from=2026-11-26&to=2026-11-26");
        assertEquals(200, csv.status());
        assertEquals("exported rows (a header and every visit once)", GATEWAYS * VISITS_PER_GATEWAY + 1,
                csv.body().lines().count());
    }

    private void anOperatorReadsCountsAndTheFeedButCannotOperate(WebConsoleClient admin) throws Exception {
        JsonObject operator = new JsonObject();
        operator.addProperty("name", "olga");
        operator.addProperty("role", "operator");
        operator.addProperty("password", OPERATOR_PASSWORD);
        assertEquals("an admin adds an operator", 201, admin.post("/fleet/api/users", operator).status());

        WebConsoleClient olga = restClient(0);
        assertEquals(200, olga.fleetLogin("olga", OPERATOR_PASSWORD).status());
        assertEquals("an operator reads counts", 200, olga.get("/fleet/api/counts?by=line&from=2026-11-26").status());
        assertEquals("an operator may not deploy", 403, olga.post("/fleet/api/rollouts", rollout(
                deploy(), clients(0, 1), 1, 1, 0)).status());
        assertEquals("an operator may not change groups", 403, olga.put("/fleet/api/groups/night",
                JsonParser.parseString("{\"clients\": [\"bus-001\"]}")).status());
        assertEquals("an operator may not add users", 403, olga.post("/fleet/api/users", operator).status());
        assertEquals("an operator may not cancel", 403, olga.post("/fleet/api/rollouts/1/cancel", null).status());

        HttpResponse<byte[]> feed = olga.getBytes("/fleet/api/gtfs-rt/vehicle-positions.pb");
        assertEquals(200, feed.statusCode());
        FeedMessage message = FeedMessage.parseFrom(feed.body());
        assertEquals("2.0", message.getHeader().getGtfsRealtimeVersion());
        assertEquals("vehicles in the feed", OCCUPIED, message.getEntityCount());
        for (FeedEntity entity : message.getEntityList()) {
            assertTrue(entity.toString(), entity.hasVehicle() && entity.getVehicle().hasPosition()
                    && entity.getVehicle().hasOccupancyStatus() && entity.getVehicle().getVehicle().getId()
                            .startsWith("bus-"));
        }
        WebConsoleClient.Response json = olga.get("/fleet/api/gtfs-rt/vehicle-positions.json");
        assertEquals(200, json.status());
        assertEquals("vehicles in the JSON feed", OCCUPIED, json.object().getAsJsonArray("entity").size());
    }

    /**
     * Three staged rollouts of a configuration update: a clean group completes stage by stage; one with a refusing
     * gateway in its second batch halts after that batch (the later batch is never sent anything); one with a
     * refusing canary halts before any other gateway is sent anything.
     */
    private void stagedRolloutsCompleteOrHaltOnInjectedFailures(WebConsoleClient admin) throws Exception {
        JsonObject clean = new JsonObject();
        JsonArray cleanClients = clients(20, 30);
        clean.add("clients", cleanClients);
        assertEquals(200, admin.put("/fleet/api/groups/line-100-night", clean).status());
        JsonObject completed = awaitRolloutEnd(admin, admin.post("/fleet/api/rollouts",
                rolloutOfGroup(configure(), "line-100-night", 2, 4, 0)));
        assertEquals(completed.toString(), "COMPLETED", completed.get("state").getAsString());
        for (JsonElement job : completed.getAsJsonArray("jobs")) {
            assertEquals(job.toString(), "SUCCEEDED", job.getAsJsonObject().get("state").getAsString());
            assertEquals(1, requests.getOrDefault(job.getAsJsonObject().get("clientId").getAsString(), List.of())
                    .size());
        }

        refusing.add("bus-041"); // stages: canary bus-040, then bus-041..043, bus-044..046, bus-047..049
        JsonObject halted = awaitRolloutEnd(admin, admin.post("/fleet/api/rollouts",
                rollout(configure(), clients(40, 50), 1, 3, 0)));
        assertEquals(halted.toString(), "HALTED", halted.get("state").getAsString());
        for (int g = 44; g < 50; g++) {
            assertTrue("a gateway after the failing batch was sent a request: bus-0" + g,
                    requests.getOrDefault(String.format("bus-%03d", g), List.of()).isEmpty());
        }
        assertEquals("the refusing gateway's job", "FAILED", jobState(halted, "bus-041"));
        assertEquals("a gateway of a later batch", "CANCELLED", jobState(halted, "bus-049"));

        refusing.add("bus-060");
        JsonObject canaryHalted = awaitRolloutEnd(admin, admin.post("/fleet/api/rollouts",
                rollout(configure(), clients(60, 80), 1, 5, 0)));
        assertEquals(canaryHalted.toString(), "HALTED", canaryHalted.get("state").getAsString());
        for (int g = 61; g < 80; g++) {
            assertTrue("a gateway after the failed canary was sent a request: " + g,
                    requests.getOrDefault(String.format("bus-%03d", g), List.of()).isEmpty());
        }
        WebConsoleClient.Response detail = admin.get("/fleet/api/gateways/bus-060");
        assertEquals(200, detail.status());
        assertEquals("the canary's job on its gateway page", "FAILED",
                detail.object().getAsJsonArray("jobs").get(0).getAsJsonObject().get("state").getAsString());
    }

    private void badRequestsAreAnsweredWithClientErrors(WebConsoleClient admin) throws Exception {
        assertEquals("malformed JSON", 400, admin.sendJson("POST", "/fleet/api/rollouts", "{\"operation\": ", true)
                .status());
        WebConsoleClient.Response unknown = admin.post("/fleet/api/rollouts", rollout(configure(),
                arrayOf("bus-999"), 1, 1, 0));
        assertEquals("an unknown gateway: " + unknown, 422, unknown.status());
        assertTrue(unknown.toString(), unknown.body().contains("bus-999"));
        JsonObject badDeploy = rollout(deploy(), clients(0, 2), 1, 1, 0);
        badDeploy.getAsJsonObject("operation").addProperty("uri", "file:///etc/passwd");
        WebConsoleClient.Response refused = admin.post("/fleet/api/rollouts", badDeploy);
        assertEquals("a file: download: " + refused, 422, refused.status());
        assertEquals("a date that is none", 400, admin.get("/fleet/api/counts?from=yesterday").status());
        assertEquals("an unknown report", 400, admin.get("/fleet/api/counts?by=moon").status());
        assertEquals("an unknown rollout", 404, admin.get("/fleet/api/rollouts/987654").status());
        assertEquals("an unknown gateway", 404, admin.get("/fleet/api/gateways/nobody").status());
        assertEquals("without a session", 401, restClient(0).get("/fleet/api/gateways").status());
        assertTrue("the refused requests touched no gateway", requests.getOrDefault("bus-000", List.of()).isEmpty());
    }

    /** Answers CONF-V1 requests like an edgeway gateway: 200, or 400 from the refusing ones. */
    private IMqttToken answerConfigurationRequests(MqttAsyncClient gateway) throws MqttException {
        String clientId = gateway.getClientId();
        return gateway.subscribe("$EDC/" + account + "/" + clientId + "/CONF-V1/#", 1, (topic, message) -> {
            requests.computeIfAbsent(clientId, id -> new CopyOnWriteArrayList<>()).add(topic);
            Payload request = codec.decode(message.getPayload());
            String requestId = String.valueOf(request.metric("request.id").orElseThrow().value());
            String requester = String.valueOf(request.metric("requester.client.id").orElseThrow().value());
            Payload.Builder reply = Payload.builder().timestamp(Instant.now());
            if (refusing.contains(clientId)) {
                reply.metric("response.code", 400).metric("response.exception.message",
                        "invalid configuration, nothing changed: interval.ms: injected failure");
            } else {
                reply.metric("response.code", 200);
            }
            gateway.publish("$EDC/" + account + "/" + requester + "/CONF-V1/REPLY/" + requestId,
                    codec.encode(reply.build()), 1, false);
        });
    }

    private JsonObject awaitRolloutEnd(WebConsoleClient admin, WebConsoleClient.Response started) throws Exception {
        assertEquals("the rollout started: " + started, 201, started.status());
        long id = started.object().get("id").getAsLong();
        JsonObject[] rollout = new JsonObject[1];
        consoles.get(0).await("rollout " + id + " to end", () -> {
            WebConsoleClient.Response answer = admin.get("/fleet/api/rollouts/" + id);
            rollout[0] = answer.object();
            return !"RUNNING".equals(rollout[0].get("state").getAsString());
        });
        return rollout[0];
    }

    private static String jobState(JsonObject rollout, String clientId) {
        for (JsonElement job : rollout.getAsJsonArray("jobs")) {
            if (job.getAsJsonObject().get("clientId").getAsString().equals(clientId)) {
                return job.getAsJsonObject().get("state").getAsString();
            }
        }
        throw new AssertionError("no job of " + clientId + " in " + rollout);
    }

    private static JsonObject configure() {
        return JsonParser.parseString("{\"kind\": \"configure\", \"pid\": \"org.edgeway.transit\", "
                + "\"properties\": {\"stop.radius.m\": 40}}").getAsJsonObject();
    }

    private static JsonObject deploy() {
        return JsonParser.parseString("{\"kind\": \"deploy\", \"uri\": \"https://packages.example/meters-1.2.0.zip\", "
                + "\"name\": \"meters\", \"version\": \"1.2.0\"}").getAsJsonObject();
    }

    private static JsonObject rollout(JsonObject operation, JsonArray clients, int canary, int batchSize,
            int maxFailures) {
        JsonObject targets = new JsonObject();
        targets.add("clients", clients);
        return rollout(operation, targets, canary, batchSize, maxFailures);
    }

    private static JsonObject rolloutOfGroup(JsonObject operation, String group, int canary, int batchSize,
            int maxFailures) {
        JsonObject targets = new JsonObject();
        targets.addProperty("group", group);
        return rollout(operation, targets, canary, batchSize, maxFailures);
    }

    private static JsonObject rollout(JsonObject operation, JsonObject targets, int canary, int batchSize,
            int maxFailures) {
        JsonObject plan = new JsonObject();
        plan.addProperty("canary", canary);
        plan.addProperty("batchSize", batchSize);
        plan.addProperty("maxFailures", maxFailures);
        JsonObject body = new JsonObject();
        body.add("operation", operation);
        body.add("targets", targets);
        body.add("plan", plan);
        return body;
    }

    /** bus-FROM to bus-(TO - 1). */
    private static JsonArray clients(int from, int to) {
        JsonArray clients = new JsonArray();
        for (int g = from; g < to; g++) {
            clients.add(String.format("bus-%03d", g));
        }
        return clients;
    }

    private static JsonArray arrayOf(String... ids) {
        JsonArray array = new JsonArray();
        for (String id : ids) {
            array.add(id);
        }
        return array;
    }

    /**
     * A REST client of console {@code index}, trusting only the certificate that console generated, once Jetty
     * answers with it (it restarts with HTTPS after the certificate was made).
     */
    private WebConsoleClient restClient(int index) throws Exception {
        Path home = work.resolve("console-" + index);
        GatewayProcess console = consoles.get(index);
        console.awaitOutput("fleet console: https://");
        WebConsoleClient client = new WebConsoleClient(URI.create("https://127.0.0.1:" + ports.get(index)),
                WebConsoleClient.trusting(home), "edgeway_fleet_session");
        console.await("the console to answer over HTTPS", () -> {
            try {
                return client.get("/fleet/api/auth").status() == 200;
            } catch (IOException e) {
                return false; // not listening yet
            }
        });
        return client;
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
