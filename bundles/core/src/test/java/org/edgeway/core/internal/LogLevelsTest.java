package org.edgeway.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LogLevelsTest {

    private static Dictionary<String, Object> properties(Map<String, Object> values) {
        return new Hashtable<>(values);
    }

    private static Map<String, Object> asMap(Dictionary<String, Object> properties) {
        Map<String, Object> map = new HashMap<>();
        for (String key : Collections.list(properties.keys())) {
            map.put(key, properties.get(key));
        }
        return map;
    }

    @Test
    void readsRootAndNamedLoggers() {
        Dictionary<String, Object> properties = properties(Map.of(
                "log4j2.rootLogger.level", "INFO",
                "log4j2.rootLogger.appenderRef.file.ref", "file",
                "log4j2.logger.cloud.name", "org.edgeway.cloud",
                "log4j2.logger.cloud.level", "DEBUG",
                "log4j2.logger.felix.name", "org.apache.felix",
                "log4j2.logger.felix.level", "WARN",
                "log4j2.appender.file.type", "RollingRandomAccessFile"));

        assertThat(LogLevels.read(properties)).containsExactly(
                entry("ROOT", "INFO"),
                entry("org.apache.felix", "WARN"),
                entry("org.edgeway.cloud", "DEBUG"));
    }

    @Test
    void loggerWithoutLevelInherits() {
        Dictionary<String, Object> properties = properties(Map.of("log4j2.logger.x.name", "org.example.x"));

        assertThat(LogLevels.read(properties)).containsExactly(entry("org.example.x", "(inherited)"));
    }

    @Test
    void nothingConfiguredReadsEmpty() {
        assertThat(LogLevels.read(properties(Map.of("unrelated", "1")))).isEmpty();
    }

    @Test
    void setsRootLevelWhateverTheCase() {
        Dictionary<String, Object> properties = properties(Map.of("log4j2.rootLogger.level", "INFO"));

        LogLevels.set(properties, "root", "DEBUG");

        assertThat(asMap(properties)).isEqualTo(Map.of("log4j2.rootLogger.level", "DEBUG"));
        assertThat(LogLevels.read(properties)).containsExactly(entry("ROOT", "DEBUG"));
    }

    @Test
    void newLoggerGetsAnIdDerivedFromItsName() {
        Dictionary<String, Object> properties = properties(Map.of("log4j2.rootLogger.level", "INFO"));

        LogLevels.set(properties, "org.edgeway.cloud-mqtt", "TRACE");

        assertThat(asMap(properties)).isEqualTo(Map.of(
                "log4j2.rootLogger.level", "INFO",
                "log4j2.logger.org_edgeway_cloud_mqtt.name", "org.edgeway.cloud-mqtt",
                "log4j2.logger.org_edgeway_cloud_mqtt.level", "TRACE"));
        assertThat(LogLevels.read(properties)).containsEntry("org.edgeway.cloud-mqtt", "TRACE");
    }

    @Test
    void existingLoggerKeepsItsId() {
        Dictionary<String, Object> properties = properties(Map.of(
                "log4j2.logger.cloud.name", "org.edgeway.cloud",
                "log4j2.logger.cloud.level", "DEBUG",
                "log4j2.logger.cloud.additivity", "false"));

        LogLevels.set(properties, "org.edgeway.cloud", "ERROR");

        assertThat(asMap(properties)).isEqualTo(Map.of(
                "log4j2.logger.cloud.name", "org.edgeway.cloud",
                "log4j2.logger.cloud.level", "ERROR",
                "log4j2.logger.cloud.additivity", "false"));
    }

    @Test
    void otherLoggersAreLeftAlone() {
        Dictionary<String, Object> properties = properties(Map.of(
                "log4j2.logger.cloud.name", "org.edgeway.cloud",
                "log4j2.logger.cloud.level", "DEBUG"));

        LogLevels.set(properties, "org.edgeway.core", "WARN");

        assertThat(LogLevels.read(properties)).containsExactly(
                entry("org.edgeway.cloud", "DEBUG"),
                entry("org.edgeway.core", "WARN"));
    }

    @Test
    void newLoggerDoesNotReplaceAnotherWhoseIdItsNameDerivesTo() {
        Dictionary<String, Object> properties = properties(Map.of());
        LogLevels.set(properties, "a.b", "DEBUG");

        LogLevels.set(properties, "a-b", "TRACE");

        assertThat(LogLevels.read(properties)).containsExactly(entry("a-b", "TRACE"), entry("a.b", "DEBUG"));
    }
}
