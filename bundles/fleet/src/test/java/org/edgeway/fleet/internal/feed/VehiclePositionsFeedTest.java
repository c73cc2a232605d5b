package org.edgeway.fleet.internal.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.edgeway.fleet.internal.store.DatabaseSettings;
import org.edgeway.fleet.internal.store.FleetDatabase;
import org.edgeway.fleet.internal.store.FleetStore;
import org.edgeway.fleet.internal.store.GatewayBirth;
import org.edgeway.fleet.internal.store.OccupancyRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.transit.realtime.GtfsRealtime.FeedEntity;
import com.google.transit.realtime.GtfsRealtime.FeedHeader;
import com.google.transit.realtime.GtfsRealtime.FeedMessage;
import com.google.transit.realtime.GtfsRealtime.VehiclePosition;
import com.google.transit.realtime.GtfsRealtime.VehiclePosition.OccupancyStatus;
import com.google.transit.realtime.GtfsRealtime.VehiclePosition.VehicleStopStatus;

/** The feed from a store on H2 filled as the ingest fills it, decoded again with the bindings and with Gson. */
class VehiclePositionsFeedTest {

    static final String ACCOUNT = "transit-co";
    static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");

    @TempDir
    Path dir;

    FleetDatabase database;
    FleetStore store;
    VehiclePositionsFeed feed;

    @BeforeEach
    void openStore() {
        database = FleetDatabase.open(DatabaseSettings.h2(dir.resolve("fleet").toString()));
        store = new FleetStore(database, Clock.fixed(NOW, ZoneOffset.UTC));
        feed = new VehiclePositionsFeed(store, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(30));
    }

    @AfterEach
    void closeStore() {
        database.close();
    }

    /**
     * bus-1: at a stop with its doors open, position from the message; bus-2: between stops, no position in the
     * message but one in the registry; bus-3: no trip, no position anywhere, status only by number; bus-old: 31
     * minutes old; tram-9: a status GTFS-Realtime does not know, no registry entry; another account's vehicle.
     */
    void fillStore() {
        store.birth(new GatewayBirth(ACCOUNT, "bus-1", NOW.minusSeconds(3600), Map.of("display_name", "Bus 101"),
                List.of(), 52.0, 13.0));
        store.birth(new GatewayBirth(ACCOUNT, "bus-2", NOW.minusSeconds(3600), Map.of("display_name", "Bus 102"),
                List.of(), 52.52, 13.405));
        store.birth(new GatewayBirth(ACCOUNT, "bus-3", NOW.minusSeconds(3600), Map.of(), List.of(), null, null));
        store.birth(new GatewayBirth(ACCOUNT, "bus-old", NOW.minusSeconds(7200), Map.of("display_name", "Old"),
                List.of(), 52.1, 13.1));
        store.birth(new GatewayBirth(ACCOUNT, "depot-1", NOW.minusSeconds(60), Map.of("display_name", "Depot"),
                List.of(), 52.3, 13.3));
        store.occupancy(new OccupancyRecord(ACCOUNT, "bus-1", NOW.minusSeconds(20), 61, 40, "FEW_SEATS_AVAILABLE",
                2, true, "100_H_3_0", "100", "de:11000:900100001", 7, 52.5219, 13.4132));
        store.occupancy(new OccupancyRecord(ACCOUNT, "bus-2", NOW.minusSeconds(1799), 130, 130,
                "CRUSHED_STANDING_ROOM_ONLY", 4, false, "200_R_1_0", "200", "de:11000:900200002", 12, null, null));
        store.occupancy(new OccupancyRecord(ACCOUNT, "bus-3", NOW.minusSeconds(5), 0, null, null, 0, true, null, null,
                "S9", 1, null, null));
        store.occupancy(new OccupancyRecord(ACCOUNT, "bus-old", NOW.minus(Duration.ofMinutes(31)), 10, 10,
                "MANY_SEATS_AVAILABLE", 1, false, "T", "1", null, null, 52.1, 13.1));
        store.occupancy(new OccupancyRecord(ACCOUNT, "tram-9", NOW.plusSeconds(2), 5, 0, "SOMETHING_NEW", 99, false,
                "T9", null, null, null, 52.2, 13.2));
        store.occupancy(new OccupancyRecord("other", "bus-x", NOW, 5, 10, "EMPTY", 0, false, null, null, null, null,
                52.0, 13.0));
    }

