package org.edgeway.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Launch settings taken from environment variables, and how they combine with {@code --set}. */
final class EnvironmentSettings {

    /** An environment variable that sets one configuration property. */
    record Variable(String name, String pid, String key) {
    }

    private static final String CLOUD_CONNECTION = "org.edgeway.cloud.connection~default";

    /** The only place that maps environment variables to configuration; {@code --help} lists it too. */
    static final List<Variable> TABLE = List.of(
            new Variable("EDGEWAY_MQTT_URL", CLOUD_CONNECTION, "broker.url"),
            new Variable("EDGEWAY_CLIENT_ID", CLOUD_CONNECTION, "client.id"),
            new Variable("EDGEWAY_ACCOUNT", CLOUD_CONNECTION, "account"),
            new Variable("EDGEWAY_MQTT_USERNAME", CLOUD_CONNECTION, "username"),
            new Variable("EDGEWAY_MQTT_PASSWORD", CLOUD_CONNECTION, "password"));

    private EnvironmentSettings() {
    }

    /** The settings of the variables in {@link #TABLE} that are set and not empty, in table order. */
    static List<Setting> fromEnvironment(Map<String, String> environment) throws LaunchException {
        List<Setting> settings = new ArrayList<>();
        for (Variable variable : TABLE) {
            String value = environment.get(variable.name());
            if (value == null || value.isEmpty()) {
                continue;
            }
            if (!Setting.isSingleLine(value)) {
                throw LaunchException.badInput("environment variable " + variable.name() + " must be a single line");
            }
            settings.add(new Setting(variable.pid(), variable.key(), value));
        }
        return settings;
    }

    /**
     * Environment settings first, then the {@code --set} ones; of several settings for the same pid and key only the
     * last is kept, so {@code --set} wins over the environment.
     */
    static List<Setting> merge(List<Setting> fromEnvironment, List<Setting> fromOptions) {
        Map<String, Setting> byTarget = new LinkedHashMap<>();
        fromEnvironment.forEach(setting -> byTarget.put(setting.target(), setting));
        fromOptions.forEach(setting -> byTarget.put(setting.target(), setting));
        return List.copyOf(byTarget.values());
    }
}
