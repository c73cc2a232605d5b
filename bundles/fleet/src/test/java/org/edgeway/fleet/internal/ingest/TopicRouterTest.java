package org.edgeway.fleet.internal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.ACCOUNT;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.birthMetrics;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.dataTopic;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.disconnectMetrics;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.encode;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.gzip;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.intervalMetrics;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.lifecycleTopic;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.occupancyMetrics;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.tripMetrics;
import static org.edgeway.fleet.internal.ingest.GatewayPayloads.visitMetrics;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.edgeway.api.payload.Payload;
import org.edgeway.api.payload.Position;
import org.edgeway.fleet.internal.store.EnergyInterval;
import org.edgeway.fleet.internal.store.GatewayBirth;
import org.edgeway.fleet.internal.store.OccupancyRecord;
import org.edgeway.fleet.internal.store.StopVisitRecord;
import org.edgeway.fleet.internal.store.TripRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of message from payloads encoded as our gateways encode them, and every way a message is refused. */
class TopicRouterTest {

    static final String GATEWAY = "02:FC:00:00:00:01";
    static final Instant RECEIVED = Instant.parse("2026-03-02T07:30:00.123Z");
    static final Instant TRIP_START = Instant.parse("2026-03-02T07:00:00Z");
    static final Instant ARRIVAL = Instant.parse("2026-03-02T07:10:00Z");
    static final Instant DEPARTURE = Instant.parse("2026-03-02T07:10:40Z");
    static final Position POSITION = Position.of(52.5069, 13.3325);

    final TopicRouter router = new TopicRouter(ACCOUNT);

    static GatewayPayloads.Visit visit() {
        return new GatewayPayloads.Visit("cb2c3369-7a1e-4b59-9a8f-1f6a2d3e4b5c", "100-0815", TRIP_START, "100",
                "de:11000:900023201", 1, "S+U Zoologischer Garten", ARRIVAL, DEPARTURE, 18, 3, 15, "");
    }

    static byte[] visitBytes(Consumer<Map<String, Object>> change) {
        Map<String, Object> metrics = visitMetrics(visit());
        change.accept(metrics);
        return encode(GatewayPayloads.payload(DEPARTURE, POSITION, metrics));
    }

    Route route(String topic, byte[] payload) {
        return router.route(topic, payload, RECEIVED);
    }

    // ---- every kind ----------------------------------------------------------------------------------------------

    @Test
    void aBirthCertificateIsABirthAtTheTimeItWasReceived() {
        Payload birth = GatewayPayloads.payload(Instant.parse("2020-01-01T00:00:00Z"), Position.of(52.52, 13.405),
                birthMetrics("Bus 4711", "0.1.0"));

        Route route = route(lifecycleTopic(GATEWAY, "BIRTH"), encode(birth));

        assertThat(route).isInstanceOf(Route.Birth.class);
        GatewayBirth b = ((Route.Birth) route).birth();
        assertThat(b.account()).isEqualTo(ACCOUNT);
        assertThat(b.clientId()).isEqualTo(GATEWAY);
        assertThat(b.at()).as("the gateway's clock is not trusted for the registry").isEqualTo(RECEIVED);
        assertThat(b.metrics()).containsEntry("display_name", "Bus 4711")
                .containsEntry("application_framework_version", "0.1.0")
                .containsEntry("application_ids", "APC-V1,CONF-V1,DEPLOY-V2").hasSize(28);
        assertThat(b.packages()).as("a Kura birth does not list packages: the known ones are kept").isNull();
        assertThat(b.latitude()).isEqualTo(52.52);
        assertThat(b.longitude()).isEqualTo(13.405);
    }

    @Test
    void aBirthTakesScalarExtensionsAsTextAndSkipsBytes() {
        Map<String, Object> metrics = birthMetrics("Bus 1", "0.1.0");
        metrics.put("modem_rssi", -71);
        metrics.put("modem_roaming", false);
        metrics.put("vendor_blob", new byte[] {1, 2});

        GatewayBirth b = ((Route.Birth) route(lifecycleTopic(GATEWAY, "BIRTH"), encode(RECEIVED, metrics))).birth();

        assertThat(b.metrics()).containsEntry("modem_rssi", "-71").containsEntry("modem_roaming", "false")
                .doesNotContainKey("vendor_blob");
        assertThat(b.latitude()).isNull();
    }

