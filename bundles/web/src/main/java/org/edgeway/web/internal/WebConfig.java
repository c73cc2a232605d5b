package org.edgeway.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = WebConsoleComponent.PID, name = "Local web console",
        description = "The web console and REST API for integrators on site (docs/web-console.md). There is no "
                + "default password: the first start asks for one.")
@interface WebConfig {

    @AttributeDefinition(name = "Enabled", description = "false: the gateway serves no web console and listens on no "
            + "web port.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Bind address", description = "Where to listen: an IP address, or a network "
            + "interface name (e.g. eth1) whose first IPv4 address is used; 0.0.0.0 for every interface.")
    String bind() default "127.0.0.1";

    @AttributeDefinition(name = "HTTPS", description = "false serves plain HTTP on the HTTP port instead: only "
            + "behind a TLS-terminating proxy on the same host.")
    boolean https_enabled() default true;

    @AttributeDefinition(name = "HTTPS port", min = "1", max = "65535")
    int https_port() default 8443;

    @AttributeDefinition(name = "HTTP port", min = "1", max = "65535", description = "Used only with HTTPS off.")
    int http_port() default 8080;

    @AttributeDefinition(name = "TLS keystore", required = false, description = "A PKCS#12 keystore (relative to the "
            + "gateway's home) with the certificate and key to serve; empty: a self-signed certificate the gateway "
            + "generates once (var/security/web-tls.p12).")
    String tls_keystore() default "";

    @AttributeDefinition(name = "TLS keystore password", type = AttributeType.PASSWORD, required = false)
    String tls_keystore_password() default "";

    @AttributeDefinition(name = "Password file", required = false, description = "A file (relative to the gateway's "
            + "home) whose first line is the initial password; used only while no password is set. The environment "
            + "variable EDGEWAY_WEB_PASSWORD does the same.")
    String password_file() default "";

    @AttributeDefinition(name = "Session idle timeout (min)", min = "1", max = "1440")
    int session_idle_min() default 30;

    @AttributeDefinition(name = "Session maximum age (h)", min = "1", max = "168")
    int session_max_hours() default 12;

    @AttributeDefinition(name = "Failed logins before a wait", min = "1", max = "100")
    int login_max_failures() default 5;

    @AttributeDefinition(name = "First login wait (s)", min = "1", max = "3600",
            description = "Doubles with every further failure, at most an hour.")
    int login_lockout_s() default 60;

    @AttributeDefinition(name = "Largest upload (bytes)", min = "1024", max = "1073741824")
    int upload_max_bytes() default 64 * 1024 * 1024;
}
