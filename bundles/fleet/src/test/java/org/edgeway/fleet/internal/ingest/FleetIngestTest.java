package org.edgeway.fleet.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.ACCOUNT;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.birthMetrics;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.dataTopic;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.disconnectMetrics;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.gzip;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.intervalMetrics;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.lifecycleTopic;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.occupancyMetrics;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.payload;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.tripMetrics;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.visitMetrics;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.edgeway.api.payload.Payload;
import org.edgeway.api.payload.Position;
import org.edgeway.fleet.internal.store.CountRow;
import org.edgeway.fleet.internal.store.DatabaseSettings;
import org.edgeway.fleet.internal.store.EnergyInterval;
import org.edgeway.fleet.internal.store.FleetDatabase;
import org.edgeway.fleet.internal.store.FleetStore;
import org.edgeway.fleet.internal.store.Gateway;
import org.edgeway.fleet.internal.store.OccupancyRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest between a real Mosquitto and the store on H2: simulated gateways publish what our gateways publish, and
 * the store must end with exactly the generated ground truth.
 */
class FleetIngestTest {

    static final Instant SERVICE_DAY = Instant.parse("2026-03-02T05:00:00Z");
    static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");
    static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    MosquittoBroker broker;
    FleetDatabase database;
    FleetStore store;
    final Deque<AutoCloseable> opened = new ArrayDeque<>();

    @BeforeEach
    void startBrokerAndStore() throws Exception {
        broker = MosquittoBroker.start(dir.resolve("broker"));
        opened.push(broker);
        database = FleetDatabase.open(DatabaseSettings.h2(dir.resolve("fleet").toString()));
        opened.push(database);
        store = new FleetStore(database, Clock.systemUTC());
    }

