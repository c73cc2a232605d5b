package org.edgeway.fleet.internal.store;

import java.time.Instant;

/**
 * A meter that has stored energy intervals: what {@link FleetStore#energy} and {@link FleetStore#exportEnergyCsv}
 * take as gateway and meter. Every interval of the meter starts in [firstStart, lastEnd).
 *
 * @param meter      the meter's name as stored ({@code NAME} for its import counter, {@code NAME/point} for others)
 * @param firstStart the start of its earliest interval
 * @param lastEnd    the end of its latest interval
 */
public record MeterRef(String clientId, String meter, Instant firstStart, Instant lastEnd) {
}
