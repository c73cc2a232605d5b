package org.edgeway.demo.internal.transit;

/** Ground truth for one trip of a scenario pass: everyone who boarded and alighted. */
public record TripTotals(String tripId, int boardings, int alightings) {
}
