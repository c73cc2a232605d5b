package org.edgeway.transit.internal.ibisip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
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

/** An IBIS-IP PassengerCountingService from its factory configuration, delivering to the counting sink. */
@Component(service = {}, configurationPid = PcsAdapterComponent.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = PcsConfig.class, factory = true)
public class PcsAdapterComponent {

    static final String FACTORY_PID = "org.edgeway.transit.ibisip.pcs";
    static final Pattern SENSOR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final PcsAdapter adapter;

    @Activate
    public PcsAdapterComponent(PcsConfig config, @Reference CountingSink sink) {
        try {
            this.adapter = new PcsAdapter(settings(config), sink, Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException("subscribe.host/subscribe.port: " + e.getMessage(), e);
        }
        adapter.start();
    }

    /** The settings, each checked with an error naming the configuration key. */
    static PcsAdapter.Settings settings(PcsConfig config) {
        String sensor = config.sensor() == null ? "" : config.sensor().trim();
        if (!SENSOR.matcher(sensor).matches()) {
            throw new IllegalArgumentException("sensor: '" + config.sensor() + "' must be 1-64 letters, digits, '.', "
                    + "'_' or '-'");
        }
        URI url = httpUrl(config.url());
        boolean subscribe = switch (config.mode() == null ? "" : config.mode().trim()) {
            case "poll" -> false;
            case "subscribe" -> true;
            default -> throw new IllegalArgumentException("mode: '" + config.mode()
                    + "' is neither poll nor subscribe");
        };
        if (config.pollMillis() < 100) {
            throw new IllegalArgumentException("pollMillis: " + config.pollMillis() + " is below 100");
        }
        if (config.timeoutMillis() < 100) {
            throw new IllegalArgumentException("timeoutMillis: " + config.timeoutMillis() + " is below 100");
        }
        String host = config.subscribe_host() == null ? "" : config.subscribe_host().trim();
        if (subscribe && host.isEmpty()) {
            throw new IllegalArgumentException("subscribe.host: required in subscribe mode");
        }
        if (config.subscribe_port() < 0 || config.subscribe_port() > 65535) {
            throw new IllegalArgumentException("subscribe.port: " + config.subscribe_port() + " is not 0-65535");
        }
        String path = config.subscribe_path() == null ? "" : config.subscribe_path().trim();
        if (subscribe && (!path.startsWith("/") || path.contains("?") || path.contains("#") || path.contains(" "))) {
            throw new IllegalArgumentException("subscribe.path: '" + config.subscribe_path() + "' must be a path "
                    + "starting with /");
        }
        return new PcsAdapter.Settings(url, sensor, subscribe, Duration.ofMillis(config.pollMillis()),
                Duration.ofMillis(config.timeoutMillis()), host, config.subscribe_port(), path, PcsAdapter.HEARTBEAT);
    }

    static URI httpUrl(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("url: required (e.g. http://127.0.0.1:5031)");
        }
        try {
            URI uri = new URI(text.trim());
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("url: '" + text + "' is not an http(s) URL with a host, without "
                        + "query");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url: '" + text + "' is not a URL: " + e.getMessage(), e);
        }
    }

    /** @return the push server's port, or -1 when polling */
    int callbackPort() {
        return adapter.callbackPort();
    }

    @Deactivate
    void deactivate() {
        adapter.close();
    }
}
