package org.edgeway.fleet.internal.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * The fleet console's database: a HikariCP pool over H2 or PostgreSQL, migrated by Liquibase on open. Data sources
 * are created directly (never through DriverManager, which does not see bundle-private drivers in OSGi).
 */
public final class FleetDatabase implements AutoCloseable {

    static final String CHANGELOG = "org/edgeway/fleet/db/changelog.xml";
    private static final int MIGRATION_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(FleetDatabase.class);

    private final HikariDataSource pool;
    private final String kind;

    private FleetDatabase(HikariDataSource pool, String kind) {
        this.pool = pool;
        this.kind = kind;
    }

    /**
     * Creates the pool, checks the database answers and brings its schema up to date.
     *
     * @throws IllegalStateException naming what is wrong: unreachable server, wrong password, database in use, a
     *                               failed migration
     */
    public static FleetDatabase open(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("edgeway-fleet");
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
        config.setConnectionTimeout(10_000);
        config.setDataSource(settings.kind().equals(DatabaseSettings.H2) ? h2(settings) : postgresql(settings));
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException(connectFailure(settings, e), e);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                migrate(pool);
                break;
            } catch (Exception e) {
                if (attempt < MIGRATION_ATTEMPTS) {
                    // consoles starting together on an empty schema race to create Liquibase's own tables, which its
                    // lock does not cover yet (Liquibase issues 5254, 2315): once they exist, a retry takes the lock
                    LOG.warn("fleet database: migration attempt {} failed ({}); retrying: another console may be "
                            + "creating the same schema", attempt, rootMessage(e));
                    pauseBeforeRetry(attempt);
                    continue;
                }
                pool.close();
                throw new IllegalStateException("database migration failed on " + where(settings)
                        + failedChangeSet(e) + ": " + rootMessage(e), e);
            }
        }
        return new FleetDatabase(pool, settings.kind());
    }

    private static DataSource h2(DatabaseSettings settings) {
        JdbcDataSource ds = new JdbcDataSource();
        // H2 refuses paths implicitly relative to the working directory; LOCK_TIMEOUT lets concurrent writers of
        // the same key wait for each other instead of failing at once
        String file = Path.of(settings.h2File()).toAbsolutePath().toString();
        ds.setURL("jdbc:h2:file:" + file + ";MODE=PostgreSQL;LOCK_TIMEOUT=10000");
        ds.setUser(settings.user() == null ? "sa" : settings.user());
        char[] password = settings.password();
        ds.setPassword(password == null ? "" : new String(password));
        return ds;
    }

    private static DataSource postgresql(DatabaseSettings settings) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(settings.url());
        if (settings.user() != null) {
            ds.setUser(settings.user());
        }
        char[] password = settings.password();
        if (password != null) {
            ds.setPassword(new String(password));
        }
        ds.setConnectTimeout(10);
        ds.setApplicationName("edgeway-fleet");
        return ds;
    }

    private static void pauseBeforeRetry(int attempt) {
        try {
            Thread.sleep(500L * attempt + ThreadLocalRandom.current().nextLong(500));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry the database migration", e);
        }
    }

    private static void migrate(DataSource dataSource) throws Exception {
        Map<String, Object> scope = new HashMap<>();
        scope.put(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(FleetDatabase.class.getClassLoader()));
        // Liquibase finds its own services (change types, databases) with ServiceLoader on the scope's class loader:
        // in OSGi that must be Liquibase's bundle, which holds them (see target-platform/wrap/liquibase)
        scope.put(Scope.Attr.classLoader.name(), Scope.class.getClassLoader());
        scope.put(Scope.Attr.ui.name(), new LoggerUIService());
        // Liquibase OSS would otherwise fetch its analytics configuration from the internet and report usage
        scope.put("liquibase.analytics.enabled", Boolean.FALSE);
        // Liquibase's root scope, made at its first use, looks its services up through the thread's context class
        // loader: in OSGi that must be Liquibase's own bundle too
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Scope.class.getClassLoader());
        try (Connection connection = dataSource.getConnection()) {
            Scope.child(scope, () -> {
                Database database = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                new CommandScope(UpdateCommandStep.COMMAND_NAME)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                        .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                        .execute();
            });
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static String where(DatabaseSettings settings) {
        return settings.kind().equals(DatabaseSettings.H2) ? "H2 file " + settings.h2File()
                : "PostgreSQL " + settings.safeUrl();
    }

    /** Says which of the usual causes it is, from the SQL state; the driver's text never carries the password. */
    private static String connectFailure(DatabaseSettings settings, Throwable e) {
        SQLException sql = find(e, SQLException.class);
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        String detail = rootMessage(e);
        String what;
        if (state.startsWith("08")) {
            what = "database server not reachable";
        } else if (state.equals("28P01") || state.equals("28000")) {
            what = "authentication failed for user " + settings.user() + " (wrong user name or password)";
        } else if (state.equals("3D000")) {
            what = "database does not exist";
        } else if (state.equals("90020")) {
            what = "the H2 file is in use by another process";
        } else {
            what = "cannot connect";
        }
        return what + " at " + where(settings) + ": " + detail;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Liquibase names the failing change set somewhere in the cause chain: " in change set ..." or nothing. */
    private static String failedChangeSet(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            java.util.regex.Matcher m = FAILED_CHANGE_SET.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return " in change set " + m.group(1);
            }
        }
        return "";
    }

    private static final java.util.regex.Pattern FAILED_CHANGE_SET = java.util.regex.Pattern.compile(
            "(?i)changeset (\\S+::\\S+::\\S+?):?(\\s|$)");

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 500 ? message.substring(0, 500) + "..." : message;
    }

    /** The pooled data source. */
    public DataSource dataSource() {
        return pool;
    }

    /** {@code h2} or {@code postgresql}. */
    String kind() {
        return kind;
    }

    @Override
    public void close() {
        pool.close();
    }
}
