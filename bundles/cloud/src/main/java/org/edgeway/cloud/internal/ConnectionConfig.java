package org.edgeway.cloud.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(id = MqttCloudConnection.FACTORY_PID, name = "Cloud connection",
        description = "An MQTT connection to a Kura-compatible cloud. A gateway may hold several; the one named "
                + "'default' is what applications use unless they ask for another.")
@interface ConnectionConfig {

    @AttributeDefinition(name = "Connection name",
            description = "Name of this connection; applications select it with the service property edgeway.cloud.connection.")
    String edgeway_cloud_connection() default "default";

    @AttributeDefinition(name = "Broker URL", description = "tcp://host:port or ssl://host:port")
    String broker_url() default "tcp://localhost:1883";

    @AttributeDefinition(name = "Client id", required = false,
            description = "MQTT client id and second topic segment. Empty: the gateway id.")
    String client_id() default "";

    @AttributeDefinition(name = "Account", description = "Account (tenant) name, the first topic segment.")
    String account() default "edgeway";

    @AttributeDefinition(name = "TLS: CA file", required = false,
            description = "For ssl:// URLs: PEM file with the CA certificate(s) the broker's certificate must chain to. "
                    + "Empty: the JVM's default trust store. The broker's host name is always verified.")
    String tls_ca_file() default "";

    @AttributeDefinition(name = "TLS: client certificate file", required = false,
            description = "For ssl:// URLs: PEM file with this gateway's client certificate, optionally followed by "
                    + "its intermediate CA certificates. Empty: no client certificate. Needs the key file.")
    String tls_cert_file() default "";

    @AttributeDefinition(name = "TLS: client key file", required = false,
            description = "PEM file with the client certificate's private key, unencrypted: PKCS#8 "
                    + "(BEGIN PRIVATE KEY), PKCS#1 (BEGIN RSA PRIVATE KEY) or SEC1 (BEGIN EC PRIVATE KEY); RSA or EC.")
    String tls_key_file() default "";

    @AttributeDefinition(name = "Username", required = false, description = "MQTT username; empty for none.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "MQTT password; never logged.")
    String password() default "";

    @AttributeDefinition(name = "Keep-alive (s)", min = "5", max = "3600", description = "MQTT keep-alive interval.")
    int keep_alive_s() default 30;

    @AttributeDefinition(name = "Clean session", description = "Start every connection with a clean MQTT session.")
    boolean clean_session() default true;

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", max = "300")
    int connect_timeout_s() default 10;

    @AttributeDefinition(name = "Control topic prefix", description = "Prefix of control topics (Kura: $EDC).")
    String control_prefix() default "$EDC";

    @AttributeDefinition(name = "Minimum reconnect delay (ms)", min = "100", max = "600000")
    int reconnect_min_delay_ms() default 1000;

    @AttributeDefinition(name = "Maximum reconnect delay (ms)", min = "1000", max = "3600000")
    int reconnect_max_delay_ms() default 60000;

    @AttributeDefinition(name = "In-flight window", min = "1", max = "65535",
            description = "QoS 1 messages sent but not yet acknowledged by the broker.")
    int inflight_max() default 1000;

    @AttributeDefinition(name = "Store: maximum messages", min = "100", max = "100000000",
            description = "Messages kept in the store-and-forward queue (var/data) while they wait for the broker.")
    long store_max_messages() default 1_000_000;

    @AttributeDefinition(name = "Store: maximum size (bytes)", min = "65536", max = "68719476736",
            description = "Payload bytes kept in the store-and-forward queue.")
    long store_max_bytes() default 256L * 1024 * 1024;

    @AttributeDefinition(name = "Store: when full", options = {
            @Option(value = "DROP_OLDEST_LOWEST_PRIORITY", label = "Drop the oldest message of the least urgent priority"),
            @Option(value = "REJECT_NEW", label = "Reject new messages") })
    String store_overflow_policy() default "DROP_OLDEST_LOWEST_PRIORITY";

    @AttributeDefinition(name = "Store: maximum age (s)", min = "0", max = "31536000",
            description = "Messages older than this are dropped unsent; 0 keeps them until sent.")
    long store_max_age_s() default 0;

    @AttributeDefinition(name = "Store: durability", options = {
            @Option(value = "SYNC", label = "Every publish is on disk (fsync) when the call returns: survives power cuts"),
            @Option(value = "COMMIT", label = "Written to the operating system: survives a killed process, not a power cut"),
            @Option(value = "BATCH", label = "Written every 200 ms: a crash may lose the last 200 ms") })
    String store_durability() default "SYNC";

    @AttributeDefinition(name = "Maximum payload (bytes)", min = "1024", max = "268435455")
    int max_payload_bytes() default 262144;

    @AttributeDefinition(name = "Rate limits", required = false, cardinality = 100,
            description = "Optional per-application limits, APP-ID=MESSAGES_PER_SECOND (e.g. METER-V1=20); publish "
                    + "calls over the limit are refused with an exception. No limit by default.")
    String[] rate_limits() default {};

    @AttributeDefinition(name = "Metrics interval (s)", min = "0", max = "86400",
            description = "How often the connection publishes its own metrics (queue, drops, delivery rate, "
                    + "reconnects) on ACCOUNT/CLIENT/EDGEWAY-V1/cloud/NAME; 0 turns it off.")
    int metrics_interval_s() default 60;

    @AttributeDefinition(name = "Payload encoding", options = {
            @Option(value = "kura-protobuf", label = "Kura protobuf (gzip when smaller)"),
            @Option(value = "json", label = "Kura JSON") })
    String payload_encoding() default "kura-protobuf";
}
