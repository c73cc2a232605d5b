package org.edgeway.fleet.internal.web;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = FleetWebComponent.PID, name = "Fleet console web UI and REST API",
        description = "The fleet console's REST API and web UI at /fleet/ (docs/fleet.md). There is no default "
                + "password: the first start asks for the first admin.")
@interface FleetWebConfig {

    @AttributeDefinition(name = "Run the HTTP server", description = "true: this console sets up the HTTP server "
            + "(address, port, TLS below). false: another console of the same runtime does (the demo's gateway "
            + "console) and the fleet console only adds /fleet/ to it.")
    boolean http_serve() default true;

    @AttributeDefinition(name = "Bind address", description = "Where to listen: an IP address, or a network "
            + "interface name whose first IPv4 address is used; 0.0.0.0 for every interface.")
    String bind() default "127.0.0.1";

    @AttributeDefinition(name = "HTTPS", description = "false serves plain HTTP on the HTTP port instead: only "
            + "behind a TLS-terminating proxy on the same host.")
    boolean https_enabled() default true;

    @AttributeDefinition(name = "HTTPS port", min = "1", max = "65535")
    int https_port() default 8443;

    @AttributeDefinition(name = "HTTP port", min = "1", max = "65535", description = "Used only with HTTPS off.")
    int http_port() default 8080;

    @AttributeDefinition(name = "TLS keystore", required = false, description = "A PKCS#12 keystore (relative to the "
            + "console's home); empty: a self-signed certificate generated once (var/security/web-tls.p12).")
    String tls_keystore() default "";

    @AttributeDefinition(name = "TLS keystore password", type = AttributeType.PASSWORD, required = false)
    String tls_keystore_password() default "";

    @AttributeDefinition(name = "Time zone of reports", required = false, description = "The zone dates, hours and "
            + "days of the passenger counts and energy reports are in (e.g. Europe/Berlin); empty: the host's.")
    String zone() default "";

    @AttributeDefinition(name = "Session idle timeout (min)", min = "1", max = "1440")
    int session_idle_min() default 30;

    @AttributeDefinition(name = "Session maximum age (h)", min = "1", max = "168")
    int session_max_hours() default 12;

    @AttributeDefinition(name = "Failed logins before a wait", min = "1", max = "100")
    int login_max_failures() default 5;

    @AttributeDefinition(name = "First login wait (s)", min = "1", max = "3600",
            description = "Doubles with every further failure, at most an hour.")
    int login_lockout_s() default 60;
}
