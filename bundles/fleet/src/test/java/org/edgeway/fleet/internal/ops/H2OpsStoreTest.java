package org.edgeway.fleet.internal.ops;

import java.nio.file.Path;
import java.util.UUID;

import org.edgeway.fleet.internal.store.DatabaseSettings;
import org.junit.jupiter.api.io.TempDir;

/** The operations' tables on the embedded H2. */
class H2OpsStoreTest extends OpsStoreContract {

    @TempDir
    Path directory;

    @Override
    DatabaseSettings newDatabase() {
        return DatabaseSettings.h2(directory.resolve("fleet-" + UUID.randomUUID()).toString());
    }
}
