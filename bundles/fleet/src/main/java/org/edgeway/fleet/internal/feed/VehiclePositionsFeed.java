package org.edgeway.fleet.internal.feed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.edgeway.fleet.internal.store.FleetStore;
import org.edgeway.fleet.internal.store.Gateway;
import org.edgeway.fleet.internal.store.OccupancyRecord;

import com.google.transit.realtime.GtfsRealtime.FeedEntity;
import com.google.transit.realtime.GtfsRealtime.FeedHeader;
import com.google.transit.realtime.GtfsRealtime.FeedMessage;
import com.google.transit.realtime.GtfsRealtime.Position;
import com.google.transit.realtime.GtfsRealtime.TripDescriptor;
import com.google.transit.realtime.GtfsRealtime.VehicleDescriptor;
import com.google.transit.realtime.GtfsRealtime.VehiclePosition;
import com.google.transit.realtime.GtfsRealtime.VehiclePosition.OccupancyStatus;
import com.google.transit.realtime.GtfsRealtime.VehiclePosition.VehicleStopStatus;

/**
 * The account's GTFS-Realtime VehiclePositions feed with occupancy, from the latest APC-V1 {@code occupancy} message
 * of every vehicle and the device registry: a full dataset, one entity per vehicle, entity and vehicle id the
 * gateway's client id, the vehicle label its display name.
 *
 * <ul>
 * <li>A vehicle whose latest occupancy is older than {@code maxAge} is left out: it is parked, switched off or out of
 * reach, and a stale load would mislead riders. Gateways that never sent occupancy (depots) are no vehicles.</li>
 * <li>The position is the occupancy message's; without one the registry's (from the birth certificate); without
 * either the entity has no position.</li>
 * <li>The trip (trip id and, when known, the line as route id) is the gateway's trip as its trip source names it.</li>
 * <li>The gateway reports the <em>last</em> stop it served. GTFS-Realtime reads a stop without status as the stop
 * the vehicle travels to, so stop id and sequence are given only while the doors are open, as
 * {@code STOPPED_AT}.</li>
 * <li>{@code occupancy_status} is the gateway's GTFS-Realtime status (by name, else by number; left out when
 * neither is known), {@code occupancy_percentage} its coarse percentage.</li>
 * </ul>
 */
public final class VehiclePositionsFeed {

    /** How old the latest occupancy of a vehicle may be for it to be in the feed. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(30);
    static final String GTFS_REALTIME_VERSION = "2.0";

    private final FleetStore store;
    private final Clock clock;
    private final Duration maxAge;

    /**
     * @param maxAge vehicles whose latest occupancy is older than this are left out
     * @throws IllegalArgumentException if maxAge is not positive
     */
    public VehiclePositionsFeed(FleetStore store, Clock clock, Duration maxAge) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isZero() || maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must be positive, not " + maxAge);
        }
        this.maxAge = maxAge;
    }

    /** The feed now. */
    public FeedMessage feed(String account) {
        List<OccupancyRecord> vehicles = store.latestOccupancy(account);
        Map<String, Gateway> registry = new HashMap<>();
        for (Gateway gateway : store.gateways(account)) {
            registry.put(gateway.clientId(), gateway);
        }
        Instant now = clock.instant();
        Instant oldest = now.minus(maxAge);
        FeedMessage.Builder feed = FeedMessage.newBuilder().setHeader(FeedHeader.newBuilder()
                .setGtfsRealtimeVersion(GTFS_REALTIME_VERSION)
                .setIncrementality(FeedHeader.Incrementality.FULL_DATASET)
                .setTimestamp(now.getEpochSecond()));
        for (OccupancyRecord vehicle : vehicles) {
            if (!vehicle.at().isBefore(oldest)) {
                feed.addEntity(FeedEntity.newBuilder().setId(vehicle.clientId())
                        .setVehicle(position(vehicle, registry.get(vehicle.clientId()))));
            }
        }
        return feed.build();
    }

    /** The feed now, as protobuf ({@code application/x-protobuf}). */
    public byte[] protobuf(String account) {
        return feed(account).toByteArray();
    }

    /** The feed now, as JSON with the .proto's field names (see {@link FeedJson}). */
    public String json(String account) {
        return FeedJson.toJson(feed(account));
    }

    private static VehiclePosition position(OccupancyRecord o, Gateway gateway) {
        VehicleDescriptor.Builder descriptor = VehicleDescriptor.newBuilder().setId(o.clientId());
        if (gateway != null && gateway.displayName() != null && !gateway.displayName().isBlank()) {
            descriptor.setLabel(gateway.displayName());
        }
        VehiclePosition.Builder position = VehiclePosition.newBuilder().setVehicle(descriptor)
                .setTimestamp(o.at().getEpochSecond());
        if (o.tripId() != null) {
            TripDescriptor.Builder trip = TripDescriptor.newBuilder().setTripId(o.tripId());
            if (o.line() != null) {
                trip.setRouteId(o.line());
            }
            position.setTrip(trip);
        }
        if (o.latitude() != null) {
            position.setPosition(Position.newBuilder().setLatitude(o.latitude().floatValue())
                    .setLongitude(o.longitude().floatValue()));
        } else if (gateway != null && gateway.latitude() != null) {
            position.setPosition(Position.newBuilder().setLatitude(gateway.latitude().floatValue())
                    .setLongitude(gateway.longitude().floatValue()));
        }
        if (o.doorsOpen() && o.stopId() != null) {
            position.setStopId(o.stopId()).setCurrentStatus(VehicleStopStatus.STOPPED_AT);
            if (o.stopSequence() != null) {
                position.setCurrentStopSequence(o.stopSequence());
            }
        }
        OccupancyStatus status = occupancyStatus(o);
        if (status != null) {
            position.setOccupancyStatus(status);
        }
        if (o.occupancyPercent() != null) {
            position.setOccupancyPercentage(o.occupancyPercent());
        }
        return position.build();
    }

    /** The gateway's status by name, else by number; null when it names none that GTFS-Realtime knows. */
    static OccupancyStatus occupancyStatus(OccupancyRecord o) {
        if (o.occupancyStatus() != null) {
            for (OccupancyStatus status : OccupancyStatus.values()) {
                if (status.name().equals(o.occupancyStatus())) {
                    return status;
                }
            }
        }
        return o.occupancyStatusCode() == null ? null : OccupancyStatus.forNumber(o.occupancyStatusCode());
    }
}
