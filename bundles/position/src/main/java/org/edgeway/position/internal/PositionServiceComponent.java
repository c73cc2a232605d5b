package org.edgeway.position.internal;

import java.time.Clock;
import java.util.Optional;

import org.edgeway.api.position.Fix;
import org.edgeway.api.position.PositionListener;
import org.edgeway.api.position.PositionService;
import org.edgeway.api.position.PositionStatus;
import org.edgeway.position.internal.source.PositionSource;
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
 * The {@link PositionService}: one source (gpsd, NMEA over TCP or serial, or none) on one thread, named
 * {@code edgeway-position-<source>}, whose reports go to every whiteboard {@link PositionListener}.
 *
 * <p>No {@code @Modified}: a configuration change deactivates the component (stopping the source thread and closing
 * its link) and activates a new one with the new configuration. That is the simplest clean restart of the source; the
 * service is re-registered, and its counters start over.
 */
@Component(service = PositionService.class, configurationPid = PositionServiceComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = PositionConfig.class)
public class PositionServiceComponent implements PositionService {

    static final String PID = "org.edgeway.position";
    private static final Logger LOG = LoggerFactory.getLogger(PositionServiceComponent.class);

    private final ListenerDispatcher listeners = new ListenerDispatcher();
    private final PositionState state;
    private final PositionSource source;

    /**
     * Checks the configuration and starts the source.
     *
     * @param config the configuration (defaults when there is none)
     * @throws IllegalArgumentException naming the configuration key that is wrong
     */
    @Activate
    public PositionServiceComponent(PositionConfig config) {
        this(config, Clock.systemUTC());
    }

    PositionServiceComponent(PositionConfig config, Clock clock) {
        PositionSettings settings = PositionSettings.from(config);
        this.state = new PositionState(settings.description(), clock, settings.maxFixAge(), listeners);
        this.source = settings.createSource(clock, state);
        // last: the source thread sees the fields above (Thread.start happens-before its run)
        source.start();
        LOG.info("Vehicle position from {} (a fix is current for {} s after its reception)", source.description(),
                settings.maxFixAge().toSeconds());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(PositionListener listener) {
        listeners.add(listener);
    }

    void removeListener(PositionListener listener) {
        listeners.remove(listener);
    }

    @Override
    public Optional<Fix> currentFix() {
        return state.currentFix();
    }

    @Override
    public PositionStatus status() {
        return state.status();
    }

    @Deactivate
    void deactivate() {
        source.close();
        LOG.info("Vehicle position from {} stopped", source.description());
    }
}
