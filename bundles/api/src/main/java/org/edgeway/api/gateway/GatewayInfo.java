package org.edgeway.api.gateway;

import java.time.Instant;

/**
 * The identity and versions of this gateway.
 *
 * @param id                 stable device identity (default: derived from the primary MAC address)
 * @param displayName        name shown to people
 * @param modelName          hardware model name
 * @param modelId            hardware model id
 * @param serialNumber       hardware serial number, or "unknown"
 * @param profile            distribution profile: depot, vehicle, console or demo
 * @param runtimeVersion     edgeway version
 * @param osgiFramework      OSGi framework name
 * @param osgiFrameworkVersion OSGi framework version
 * @param started            when the runtime started
 */
public record GatewayInfo(String id, String displayName, String modelName, String modelId, String serialNumber,
        String profile, String runtimeVersion, String osgiFramework, String osgiFrameworkVersion, Instant started) {
}
