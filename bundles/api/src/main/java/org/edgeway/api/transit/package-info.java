/**
 * Transit on board: the {@link org.edgeway.api.transit.VehicleContext vehicle context} (line, trip, its stops,
 * the current stop and occupancy), the plug-in point for passenger counting sensors
 * ({@link org.edgeway.api.transit.CountingSink}: an adapter turns a sensor's protocol into
 * {@link org.edgeway.api.transit.DoorReport door reports}), and the results: {@link org.edgeway.api.transit.StopVisit
 * stop visits} and {@link org.edgeway.api.transit.TripSummary trip summaries}, told to
 * {@link org.edgeway.api.transit.TransitListener listeners}. Counts only: nothing here identifies a person.
 */
@Export
@Version("1.0.0")
package org.edgeway.api.transit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
