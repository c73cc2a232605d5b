package org.edgeway.core.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

import org.edgeway.api.gateway.GatewayIdentity;
import org.edgeway.api.gateway.GatewayInfo;
import org.edgeway.api.management.ConfigurationException;
import org.edgeway.api.management.ConfigurationInfo;
import org.edgeway.api.management.ConfigurationService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;

/**
 * Gogo shell commands for integrators on site ({@code edgeway:info}, {@code edgeway:configs}, {@code edgeway:config},
 * {@code edgeway:set}, {@code edgeway:snapshots}, {@code edgeway:snapshot}, {@code edgeway:rollback},
 * {@code edgeway:loglevel}). {@code set} and the snapshot commands go through the {@link ConfigurationService}, like
 * remote changes: validated, secrets encrypted, a snapshot taken. Bundles and components are listed by Gogo's own {@code lb} and
 * SCR's {@code scr:list}. Gogo finds the public methods by name, so no Gogo API is imported.
 */
@Component(service = ShellCommands.class, property = {
        "osgi.command.scope=edgeway",
        "osgi.command.function=info",
        "osgi.command.function=configs",
        "osgi.command.function=config",
        "osgi.command.function=set",
        "osgi.command.function=snapshots",
        "osgi.command.function=snapshot",
        "osgi.command.function=rollback",
        "osgi.command.function=loglevel" })
public class ShellCommands {

    static final String LOGGING_PID = "org.ops4j.pax.logging";
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private final GatewayIdentity identity;
    private final ConfigurationAdmin configAdmin;
    private final MetatypeCatalog catalog;
    private final ConfigurationService configurations;

    @Activate
    public ShellCommands(BundleContext context, @Reference GatewayIdentity identity,
            @Reference ConfigurationAdmin configAdmin, @Reference MetaTypeService metaType,
            @Reference ConfigurationService configurations) {
        this.identity = identity;
        this.configAdmin = configAdmin;
        this.catalog = new MetatypeCatalog(context, metaType);
        this.configurations = configurations;
    }

    public String info() {
        GatewayInfo info = identity.info();
        return String.join("\n",
                "gateway id     " + info.id(),
                "display name   " + info.displayName(),
                "model          " + info.modelName() + " (" + info.modelId() + "), serial " + info.serialNumber(),
                "profile        " + info.profile(),
                "edgeway        " + info.runtimeVersion(),
                "framework      " + info.osgiFramework() + " " + info.osgiFrameworkVersion(),
                "java           " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                "uptime         " + identity.uptime().withNanos(0));
    }

    public String configs() throws IOException, InvalidSyntaxException {
        Configuration[] all = configAdmin.listConfigurations(null);
        if (all == null) {
            return "no configurations";
        }
        List<String> lines = new ArrayList<>();
        for (Configuration configuration : all) {
            String factory = configuration.getFactoryPid() == null ? "" : "  (factory " + configuration.getFactoryPid() + ")";
            lines.add(configuration.getPid() + factory);
        }
        Collections.sort(lines);
        return String.join("\n", lines);
    }

    public String config(String pid) throws IOException, InvalidSyntaxException {
        Configuration[] found = configAdmin.listConfigurations("(service.pid=" + escapeFilterValue(pid) + ")");
        if (found == null) {
            return "no configuration with pid " + pid;
        }
        Dictionary<String, Object> properties = found[0].getProperties();
        TreeMap<String, String> shown = new TreeMap<>();
        for (String key : Collections.list(properties.keys())) {
            shown.put(key, isSecret(found[0], key) ? "***" : display(properties.get(key)));
        }
        StringBuilder out = new StringBuilder(pid);
        shown.forEach((key, value) -> out.append("\n  ").append(key).append(" = ").append(value));
        return out.toString();
    }

    public String set(String pid, String key, String value) {
        Setting setting;
        try {
            setting = new Setting(pid, key, value);
        } catch (IllegalArgumentException e) {
            return "error: " + e.getMessage();
        }
        try {
            ConfigurationInfo stored = configurations.update(pid, java.util.Map.of(key, value));
            Object shown = stored.properties().get(key);
            return "set " + pid + ":" + key + "=" + (ConfigurationService.SECRET_PLACEHOLDER.equals(shown)
                    || Setting.isSecretKey(key) ? "***" : "'" + value + "'");
        } catch (ConfigurationException e) {
            return "error: " + e.getMessage();
        }
    }

    /** Lists the configuration snapshots, newest first. */
    public String snapshots() {
        StringBuilder out = new StringBuilder();
        configurations.snapshots().forEach(s -> out.append(s.id()).append("  ").append(s.taken()).append("  ")
                .append(s.reason()).append('\n'));
        return out.length() == 0 ? "no snapshots" : out.toString().strip();
    }

    /** Takes a snapshot now. */
    public String snapshot() throws ConfigurationException {
        return "snapshot " + configurations.takeSnapshot().id();
    }

    /** Rolls back every configuration to a snapshot. */
    public String rollback(long id) {
        try {
            configurations.rollback(id);
            return "rolled back to snapshot " + id;
        } catch (ConfigurationException e) {
            return "error: " + e.getMessage();
        }
    }

    /** Shows the configured levels, or sets one: {@code loglevel ROOT DEBUG}, {@code loglevel org.edgeway.cloud TRACE}. */
    public String loglevel() throws IOException {
        Dictionary<String, Object> properties = configAdmin.getConfiguration(LOGGING_PID, "?").getProperties();
        if (properties == null) {
            return "logging is not configured (etc/" + LOGGING_PID + ".cfg missing)";
        }
        TreeMap<String, String> levels = LogLevels.read(properties);
        StringBuilder out = new StringBuilder();
        levels.forEach((logger, level) -> out.append(logger).append(" ").append(level).append('\n'));
        return out.toString().strip();
    }

    public String loglevel(String logger, String level) throws IOException {
        String upper = level.toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(upper)) {
            return "error: unknown level '" + level + "', expected one of TRACE, DEBUG, INFO, WARN, ERROR, OFF";
        }
        Configuration configuration = configAdmin.getConfiguration(LOGGING_PID, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        Dictionary<String, Object> updated = properties == null ? new Hashtable<>() : properties;
        LogLevels.set(updated, logger, upper);
        configuration.update(updated);
        return logger + " " + upper;
    }

    private boolean isSecret(Configuration configuration, String key) {
        if (Setting.isSecretKey(key)) {
            return true;
        }
        String describedPid = configuration.getFactoryPid() != null ? configuration.getFactoryPid() : configuration.getPid();
        return catalog.find(describedPid)
                .flatMap(d -> SettingsApplier.attribute(d.definition(), key))
                .map(ad -> ad.getType() == AttributeDefinition.PASSWORD)
                .orElse(false);
    }

    /** RFC 1960 escaping, so a pid with '*' or parentheses is matched literally. */
    private static String escapeFilterValue(String value) {
        return value.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
    }

    private static String display(Object value) {
        if (value instanceof Object[] array) {
            return java.util.Arrays.toString(array);
        }
        return String.valueOf(value);
    }
}
