package org.edgeway.modbus.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.edgeway.api.cloud.CloudPublisher;
import org.edgeway.api.cloud.Qos;
import org.edgeway.modbus.internal.bus.ModbusBus;
import org.edgeway.modbus.internal.meter.MeterPoller;
import org.edgeway.modbus.internal.profile.Profile;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A meter from its factory configuration: finds its profile, joins its bus when that bus is there (and leaves it
 * when it goes), and publishes through the default cloud connection.
 */
@Component(service = ModbusMeterComponent.class, configurationPid = ModbusMeterComponent.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = MeterConfig.class, factory = true)
public class ModbusMeterComponent {

    static final String FACTORY_PID = "org.edgeway.modbus.meter";
    private static final Logger LOG = LoggerFactory.getLogger(ModbusMeterComponent.class);

    private final MeterConfig config;
    private final MeterPoller poller;
    private ModbusBus joined; // this

    @Activate
    public ModbusMeterComponent(MeterConfig config, @Reference ModbusResources resources,
            @Reference(target = "(" + CloudPublisher.CONNECTION_NAME + "=default)") CloudPublisher cloud) {
        this.config = config;
        if (!ModbusBusComponent.NAME.matcher(config.name()).matches()) {
            throw new IllegalArgumentException("name: '" + config.name() + "' must be 1-64 letters, digits, "
                    + "'.', '_' or '-'");
        }
        if (60 % config.energy_interval_min() != 0) {
            throw new IllegalArgumentException("energy.interval.min: " + config.energy_interval_min()
                    + " does not divide an hour (use 1, 5, 10, 15, 30 or 60)");
        }
        Profile profile = resources.profile(config.profile()).orElseThrow(() -> new IllegalArgumentException(
                "profile: no profile '" + config.profile() + "'; known: " + resources.profileIds()));
        this.poller = new MeterPoller(new MeterPoller.Settings(config.name(), config.unit_id(),
                Duration.ofMillis(config.poll_interval_ms()), Duration.ofSeconds(config.publish_interval_s()),
                config.report_on_change(), config.deadband_percent(), Duration.ofMinutes(config.energy_interval_min())),
                profile,
                resources.counterStates(),
                (appTopic, payload) -> cloud.publishAsync(MeterPoller.APP_ID, appTopic, payload, Qos.AT_LEAST_ONCE,
                        CloudPublisher.PRIORITY_DATA),
                Clock.systemUTC());
    }

    public MeterPoller poller() {
        return poller;
    }

    public String bus() {
        return config.bus();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addBus(ModbusBus bus, Map<String, Object> properties) {
        if (joined == null && config.bus().equals(properties.get(ModbusBus.NAME_PROPERTY))) {
            joined = bus;
            poller.limits(bus.maxRegisters(), bus.maxGap());
            bus.add(poller);
            LOG.info("Meter {} (unit {}, {}) joined bus {}", config.name(), config.unit_id(), config.profile(),
                    config.bus());
        }
    }

    synchronized void removeBus(ModbusBus bus) {
        if (joined == bus) {
            bus.remove(poller);
            joined = null;
            LOG.info("Meter {} left bus {}", config.name(), config.bus());
        }
    }

    @Deactivate
    synchronized void deactivate() {
        if (joined != null) {
            joined.remove(poller);
            joined = null;
        }
    }
}
