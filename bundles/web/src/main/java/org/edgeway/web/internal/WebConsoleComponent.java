package org.edgeway.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.edgeway.api.cloud.CloudPublisher;
import org.edgeway.api.gateway.GatewayIdentity;
import org.edgeway.api.hotspot.HotspotService;
import org.edgeway.api.management.ConfigurationService;
import org.edgeway.api.management.DeploymentService;
import org.edgeway.api.meter.MeterService;
import org.edgeway.api.position.PositionService;
import org.edgeway.api.transit.VehicleContext;
import org.edgeway.web.common.HttpEndpoint;
import org.edgeway.web.common.Json;
import org.edgeway.web.common.StaticServlet;
import org.edgeway.web.common.Whiteboard;
import org.edgeway.web.common.security.AdminCredentials;
import org.edgeway.web.common.security.LoginThrottle;
import org.edgeway.web.common.security.PasswordHasher;
import org.edgeway.web.common.security.PasswordPolicy;
import org.edgeway.web.common.security.SessionStore;
import org.edgeway.web.common.security.SetupToken;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
    static final String PASSWORD_ENV = "EDGEWAY_WEB_PASSWORD";

    private static final Logger LOG = LoggerFactory.getLogger(WebConsoleComponent.class);

    private final GatewayIdentity identity;
    private final ConfigurationService configuration;
    private final DeploymentService deployment;
    private final LogBuffer logs = new LogBuffer(1000);
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final HttpEndpoint endpoint;

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
        this.endpoint = new HttpEndpoint(configAdmin, "web console");
        this.identity = identity;
        this.configuration = configuration;
        this.deployment = deployment;
        if (!config.enabled()) {
            endpoint.disable();
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

        boolean https = config.https_enabled();
        HttpEndpoint.Settings settings = new HttpEndpoint.Settings(config.bind(), https, config.http_port(),
                config.https_port(), config.tls_keystore(), config.tls_keystore_password().toCharArray());
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
        register(context, new StaticServlet(context.getBundle(), "static", https), "edgeway-ui", "/*");
        try {
            // a wrong bind address or provided keystore fails the activation here
            endpoint.serve(settings, home, security, identity.info().id(), "/");
        } catch (IOException | RuntimeException e) {
            deactivate();
            throw e;
        }
    }

    @Deactivate
    void deactivate() {
        endpoint.close();
        registrations.forEach(Whiteboard::unregister);
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

    private void register(BundleContext context, Servlet servlet, String name, String pattern) {
        registrations.add(Whiteboard.register(context, servlet, name, pattern));
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
