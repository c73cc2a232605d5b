package org.edgeway.modbus.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.edgeway.api.cloud.CloudPublisher;
import org.edgeway.api.cloud.Qos;
import org.edgeway.api.payload.Payload;
import org.edgeway.modbus.internal.bus.BusScheduler;
import org.edgeway.modbus.internal.bus.BusStats;
import org.edgeway.modbus.internal.bus.ModbusBus;
import org.edgeway.modbus.internal.bus.PollTarget;
import org.edgeway.modbus.internal.meter.MeterPoller;
import org.edgeway.modbus.internal.transport.ModbusTransports;
import org.edgeway.modbus.internal.transport.TransportConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Modbus bus from its factory configuration: the transport, the scheduler, and its statistics. */
@Component(service = ModbusBus.class, configurationPid = ModbusBusComponent.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        // the metatype default, repeated because DS does not apply metatype defaults to service properties
        property = ModbusBus.NAME_PROPERTY + "=bus1")
@Designate(ocd = BusConfig.class, factory = true)
public class ModbusBusComponent implements ModbusBus {

    static final String FACTORY_PID = "org.edgeway.modbus.bus";
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Logger LOG = LoggerFactory.getLogger(ModbusBusComponent.class);

    private final BusConfig config;
    private final BusScheduler scheduler;
    private final ScheduledExecutorService statistics;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + CloudPublisher.CONNECTION_NAME + "=default)")
    private volatile CloudPublisher cloud;

    @Activate
    public ModbusBusComponent(BusConfig config) {
        this.config = config;
        if (!NAME.matcher(config.edgeway_modbus_bus()).matches()) {
            throw new IllegalArgumentException(ModbusBus.NAME_PROPERTY + ": '" + config.edgeway_modbus_bus() + "' must be 1-64 letters, digits, "
                    + "'.', '_' or '-'");
        }
        TransportConfig transport = transportConfig(config);
        this.scheduler = new BusScheduler(config.edgeway_modbus_bus(), ModbusTransports.create(transport), new BusScheduler.Settings(
                Duration.ofMillis(config.pause_ms()), config.busy_retries(), Duration.ofMillis(50),
                config.close_after_poll(), Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5)),
                Clock.systemUTC());
        this.statistics = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "edgeway-modbus-stats-" + config.edgeway_modbus_bus());
            thread.setDaemon(true);
            return thread;
        });
        if (config.stats_interval_s() > 0) {
            statistics.scheduleAtFixedRate(this::publishStatistics, config.stats_interval_s(),
                    config.stats_interval_s(), TimeUnit.SECONDS);
        }
        LOG.info("Modbus bus {} on {}", config.edgeway_modbus_bus(), transport.endpoint());
    }

    /** The transport settings, each checked with an error naming the configuration key. */
    static TransportConfig transportConfig(BusConfig config) {
        TransportConfig.Type type;
        try {
            type = TransportConfig.Type.valueOf(config.transport().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transport: '" + config.transport()
                    + "' is not one of TCP, RTU, RTU_OVER_TCP", e);
        }
        return new TransportConfig(type, config.host(), config.port(), config.serial_device(), config.baud_rate(),
                TransportConfig.Parity.parse(config.parity()), 8, config.stop_bits(),
                Duration.ofMillis(config.timeout_ms()));
    }

    private void publishStatistics() {
        CloudPublisher publisher = cloud;
        if (publisher == null) {
            return;
        }
        BusStats stats = scheduler.stats();
        try {
            publisher.publishAsync(MeterPoller.APP_ID, "bus/" + config.edgeway_modbus_bus() + "/stats", Payload.builder()
                    .timestamp(Instant.now()).metric("requests", stats.requests()).metric("errors", stats.errors())
                    .metric("timeouts", stats.timeouts()).metric("busy", stats.busy())
                    .metric("response.mean.ms", stats.meanResponseMillis()).metric("connected", stats.connected())
                    .build(), Qos.AT_MOST_ONCE, CloudPublisher.PRIORITY_DATA);
        } catch (RuntimeException e) {
            LOG.debug("Modbus bus {}: statistics not published: {}", config.edgeway_modbus_bus(), e.getMessage());
        }
    }

    @Override
    public String name() {
        return config.edgeway_modbus_bus();
    }

    @Override
    public int maxRegisters() {
        return config.max_registers();
    }

    @Override
    public int maxGap() {
        return config.max_gap();
    }

    @Override
    public void add(PollTarget target) {
        scheduler.add(target);
    }

    @Override
    public void remove(PollTarget target) {
        scheduler.remove(target);
    }

    @Override
    public BusStats stats() {
        return scheduler.stats();
    }

    @Override
    public String endpoint() {
        return scheduler.endpoint();
    }

    @Deactivate
    void deactivate() {
        statistics.shutdownNow();
        scheduler.close();
    }
}
