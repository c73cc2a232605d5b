package org.edgeway.fleet.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every store test against PostgreSQL, each in a schema of its own; skipped when PostgreSQL is not reachable. */
class PostgresFleetStoreTest extends FleetStoreContract {

    private final List<String> schemas = new ArrayList<>();

    @Override
    DatabaseSettings newDatabase() {
        String schema = PostgresTestDatabase.createSchema();
        schemas.add(schema);
        return DatabaseSettings.postgresql(PostgresTestDatabase.url(schema), PostgresTestDatabase.USER,
                PostgresTestDatabase.PASSWORD.toCharArray(), 10);
    }

    @Override
    DataSource raw(DatabaseSettings settings) {
        return PostgresTestDatabase.inSchema(settings.url().substring(settings.url().indexOf("currentSchema=")
                + "currentSchema=".length()));
    }

    @AfterEach
    void dropSchemas() throws SQLException {
        for (String schema : schemas) {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    @Test
    void wrongPasswordIsNamedWithoutShowingIt() {
        String schema = PostgresTestDatabase.createSchema();
        schemas.add(schema);
        DatabaseSettings settings = DatabaseSettings.postgresql(PostgresTestDatabase.url(schema),
                PostgresTestDatabase.USER, "not-the-Password-42".toCharArray(), 2);
        assertThatThrownBy(() -> FleetDatabase.open(settings)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("authentication failed").hasMessageContaining(PostgresTestDatabase.USER)
                .hasMessageNotContaining("not-the-Password-42");
    }

    @Test
    void unreachableServerIsNamed() {
        schemas.add(PostgresTestDatabase.createSchema()); // skips like the others when PostgreSQL is absent
        DatabaseSettings settings = DatabaseSettings.postgresql("jdbc:postgresql://127.0.0.1:1/edgeway_test",
                "edgeway", "secret-pw".toCharArray(), 2);
        assertThatThrownBy(() -> FleetDatabase.open(settings)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not reachable").hasMessageContaining("127.0.0.1:1")
                .hasMessageNotContaining("secret-pw");
    }

    @Test
    void missingDatabaseIsNamed() {
        schemas.add(PostgresTestDatabase.createSchema());
        String url = PostgresTestDatabase.URL.replace("/edgeway_test", "/edgeway_no_such_db");
        DatabaseSettings settings = DatabaseSettings.postgresql(url, PostgresTestDatabase.USER,
                PostgresTestDatabase.PASSWORD.toCharArray(), 2);
        assertThat(url).contains("edgeway_no_such_db");
        assertThatThrownBy(() -> FleetDatabase.open(settings)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("database does not exist");
    }
}
