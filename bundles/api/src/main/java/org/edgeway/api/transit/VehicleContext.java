package org.edgeway.api.transit;

import java.util.Optional;

/** What the vehicle is doing in transit terms, for bundles that report per stop or per trip. Thread-safe. */
public interface VehicleContext {

    /** @return the trip the vehicle runs now, or empty */
    Optional<Trip> currentTrip();

    /** @return the stop of the ongoing visit, or of the latest visit attributed to a stop of this trip, or empty */
    Optional<TripStop> lastStop();

    /** @return true while a stop visit is open (at least one door open) */
    boolean doorsOpen();

    /** @return the live occupancy */
    Occupancy occupancy();
}
