package org.edgeway.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The framework properties, in increasing precedence: {@code HOME/etc/config.properties} (with {@code ${...}}
 * substituted), JVM system properties in the framework's namespaces, defaults for what the file leaves unset, and the
 * values that follow from the home directory, which cannot be overridden because the home lock protects them.
 */
final class FrameworkProperties {

    static final String STORAGE = "org.osgi.framework.storage";
    static final String BEGINNING_START_LEVEL = "org.osgi.framework.startlevel.beginning";
    static final String CONFIG_ADMIN_DIR = "felix.cm.dir";
    static final String GOGO_ARGS = "gosh.args";
    static final String HOME = "edgeway.home";
    static final String INSTALL = "edgeway.install";
    static final String PROFILE = "edgeway.profile";

    /** System properties with these prefixes override the file, e.g. {@code -Dfelix.log.level=4}. */
    static final List<String> OVERRIDABLE_PREFIXES = List.of("felix.", "org.osgi.", "gosh.", "edgeway.", "org.ops4j.");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^${}]+)}");

    private FrameworkProperties() {
    }

    /**
     * @param interactiveConsole whether a console is attached ({@code System.console() != null})
     * @param beginningStartLevel the framework start level to use if the file does not set one
     */
    static Map<String, String> build(InstanceHome home, Properties systemProperties, boolean interactiveConsole,
            int beginningStartLevel) throws LaunchException {
        Map<String, String> properties = new TreeMap<>();
        Properties file = load(home.configProperties());
        for (String name : file.stringPropertyNames()) {
            properties.put(name, substitute(file.getProperty(name), home, systemProperties));
        }
        for (String name : systemProperties.stringPropertyNames()) {
            if (OVERRIDABLE_PREFIXES.stream().anyMatch(name::startsWith)) {
                properties.put(name, systemProperties.getProperty(name));
            }
        }
        // Felix begins at start level 1, where our bundles (default level 3) would never start.
        properties.putIfAbsent(BEGINNING_START_LEVEL, Integer.toString(beginningStartLevel));
        properties.putIfAbsent(CONFIG_ADMIN_DIR, home.configStore().toString());
        if (!interactiveConsole) {
            // without this, the Gogo shell reads EOF from stdin (systemd, nohup) and stops the framework
            properties.putIfAbsent(GOGO_ARGS, "--nointeractive");
        }
        properties.put(STORAGE, home.cache().toString());
        properties.put(HOME, home.dir().toString());
        properties.put(INSTALL, home.install().toString());
        return properties;
    }

    /** An absent file gives no properties; an unreadable one is an error. */
    static Properties load(Path file) throws LaunchException {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                properties.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw LaunchException.badInput("cannot read " + file + ": " + Reasons.of(e));
            }
        }
        return properties;
    }

    /**
     * Replaces {@code ${edgeway.home}}, {@code ${edgeway.install}} and {@code ${name}} of any system property. Unknown
     * variables are left as they are, so that the mistake stays visible in the value.
     */
    static String substitute(String value, InstanceHome home, Properties systemProperties) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement = switch (name) {
                case HOME -> home.dir().toString();
                case INSTALL -> home.install().toString();
                default -> systemProperties.getProperty(name, matcher.group());
            };
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
