package org.edgeway.transit.internal.jsonlines;

import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

import org.edgeway.api.transit.CountingSink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** A JSON lines counting sensor from its factory configuration, delivering to the counting sink. */
@Component(service = {}, configurationPid = JsonLinesAdapterComponent.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = JsonLinesConfig.class, factory = true)
public class JsonLinesAdapterComponent {

    static final String FACTORY_PID = "org.edgeway.transit.jsonlines";
    static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Pattern SENSOR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final JsonLinesAdapter adapter;

    @Activate
    public JsonLinesAdapterComponent(JsonLinesConfig config, @Reference CountingSink sink) {
        String sensor = config.sensor() == null ? "" : config.sensor().trim();
        if (!SENSOR.matcher(sensor).matches()) {
            throw new IllegalArgumentException("sensor: '" + config.sensor() + "' must be 1-64 letters, digits, '.', "
                    + "'_' or '-'");
        }
        this.adapter = new JsonLinesAdapter(new JsonLinesAdapter.Settings(sensor, MIN_BACKOFF, MAX_BACKOFF),
                connector(config), sink, Clock.systemUTC());
        adapter.start();
    }

    /** The connector, each setting checked with an error naming its configuration key. */
    static JsonLinesAdapter.Connector connector(JsonLinesConfig config) {
        String transport = config.transport() == null ? "" : config.transport().trim();
        switch (transport) {
            case "tcp": {
                String host = config.host() == null ? "" : config.host().trim();
                if (host.isEmpty()) {
                    throw new IllegalArgumentException("host: required for transport tcp");
                }
                if (config.port() < 1 || config.port() > 65535) {
                    throw new IllegalArgumentException("port: " + config.port() + " is not 1-65535 (required for "
                            + "transport tcp)");
                }
                return Connectors.tcp(host, config.port());
            }
            case "serial": {
                String device = config.device() == null ? "" : config.device().trim();
                if (device.isEmpty()) {
                    throw new IllegalArgumentException("device: required for transport serial (e.g. /dev/ttyUSB0)");
                }
                if (config.baud() < 300 || config.baud() > 4_000_000) {
                    throw new IllegalArgumentException("baud: " + config.baud() + " is not 300-4000000");
                }
                return Connectors.serial(device, config.baud());
            }
            default:
                throw new IllegalArgumentException("transport: '" + config.transport() + "' is neither tcp nor serial");
        }
    }

    @Deactivate
    void deactivate() {
        adapter.close();
    }
}