    @Test
    void protobufDecodesWithTheBindingsAndCarriesEveryField() throws Exception {
        fillStore();
        FeedMessage decoded = FeedMessage.parseFrom(feed.protobuf(ACCOUNT));

        FeedHeader header = decoded.getHeader();
        assertThat(header.getGtfsRealtimeVersion()).isEqualTo("2.0");
        assertThat(header.getIncrementality()).isEqualTo(FeedHeader.Incrementality.FULL_DATASET);
        assertThat(header.getTimestamp()).isEqualTo(NOW.getEpochSecond());
        assertThat(decoded.getEntityList()).extracting(FeedEntity::getId)
                .as("stale bus-old, the depot without occupancy and the other account's bus left out")
                .containsExactly("bus-1", "bus-2", "bus-3", "tram-9");
        assertThat(decoded.getEntityList()).allSatisfy(entity -> {
            assertThat(entity.hasVehicle()).isTrue();
            assertThat(entity.hasTripUpdate()).isFalse();
            assertThat(entity.hasAlert()).isFalse();
            assertThat(entity.getIsDeleted()).isFalse();
        });

        VehiclePosition bus1 = decoded.getEntity(0).getVehicle();
        assertThat(bus1.getVehicle().getId()).isEqualTo("bus-1");
        assertThat(bus1.getVehicle().getLabel()).isEqualTo("Bus 101");
        assertThat(bus1.getTrip().getTripId()).isEqualTo("100_H_3_0");
        assertThat(bus1.getTrip().getRouteId()).isEqualTo("100");
        assertThat(bus1.hasPosition()).isTrue();
        assertThat(bus1.getPosition().getLatitude()).as("the message's position, not the birth's")
                .isEqualTo(52.5219f);
        assertThat(bus1.getPosition().getLongitude()).isEqualTo(13.4132f);
        assertThat(bus1.getStopId()).isEqualTo("de:11000:900100001");
        assertThat(bus1.getCurrentStopSequence()).isEqualTo(7);
        assertThat(bus1.getCurrentStatus()).isEqualTo(VehicleStopStatus.STOPPED_AT);
        assertThat(bus1.getTimestamp()).isEqualTo(NOW.minusSeconds(20).getEpochSecond());
        assertThat(bus1.getOccupancyStatus()).isEqualTo(OccupancyStatus.FEW_SEATS_AVAILABLE);
        assertThat(bus1.getOccupancyPercentage()).isEqualTo(40);

        VehiclePosition bus2 = decoded.getEntity(1).getVehicle();
        assertThat(bus2.getVehicle().getLabel()).isEqualTo("Bus 102");
        assertThat(bus2.getTrip().getTripId()).isEqualTo("200_R_1_0");
        assertThat(bus2.getTrip().getRouteId()).isEqualTo("200");
        assertThat(bus2.getPosition().getLatitude()).as("the registry's position").isEqualTo(52.52f);
        assertThat(bus2.getPosition().getLongitude()).isEqualTo(13.405f);
        assertThat(bus2.hasStopId()).as("doors closed: the last stop is not the next one").isFalse();
        assertThat(bus2.hasCurrentStopSequence()).isFalse();
        assertThat(bus2.hasCurrentStatus()).isFalse();
        assertThat(bus2.getOccupancyStatus()).isEqualTo(OccupancyStatus.CRUSHED_STANDING_ROOM_ONLY);
        assertThat(bus2.getOccupancyPercentage()).as("above 100 is allowed").isEqualTo(130);
        assertThat(bus2.getTimestamp()).isEqualTo(NOW.minusSeconds(1799).getEpochSecond());

        VehiclePosition bus3 = decoded.getEntity(2).getVehicle();
        assertThat(bus3.getVehicle().getId()).isEqualTo("bus-3");
        assertThat(bus3.getVehicle().hasLabel()).as("no display name").isFalse();
        assertThat(bus3.hasTrip()).isFalse();
        assertThat(bus3.hasPosition()).as("no position anywhere").isFalse();
        assertThat(bus3.getStopId()).isEqualTo("S9");
        assertThat(bus3.getCurrentStopSequence()).isEqualTo(1);
        assertThat(bus3.getOccupancyStatus()).as("by number").isEqualTo(OccupancyStatus.EMPTY);
        assertThat(bus3.hasOccupancyPercentage()).isFalse();

        VehiclePosition tram = decoded.getEntity(3).getVehicle();
        assertThat(tram.getVehicle().hasLabel()).as("not in the registry").isFalse();
        assertThat(tram.getTrip().getTripId()).isEqualTo("T9");
        assertThat(tram.getTrip().hasRouteId()).isFalse();
        assertThat(tram.hasOccupancyStatus()).as("an unknown status is not made up").isFalse();
        assertThat(tram.getOccupancyPercentage()).isZero();
        assertThat(tram.hasOccupancyPercentage()).isTrue();
        assertThat(tram.getPosition().getLatitude()).isEqualTo(52.2f);
    }

