package org.edgeway.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the core bundle's {@code Supplier} registered with {@code edgeway.service=startup-report} reports: a
 * {@code Map} with {@code problems} (a list of complete sentences), {@code bundles} and {@code components} (the
 * numbers of active ones).
 */
record StartupReport(List<String> problems, int activeBundles, int activeComponents) {

    static final String NAME = "startup-report";

    StartupReport {
        problems = List.copyOf(problems);
    }

    /** Reads the map the supplier returned; anything else is a bug in the core bundle. */
    static StartupReport from(Object reported) {
        if (!(reported instanceof Map<?, ?> map)) {
            throw new IllegalStateException("the startup report is not a map: " + reported);
        }
        Object problems = map.get("problems");
        List<String> sentences = problems instanceof List<?> list
                ? list.stream().map(problem -> Reasons.oneLine(String.valueOf(problem))).toList()
                : List.of();
        return new StartupReport(sentences, count(map, "bundles"), count(map, "components"));
    }

    private static int count(Map<?, ?> map, String key) {
        if (map.get(key) instanceof Number number) {
            return number.intValue();
        }
        throw new IllegalStateException("the startup report has no number '" + key + "': " + map);
    }

    String readyLine(String profile, long startupMillis, Path home) {
        return "edgeway " + profile + " ready in " + startupMillis + " ms: " + activeBundles + " bundles, "
                + activeComponents + " components active (home " + home + ")";
    }
}
