package org.edgeway.web.common;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.edgeway.web.common.security.TlsKeystore;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server a console listens on: writes the configuration Felix HTTP (Jetty) reads, {@value #HTTP_PID}: the
 * bound address, HTTP or HTTPS, and for HTTPS a provided PKCS#12 keystore or one generated for this host. One
 * component of a runtime owns it (the gateway's web console, or the fleet console in its own distribution); others
 * only register servlets.
 */
public final class HttpEndpoint implements AutoCloseable {

    /** The configuration Felix HTTP listens by. */
    public static final String HTTP_PID = "org.apache.felix.http";

    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);

    /**
     * What to serve.
     *
     * @param bind             an IP address or a network interface name ({@link BindAddress})
     * @param keystore         a provided PKCS#12 keystore (relative to the home), or blank to generate one
     * @param keystorePassword its password
     */
    public record Settings(String bind, boolean https, int httpPort, int httpsPort, String keystore,
            char[] keystorePassword) {

        /** Never shows the password. */
        @Override
        public String toString() {
            return "Settings[bind=" + bind + ", https=" + https + ", httpPort=" + httpPort + ", httpsPort="
                    + httpsPort + ", keystore=" + keystore + "]";
        }
    }

    private final ConfigurationAdmin configAdmin;
    private final String owner;
    /** Makes a generated certificate off the activation thread. */
    private final ExecutorService tls;

    /** @param owner names the console in log lines, e.g. "web console" */
    public HttpEndpoint(ConfigurationAdmin configAdmin, String owner) {
        this.configAdmin = configAdmin;
        this.owner = owner;
        this.tls = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "edgeway-http-tls");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Serves with these settings. A wrong bind address or provided keystore throws before anything changes; a
     * generated certificate is made in the background (keytool takes a second or two) and the server answers once it
     * is ready.
     *
     * @param home       the instance home (provided keystores are relative to it)
     * @param security   where a generated keystore and its password file are kept
     * @param commonName the generated certificate's subject, e.g. the gateway id
     * @param path       the console's path, for the URL logged ("/" or "/fleet/")
     * @return the URL the console answers at
     */
    public String serve(Settings settings, Path home, Path security, String commonName, String path)
            throws IOException {
        String host = BindAddress.resolve(settings.bind());
        boolean https = settings.https();
        Hashtable<String, Object> http = new Hashtable<>();
        http.put("org.apache.felix.http.host", host);
        http.put("org.apache.felix.http.enable", !https);
        http.put("org.osgi.service.http.port", settings.httpPort());
        http.put("org.apache.felix.https.enable", https);
        http.put("org.osgi.service.http.port.secure", settings.httpsPort());
        http.put("org.apache.felix.http.jetty.sendServerHeader", false);
        String url = (https ? "https" : "http") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + (https ? settings.httpsPort() : settings.httpPort()) + path;
        if (!https) {
            LOG.warn("{}: HTTPS is off (https.enabled=false): passwords cross the network in clear unless a TLS "
                    + "proxy on this host terminates the connection", owner);
            apply(http);
            LOG.info("{}: {}", owner, url);
        } else if (!settings.keystore().isBlank()) {
            serveHttps(http, TlsKeystore.loadProvided(home.resolve(settings.keystore()), settings.keystorePassword()),
                    url);
        } else {
            String name = commonName.replaceAll("[^A-Za-z0-9._-]", "-");
            tls.execute(() -> {
                try {
                    serveHttps(http, TlsKeystore.generateIfNeeded(security.resolve("web-tls.p12"),
                            security.resolve("web-tls.password"), name.isEmpty() ? "edgeway" : name,
                            List.of("localhost"), BindAddress.certificateAddresses(host), Clock.systemUTC()), url);
                } catch (IOException | RuntimeException e) {
                    if (!tls.isShutdown()) { // stopped while keytool ran: nothing to report
                        LOG.error("{}: not served: its TLS certificate cannot be made: {}", owner, e.getMessage());
                    }
                }
            });
        }
        return url;
    }

    /** Closes every port. */
    public void disable() throws IOException {
        Hashtable<String, Object> http = new Hashtable<>();
        http.put("org.apache.felix.http.enable", false);
        http.put("org.apache.felix.https.enable", false);
        apply(http);
    }

    @Override
    public void close() {
        tls.shutdownNow();
    }

    private void serveHttps(Hashtable<String, Object> http, TlsKeystore.Keystore keystore, String url)
            throws IOException {
        http.put("org.apache.felix.https.keystore", keystore.file().toString());
        http.put("org.apache.felix.https.keystore.type", "PKCS12");
        http.put("org.apache.felix.https.keystore.password", new String(keystore.password()));
        http.put("org.apache.felix.https.keystore.key.password", new String(keystore.password()));
        http.put("org.apache.felix.https.jetty.protocols.included", "TLSv1.3,TLSv1.2");
        apply(http);
        LOG.info("{}: {} (certificate SHA-256 {})", owner, url, keystore.fingerprint());
    }

    /** Updates Felix HTTP's configuration only when it changes: every update restarts Jetty. */
    private void apply(Hashtable<String, Object> wanted) throws IOException {
        Configuration http = configAdmin.getConfiguration(HTTP_PID, "?");
        Dictionary<String, Object> current = http.getProperties();
        if (current != null && current.size() - countStandard(current) == wanted.size()
                && wanted.entrySet().stream().allMatch(e -> Objects.equals(e.getValue(), current.get(e.getKey())))) {
            return;
        }
        http.update(wanted);
    }

    private static int countStandard(Dictionary<String, Object> properties) {
        int count = 0;
        for (String key : Set.of("service.pid", "service.factoryPid", "service.bundleLocation")) {
            count += properties.get(key) != null ? 1 : 0;
        }
        return count;
    }
}