    @Test
    void jsonHasTheProtoFieldNamesAndTheSameValues() throws Exception {
        fillStore();
        FeedMessage message = feed.feed(ACCOUNT);
        JsonObject json = JsonParser.parseString(feed.json(ACCOUNT)).getAsJsonObject();

        assertThat(json.keySet()).containsExactly("header", "entity");
        JsonObject header = json.getAsJsonObject("header");
        assertThat(header.get("gtfs_realtime_version").getAsString()).isEqualTo("2.0");
        assertThat(header.get("incrementality").getAsString()).isEqualTo("FULL_DATASET");
        assertThat(header.get("timestamp").getAsString()).as("uint64 as a string, as JsonFormat writes it")
                .isEqualTo(Long.toString(NOW.getEpochSecond()));
        JsonArray entities = json.getAsJsonArray("entity");
        assertThat(entities).hasSize(4);

        JsonObject bus1 = entities.get(0).getAsJsonObject();
        assertThat(bus1.get("id").getAsString()).isEqualTo("bus-1");
        JsonObject vehicle = bus1.getAsJsonObject("vehicle");
        assertThat(vehicle.keySet()).containsExactlyInAnyOrder("trip", "position", "current_stop_sequence",
                "current_status", "timestamp", "stop_id", "vehicle", "occupancy_status", "occupancy_percentage");
        assertThat(vehicle.getAsJsonObject("trip").get("trip_id").getAsString()).isEqualTo("100_H_3_0");
        assertThat(vehicle.getAsJsonObject("trip").get("route_id").getAsString()).isEqualTo("100");
        assertThat(vehicle.getAsJsonObject("vehicle").get("id").getAsString()).isEqualTo("bus-1");
        assertThat(vehicle.getAsJsonObject("vehicle").get("label").getAsString()).isEqualTo("Bus 101");
        assertThat(vehicle.getAsJsonObject("position").get("latitude").getAsFloat()).isEqualTo(52.5219f);
        assertThat(vehicle.getAsJsonObject("position").get("longitude").getAsFloat()).isEqualTo(13.4132f);
        assertThat(vehicle.get("current_stop_sequence").getAsInt()).isEqualTo(7);
        assertThat(vehicle.get("current_status").getAsString()).isEqualTo("STOPPED_AT");
        assertThat(vehicle.get("stop_id").getAsString()).isEqualTo("de:11000:900100001");
        assertThat(vehicle.get("timestamp").getAsString()).isEqualTo(Long.toString(NOW.getEpochSecond() - 20));
        assertThat(vehicle.get("occupancy_status").getAsString()).isEqualTo("FEW_SEATS_AVAILABLE");
        assertThat(vehicle.get("occupancy_percentage").getAsInt()).isEqualTo(40);

        JsonObject bus3 = entities.get(2).getAsJsonObject().getAsJsonObject("vehicle");
        assertThat(bus3.has("position")).isFalse();
        assertThat(bus3.has("trip")).isFalse();
        assertThat(bus3.has("occupancy_percentage")).isFalse();

        // every entity: the JSON says what the message says
        for (int i = 0; i < message.getEntityCount(); i++) {
            assertSameVehicle(message.getEntity(i).getVehicle(), entities.get(i).getAsJsonObject()
                    .getAsJsonObject("vehicle"));
        }
    }

    private static void assertSameVehicle(VehiclePosition expected, JsonObject json) {
        assertThat(json.getAsJsonObject("vehicle").get("id").getAsString()).isEqualTo(expected.getVehicle().getId());
        assertThat(text(json.getAsJsonObject("vehicle").get("label"))).isEqualTo(
                expected.getVehicle().hasLabel() ? expected.getVehicle().getLabel() : null);
        assertThat(text(json.get("stop_id"))).isEqualTo(expected.hasStopId() ? expected.getStopId() : null);
        assertThat(text(json.get("occupancy_status"))).isEqualTo(
                expected.hasOccupancyStatus() ? expected.getOccupancyStatus().name() : null);
        assertThat(json.get("timestamp").getAsLong()).isEqualTo(expected.getTimestamp());
        assertThat(json.has("position")).isEqualTo(expected.hasPosition());
        if (expected.hasPosition()) {
            assertThat(json.getAsJsonObject("position").get("latitude").getAsFloat())
                    .isEqualTo(expected.getPosition().getLatitude());
        }
    }

    private static String text(JsonElement element) {
        return element == null ? null : element.getAsString();
    }

    @Test
    void anEmptyStoreGivesAnEmptyFullDataset() throws Exception {
        FeedMessage decoded = FeedMessage.parseFrom(feed.protobuf(ACCOUNT));
        assertThat(decoded.getEntityCount()).isZero();
        assertThat(decoded.getHeader().getIncrementality()).isEqualTo(FeedHeader.Incrementality.FULL_DATASET);
        assertThat(JsonParser.parseString(feed.json(ACCOUNT)).getAsJsonObject().has("entity")).isFalse();
    }

    @Test
    void theMaximumAgeIsAParameter() throws Exception {
        fillStore();
        VehiclePositionsFeed strict = new VehiclePositionsFeed(store, Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofMinutes(1));
        assertThat(FeedMessage.parseFrom(strict.protobuf(ACCOUNT)).getEntityList()).extracting(FeedEntity::getId)
                .containsExactly("bus-1", "bus-3", "tram-9");
        VehiclePositionsFeed lenient = new VehiclePositionsFeed(store, Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofHours(2));
        assertThat(lenient.feed(ACCOUNT).getEntityList()).extracting(FeedEntity::getId)
                .containsExactly("bus-1", "bus-2", "bus-3", "bus-old", "tram-9");
        assertThatThrownBy(() -> new VehiclePositionsFeed(store, Clock.systemUTC(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAge");
        assertThatThrownBy(() -> feed.feed("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("account");
    }
}
