package org.edgeway.demo.internal.transit;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link TransitSimulator} in the demo so the vehicle gateway has a bus to read: configured by
 * {@value #PID}, it plays a scenario file or the built-in Berlin bus 100.
 */
@Component(configurationPid = TransitSimulatorComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
@Designate(ocd = TransitSimulatorConfig.class)
public class TransitSimulatorComponent {

    static final String PID = "org.edgeway.demo.transit";
    private static final Logger LOG = LoggerFactory.getLogger(TransitSimulatorComponent.class);

    private final TransitSimulator simulator;

    @Activate
    public TransitSimulatorComponent(TransitSimulatorConfig config) throws IOException {
        Scenario scenario = scenario(config.scenario());
        InetAddress address = InetAddress.getByName(config.bind_address().trim());
        boolean loop = config.loop() && scenario.loop();
        this.simulator = new TransitSimulator(scenario, address, config.nmea_port(), config.ibisip_port(),
                config.jsonlines_port(), loop, Clock.systemUTC());
        simulator.start();
        LOG.info("Demo transit simulator '{}' (line {}, {} trips, {}) on {}: NMEA tcp:{}, IBIS-IP http:{} (doors {}), "
                + "JSON lines tcp:{} (doors {})", scenario.name(), scenario.line(), scenario.trips().size(),
                loop ? "looping" : "once", address.getHostAddress(), simulator.nmeaPort(), simulator.ibisIpPort(),
                String.join(", ", scenario.doorIds(Scenario.Protocol.IBISIP)), simulator.jsonLinesPort(),
                String.join(", ", scenario.doorIds(Scenario.Protocol.JSONLINES)));
    }

    private static Scenario scenario(String file) throws IOException {
        if (file == null || file.isBlank()) {
            return Scenario.builtIn();
        }
        try {
            return Scenario.load(Path.of(file.trim()));
        } catch (ScenarioException e) {
            throw new ScenarioException("demo transit scenario " + e.getMessage() + " (set " + PID + ":scenario)", e);
        } catch (IOException e) {
            throw new IOException("demo transit scenario " + file + " cannot be read: " + e, e);
        }
    }

    /** The simulator this component runs (tests). */
    TransitSimulator simulator() {
        return simulator;
    }

    @Deactivate
    void deactivate() {
        simulator.close();
    }
}
