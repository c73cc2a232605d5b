package org.edgeway.launcher;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The start levels of the distribution's bundles, from {@code INSTALL/bundle/startlevel.properties}: one
 * {@code Bundle-SymbolicName=level} line per bundle, and {@code edgeway.startlevel.default} for the others (else 3).
 */
record StartLevels(Map<String, Integer> bySymbolicName, int defaultLevel) {

    static final String FILE_NAME = "startlevel.properties";
    static final String DEFAULT_LEVEL_KEY = "edgeway.startlevel.default";
    static final int FALLBACK_DEFAULT_LEVEL = 3;

    StartLevels {
        bySymbolicName = Map.copyOf(bySymbolicName);
    }

    static StartLevels load(Path file) throws LaunchException {
        return parse(FrameworkProperties.load(file), file);
    }

    static StartLevels parse(Properties properties, Path source) throws LaunchException {
        Map<String, Integer> levels = new TreeMap<>();
        int defaultLevel = FALLBACK_DEFAULT_LEVEL;
        for (String name : properties.stringPropertyNames()) {
            int level = parseLevel(name, properties.getProperty(name), source);
            if (name.equals(DEFAULT_LEVEL_KEY)) {
                defaultLevel = level;
            } else {
                levels.put(name, level);
            }
        }
        return new StartLevels(levels, defaultLevel);
    }

    private static int parseLevel(String name, String text, Path source) throws LaunchException {
        try {
            int level = Integer.parseInt(text.strip());
            if (level >= 1) {
                return level;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw LaunchException.badInput(
                "invalid start level '" + text + "' for '" + name + "' in " + source + ": expected a number >= 1");
    }

    /** The level of a bundle; bundles without a symbolic name get the default. */
    int levelOf(String symbolicName) {
        return symbolicName == null ? defaultLevel : bySymbolicName.getOrDefault(symbolicName, defaultLevel);
    }

    /** The level at which every bundle of the distribution has been started. */
    int highest() {
        return bySymbolicName.values().stream().mapToInt(Integer::intValue).reduce(defaultLevel, Math::max);
    }
}
