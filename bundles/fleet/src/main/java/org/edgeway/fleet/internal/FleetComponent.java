package org.edgeway.fleet.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.edgeway.fleet.internal.ingest.FleetIngest;
import org.edgeway.fleet.internal.ingest.IngestSettings;
import org.edgeway.fleet.internal.ingest.IngestStats;
import org.edgeway.fleet.internal.ops.FleetOperations;
import org.edgeway.fleet.internal.ops.OpsSettings;
import org.edgeway.fleet.internal.ops.RequesterSettings;
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
 * gateways publish into it, and runs fleet operations (configuration, deployment, rollback as staged rollouts);
 * closes them when it stops. The REST API and web UI ({@code FleetWebComponent}) work on what it holds.
 */
@Component(configurationPid = FleetComponent.PID, immediate = true, service = FleetComponent.class)
@Designate(ocd = FleetConfig.class)
public class FleetComponent {

    static final String PID = "org.edgeway.fleet";

    private static final Logger LOG = LoggerFactory.getLogger(FleetComponent.class);

    private final FleetDatabase database;
    private final FleetStore store;
    private final FleetIngest ingest;
    private final FleetOperations operations;
    private final String account;

    @Activate
    public FleetComponent(BundleContext context, FleetConfig config) throws IOException {
        String homeProperty = context.getProperty("edgeway.home");
        Path home = homeProperty != null ? Path.of(homeProperty) : context.getDataFile("").toPath();
        DatabaseSettings settings = switch (config.database_kind()) {
            case DatabaseSettings.H2 -> DatabaseSettings.h2(home.resolve(config.database_h2_file()).toString());
            case DatabaseSettings.POSTGRESQL -> DatabaseSettings.postgresql(config.database_url(),
                    config.database_user(), config.database_password().toCharArray(), config.database_pool_size());
            default -> throw new IllegalArgumentException("database.kind: '" + config.database_kind()
                    + "' is neither h2 nor postgresql");
        };
        this.account = config.ingest_account();
        this.database = FleetDatabase.open(settings);
        this.store = new FleetStore(database, Clock.systemUTC());
        LOG.info("fleet console: database {} ready", settings);
        try {
            this.ingest = config.ingest_enabled() ? startIngest(config) : null;
            this.operations = config.ops_enabled() ? startOperations(config, home) : null;
        } catch (IOException | RuntimeException e) {
            deactivate();
            throw e;
        }
    }

    private FleetIngest startIngest(FleetConfig config) {
        IngestSettings settings = new IngestSettings(config.ingest_broker_url(),
                IngestSettings.DEFAULT_CLIENT_ID_PREFIX, config.ingest_username(),
                config.ingest_password().toCharArray(), config.ingest_account(), config.ingest_share_group(),
                IngestSettings.DEFAULT_BATCH_SIZE, IngestSettings.DEFAULT_FLUSH_INTERVAL, false);
        FleetIngest started = FleetIngest.start(settings, store, Clock.systemUTC());
        LOG.info("fleet console: ingesting account {} from {} (share group {})", config.ingest_account(),
                config.ingest_broker_url(), settings.shareGroup());
        return started;
    }

    /**
     * Fleet operations through the gateways' broker, with a requester client id kept across restarts: gateways reply
     * to it, and a restarted console recognises (and halts) the rollouts it drove before.
     */
    private FleetOperations startOperations(FleetConfig config, Path home) throws IOException {
        Path idFile = home.resolve("var").resolve("data").resolve("fleet-requester.id");
        String requesterId = Files.exists(idFile) ? Files.readString(idFile, StandardCharsets.UTF_8).strip() : "";
        RequesterSettings requester = new RequesterSettings(config.ingest_broker_url(), config.ingest_account(),
                requesterId.isEmpty() ? null : requesterId, config.ingest_username(),
                config.ingest_password().toCharArray());
        if (requesterId.isEmpty()) {
            Files.createDirectories(idFile.getParent());
            Files.writeString(idFile, requester.clientId() + "\n", StandardCharsets.UTF_8);
        }
        OpsSettings settings = OpsSettings.withTimeouts(Duration.ofSeconds(config.ops_configure_timeout_s()),
                Duration.ofSeconds(config.ops_deploy_timeout_s()));
        FleetOperations started = FleetOperations.start(settings, requester, database, store, Clock.systemUTC());
        LOG.info("fleet console: fleet operations through {} as {}", config.ingest_broker_url(),
                started.requesterId());
        return started;
    }

    /** The Kura account whose gateways this console serves. */
    public String account() {
        return account;
    }

    /** The store the console's parts share. */
    public FleetStore store() {
        return store;
    }

    /** Fleet operations; null when they are off ({@code ops.enabled=false}). */
    public FleetOperations operations() {
        return operations;
    }

    /** What ingest has received, stored and rejected since the console started; null when ingest is off. */
    public IngestStats ingestStats() {
        return ingest == null ? null : ingest.stats();
    }

    @Deactivate
    void deactivate() {
        if (operations != null) {
            operations.close(); // halts the rollouts it drives
        }
        if (ingest != null) {
            ingest.close(); // flushes what it holds into the store first
        }
        database.close();
    }
}