    @Test
    void appsCarriesAFullBirthCertificate() {
        Route route = route(lifecycleTopic(GATEWAY, "APPS"), encode(RECEIVED, birthMetrics("Bus 1", "0.2.0")));

        assertThat(route).isInstanceOf(Route.Apps.class);
        assertThat(((Route.Apps) route).birth().metrics()).containsEntry("application_framework_version", "0.2.0");
        assertThat(route.clientId()).isEqualTo(GATEWAY);
    }

    @Test
    void dcAndLastWillAreDisconnectsAtTheTimeTheyWereReceived() {
        // the will was encoded when the gateway connected: its timestamp says nothing about the disconnect
        byte[] will = encode(Instant.parse("2026-03-02T05:00:00Z"), disconnectMetrics("Bus 1"));

        assertThat(route(lifecycleTopic(GATEWAY, "DC"), will))
                .isEqualTo(new Route.Disconnect(ACCOUNT, GATEWAY, RECEIVED, false));
        assertThat(route(lifecycleTopic(GATEWAY, "LWT"), will))
                .isEqualTo(new Route.Disconnect(ACCOUNT, GATEWAY, RECEIVED, true));
        assertThat(route(lifecycleTopic(GATEWAY, "LWT"), new byte[0]))
                .as("an empty payload is an empty KuraPayload").isInstanceOf(Route.Disconnect.class);
    }

    @Test
    void aStopVisitKeepsItsCountsTripStopAndPositionAndOnlyNonZeroDoorCounts() {
        Route route = route(dataTopic(GATEWAY, "APC-V1/stopvisit"), encode(GatewayPayloads.visit(visit(), POSITION)));

        assertThat(route).isInstanceOf(Route.StopVisit.class);
        assertThat(((Route.StopVisit) route).visit()).isEqualTo(new StopVisitRecord(ACCOUNT, GATEWAY,
                "cb2c3369-7a1e-4b59-9a8f-1f6a2d3e4b5c", "100-0815", TRIP_START, "100", "de:11000:900023201", 1,
                "S+U Zoologischer Garten", ARRIVAL, DEPARTURE, 18, 3, 15, "",
                Map.of("1.adult.in", 18, "1.adult.out", 3), 52.5069, 13.3325));
    }

    @Test
    void aGzippedStopVisitIsTheSameVisit() {
        byte[] plain = encode(GatewayPayloads.visit(visit(), POSITION));

        assertThat(route(dataTopic(GATEWAY, "APC-V1/stopvisit"), gzip(plain)))
                .isEqualTo(route(dataTopic(GATEWAY, "APC-V1/stopvisit"), plain));
    }

    @Test
    void aVisitWithoutTripOrStopHasNeither() {
        GatewayPayloads.Visit v = new GatewayPayloads.Visit("v-1", null, null, null, null, 0, null, ARRIVAL,
                DEPARTURE, 2, 0, 2, "NO_POSITION,NO_TRIP");

        StopVisitRecord record = ((Route.StopVisit) route(dataTopic(GATEWAY, "APC-V1/stopvisit"),
                encode(GatewayPayloads.visit(v, null)))).visit();

        assertThat(record.tripId()).isNull();
        assertThat(record.tripStart()).isNull();
        assertThat(record.line()).isNull();
        assertThat(record.stopId()).isNull();
        assertThat(record.stopSequence()).isNull();
        assertThat(record.quality()).isEqualTo("NO_POSITION,NO_TRIP");
        assertThat(record.latitude()).isNull();
    }

    @Test
    void theGatewayIsTheTopicsClientIdNeverAPayloadValue() {
        byte[] payload = visitBytes(m -> {
            m.put("client_id", "bus-other");
            m.put("account", "other");
        });

        Route route = route(dataTopic("bus-7", "APC-V1/stopvisit"), payload);

        assertThat(route.account()).isEqualTo(ACCOUNT);
        assertThat(route.clientId()).isEqualTo("bus-7");
        assertThat(((Route.StopVisit) route).visit().clientId()).isEqualTo("bus-7");
    }

