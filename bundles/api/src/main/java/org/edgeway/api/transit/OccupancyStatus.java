package org.edgeway.api.transit;

/** GTFS-Realtime {@code VehiclePosition.OccupancyStatus}, with its wire numbers. */
public enum OccupancyStatus {
    EMPTY(0), MANY_SEATS_AVAILABLE(1), FEW_SEATS_AVAILABLE(2), STANDING_ROOM_ONLY(3), CRUSHED_STANDING_ROOM_ONLY(4),
    FULL(5), NOT_ACCEPTING_PASSENGERS(6), NO_DATA_AVAILABLE(7), NOT_BOARDABLE(8);

    private final int gtfsValue;

    OccupancyStatus(int gtfsValue) {
        this.gtfsValue = gtfsValue;
    }

    /** @return the GTFS-Realtime enum number */
    public int gtfsValue() {
        return gtfsValue;
    }
}
