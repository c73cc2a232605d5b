package org.edgeway.fleet.internal;

import java.nio.file.Path;
import java.time.Clock;

import org.edgeway.fleet.internal.ingest.FleetIngest;
import org.edgeway.fleet.internal.ingest.IngestSettings;
import org.edgeway.fleet.internal.ingest.IngestStats;
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
 * The fleet console: opens (and migrates) its database when the console starts and ingests what the account's
 * gateways publish into it; closes both when it stops. The REST API, the web UI and fleet operations (issue 9,
 * still to come) work on the {@link FleetStore} it holds.
 */
@Component(configurationPid = FleetComponent.PID, immediate = true, service = FleetComponent.class)
@Designate(ocd = FleetConfig.class)
public class FleetComponent {

    static final String PID = "org.edgeway.fleet";

    private static final Logger LOG = LoggerFactory.getLogger(FleetComponent.class);

    private final FleetDatabase database;
    private final FleetStore store;
    private final FleetIngest ingest;

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
        if (config.ingest_enabled()) {
            IngestSettings ingestSettings = new IngestSettings(config.ingest_broker_url(),
                    IngestSettings.DEFAULT_CLIENT_ID_PREFIX, config.ingest_username(),
                    config.ingest_password().toCharArray(), config.ingest_account(), config.ingest_share_group(),
                    IngestSettings.DEFAULT_BATCH_SIZE, IngestSettings.DEFAULT_FLUSH_INTERVAL, false);
            try {
                this.ingest = FleetIngest.start(ingestSettings, store, Clock.systemUTC());
            } catch (RuntimeException e) {
                database.close();
                throw e;
            }
            LOG.info("fleet console: ingesting account {} from {} (share group {})", config.ingest_account(),
                    config.ingest_broker_url(), ingestSettings.shareGroup());
        } else {
            this.ingest = null;
        }
    }

    /** The store the console's parts share. */
    public FleetStore store() {
        return store;
    }

    /** What ingest has received, stored and rejected since the console started; null when ingest is off. */
    public IngestStats ingestStats() {
        return ingest == null ? null : ingest.stats();
    }

    @Deactivate
    void deactivate() {
        if (ingest != null) {
            ingest.close(); // flushes what it holds into the store first
        }
        database.close();
    }
}
