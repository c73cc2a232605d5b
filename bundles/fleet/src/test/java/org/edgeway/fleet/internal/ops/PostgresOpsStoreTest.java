package org.edgeway.fleet.internal.ops;

import java.util.ArrayList;
import java.util.List;

import org.edgeway.fleet.internal.store.DatabaseSettings;
import org.edgeway.fleet.internal.store.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;

/** The operations' tables on PostgreSQL, each test in a schema of its own; skipped when PostgreSQL is not reachable. */
class PostgresOpsStoreTest extends OpsStoreContract {

    private final List<String> schemas = new ArrayList<>();

    @Override
    DatabaseSettings newDatabase() throws Exception {
        String schema = PostgresTestDatabase.createSchema();
        schemas.add(schema);
        return DatabaseSettings.postgresql(PostgresTestDatabase.url(schema), PostgresTestDatabase.USER,
                PostgresTestDatabase.PASSWORD.toCharArray(), 4);
    }

    @AfterEach
    void dropSchemas() throws Exception {
        database.close(); // before the superclass's @AfterEach: no pooled connection may hold the schema
        for (String schema : schemas) {
            PostgresTestDatabase.dropSchema(schema);
        }
    }
}
