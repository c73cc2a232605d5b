package org.edgeway.transit.internal.gtfs;

/** GTFS times of day: H:MM:SS after "noon minus 12 h" of the service day, hours may exceed 23 (25:10:00). */
final class GtfsTime {

    /** Marks a stop time without a time (GTFS allows that between timepoints). */
    static final int NONE = -1;

    private GtfsTime() {
    }

    /**
     * @param text for example {@code 8:05:00} or {@code 25:10:00}, or empty
     * @return seconds after the service day's reference, or {@link #NONE} for empty text
     * @throws IllegalArgumentException saying what is wrong
     */
    static int parse(String text) {
        if (text.isEmpty()) {
            return NONE;
        }
        int first = text.indexOf(':');
        int second = text.indexOf(':', first + 1);
        if (first < 1 || first > 3 || second != first + 3 || text.length() != second + 3) {
            throw new IllegalArgumentException("'" + text + "' is not a time (H:MM:SS)");
        }
        int hours = digits(text, 0, first);
        int minutes = digits(text, first + 1, second);
        int seconds = digits(text, second + 1, text.length());
        if (hours < 0 || minutes < 0 || seconds < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a time (H:MM:SS)");
        }
        if (minutes > 59 || seconds > 59) {
            throw new IllegalArgumentException("'" + text + "' is not a time (minutes and seconds must be 00-59)");
        }
        return hours * 3600 + minutes * 60 + seconds;
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    static String format(int seconds) {
        return String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
