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
}
