package org.edgeway.fleet.internal.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every store test against the embedded H2, each with a database file of its own. */
class H2FleetStoreTest extends FleetStoreContract {

    @TempDir
    Path directory;

    @Override
    DatabaseSettings newDatabase() {
        return DatabaseSettings.h2(directory.resolve("fleet-" + UUID.randomUUID()).toString());
    }

    @Override
    DataSource raw(DatabaseSettings settings) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + settings.h2File() + ";MODE=PostgreSQL");
        ds.setUser("sa");
        ds.setPassword("");
        return ds;
    }

    @Test
    void wrongPasswordIsNamedWithoutShowingIt() {
        String file = directory.resolve("secured").toString();
        try (FleetDatabase db = FleetDatabase.open(
                new DatabaseSettings("h2", file, null, "console", "right-Password-1".toCharArray(), 2))) {
            // created with that password
        }
        DatabaseSettings wrong = new DatabaseSettings("h2", file, null, "console", "wrong-Password-2".toCharArray(),
                2);
        assertThatThrownBy(() -> FleetDatabase.open(wrong)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("authentication failed").hasMessageNotContaining("wrong-Password-2")
                .hasMessageNotContaining("right-Password-1");
    }
}