    @Test
    void aTripSummary() {
        Instant end = Instant.parse("2026-03-02T07:48:00Z");
        Route route = route(dataTopic(GATEWAY, "APC-V1/trip"), encode(end,
                tripMetrics("100-0815", "100", TRIP_START, end, 21, 140L, 138L, 2, 1L)));

        assertThat(route).isEqualTo(new Route.TripSummary(
                new TripRecord(ACCOUNT, GATEWAY, "100-0815", TRIP_START, end, "100", 21, 140, 138, 2, 1)));
    }

    @Test
    void anOccupancyAtTheGatewaysTime() {
        Instant at = Instant.parse("2026-03-02T07:12:00Z");
        Route route = route(dataTopic(GATEWAY, "APC-V1/occupancy"), encode(GatewayPayloads.payload(at, POSITION,
                occupancyMetrics(42, 30, "MANY_SEATS_AVAILABLE", 1, false, "100-0815", "100", "de:1", 3))));

        assertThat(route).isEqualTo(new Route.Occupancy(new OccupancyRecord(ACCOUNT, GATEWAY, at, 42, 30,
                "MANY_SEATS_AVAILABLE", 1, false, "100-0815", "100", "de:1", 3, 52.5069, 13.3325)));
    }

    @Test
    void anOccupancyWithoutTripPercentOrStop() {
        Instant at = Instant.parse("2026-03-02T07:12:00Z");
        OccupancyRecord o = ((Route.Occupancy) route(dataTopic(GATEWAY, "APC-V1/occupancy"), encode(at,
                occupancyMetrics(0, null, "EMPTY", 0, true, null, null, null, null)))).occupancy();

        assertThat(o.occupancyPercent()).isNull();
        assertThat(o.tripId()).isNull();
        assertThat(o.stopSequence()).isNull();
        assertThat(o.doorsOpen()).isTrue();
    }