    @AfterEach
    void closeAll() throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
    }

    FleetIngest ingest(String group) {
        IngestSettings settings = new IngestSettings(broker.url(), "console", null, null, ACCOUNT, group, 50,
                Duration.ofMillis(200), false);
        FleetIngest ingest = FleetIngest.start(settings, store, Clock.systemUTC());
        opened.push(ingest);
        await("the ingest subscribed", ingest::isSubscribed);
        return ingest;
    }

    SimulatedGateway gateway(String clientId, Payload lastWill) throws Exception {
        SimulatedGateway gateway = new SimulatedGateway(broker.url(), clientId, lastWill);
        opened.push(gateway);
        return gateway;
    }

    /** Polls until the condition holds or the deadline passes. */
    static void await(String what, BooleanSupplier condition) {
        await(() -> what, condition);
    }

    static void await(Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what.get());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting until " + what.get());
            }
        }
    }

    /** Every received message of every instance is accounted for and nothing waits. */
    static void awaitIdle(int published, FleetIngest... ingests) {
        Supplier<String> state = () -> {
            StringBuilder text = new StringBuilder();
            for (FleetIngest ingest : ingests) {
                text.append(ingest.stats()).append('\n');
            }
            return text.toString();
        };
        await(() -> "all " + published + " messages are received and handled; now:\n" + state.get(), () -> {
            long received = 0;
            long handled = 0;
            int waiting = 0;
            for (FleetIngest ingest : ingests) {
                IngestStats stats = ingest.stats();
                received += stats.received();
                handled += stats.stored() + stats.duplicates() + stats.ignored() + stats.rejectedTotal();
                waiting += stats.queueDepth();
            }
            return received >= published && handled == received && waiting == 0;
        });
    }

    long rows(String table) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---- the fleet -----------------------------------------------------------------------------------------------

    /** What the gateways published, as the store should end up with it. */
    static final class GroundTruth {
        int published;
        int visits;
        int duplicateVisits;
        int trips;
        int duplicateTrips;
        int occupancyMessages;
        int energyIntervals;
        int ignored;
        final Map<String, long[]> perLine = new TreeMap<>(); // line -> visits, boardings, alightings
        final Map<String, Integer> lastLoad = new TreeMap<>();
        double importKwh;
    }

    @Test
    void twentyGatewaysThroughTwoInstancesOfOneShareGroupEndWithExactlyTheGroundTruth() throws Exception {
        FleetIngest first = ingest("fleet-test");
        FleetIngest second = ingest("fleet-test");
        Random random = new Random(20260302);
        GroundTruth truth = new GroundTruth();
        List<SimulatedGateway> gateways = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int g = 0; g < 20; g++) {
            String id = String.format("02:FC:00:00:00:%02X", g);
            ids.add(id);
            gateways.add(gateway(id, null));
        }

        for (int g = 0; g < 20; g++) {
            publish(truth, gateways.get(g), lifecycleTopic(ids.get(g), "BIRTH"),
                    payload(Instant.now(), Position.of(52.5 + g / 100.0, 13.4), birthMetrics("Bus " + g, "0.1.0")), 1);
        }
        // two trips of six stops per gateway, the gateways interleaved as on a live broker
        List<List<Payload>> visitsByGateway = new ArrayList<>();
        List<List<Payload>> tripsByGateway = new ArrayList<>();
        for (int g = 0; g < 20; g++) {
            visitsByGateway.add(new ArrayList<>());
            tripsByGateway.add(new ArrayList<>());
        }
        for (int trip = 0; trip < 2; trip++) {
            long[][] tripTotals = new long[20][2];
            for (int stop = 0; stop < 6; stop++) {
                for (int g = 0; g < 20; g++) {
                    String line = "L" + (g % 4);
                    Instant tripStart = SERVICE_DAY.plus(Duration.ofMinutes(90L * trip + g));
                    Instant arrival = tripStart.plus(Duration.ofMinutes(4L * stop + 1));
                    long boardings = random.nextInt(30);
                    long alightings = random.nextInt(20);
                    tripTotals[g][0] += boardings;
                    tripTotals[g][1] += alightings;
                    GatewayPayloads.Visit visit = new GatewayPayloads.Visit(new UUID(random.nextLong(),
                            random.nextLong()).toString(), ids.get(g) + "/trip-" + trip, tripStart, line,
                            "de:11000:" + stop, stop + 1, "Stop " + stop, arrival, arrival.plusSeconds(35), boardings,
                            alightings, random.nextInt(80), stop == 0 ? "" : "MOVING");
                    Payload payload = GatewayPayloads.visit(visit, Position.of(52.5, 13.3 + stop / 100.0));
                    visitsByGateway.get(g).add(payload);
                    publish(truth, gateways.get(g), dataTopic(ids.get(g), "APC-V1/stopvisit"), payload, 1);
                    truth.visits++;
                    long[] perLine = truth.perLine.computeIfAbsent(line, k -> new long[3]);
                    perLine[0]++;
                    perLine[1] += boardings;
                    perLine[2] += alightings;
                }
            }
            for (int g = 0; g < 20; g++) {
                Instant tripStart = SERVICE_DAY.plus(Duration.ofMinutes(90L * trip + g));
                Instant tripEnd = tripStart.plus(Duration.ofMinutes(30));
                Payload summary = payload(tripEnd, null, tripMetrics(ids.get(g) + "/trip-" + trip, "L" + (g % 4),
                        tripStart, tripEnd, 6, tripTotals[g][0], tripTotals[g][1], 0, 0L));
                tripsByGateway.get(g).add(summary);
                publish(truth, gateways.get(g), dataTopic(ids.get(g), "APC-V1/trip"), summary, 1);
                truth.trips++;
            }
        }
        // at-least-once: re-deliveries of visits and of a trip summary
        for (int g = 0; g < 20; g++) {
            for (int d = 0; d < 4; d++) {
                List<Payload> visits = visitsByGateway.get(g);
                publish(truth, gateways.get(g), dataTopic(ids.get(g), "APC-V1/stopvisit"),
                        visits.get(random.nextInt(visits.size())), 1);
                truth.duplicateVisits++;
            }
            publish(truth, gateways.get(g), dataTopic(ids.get(g), "APC-V1/trip"), tripsByGateway.get(g).get(0), 1);
            truth.duplicateTrips++;
        }
        // live occupancy (QoS 0 as the gateway sends it) and the depot meters' quarter hours
        for (int g = 0; g < 20; g++) {
            for (int k = 0; k < 3; k++) {
                int load = random.nextInt(100);
                Instant at = SERVICE_DAY.plus(Duration.ofMinutes(200L + k));
                publish(truth, gateways.get(g), dataTopic(ids.get(g), "APC-V1/occupancy"), payload(at, null,
                        occupancyMetrics(load, load / 2, "MANY_SEATS_AVAILABLE", 1, k == 1, "t", "L1", "s", 2)), 0);
                truth.occupancyMessages++;
                truth.lastLoad.put(ids.get(g), load);
            }
            String meterTopic = dataTopic(ids.get(g), "METER-V1/meter/main/interval");
            for (int q = 0; q < 2; q++) {
                Instant start = SERVICE_DAY.plus(Duration.ofMinutes(15L * q));
                double kwh = Math.round(random.nextDouble() * 1000) / 100.0;
                truth.importKwh += kwh;
                publish(truth, gateways.get(g), meterTopic, payload(start.plus(Duration.ofMinutes(15)), null,
                        intervalMetrics("energy.import", "kWh", start, start.plus(Duration.ofMinutes(15)), 1000 + kwh,
                                kwh, "GOOD")), 1);
                truth.energyIntervals++;
            }
            publish(truth, gateways.get(g), meterTopic, payload(SERVICE_DAY, null, intervalMetrics("energy.export",
                    "kWh", SERVICE_DAY, SERVICE_DAY.plus(Duration.ofMinutes(15)), 3.0, 0.25, "INTERPOLATED")), 1);
            truth.energyIntervals++;
            publish(truth, gateways.get(g), meterTopic, payload(SERVICE_DAY, null, intervalMetrics("water.volume",
                    "m3", SERVICE_DAY, SERVICE_DAY.plus(Duration.ofMinutes(15)), 3.0, 0.25, "GOOD")), 1);
            truth.ignored++;
        }

        // the births reach both instances (Mosquitto does not share '$' topics); every data message reaches one
        int births = 20;
        awaitIdle(truth.published + births, first, second);
        await("every visit is stored", () -> count("stop_visit") == truth.visits);

        IngestStats a = first.stats();
        IngestStats b = second.stats();
        assertThat(a.received() + b.received()).as("each data message went to one instance of the group")
                .isEqualTo(truth.published + births);
        assertThat(a.received() - births).as("the first instance got its share of the data").isPositive();
        assertThat(b.received() - births).as("the second instance got its share of the data").isPositive();
        assertThat(a.duplicates() + b.duplicates()).isEqualTo(truth.duplicateVisits + truth.duplicateTrips);
        assertThat(a.stored() + b.stored()).isEqualTo(2 * births + truth.visits + truth.trips
                + truth.occupancyMessages + truth.energyIntervals);
        assertThat(a.ignored() + b.ignored()).isEqualTo(truth.ignored);
        assertThat(a.rejected()).isEmpty();
        assertThat(b.rejected()).isEmpty();

        assertThat(rows("stop_visit")).isEqualTo(truth.visits);
        assertThat(rows("trip_summary")).isEqualTo(truth.trips);
        assertThat(rows("energy_interval")).isEqualTo(truth.energyIntervals);
        List<CountRow> byLine = store.countsByLine(ACCOUNT, Instant.EPOCH, FAR_FUTURE);
        assertThat(byLine).hasSize(4);
        for (CountRow row : byLine) {
            long[] expected = truth.perLine.get(row.key());
            assertThat(new long[] {row.visits(), row.boardings(), row.alightings()}).as("line " + row.key())
                    .containsExactly(expected);
        }

        List<Gateway> registry = store.gateways(ACCOUNT);
        assertThat(registry).extracting(Gateway::clientId).containsExactlyElementsOf(ids);
        assertThat(registry).allSatisfy(gateway -> {
            assertThat(gateway.online()).isTrue();
            assertThat(gateway.runtimeVersion()).isEqualTo("0.1.0");
            assertThat(gateway.lastBirth()).isNotNull();
        });
        assertThat(registry.get(7).displayName()).isEqualTo("Bus 7");

        assertThat(store.latestOccupancy(ACCOUNT)).extracting(OccupancyRecord::clientId, OccupancyRecord::load)
                .containsExactlyElementsOf(truth.lastLoad.entrySet().stream()
                        .map(e -> org.assertj.core.groups.Tuple.tuple(e.getKey(), e.getValue())).toList());

        List<EnergyInterval> imports = store.energy(ACCOUNT, "main", Instant.EPOCH, FAR_FUTURE);
        assertThat(imports).hasSize(40);
        assertThat(imports.stream().mapToDouble(EnergyInterval::kwh).sum()).isCloseTo(truth.importKwh,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(store.energy(ACCOUNT, "main/energy.export", Instant.EPOCH, FAR_FUTURE)).hasSize(20);
        assertThat(store.rejectedCounts(ACCOUNT)).isEmpty();
    }

    private static void publish(GroundTruth truth, SimulatedGateway gateway, String topic, Payload payload, int qos)
            throws Exception {
        gateway.publish(topic, payload, qos);
        truth.published++;
    }

    private long count(String table) {
        try {
            return rows(table);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- hostile input -------------------------------------------------------------------------------------------

    @Test
    void hostileMessagesAreRejectedForTheirGatewayAndOtherGatewaysDataIsIntact() throws Exception {
        FleetIngest ingest = ingest(null);
        SimulatedGateway good = gateway("bus-good", null);
        SimulatedGateway evil = gateway("bus-evil", null);
        int published = 0;
        String evilVisits = dataTopic("bus-evil", "APC-V1/stopvisit");

        evil.publishRaw(evilVisits, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
            (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 1);
        evil.publishRaw(evilVisits, gzip(new byte[20 * 1024 * 1024]), 1);
        Map<String, Object> negative = visitMetrics(visit("evil-1", 5, 1));
        negative.put("boardings", -1000L);
        evil.publish(evilVisits, payload(Instant.now(), null, negative), 1);
        evil.publishRaw(dataTopic("bus-evil", "APC-V1/trip"), new byte[] {0x0f, 0x0f}, 1);
        published += 4;
        long goodBoardings = 0;
        for (int i = 0; i < 5; i++) {
            GatewayPayloads.Visit visit = visit("good-" + i, i + 1, 1);
            goodBoardings += visit.boardings();
            good.publish(dataTopic("bus-good", "APC-V1/stopvisit"), GatewayPayloads.visit(visit, null), 1);
            published++;
            // the evil gateway re-sends the good one's visit ids: they are its own visits, nobody else's
            Map<String, Object> copy = visitMetrics(visit("good-" + i, 500, 0));
            evil.publish(evilVisits, payload(Instant.now(), null, copy), 1);
            published++;
        }

        awaitIdle(published, ingest);
        await("the rejections are counted for the evil gateway",
                () -> store.rejectedCounts(ACCOUNT, "bus-evil").values().stream().mapToLong(Long::longValue)
                        .sum() == 4);

        Map<String, Long> expected = Map.of("payload: not a valid KuraPayload", 2L,
                "payload: gzip inflates to more than 262144 bytes", 1L, "stopvisit: metric boardings is negative", 1L);
        assertThat(ingest.stats().rejected()).isEqualTo(expected);
        assertThat(store.rejectedCounts(ACCOUNT, "bus-evil")).isEqualTo(expected);
        assertThat(store.rejectedCounts(ACCOUNT, "bus-good")).isEmpty();
        assertThat(rows("stop_visit")).isEqualTo(10);
        assertThat(boardings("bus-good")).isEqualTo(goodBoardings);
        assertThat(boardings("bus-evil")).isEqualTo(5 * 500);
        assertThat(store.gateways(ACCOUNT)).extracting(Gateway::clientId).containsExactly("bus-evil", "bus-good");
    }

    long boardings(String clientId) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); java.sql.PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*), SUM(boardings) FROM stop_visit WHERE client_id = ?")) {
            s.setString(1, clientId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("visits of " + clientId).isEqualTo(5);
                return rs.getLong(2);
            }
        }
    }

    static GatewayPayloads.Visit visit(String visitId, long boardings, long alightings) {
        Instant tripStart = Instant.parse("2026-03-02T07:00:00Z");
        Instant arrival = tripStart.plus(Duration.ofMinutes(3));
        return new GatewayPayloads.Visit(visitId, "T-1", tripStart, "100", "stop-" + visitId, 1, "Stop", arrival,
                arrival.plusSeconds(30), boardings, alightings, 10, "");
    }

    // ---- lifecycle -----------------------------------------------------------------------------------------------

    @Test
    void aGatewayWhoseConnectionDiesIsMarkedOfflineByItsLastWill() throws Exception {
        FleetIngest ingest = ingest(null);
        String id = "bus-lwt";
        // as the cloud bundle does: the will is the disconnect payload, written when the gateway connects
        SimulatedGateway gateway = gateway(id, payload(Instant.now(), null, disconnectMetrics("Bus LWT")));
        gateway.publish(lifecycleTopic(id, "BIRTH"), payload(Instant.now(), null, birthMetrics("Bus LWT", "0.1.0")),
                1);
        gateway.publish(dataTopic(id, "APC-V1/stopvisit"), GatewayPayloads.visit(visit("v-1", 3, 0), null), 1);
        awaitIdle(2, ingest);
        await("the gateway is online and seen", () -> store.gateway(ACCOUNT, id)
                .filter(g -> g.online() && g.lastSeen() != null && !g.lastSeen().isBefore(g.lastBirth())).isPresent());
        Instant lastSeen = store.gateway(ACCOUNT, id).orElseThrow().lastSeen();

        gateway.killConnection();

        await("the last will marks the gateway offline", () -> store.gateway(ACCOUNT, id)
                .filter(g -> !g.online()).isPresent());
        Gateway offline = store.gateway(ACCOUNT, id).orElseThrow();
        assertThat(offline.lastSeen()).as("the broker sent the will, not the gateway").isEqualTo(lastSeen);
        assertThat(offline.displayName()).isEqualTo("Bus LWT");
        assertThat(ingest.stats().received()).isEqualTo(3);
        assertThat(ingest.stats().rejected()).isEmpty();
    }

    @Test
    void aCleanDisconnectMarksTheGatewayOfflineAndANewBirthOnlineAgain() throws Exception {
        FleetIngest ingest = ingest(null);
        String id = "bus-dc";
        SimulatedGateway gateway = gateway(id, null);
        gateway.publish(lifecycleTopic(id, "BIRTH"), payload(Instant.now(), null, birthMetrics("Bus DC", "0.1.0")),
                1);
        gateway.publish(lifecycleTopic(id, "DC"), payload(Instant.now(), null, disconnectMetrics("Bus DC")), 1);
        awaitIdle(2, ingest);
        assertThat(store.gateway(ACCOUNT, id).map(Gateway::online)).isEqualTo(Optional.of(false));

        gateway.publish(lifecycleTopic(id, "BIRTH"), payload(Instant.now(), null, birthMetrics("Bus DC", "0.2.0")),
                1);
        awaitIdle(3, ingest);
        Gateway online = store.gateway(ACCOUNT, id).orElseThrow();
        assertThat(online.online()).isTrue();
        assertThat(online.runtimeVersion()).isEqualTo("0.2.0");
    }
}
