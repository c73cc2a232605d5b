package org.edgeway.fleet.internal.store;

import java.util.Locale;

/**
 * Where the fleet console keeps its data: an embedded H2 file or a PostgreSQL server.
 *
 * @param kind        {@code "h2"} or {@code "postgresql"}
 * @param h2File      the H2 database file without {@code .mv.db} (H2 only)
 * @param url         {@code jdbc:postgresql://host:port/database} (PostgreSQL only)
 * @param user        the database user; null means H2's default {@code sa}
 * @param password    the password, may be null; never shown by {@link #toString()}
 * @param maxPoolSize the most connections the pool opens
 */
public record DatabaseSettings(String kind, String h2File, String url, String user, char[] password,
        int maxPoolSize) {

    public static final String H2 = "h2";
    public static final String POSTGRESQL = "postgresql";

    /** Validates; keeps its own copy of the password. */
    public DatabaseSettings {
        if (kind == null) {
            throw new IllegalArgumentException("kind is missing: h2 or postgresql");
        }
        kind = kind.trim().toLowerCase(Locale.ROOT);
        if (kind.equals(H2)) {
            if (h2File == null || h2File.isBlank()) {
                throw new IllegalArgumentException("h2File is missing: the H2 database file without .mv.db");
            }
            if (h2File.endsWith(".mv.db")) {
                h2File = h2File.substring(0, h2File.length() - ".mv.db".length());
            }
        } else if (kind.equals(POSTGRESQL)) {
            if (url == null || !url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("url must start with jdbc:postgresql: for kind postgresql");
            }
        } else {
            throw new IllegalArgumentException("kind must be h2 or postgresql, not " + kind);
        }
        if (maxPoolSize < 1 || maxPoolSize > 1000) {
            throw new IllegalArgumentException("maxPoolSize must be between 1 and 1000, not " + maxPoolSize);
        }
        password = password == null ? null : password.clone();
    }

    /** An embedded H2 database in {@code file} (without .mv.db). */
    public static DatabaseSettings h2(String file) {
        return new DatabaseSettings(H2, file, null, null, null, 10);
    }

    /** A PostgreSQL database. */
    public static DatabaseSettings postgresql(String url, String user, char[] password, int maxPoolSize) {
        return new DatabaseSettings(POSTGRESQL, null, url, user, password, maxPoolSize);
    }

    /** The password as a copy (null when none). */
    @Override
    public char[] password() {
        return password == null ? null : password.clone();
    }

    /** The URL without its query string, which may carry credentials: safe for messages. */
    String safeUrl() {
        if (url == null) {
            return null;
        }
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    @Override
    public String toString() {
        return kind.equals(H2)
                ? "DatabaseSettings[kind=h2, h2File=" + h2File + ", user=" + user + ", maxPoolSize=" + maxPoolSize + "]"
                : "DatabaseSettings[kind=postgresql, url=" + safeUrl() + ", user=" + user + ", maxPoolSize="
                        + maxPoolSize + "]";
    }
}
