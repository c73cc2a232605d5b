package org.edgeway.api.gateway;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/** The gateway's identity, a service registered by the runtime. */
@ProviderType
public interface GatewayIdentity {

    /**
     * Returns the identity and versions.
     *
     * @return the current gateway information
     */
    GatewayInfo info();

    /**
     * Returns how long the runtime has been running.
     *
     * @return the uptime
     */
    Duration uptime();
}
