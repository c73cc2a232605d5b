package org.edgeway.web.internal;

import java.util.Optional;

import org.edgeway.api.cloud.CloudPublisher;
import org.edgeway.api.gateway.GatewayIdentity;
import org.edgeway.api.hotspot.HotspotService;
import org.edgeway.api.management.ConfigurationService;
import org.edgeway.api.management.DeploymentService;
import org.edgeway.api.meter.MeterService;
import org.edgeway.api.position.PositionService;
import org.edgeway.api.transit.VehicleContext;

/** The services the API reads and changes; the device services are there only where their bundles run. */
interface ConsoleServices {

    GatewayIdentity identity();

    ConfigurationService configuration();

    DeploymentService deployment();

    Optional<CloudPublisher> cloud();

    Optional<MeterService> meters();

    Optional<PositionService> position();

    Optional<VehicleContext> vehicle();

    Optional<HotspotService> hotspot();
}
