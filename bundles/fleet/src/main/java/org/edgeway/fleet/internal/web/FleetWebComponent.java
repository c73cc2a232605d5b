package org.edgeway.fleet.internal.web;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.edgeway.fleet.internal.FleetComponent;
import org.edgeway.web.common.HttpEndpoint;
import org.edgeway.web.common.Json;
import org.edgeway.web.common.StaticServlet;
import org.edgeway.web.common.Whiteboard;
import org.edgeway.web.common.security.LoginThrottle;
import org.edgeway.web.common.security.PasswordHasher;
import org.edgeway.web.common.security.PasswordPolicy;
import org.edgeway.web.common.security.SessionStore;
import org.edgeway.web.common.security.SetupToken;
import org.edgeway.web.common.security.UserStore;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The fleet console's REST API ({@code /fleet/api/}) and web UI ({@code /fleet/}): users with roles (admin: fleet
 * operations and users; operator: reads counts and energy), the first admin set with a one-time setup token, and, in
 * the console distribution, the HTTP server itself.
 */
@Component(configurationPid = FleetWebComponent.PID, immediate = true)
@Designate(ocd = FleetWebConfig.class)
public class FleetWebComponent {

    static final String PID = "org.edgeway.fleet.web";
    static final String ADMIN_PASSWORD_ENV = "EDGEWAY_FLEET_PASSWORD";
    static final String ADMIN = "admin";
    static final String OPERATOR = "operator";

    private static final Logger LOG = LoggerFactory.getLogger(FleetWebComponent.class);

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final HttpEndpoint endpoint;

    @Activate
    public FleetWebComponent(BundleContext context, FleetWebConfig config, @Reference ConfigurationAdmin configAdmin,
            @Reference FleetComponent fleet) throws IOException {
        this.endpoint = new HttpEndpoint(configAdmin, "fleet console");
        String homeProperty = context.getProperty("edgeway.home");
        Path home = homeProperty != null ? Path.of(homeProperty) : context.getDataFile("").toPath();
        Path security = home.resolve("var").resolve("security");
        SecureRandom random = new SecureRandom();
        ZoneId zone = config.zone().isBlank() ? ZoneId.systemDefault() : ZoneId.of(config.zone().strip());

        UserStore users = new UserStore(security.resolve("fleet-users"), new PasswordHasher(), Set.of(ADMIN, OPERATOR),
                ADMIN);
        SetupToken setupToken = new SetupToken(security.resolve("fleet-setup.token"), random);
        addInitialAdmin(users);
        if (users.isEmpty()) {
            setupToken.ensure();
            LOG.warn("fleet console: no user exists yet: open /fleet/ and create the first admin with the one-time "
                    + "setup token in {} (or start with {} set: user admin)", security.resolve("fleet-setup.token"),
                    ADMIN_PASSWORD_ENV);
        } else {
            setupToken.delete();
        }

        boolean https = config.https_enabled();
        SessionStore sessions = new SessionStore(Clock.systemUTC(), random,
                Duration.ofMinutes(config.session_idle_min()), Duration.ofHours(config.session_max_hours()), 256);
        LoginThrottle throttle = new LoginThrottle(Clock.systemUTC(), config.login_max_failures(),
                Duration.ofSeconds(config.login_lockout_s()), Duration.ofHours(1), 10_000);
        Json json = new Json();
        FleetAuth auth = new FleetAuth(users, setupToken, sessions, throttle, json, https);
        register(context, new FleetApiServlet(fleet, auth, json, zone, Clock.systemUTC(), https), "edgeway-fleet-api",
                "/fleet/api/*");
        register(context, new StaticServlet(context.getBundle(), "fleet-ui", https), "edgeway-fleet-ui", "/fleet/*");
        if (config.http_serve()) {
            register(context, new ToFleet(), "edgeway-fleet-root", "/");
            try {
                endpoint.serve(new HttpEndpoint.Settings(config.bind(), https, config.http_port(), config.https_port(),
                        config.tls_keystore(), config.tls_keystore_password().toCharArray()), home, security,
                        "edgeway-console", "/fleet/");
            } catch (IOException | RuntimeException e) {
                deactivate();
                throw e;
            }
        } else {
            LOG.info("fleet console: at /fleet/ of this runtime's HTTP server");
        }
    }

    @Deactivate
    void deactivate() {
        endpoint.close();
        registrations.forEach(Whiteboard::unregister);
    }

    /** The first admin from {@value #ADMIN_PASSWORD_ENV}, only while there is no user. */
    private static void addInitialAdmin(UserStore users) throws IOException {
        String password = System.getenv(ADMIN_PASSWORD_ENV);
        if (!users.isEmpty() || password == null || password.isEmpty()) {
            return;
        }
        Optional<String> problem = PasswordPolicy.problem(password.toCharArray());
        if (problem.isPresent()) {
            LOG.warn("fleet console: the password in {} is not used: {}", ADMIN_PASSWORD_ENV, problem.get());
            return;
        }
        users.add(ADMIN, ADMIN, password.toCharArray());
        LOG.info("fleet console: the user admin was created from the environment variable {}", ADMIN_PASSWORD_ENV);
    }

    private void register(BundleContext context, Servlet servlet, String name, String pattern) {
        registrations.add(Whiteboard.register(context, servlet, name, pattern));
    }

    /** The console distribution's root: the fleet console is all there is. */
    private static final class ToFleet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.sendRedirect("/fleet/");
        }
    }
}
