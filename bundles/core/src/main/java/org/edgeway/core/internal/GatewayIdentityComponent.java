package org.edgeway.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.lang.management.ManagementFactory;

import org.edgeway.api.gateway.GatewayIdentity;
import org.edgeway.api.gateway.GatewayInfo;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the gateway's identity; configuration changes re-create the component with new values. */
@Component(service = GatewayIdentity.class, configurationPid = GatewayIdentityComponent.PID)
@Designate(ocd = IdentityConfig.class)
public class GatewayIdentityComponent implements GatewayIdentity {

    static final String PID = "org.edgeway.core.identity";

    private final GatewayInfo info;

    @Activate
    public GatewayIdentityComponent(BundleContext context, IdentityConfig config) {
        Bundle framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        String id = config.gateway_id().isBlank() ? DeviceIds.defaultGatewayId() : config.gateway_id().strip();
        this.info = new GatewayInfo(
                id,
                config.display_name().isBlank() ? id : config.display_name(),
                config.model_name(),
                config.model_id(),
                config.serial_number(),
                valueOr(context.getProperty("edgeway.profile"), "gateway"),
                context.getBundle().getVersion().toString(),
                framework.getSymbolicName(),
                framework.getVersion().toString(),
                Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
    }

    @Override
    public GatewayInfo info() {
        return info;
    }

    @Override
    public Duration uptime() {
        return Duration.between(info.started(), Instant.now());
    }

    private static String valueOr(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