    @Test
    void theImportCounterIsTheMeterAndOtherKwhCountersAreItsSeries() {
        Instant start = Instant.parse("2026-03-02T07:00:00Z");
        Instant end = Instant.parse("2026-03-02T07:15:00Z");
        String topic = dataTopic(GATEWAY, "METER-V1/meter/main-supply/interval");

        assertThat(route(topic, encode(end, intervalMetrics("energy.import", "kWh", start, end, 20027.236, 12.5,
                "GOOD")))).isEqualTo(new Route.EnergyInterval(new EnergyInterval(ACCOUNT, GATEWAY, "main-supply",
                        start, end, 12.5, "GOOD")));
        assertThat(route(topic, encode(end, intervalMetrics("energy.export", "kWh", start, end, 5.0, 0.0,
                "INTERPOLATED")))).isEqualTo(new Route.EnergyInterval(new EnergyInterval(ACCOUNT, GATEWAY,
                        "main-supply/energy.export", start, end, 0.0, "INTERPOLATED")));
        assertThat(route(topic, encode(end, intervalMetrics("water.volume", "m3", start, end, 5.0, 0.1, "GOOD"))))
                .isInstanceOf(Route.Ignored.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignoredTopics")
    void otherApplicationsAndTopicsAreIgnoredForTheirGateway(String topic) {
        Route route = route(topic, new byte[] {1, 2, 3});

        assertThat(route).isInstanceOf(Route.Ignored.class);
        assertThat(route.account()).isEqualTo(ACCOUNT);
        assertThat(route.clientId()).isEqualTo(GATEWAY);
    }

    static Stream<String> ignoredTopics() {
        return Stream.of(dataTopic(GATEWAY, "DEMO-V1/depot/meter-1"), dataTopic(GATEWAY, "HOTSPOT-V1/clients"),
                dataTopic(GATEWAY, "METER-V1/meter/main-supply/values"), dataTopic(GATEWAY, "METER-V1/bus/rtu/stats"),
                dataTopic(GATEWAY, "APC-V1/stopvisit/extra"), dataTopic(GATEWAY, "APC-V1/future"),
                lifecycleTopic(GATEWAY, "NOTIFY"), "$EDC/" + ACCOUNT + "/" + GATEWAY + "/CONF-V1/REPLY/1");
    }

    // ---- rejections ----------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void everyMalformedOrHostileMessageIsRejectedWithItsReason(String name, String topic, byte[] payload,
            String reason, boolean forTheGateway) {
        Route route = route(topic, payload);

        assertThat(route).isInstanceOf(Route.Rejected.class);
        assertThat(((Route.Rejected) route).reason()).isEqualTo(reason);
        if (forTheGateway) {
            assertThat(route.account()).isEqualTo(ACCOUNT);
            assertThat(route.clientId()).isEqualTo(GATEWAY);
        } else {
            assertThat(route.clientId()).isNull();
        }
    }

    static Stream<Arguments> rejections() {
        String visitTopic = dataTopic(GATEWAY, "APC-V1/stopvisit");
        byte[] validVisit = visitBytes(m -> { });
        List<Arguments> cases = new ArrayList<>();
        // topics
        cases.add(reject("another account", "other/" + GATEWAY + "/APC-V1/stopvisit", validVisit,
                "topic: another account", false));
        cases.add(reject("another account's lifecycle", "$EDC/other/" + GATEWAY + "/MQTT/BIRTH", validVisit,
                "topic: another account", false));
        cases.add(reject("plus in the client id", dataTopic("bus+1", "APC-V1/stopvisit"), validVisit,
                "topic: client id contains a wildcard", false));
        cases.add(reject("hash in the client id", dataTopic("#", "APC-V1/stopvisit"), validVisit,
                "topic: client id contains a wildcard", false));
        cases.add(reject("empty client id", dataTopic("", "APC-V1/stopvisit"), validVisit, "topic: no client id",
                false));
        cases.add(reject("client id of 256 characters", dataTopic("b".repeat(256), "APC-V1/stopvisit"), validVisit,
                "topic: client id longer than 255 characters", false));
        cases.add(reject("control character in the client id", dataTopic("bus\n1", "APC-V1/stopvisit"), validVisit,
                "topic: client id contains control characters", false));
        cases.add(reject("too few levels", ACCOUNT + "/" + GATEWAY, validVisit, "topic: too few levels", false));
        cases.add(reject("empty topic", "", validVisit, "topic: missing", false));
        cases.add(reject("wildcard meter name", dataTopic(GATEWAY, "METER-V1/meter/+/interval"), validVisit,
                "meter interval: the meter name in the topic is empty, too long or contains wildcards or control "
                        + "characters", true));
        // payloads
        cases.add(reject("not protobuf", visitTopic, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
            (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                "payload: not a valid KuraPayload", true));
        cases.add(reject("invalid wire type", visitTopic, new byte[] {0x0f, 0x01}, "payload: not a valid KuraPayload",
                true));
        cases.add(reject("gzip bomb", visitTopic, gzip(new byte[20 * 1024 * 1024]),
                "payload: gzip inflates to more than 262144 bytes", true));
        cases.add(reject("corrupt gzip", visitTopic, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2},
                "payload: corrupt gzip", true));
        cases.add(reject("too large", visitTopic, new byte[TopicRouter.MAX_PAYLOAD_BYTES + 1],
                "payload: larger than 262144 bytes", true));
        cases.add(reject("not UTF-8", visitTopic, invalidUtf8Visit(), "payload: a text is not valid UTF-8", true));
        cases.add(reject("NUL in a text", visitTopic, visitBytes(m -> m.put("stop_name", "Zoo\0")),
                "payload: a text contains a NUL character", true));
        cases.add(reject("empty payload", visitTopic, new byte[0], "stopvisit: metric visit_id is missing", true));
        cases.add(reject("null payload", visitTopic, null, "stopvisit: metric visit_id is missing", true));
        // stop visit metrics
        cases.add(reject("missing visit id", visitTopic, visitBytes(m -> m.remove("visit_id")),
                "stopvisit: metric visit_id is missing", true));
        cases.add(reject("empty visit id", visitTopic, visitBytes(m -> m.put("visit_id", "")),
                "stopvisit: metric visit_id is empty", true));
        cases.add(reject("visit id of 256 characters", visitTopic, visitBytes(m -> m.put("visit_id", "v".repeat(256))),
                "stopvisit: metric visit_id is longer than 255 characters", true));
        cases.add(reject("boardings as text", visitTopic, visitBytes(m -> m.put("boardings", "18")),
                "stopvisit: metric boardings is STRING, not an integer", true));
        cases.add(reject("boardings as a double", visitTopic, visitBytes(m -> m.put("boardings", 18.0)),
                "stopvisit: metric boardings is DOUBLE, not an integer", true));
        cases.add(reject("negative boardings", visitTopic, visitBytes(m -> m.put("boardings", -1L)),
                "stopvisit: metric boardings is negative", true));
        cases.add(reject("absurd alightings", visitTopic, visitBytes(m -> m.put("alightings", 5_000_000_000L)),
                "stopvisit: metric alightings is implausibly large", true));
        cases.add(reject("negative occupancy", visitTopic, visitBytes(m -> m.put("occupancy", -3)),
                "stopvisit: metric occupancy is negative", true));
        cases.add(reject("negative trip boardings", visitTopic, visitBytes(m -> m.put("trip_boardings", -3L)),
                "stopvisit: metric trip_boardings is negative", true));
        cases.add(reject("arrival in seconds", visitTopic,
                visitBytes(m -> m.put("arrival", ARRIVAL.getEpochSecond())),
                "stopvisit: metric arrival is not a plausible time in epoch milliseconds", true));
        cases.add(reject("departure before arrival", visitTopic,
                visitBytes(m -> m.put("departure", ARRIVAL.toEpochMilli() - 1)),
                "stopvisit: departure is before arrival", true));
        cases.add(reject("trip without start", visitTopic, visitBytes(m -> m.remove("trip_start")),
                "stopvisit: metric trip_start is missing", true));
        cases.add(reject("quality not flags", visitTopic, visitBytes(m -> m.put("quality", "<script>")),
                "stopvisit: metric quality is not a comma-separated list of flags", true));
        cases.add(reject("door count with a space", visitTopic, visitBytes(m -> m.put("door.front door.adult.in", 1L)),
                "stopvisit: a door count metric is not named door.DOOR.CLASS.in or door.DOOR.CLASS.out", true));
        cases.add(reject("negative door count", visitTopic, visitBytes(m -> m.put("door.1.adult.in", -2L)),
                "stopvisit: a door count is negative", true));
        cases.add(reject("too many door counts", visitTopic, visitBytes(m -> {
            for (int door = 0; door < 65; door++) {
                m.put("door." + door + ".adult.in", 1L);
                m.put("door." + door + ".adult.out", 1L);
            }
        }), "stopvisit: more than 128 door counts", true));
        // birth
        Map<String, Object> typedBirth = birthMetrics("Bus 1", "0.1.0");
        typedBirth.put("display_name", 7L);
        cases.add(reject("birth with a number for a text", lifecycleTopic(GATEWAY, "BIRTH"),
                encode(RECEIVED, typedBirth), "birth: metric display_name is INT64, not a string", true));
        Map<String, Object> longBirth = birthMetrics("Bus 1", "0.1.0");
        longBirth.put("display_name", "x".repeat(4001));
        cases.add(reject("birth value too long", lifecycleTopic(GATEWAY, "BIRTH"), encode(RECEIVED, longBirth),
                "birth: metric display_name is longer than 4000 characters", true));
        Map<String, Object> hugeBirth = birthMetrics("Bus 1", "0.1.0");
        for (int i = 0; i < 200; i++) {
            hugeBirth.put("extra_" + i, "x");
        }
        cases.add(reject("birth with too many metrics", lifecycleTopic(GATEWAY, "APPS"), encode(RECEIVED, hugeBirth),
                "apps: more than 200 metrics", true));
        cases.add(reject("garbage last will", lifecycleTopic(GATEWAY, "LWT"), new byte[] {0x0f},
                "payload: not a valid KuraPayload", true));
        // trip
        Instant end = Instant.parse("2026-03-02T07:48:00Z");
        Map<String, Object> backwards = tripMetrics("T1", "100", end, TRIP_START, 3, 1L, 1L, 0, 0L);
        cases.add(reject("trip ending before it starts", dataTopic(GATEWAY, "APC-V1/trip"), encode(end, backwards),
                "trip: trip_end is before trip_start", true));
        Map<String, Object> negativeImbalance = tripMetrics("T1", "100", TRIP_START, end, 3, 1L, 1L, -1, 0L);
        cases.add(reject("negative imbalance", dataTopic(GATEWAY, "APC-V1/trip"), encode(end, negativeImbalance),
                "trip: metric imbalance is negative", true));
        // occupancy
        Map<String, Object> noDoors = occupancyMetrics(4, null, "EMPTY", 0, false, null, null, null, null);
        noDoors.remove("doors_open");
        cases.add(reject("occupancy without doors_open", dataTopic(GATEWAY, "APC-V1/occupancy"),
                encode(end, noDoors), "occupancy: metric doors_open is missing", true));
        cases.add(reject("occupancy without timestamp", dataTopic(GATEWAY, "APC-V1/occupancy"),
                encode(null, occupancyMetrics(4, null, "EMPTY", 0, false, null, null, null, null)),
                "occupancy: the payload has no timestamp", true));
        cases.add(reject("occupancy status not a name", dataTopic(GATEWAY, "APC-V1/occupancy"),
                encode(end, occupancyMetrics(4, null, "lots of room", 0, false, null, null, null, null)),
                "occupancy: metric occupancy_status is not a GTFS-Realtime status name", true));
        // energy
        String meterTopic = dataTopic(GATEWAY, "METER-V1/meter/main/interval");
        Instant start = Instant.parse("2026-03-02T07:00:00Z");
        cases.add(reject("negative consumption", meterTopic, encode(end, intervalMetrics("energy.import", "kWh",
                start, end, 1.0, -0.5, "GOOD")), "meter interval: metric consumption is negative", true));
        cases.add(reject("NaN consumption", meterTopic, encode(end, intervalMetrics("energy.import", "kWh",
                start, end, 1.0, Double.NaN, "GOOD")), "meter interval: metric consumption is not a finite number",
                true));
        cases.add(reject("point with a slash", meterTopic, encode(end, intervalMetrics("energy/import", "kWh",
                start, end, 1.0, 0.5, "GOOD")), "meter interval: metric point is not a point name", true));
        cases.add(reject("empty interval", meterTopic, encode(end, intervalMetrics("energy.import", "kWh",
                start, start, 1.0, 0.5, "GOOD")), "meter interval: end is not after start", true));
        Map<String, Object> textConsumption = intervalMetrics("energy.import", "kWh", start, end, 1.0, 0.5, "GOOD");
        textConsumption.put("consumption", "0.5");
        cases.add(reject("consumption as text", meterTopic, encode(end, textConsumption),
                "meter interval: metric consumption is STRING, not a number", true));
        return cases.stream();
    }

    private static Arguments reject(String name, String topic, byte[] payload, String reason, boolean forTheGateway) {
        return Arguments.of(name, topic, payload, reason, forTheGateway);
    }

    /** A visit whose stop name holds the bytes C3 28: a UTF-8 lead byte followed by no continuation byte. */
    static byte[] invalidUtf8Visit() {
        byte[] bytes = visitBytes(m -> m.put("stop_name", "Stop QQ"));
        byte[] marker = "QQ".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == marker[0] && bytes[i + 1] == marker[1]) {
                bytes[i] = (byte) 0xc3;
                bytes[i + 1] = (byte) 0x28;
                return bytes;
            }
        }
        throw new AssertionError("marker not found");
    }

    @Test
    void randomBytesAndMutatedPayloadsNeverThrow() {
        Random random = new Random(20260302);
        String[] topics = {dataTopic(GATEWAY, "APC-V1/stopvisit"), dataTopic(GATEWAY, "APC-V1/trip"),
            dataTopic(GATEWAY, "APC-V1/occupancy"), dataTopic(GATEWAY, "METER-V1/meter/m/interval"),
            lifecycleTopic(GATEWAY, "BIRTH"), lifecycleTopic(GATEWAY, "LWT")};
        byte[] valid = encode(GatewayPayloads.visit(visit(), POSITION));
        int routed = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] payload;
            if (i % 2 == 0) {
                payload = new byte[random.nextInt(64)];
                random.nextBytes(payload);
            } else {
                payload = Arrays.copyOf(valid, valid.length);
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    payload[random.nextInt(payload.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            Route route = route(topics[i % topics.length], payload);
            assertThat(route).isNotNull();
            assertThat(route.clientId()).isEqualTo(GATEWAY);
            routed++;
        }
        assertThat(routed).isEqualTo(3000);
    }
}
