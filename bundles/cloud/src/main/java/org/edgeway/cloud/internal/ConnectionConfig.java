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

    @AttributeDefinition(name = "Offline buffer (messages)", min = "0", max = "1000000",
            description = "Messages kept in memory while disconnected; the oldest is dropped when full.")
    int offline_buffer_messages() default 10000;

    @AttributeDefinition(name = "Maximum payload (bytes)", min = "1024", max = "268435455")
    int max_payload_bytes() default 262144;

    @AttributeDefinition(name = "Payload encoding", options = {
            @Option(value = "kura-protobuf", label = "Kura protobuf (gzip when smaller)"),
            @Option(value = "json", label = "Kura JSON") })
    String payload_encoding() default "kura-protobuf";
}
