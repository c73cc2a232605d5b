package org.edgeway.api.management;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A configuration as stored in Configuration Admin, secrets masked.
 *
 * @param pid        the configuration pid, {@code factoryPid~name} for a named factory instance
 * @param factoryPid the factory pid, or null for a singleton configuration
 * @param properties the values by key in key order; every secret value is {@link ConfigurationService#SECRET_PLACEHOLDER}
 * @param component  the metatype of the pid or factory pid, or null when it has none
 */
public record ConfigurationInfo(String pid, String factoryPid, Map<String, Object> properties, ComponentInfo component) {

    /** Checks that nothing is missing and copies the properties. */
    public ConfigurationInfo {
        Objects.requireNonNull(pid, "pid");
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}
