package org.edgeway.fleet.internal.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A birth certificate as ingest received it.
 *
 * @param metrics  every birth metric as text (display_name, model_name, application_framework_version, ...)
 * @param packages the installed packages; null when this birth does not say (the known ones are kept), a list
 *                 (even empty) replaces them
 */
public record GatewayBirth(String account, String clientId, Instant at, Map<String, String> metrics,
        List<InstalledPackage> packages, Double latitude, Double longitude) {

    /** Validates and copies. */
    public GatewayBirth {
        Check.id("account", account);
        Check.id("clientId", clientId);
        Check.notNull("at", at);
        metrics = Check.metrics("metrics", metrics);
        packages = packages == null ? null : Check.packages("packages", packages);
        Check.position(latitude, longitude);
    }
}
