package org.edgeway.fleet.internal.store;

/**
 * One row of a counts report.
 *
 * @param key   stop id, trip id + "@" + trip start, line, hour (ISO date-time with offset) or day (ISO date); null
 *              for visits without a stop, trip or line
 * @param label stop name, line, local hour or weekday
 */
public record CountRow(String key, String label, long visits, long boardings, long alightings) {
}
