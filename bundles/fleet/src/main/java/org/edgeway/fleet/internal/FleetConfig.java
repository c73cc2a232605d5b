package org.edgeway.fleet.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(id = FleetComponent.PID, name = "Fleet console",
        description = "The cloud side of a fleet: where it keeps the gateways' data (embedded H2 by default, "
                + "PostgreSQL for production).")
@interface FleetConfig {

    @AttributeDefinition(name = "Database", options = {
        @Option(value = "h2", label = "Embedded (H2, in the console's home)"),
        @Option(value = "postgresql", label = "PostgreSQL")})
    String database_kind() default "h2";

    @AttributeDefinition(name = "Embedded database file", description = "Relative to the console's home, without "
            + "the .mv.db suffix.")
    String database_h2_file() default "var/data/fleet";

    @AttributeDefinition(name = "PostgreSQL URL", required = false,
            description = "jdbc:postgresql://HOST:PORT/DATABASE, with the database kind postgresql.")
    String database_url() default "";

    @AttributeDefinition(name = "PostgreSQL user", required = false)
    String database_user() default "";

    @AttributeDefinition(name = "PostgreSQL password", type = AttributeType.PASSWORD, required = false)
    String database_password() default "";

    @AttributeDefinition(name = "Connections", min = "1", max = "64")
    int database_pool_size() default 8;

    @AttributeDefinition(name = "Ingest", description = "false: the console stores nothing new (for example a read-only "
            + "reporting instance on a shared database).")
    boolean ingest_enabled() default true;

    @AttributeDefinition(name = "Broker", description = "The MQTT broker the gateways publish to: tcp://HOST:PORT or "
            + "ssl://HOST:PORT.")
    String ingest_broker_url() default "tcp://127.0.0.1:1883";

    @AttributeDefinition(name = "Account", description = "The Kura account (first topic level) whose gateways this "
            + "console serves.")
    String ingest_account() default "edgeway";

    @AttributeDefinition(name = "Share group", description = "Console instances in the same MQTT shared-subscription "
            + "group split the gateways' messages between them. '-': plain subscriptions, for a broker without shared "
            + "subscriptions (then only one console may ingest).")
    String ingest_share_group() default "edgeway-fleet";

    @AttributeDefinition(name = "Broker user", required = false)
    String ingest_username() default "";

    @AttributeDefinition(name = "Broker password", type = AttributeType.PASSWORD, required = false)
    String ingest_password() default "";

    @AttributeDefinition(name = "Fleet operations", description = "false: this console sends no configuration, "
            + "deployment or rollback to gateways (a read-only reporting instance).")
    boolean ops_enabled() default true;

    @AttributeDefinition(name = "Configuration job timeout (s)", min = "5", max = "3600", description = "How long a "
            + "gateway has to answer a configuration update or rollback before its job counts as failed.")
    int ops_configure_timeout_s() default 60;

    @AttributeDefinition(name = "Deployment job timeout (s)", min = "30", max = "86400", description = "How long a "
            + "gateway has to download, install and come back with the package before its job counts as failed.")
    int ops_deploy_timeout_s() default 600;
}
