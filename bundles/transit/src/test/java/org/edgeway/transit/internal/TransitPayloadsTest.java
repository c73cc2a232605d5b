package org.edgeway.transit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.edgeway.api.payload.Metric;
import org.edgeway.api.payload.Payload;
import org.edgeway.api.payload.Position;
import org.edgeway.api.transit.DoorCount;
import org.edgeway.api.transit.ObjectClass;
import org.edgeway.api.transit.Occupancy;
import org.edgeway.api.transit.OccupancyStatus;
import org.edgeway.api.transit.StopVisit;
import org.edgeway.api.transit.VisitQuality;
import org.junit.jupiter.api.Test;

class TransitPayloadsTest {

    private static final Instant ARRIVAL = Instant.parse("2026-11-26T08:00:00Z");

    @Test
    void aStopVisitCarriesItsStopTripCountsPerDoorAndClassAndNothingElse() {
        StopVisit visit = new StopVisit("v1", "T-out", ARRIVAL.minusSeconds(600), "100", "S2", 2, "Großer Stern",
                ARRIVAL, ARRIVAL.plusSeconds(25), Position.of(52.5145, 13.3501),
                List.of(new DoorCount("1", ObjectClass.ADULT, 3, 0), new DoorCount("2", ObjectClass.WHEELCHAIR, 0, 1)),
                3, 1, 10, 4, List.of(new DoorCount("1", ObjectClass.ADULT, 10, 3), new DoorCount("2",
                        ObjectClass.WHEELCHAIR, 0, 1)), 6, Set.of(VisitQuality.MOVING, VisitQuality.COUNTER_RESET));
        Payload payload = TransitPayloads.visit(visit);
        assertThat(payload.metrics().keySet()).containsExactlyInAnyOrder("visit_id", "arrival", "departure",
                "boardings", "alightings", "trip_boardings", "trip_alightings", "occupancy", "quality", "trip_id",
                "line", "trip_start", "stop_id", "stop_sequence", "stop_name", "door.1.adult.in", "door.1.adult.out",
                "door.2.wheelchair.in", "door.2.wheelchair.out", "trip.door.1.adult.in", "trip.door.1.adult.out",
                "trip.door.2.wheelchair.in", "trip.door.2.wheelchair.out");
        assertThat(value(payload, "trip.door.1.adult.in")).isEqualTo(10L);
        assertThat(value(payload, "stop_id")).isEqualTo("S2");
        assertThat(value(payload, "stop_sequence")).isEqualTo(2);
        assertThat(value(payload, "door.2.wheelchair.out")).isEqualTo(1L);
        assertThat(value(payload, "arrival")).isEqualTo(ARRIVAL.toEpochMilli());
        assertThat(value(payload, "quality")).isEqualTo("COUNTER_RESET,MOVING");
        assertThat(payload.position().latitude()).isEqualTo(52.5145);
        assertThat(payload.timestamp()).isEqualTo(ARRIVAL.plusSeconds(25));
    }

    @Test
    void aVisitWithoutTripOrStopLeavesThoseMetricsOut() {
        StopVisit visit = new StopVisit("v2", null, null, null, null, null, null, ARRIVAL, ARRIVAL, null, List.of(),
                0, 0, 0, 0, List.of(), 0, Set.of(VisitQuality.NO_TRIP));
        Payload payload = TransitPayloads.visit(visit);
        assertThat(payload.metrics()).doesNotContainKeys("trip_id", "stop_id", "line", "trip_start");
        assertThat(payload.position()).isNull();
    }

    @Test
    void occupancyCarriesTheGtfsStatusAndTheCoarsePercentage() {
        Payload payload = TransitPayloads.occupancy(new Occupancy(ARRIVAL, "T-out", 60, 40,
                OccupancyStatus.STANDING_ROOM_ONLY), "100", null, false, null);
        assertThat(value(payload, "occupancy_status")).isEqualTo("STANDING_ROOM_ONLY");
        assertThat(value(payload, "occupancy_status_code")).isEqualTo(3);
        assertThat(value(payload, "occupancy_percent")).isEqualTo(40);
        assertThat(value(payload, "load")).isEqualTo(60);
    }

    private static Object value(Payload payload, String name) {
        return payload.metric(name).map(Metric::value).orElseThrow();
    }
}
