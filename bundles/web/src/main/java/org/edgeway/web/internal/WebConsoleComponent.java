package org.edgeway.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.edgeway.api.cloud.CloudPublisher;
import org.edgeway.api.gateway.GatewayIdentity;
import org.edgeway.api.hotspot.HotspotService;
import org.edgeway.api.management.ConfigurationService;
import org.edgeway.api.management.DeploymentService;
import org.edgeway.api.meter.MeterService;
import org.edgeway.api.position.PositionService;
import org.edgeway.api.transit.VehicleContext;
import org.edgeway.web.internal.security.AdminCredentials;
import org.edgeway.web.internal.security.LoginThrottle;
import org.edgeway.web.internal.security.PasswordHasher;
import org.edgeway.web.internal.security.PasswordPolicy;
import org.edgeway.web.internal.security.SessionStore;
import org.edgeway.web.internal.security.SetupToken;
import org.edgeway.web.internal.security.TlsKeystore;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;

/**
 * The local web console: sets up its login (password, or the first-start setup token), its TLS certificate and the
 * HTTP server's settings (Felix HTTP reads {@value #HTTP_PID}), and registers the API and UI servlets with the
 * Servlet Whiteboard.
 */
@Component(configurationPid = WebConsoleComponent.PID, immediate = true)
@Designate(ocd = WebConfig.class)
public class WebConsoleComponent implements ConsoleServices {

    static final String PID = "org.edgeway.web";
    /** The configuration Felix HTTP (Jetty) listens by. */
    static final String HTTP_PID = "org.apache.felix.http";
    static final String PASSWORD_ENV = "EDGEWAY_WEB_PASSWORD";

    private static final Logger LOG = LoggerFactory.getLogger(WebConsoleComponent.class);

