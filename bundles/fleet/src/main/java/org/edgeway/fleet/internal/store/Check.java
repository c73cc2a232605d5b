package org.edgeway.fleet.internal.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Input checks shared by the records: every refusal names the field. */
final class Check {

    static final int MAX_ID = 255;
    static final int MAX_TEXT = 1000;
    static final int MAX_METRICS = 200;
    static final int MAX_METRIC_VALUE = 4000;
    static final int MAX_PACKAGES = 1000;
    static final int MAX_DOOR_COUNTS = 128;

    /** {@code door.class.in|out}: door and class are short words. */
    private static final Pattern DOOR_COUNT_KEY = Pattern.compile("[A-Za-z0-9_-]{1,32}\\.[A-Za-z0-9_-]{1,32}\\.(in|out)");

    private Check() {
    }

    static void notNull(String field, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
    }

    static void id(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        text(field, value, MAX_ID);
    }

    static void optionalId(String field, String value) {
        if (value != null && value.isEmpty()) {
            throw new IllegalArgumentException(field + " is empty (null means none)");
        }
        text(field, value, MAX_ID);
    }

    /** Null is fine; NUL characters are not (PostgreSQL cannot store them). */
    static void text(String field, String value, int maxLength) {
        if (value == null) {
            return;
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(field + " is longer than " + maxLength + " characters");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(field + " contains a NUL character");
        }
    }

    static void notNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, not " + value);
        }
    }

    static void position(Double latitude, Double longitude) {
        if ((latitude == null) != (longitude == null)) {
            throw new IllegalArgumentException("latitude and longitude must both be given or both be missing");
        }
        if (latitude != null && !(latitude >= -90 && latitude <= 90)) {
            throw new IllegalArgumentException("latitude must be within -90..90, not " + latitude);
        }
        if (longitude != null && !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("longitude must be within -180..180, not " + longitude);
        }
    }

    static Map<String, String> metrics(String field, Map<String, String> metrics) {
        if (metrics == null) {
            return Map.of();
        }
        if (metrics.size() > MAX_METRICS) {
            throw new IllegalArgumentException(field + " has more than " + MAX_METRICS + " entries");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        metrics.forEach((name, value) -> {
            id(field + " name", name);
            notNull(field + " " + name, value);
            text(field + " " + name, value, MAX_METRIC_VALUE);
            copy.put(name, value);
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    static List<InstalledPackage> packages(String field, List<InstalledPackage> packages) {
        if (packages.size() > MAX_PACKAGES) {
            throw new IllegalArgumentException(field + " has more than " + MAX_PACKAGES + " entries");
        }
        for (InstalledPackage p : packages) {
            notNull(field + " entry", p);
        }
        if (packages.stream().map(InstalledPackage::name).distinct().count() != packages.size()) {
            throw new IllegalArgumentException(field + " names a package twice");
        }
        return List.copyOf(packages);
    }

    static Map<String, Integer> doorCounts(Map<String, Integer> counts) {
        if (counts == null) {
            return Map.of();
        }
        if (counts.size() > MAX_DOOR_COUNTS) {
            throw new IllegalArgumentException("doorCounts has more than " + MAX_DOOR_COUNTS + " entries");
        }
        Map<String, Integer> copy = new java.util.TreeMap<>();
        counts.forEach((key, value) -> {
            if (key == null || !DOOR_COUNT_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("doorCounts key must be door.class.in or door.class.out, not "
                        + (key == null ? "null" : "'" + shorten(key) + "'"));
            }
            notNull("doorCounts " + key, value);
            notNegative("doorCounts " + key, value);
            copy.put(key, value);
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    static void range(java.time.Instant from, java.time.Instant to) {
        notNull("from", from);
        notNull("to", to);
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to " + to + " is before from " + from);
        }
    }

    /** For messages: a hostile value is not echoed at length. */
    static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
