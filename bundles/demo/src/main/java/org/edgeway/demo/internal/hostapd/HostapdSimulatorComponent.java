package org.edgeway.demo.internal.hostapd;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link HostapdSimulator} with a {@link Script} of passengers in the demo, so the gateway's hotspot
 * management has a hostapd to talk to: configured by {@value #PID}.
 */
@Component(configurationPid = HostapdSimulatorComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
@Designate(ocd = HostapdSimulatorConfig.class)
public class HostapdSimulatorComponent {

    static final String PID = "org.edgeway.demo.hostapd";
    private static final Logger LOG = LoggerFactory.getLogger(HostapdSimulatorComponent.class);

    private final HostapdSimulator simulator;
    private final Script script;
    private final ScheduledExecutorService ticker;
    private boolean tickFailing; // only touched by the ticker thread

    @Activate
    public HostapdSimulatorComponent(HostapdSimulatorConfig config, BundleContext context) throws IOException {
        this(config, context.getProperty("edgeway.home"));
    }

    /** @param home the instance home that a relative socket directory is resolved against; null: the working dir */
    HostapdSimulatorComponent(HostapdSimulatorConfig config, String home) throws IOException {
        // checked here to name the configuration keys; the classes below check again with their own names
        check("arrival.interval.s", config.arrival_interval_s() >= 1, config.arrival_interval_s(), "at least 1");
        check("mean.stay.s", config.mean_stay_s() >= 1, config.mean_stay_s(), "at least 1");
        check("max.stations", config.max_stations() >= 0 && config.max_stations() <= 2007, config.max_stations(),
                "0..2007");
        check("channel", HostapdSimulator.frequency(config.channel()) > 0, config.channel(),
                "1-14 (2.4 GHz) or 32-177 (5 GHz)");
        Path dir;
        try {
            dir = Path.of(config.socket_dir().trim());
            if (!dir.isAbsolute()) {
                dir = (home != null ? Path.of(home) : Path.of("")).resolve(dir).toAbsolutePath();
            }
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(PID + ": socket.dir '" + config.socket_dir() + "' is not a path: "
                    + e.getMessage(), e);
        }
        Scenario scenario = new Scenario(config.arrival_interval_s(), config.mean_stay_s(), config.max_stations(),
                0.2, 0.1, config.seed());
        try {
            this.simulator = new HostapdSimulator(ControlInterface.unix(dir, config.interface$().trim()),
                    config.ssid(), config.channel(), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": interface/ssid: " + e.getMessage(), e);
        }
        this.script = new Script(simulator, scenario, Clock.systemUTC());
        simulator.start();
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "edgeway-demo-hostapd-script");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tick, 0, 1, TimeUnit.SECONDS);
        LOG.info("Demo hostapd simulator '{}' (channel {}) listening on {}; script: {}", config.ssid(),
                config.channel(), simulator.describe(), scenario.describe());
    }

    private static void check(String key, boolean valid, long value, String range) {
        if (!valid) {
            throw new IllegalArgumentException(PID + ": " + key + " = " + value + " is not " + range);
        }
    }

    private void tick() {
        // an exception would cancel the schedule: log it once per episode and go on
        try {
            script.tick();
            if (tickFailing) {
                tickFailing = false;
                LOG.info("hostapd simulator script runs again");
            }
        } catch (RuntimeException e) {
            if (!tickFailing) {
                tickFailing = true;
                LOG.error("hostapd simulator script failed: {}", e.toString());
            }
        }
    }

    HostapdSimulator simulator() {
        return simulator;
    }

    Script script() {
        return script;
    }

    @Deactivate
    void deactivate() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        simulator.stop();
    }
}
