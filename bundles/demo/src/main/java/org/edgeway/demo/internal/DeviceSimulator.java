package org.edgeway.demo.internal;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.edgeway.api.cloud.CloudException;
import org.edgeway.api.cloud.CloudPublisher;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@link SimulatedDevices} readings at a fixed interval through the default cloud connection.
 *
 * <p>Each activation is a run with a random id; meter readings carry it ({@code run}) with their sequence number
 * ({@code seq}, from 1). Every meter reading the cloud connection accepted is logged at DEBUG as
 * {@code published run=<run> seq=<n>}, so that tests can check that nothing accepted is lost on the way.
 */
@Component(configurationPid = DeviceSimulator.PID, service = {})
@Designate(ocd = SimulatorConfig.class)
public class DeviceSimulator {

    static final String PID = "org.edgeway.demo.simulator";
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSimulator.class);

    private final SimulatorConfig config;
    private final CloudPublisher cloud;
    private final SimulatedDevices devices;
    private final ScheduledExecutorService timer;

    @Activate
    public DeviceSimulator(SimulatorConfig config,
            @Reference(target = "(" + CloudPublisher.CONNECTION_NAME + "=default)") CloudPublisher cloud) {
        this.config = config;
        this.cloud = cloud;
        this.devices = new SimulatedDevices(Clock.systemUTC(), UUID.randomUUID().toString());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "edgeway-demo-simulator");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::publishReadings, 0, config.interval_ms(), TimeUnit.MILLISECONDS);
    }

    /** The id of this run, carried by every meter reading as the metric {@code run}. */
    String run() {
        return devices.run();
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    private void publishReadings() {
        try {
            devices.tick();
            cloud.publish(config.app_id(), "depot/meter-1", devices.meterReading());
            LOG.debug("published run={} seq={}", devices.run(), devices.seq());
        } catch (CloudException | IllegalArgumentException e) {
            LOG.warn("demo simulator could not publish: {}", e.getMessage());
        }
    }
}
