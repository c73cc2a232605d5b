package org.edgeway.api.transit;

import java.util.Locale;

/** A sensor's own verdict on a count, as VDV 301 {@code CountQuality} gives it. */
public enum CountQuality {
    REGULAR, DEFECT, SABOTAGE, OTHER;

    /**
     * Parses a VDV 301 or enum spelling, ignoring case.
     *
     * @param text for example {@code Regular}
     * @return the quality
     * @throws IllegalArgumentException naming the text when it is no quality
     */
    public static CountQuality parse(String text) {
        if (text != null) {
            String wanted = text.trim().toUpperCase(Locale.ROOT);
            for (CountQuality q : values()) {
                if (q.name().equals(wanted)) {
                    return q;
                }
            }
        }
        throw new IllegalArgumentException("unknown count quality '" + text
                + "' (expected one of Regular, Defect, Sabotage, Other)");
    }
}
