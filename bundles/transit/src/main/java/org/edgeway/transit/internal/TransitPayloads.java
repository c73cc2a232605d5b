package org.edgeway.transit.internal;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.edgeway.api.payload.Payload;
import org.edgeway.api.payload.Position;
import org.edgeway.api.transit.DoorCount;
import org.edgeway.api.transit.Occupancy;
import org.edgeway.api.transit.StopVisit;
import org.edgeway.api.transit.TripStop;
import org.edgeway.api.transit.TripSummary;

/**
 * The APC-V1 payloads (documented in docs/transit.md): flat Kura metrics, counts only. Metric names are part of
 * the contract with the fleet console: change them only with a new application version.
 */
final class TransitPayloads {

    private TransitPayloads() {
    }

    static Payload visit(StopVisit visit) {
        Payload.Builder payload = Payload.builder().timestamp(visit.departure()).position(visit.position())
                .metric("visit_id", visit.visitId())
                .metric("arrival", visit.arrival().toEpochMilli())
                .metric("departure", visit.departure().toEpochMilli())
                .metric("boardings", visit.boardings())
                .metric("alightings", visit.alightings())
                .metric("trip_boardings", visit.tripBoardings())
                .metric("trip_alightings", visit.tripAlightings())
                .metric("occupancy", visit.occupancyAfter())
                .metric("quality", visit.quality().stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
        if (visit.tripId() != null) {
            payload.metric("trip_id", visit.tripId()).metric("line", visit.line())
                    .metric("trip_start", visit.tripStart().toEpochMilli());
        }
        if (visit.stopId() != null) {
            payload.metric("stop_id", visit.stopId()).metric("stop_sequence", visit.stopSequence())
                    .metric("stop_name", visit.stopName());
        }
        addCounts(payload, "door.", visit.counts());
        addCounts(payload, "trip.door.", visit.tripCounts());
        return payload.build();
    }

    /** {@code PREFIX{door}.{class}.in} and {@code .out}, the class in lower case. */
    private static void addCounts(Payload.Builder payload, String prefix, List<DoorCount> counts) {
        for (DoorCount count : counts) {
            String name = prefix + count.doorId() + "." + count.objectClass().name().toLowerCase(Locale.ROOT);
            payload.metric(name + ".in", count.boardings()).metric(name + ".out", count.alightings());
        }
    }

    static Payload trip(TripSummary summary) {
        return Payload.builder().timestamp(summary.tripEnd())
                .metric("trip_id", summary.tripId())
                .metric("line", summary.line())
                .metric("trip_start", summary.tripStart().toEpochMilli())
                .metric("trip_end", summary.tripEnd().toEpochMilli())
                .metric("visits", summary.visits())
                .metric("boardings", summary.boardings())
                .metric("alightings", summary.alightings())
                .metric("imbalance", summary.imbalance())
                .metric("clamped", summary.clamped())
                .build();
    }

    static Payload occupancy(Occupancy occupancy, String line, TripStop lastStop, boolean doorsOpen, Position position) {
        Payload.Builder payload = Payload.builder().timestamp(occupancy.time()).position(position)
                .metric("load", occupancy.load())
                .metric("occupancy_status", occupancy.status().name())
                .metric("occupancy_status_code", occupancy.status().gtfsValue())
                .metric("doors_open", doorsOpen);
        if (occupancy.percentage() != null) {
            payload.metric("occupancy_percent", occupancy.percentage());
        }
        if (occupancy.tripId() != null) {
            payload.metric("trip_id", occupancy.tripId()).metric("line", line);
        }
        if (lastStop != null) {
            payload.metric("stop_id", lastStop.stop().stopId()).metric("stop_sequence", lastStop.sequence());
        }
        return payload.build();
    }
}
