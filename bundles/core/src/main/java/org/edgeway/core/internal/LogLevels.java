package org.edgeway.core.internal;

import java.util.Collections;
import java.util.Dictionary;
import java.util.TreeMap;

/**
 * Reads and writes logger levels in pax-logging's log4j2 properties: the root level is {@code log4j2.rootLogger.level},
 * a named logger is a pair {@code log4j2.logger.<id>.name} / {@code log4j2.logger.<id>.level}.
 */
final class LogLevels {

    static final String ROOT = "ROOT";
    private static final String ROOT_LEVEL = "log4j2.rootLogger.level";
    private static final String LOGGER_PREFIX = "log4j2.logger.";

    private LogLevels() {
    }

    static TreeMap<String, String> read(Dictionary<String, Object> properties) {
        TreeMap<String, String> levels = new TreeMap<>();
        Object root = properties.get(ROOT_LEVEL);
        if (root != null) {
            levels.put(ROOT, root.toString());
        }
        for (String key : Collections.list(properties.keys())) {
            if (key.startsWith(LOGGER_PREFIX) && key.endsWith(".name")) {
                String id = key.substring(LOGGER_PREFIX.length(), key.length() - ".name".length());
                Object level = properties.get(LOGGER_PREFIX + id + ".level");
                levels.put(properties.get(key).toString(), level == null ? "(inherited)" : level.toString());
            }
        }
        return levels;
    }

    static void set(Dictionary<String, Object> properties, String logger, String level) {
        if (ROOT.equalsIgnoreCase(logger)) {
            properties.put(ROOT_LEVEL, level);
            return;
        }
        String id = existingId(properties, logger);
        properties.put(LOGGER_PREFIX + id + ".name", logger);
        properties.put(LOGGER_PREFIX + id + ".level", level);
    }

    private static String existingId(Dictionary<String, Object> properties, String logger) {
        for (String key : Collections.list(properties.keys())) {
            if (key.startsWith(LOGGER_PREFIX) && key.endsWith(".name") && logger.equals(properties.get(key))) {
                return key.substring(LOGGER_PREFIX.length(), key.length() - ".name".length());
            }
        }
        // a new id derived from the name, made unique so that "a.b" and "a-b" do not share one
        String base = logger.replaceAll("[^A-Za-z0-9]", "_");
        String id = base;
        for (int suffix = 2; properties.get(LOGGER_PREFIX + id + ".name") != null; suffix++) {
            id = base + "_" + suffix;
        }
        return id;
    }
}
