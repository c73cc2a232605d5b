package org.edgeway.demo.internal;

import java.time.Clock;
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

/** Publishes {@link SimulatedDevices} readings at a fixed interval through the default cloud connection. */
@Component(configurationPid = DeviceSimulator.PID, service = {})
@Designate(ocd = SimulatorConfig.class)
public class DeviceSimulator {

    static final String PID = "org.edgeway.demo.simulator";
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSimulator.class);

    private final ScheduledExecutorService timer;

    @Activate
    public DeviceSimulator(SimulatorConfig config,
            @Reference(target = "(" + CloudPublisher.CONNECTION_NAME + "=default)") CloudPublisher cloud) {
        SimulatedDevices devices = new SimulatedDevices(Clock.systemUTC());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "edgeway-demo-simulator");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> {
            try {
                devices.tick();
                cloud.publish(config.app_id(), "depot/meter-1", devices.meterReading());
                cloud.publish(config.app_id(), "vehicle/bus-42", devices.busReading());
            } catch (CloudException | IllegalArgumentException e) {
                LOG.warn("demo simulator could not publish: {}", e.getMessage());
            }
        }, 0, config.interval_ms(), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }
}
