package org.edgeway.fleet.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL the tests run against ({@code EDGEWAY_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD}); each test
 * gets its own schema, so tests never see each other's rows. Public for the ingest's tests against PostgreSQL.
 */
public final class PostgresTestDatabase {

    public static final String URL = env("EDGEWAY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/edgeway_test");
    public static final String USER = env("EDGEWAY_TEST_PG_USER", "edgeway");
    public static final String PASSWORD = env("EDGEWAY_TEST_PG_PASSWORD", "edgeway");

    private PostgresTestDatabase() {
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public static DataSource admin() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(URL);
        ds.setUser(USER);
        ds.setPassword(PASSWORD);
        ds.setConnectTimeout(5);
        return ds;
    }

    /** Creates an empty schema, or skips the test when PostgreSQL cannot be reached. */
    public static String createSchema() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            Assumptions.assumeTrue(false, "PostgreSQL not reachable at " + URL + " (" + e.getMessage()
                    + "): install postgresql and run .ci/run's setup (role edgeway, database edgeway_test)");
        }
        return schema;
    }

    public static void dropSchema(String schema) throws SQLException {
        try (Connection c = admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** {@code url} (by default {@link #URL}) with the schema as the current one. */
    public static String url(String url, String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public static String url(String schema) {
        return url(URL, schema);
    }

    static DataSource inSchema(String schema) {
        PGSimpleDataSource ds = (PGSimpleDataSource) admin();
        ds.setURL(url(schema));
        return ds;
    }
}