    private final GatewayIdentity identity;
    private final ConfigurationService configuration;
    private final DeploymentService deployment;
    private final LogBuffer logs = new LogBuffer(1000);
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    /** Makes the generated TLS certificate off the activation thread. */
    private final ExecutorService tls = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "edgeway-web-tls");
        thread.setDaemon(true);
        return thread;
    });

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + CloudPublisher.CONNECTION_NAME + "=default)")
    private volatile CloudPublisher cloud;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MeterService meters;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PositionService position;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile VehicleContext vehicle;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile HotspotService hotspot;

    @Activate
    public WebConsoleComponent(BundleContext context, WebConfig config, @Reference ConfigurationAdmin configAdmin,
            @Reference GatewayIdentity identity, @Reference ConfigurationService configuration,
            @Reference DeploymentService deployment) throws IOException {
        this.identity = identity;
        this.configuration = configuration;
        this.deployment = deployment;
        if (!config.enabled()) {
            applyHttpSettings(configAdmin, disabledSettings());
            LOG.info("web console: disabled (org.edgeway.web:enabled=false); no web port is open");
            return;
        }
        String homeProperty = context.getProperty("edgeway.home");
        Path home = homeProperty != null ? Path.of(homeProperty) : context.getDataFile("").toPath();
        Path security = home.resolve("var").resolve("security");
        SecureRandom random = new SecureRandom();

        AdminCredentials credentials = new AdminCredentials(security.resolve("web-admin.hash"), new PasswordHasher());
        SetupToken setupToken = new SetupToken(security.resolve("web-setup.token"), random);
        setInitialPassword(credentials, config, home);
        if (credentials.isSet()) {
            setupToken.delete();
        } else {
            setupToken.ensure();
            LOG.warn("web console: no password is set yet: open the console and set one with the one-time setup "
                    + "token in {} (or start with {} set)", security.resolve("web-setup.token"), PASSWORD_ENV);
        }

        String host = BindAddress.resolve(config.bind());
        boolean https = config.https_enabled();
        Hashtable<String, Object> http = new Hashtable<>();
        http.put("org.apache.felix.http.host", host);
        http.put("org.apache.felix.http.enable", !https);
        http.put("org.osgi.service.http.port", config.http_port());
        http.put("org.apache.felix.https.enable", https);
        http.put("org.osgi.service.http.port.secure", config.https_port());
        http.put("org.apache.felix.http.jetty.sendServerHeader", false);
        // a provided keystore is checked before anything is registered: a wrong one fails the activation
        TlsKeystore.Keystore provided = https && !config.tls_keystore().isBlank()
                ? TlsKeystore.loadProvided(home.resolve(config.tls_keystore()),
                        config.tls_keystore_password().toCharArray())
                : null;
        if (!https) {
            LOG.warn("web console: HTTPS is off (https.enabled=false): passwords cross the network in clear unless "
                    + "a TLS proxy on this host terminates the connection");
        }

        Json json = new Json();
        SessionStore sessions = new SessionStore(Clock.systemUTC(), random,
                Duration.ofMinutes(config.session_idle_min()), Duration.ofHours(config.session_max_hours()), 64);
        LoginThrottle throttle = new LoginThrottle(Clock.systemUTC(), config.login_max_failures(),
                Duration.ofSeconds(config.login_lockout_s()), Duration.ofHours(1), 10_000);
        Auth auth = new Auth(credentials, setupToken, sessions, throttle, json, https);
        Path uploads = home.resolve("var").resolve("tmp").resolve("web-uploads");
        deleteLeftovers(uploads);
        register(context, new ApiServlet(this, auth, json, logs, uploads, config.upload_max_bytes(), https),
                "edgeway-api", "/api/*");
        register(context, new StaticServlet(context.getBundle(), https), "edgeway-ui", "/*");
        String url = (https ? "https" : "http") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + (https ? config.https_port() : config.http_port()) + "/";
        if (!https) {
            applyHttpSettings(configAdmin, http);
            LOG.info("web console: {}", url);
        } else if (provided != null) {
            serveHttps(configAdmin, http, provided, url);
        } else {
            // keytool takes a second or two to make a key pair and certificate (first start, or a new address):
            // the gateway's start does not wait for it; the console answers once it is done
            tls.execute(() -> {
                try {
                    serveHttps(configAdmin, http, generatedKeystore(security, host), url);
                } catch (IOException | RuntimeException e) {
                    LOG.error("web console: not served: its TLS certificate cannot be made: {}", e.getMessage());
                }
            });
        }
    }

    private static void serveHttps(ConfigurationAdmin configAdmin, Hashtable<String, Object> http,
            TlsKeystore.Keystore keystore, String url) throws IOException {
        http.put("org.apache.felix.https.keystore", keystore.file().toString());
        http.put("org.apache.felix.https.keystore.type", "PKCS12");
        http.put("org.apache.felix.https.keystore.password", new String(keystore.password()));
        http.put("org.apache.felix.https.keystore.key.password", new String(keystore.password()));
        http.put("org.apache.felix.https.jetty.protocols.included", "TLSv1.3,TLSv1.2");
        applyHttpSettings(configAdmin, http);
        LOG.info("web console: {} (certificate SHA-256 {})", url, keystore.fingerprint());
    }

    @Deactivate
    void deactivate() {
        tls.shutdownNow();
        registrations.forEach(registration -> {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        });
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void addLogReader(LogReaderService reader) {
        reader.addLogListener(logs);
    }

    void removeLogReader(LogReaderService reader) {
        reader.removeLogListener(logs);
    }

    /** The password from {@value #PASSWORD_ENV} or the password file, only while none is stored. */
    private static void setInitialPassword(AdminCredentials credentials, WebConfig config, Path home)
            throws IOException {
        if (credentials.isSet()) {
            return;
        }
        String source = null;
        String password = System.getenv(PASSWORD_ENV);
        if (password != null && !password.isEmpty()) {
            source = "the environment variable " + PASSWORD_ENV;
        } else if (!config.password_file().isBlank()) {
            Path file = home.resolve(config.password_file());
            try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                password = lines.findFirst().orElse("");
                source = "the file " + file;
            } catch (IOException e) {
                LOG.warn("web console: password.file {} cannot be read ({}); the first start asks for a password",
                        file, e.getClass().getSimpleName());
                return;
            }
        }
        if (source == null) {
            return;
        }
        Optional<String> problem = PasswordPolicy.problem(password.toCharArray());
        if (problem.isPresent()) {
            LOG.warn("web console: the password from {} is not used: {}", source, problem.get());
            return;
        }
        credentials.set(password.toCharArray());
        LOG.info("web console: the password was set from {}", source);
    }

    private TlsKeystore.Keystore generatedKeystore(Path security, String host) throws IOException {
        String commonName = identity.info().id().replaceAll("[^A-Za-z0-9._-]", "-");
        return TlsKeystore.generateIfNeeded(security.resolve("web-tls.p12"), security.resolve("web-tls.password"),
                commonName.isEmpty() ? "edgeway" : commonName, List.of("localhost"),
                BindAddress.certificateAddresses(host), Clock.systemUTC());
    }

    private static Hashtable<String, Object> disabledSettings() {
        Hashtable<String, Object> http = new Hashtable<>();
        http.put("org.apache.felix.http.enable", false);
        http.put("org.apache.felix.https.enable", false);
        return http;
    }

    /** Updates Felix HTTP's configuration only when it changes: every update restarts Jetty. */
    private static void applyHttpSettings(ConfigurationAdmin configAdmin, Hashtable<String, Object> wanted)
            throws IOException {
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

    private void register(BundleContext context, Servlet servlet, String name, String pattern) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, name);
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, pattern);
        registrations.add(context.registerService(Servlet.class, servlet, properties));
    }

    private static void deleteLeftovers(Path uploads) throws IOException {
        if (Files.isDirectory(uploads)) {
            try (Stream<Path> files = Files.list(uploads)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    // ---- ConsoleServices ---------------------------------------------------------------------------------------------

    @Override
    public GatewayIdentity identity() {
        return identity;
    }

    @Override
    public ConfigurationService configuration() {
        return configuration;
    }

    @Override
    public DeploymentService deployment() {
        return deployment;
    }

    @Override
    public Optional<CloudPublisher> cloud() {
        return Optional.ofNullable(cloud);
    }

    @Override
    public Optional<MeterService> meters() {
        return Optional.ofNullable(meters);
    }

    @Override
    public Optional<PositionService> position() {
        return Optional.ofNullable(position);
    }

    @Override
    public Optional<VehicleContext> vehicle() {
        return Optional.ofNullable(vehicle);
    }

    @Override
    public Optional<HotspotService> hotspot() {
        return Optional.ofNullable(hotspot);
    }
}
