package org.edgeway.fleet.internal;

import java.nio.file.Path;
import java.time.Clock;

import org.edgeway.fleet.internal.store.DatabaseSettings;
import org.edgeway.fleet.internal.store.FleetDatabase;
import org.edgeway.fleet.internal.store.FleetStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet console's database: opened (and migrated) when the console starts, closed when it stops. Ingest, the
 * REST API and fleet operations (issue 9, still to come) work on the {@link FleetStore} it holds.
 */
@Component(configurationPid = FleetComponent.PID, immediate = true, service = FleetComponent.class)
@Designate(ocd = FleetConfig.class)
public class FleetComponent {

    static final String PID = "org.edgeway.fleet";

    private static final Logger LOG = LoggerFactory.getLogger(FleetComponent.class);

    private final FleetDatabase database;
    private final FleetStore store;

    @Activate
    public FleetComponent(BundleContext context, FleetConfig config) {
        String homeProperty = context.getProperty("edgeway.home");
        Path home = homeProperty != null ? Path.of(homeProperty) : context.getDataFile("").toPath();
        DatabaseSettings settings = switch (config.database_kind()) {
            case DatabaseSettings.H2 -> DatabaseSettings.h2(home.resolve(config.database_h2_file()).toString());
            case DatabaseSettings.POSTGRESQL -> DatabaseSettings.postgresql(config.database_url(),
                    config.database_user(), config.database_password().toCharArray(), config.database_pool_size());
            default -> throw new IllegalArgumentException("database.kind: '" + config.database_kind()
                    + "' is neither h2 nor postgresql");
        };
        this.database = FleetDatabase.open(settings);
        this.store = new FleetStore(database, Clock.systemUTC());
        LOG.info("fleet console: database {} ready", settings);
    }

    /** The store the console's parts share. */
    public FleetStore store() {
        return store;
    }

    @Deactivate
    void deactivate() {
        database.close();
    }
}
