package io.streamyolo.store;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Locale;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;

/**
 * Opens connections to one store URL with the settings the store relies on. The drivers are
 * called directly, not through {@code DriverManager}, which does not see drivers in a Flink job's
 * class loader.
 */
final class StoreConnections implements DataSource {

    /** How long an SQLite connection waits for another writer's lock before SQLITE_BUSY. */
    static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;

    private final String jdbcUrl;
    private final String connectUrl;
    private final Properties props = new Properties();

    StoreConnections(String jdbcUrl) throws StoreException {
        this.jdbcUrl = jdbcUrl;
        if (JdbcUrls.isSqlite(jdbcUrl)) {
            // WAL: readers never block the writer nor the writer them. NORMAL sync is durable
            // across application crashes in WAL mode (a power loss may drop the last commits).
            // Transactions stay DEFERRED: the driver begins the next transaction right after each
            // commit, so IMMEDIATE would hold the write lock between batches. Every write
            // transaction here starts with a write statement, which takes the lock under the busy
            // timeout (a read that later turns into a write could fail with SQLITE_BUSY at once).
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
            props.putAll(config.toProperties());
            connectUrl = jdbcUrl;
            createParentDirectories();
        } else if (JdbcUrls.isPostgresql(jdbcUrl)) {
            // Defaults; parameters in the URL win. Without a socket timeout a write to a server
            // that vanished from the network would hang for the kernel's TCP timeout (~15 min).
            props.setProperty("connectTimeout", "10");
            props.setProperty("loginTimeout", "15");
            props.setProperty("socketTimeout", "120");
            props.setProperty("tcpKeepAlive", "true");
            props.setProperty("ApplicationName", "streamyolo-store");
            connectUrl = JdbcUrls.extractPostgresUserInfo(jdbcUrl, props);
            if (connectUrl.toLowerCase(Locale.ROOT).contains("rewritebatchedinserts=true")) {
                // Rewritten batches report no per-row counts, and the counts per minute need them.
                throw new StoreException("reWriteBatchedInserts=true is not supported by the event store: "
                        + JdbcUrls.mask(jdbcUrl), null, false);
            }
        } else {
            throw new StoreException("Unsupported event store URL " + JdbcUrls.mask(jdbcUrl)
                    + ": expected jdbc:sqlite:/path/events.db or jdbc:postgresql://host:port/db?user=..&password=..",
                    null, false);
        }
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    boolean isSqlite() {
        return JdbcUrls.isSqlite(jdbcUrl);
    }

    /** A new connection in auto-commit mode; the caller closes it. */
    Connection open() throws SQLException {
        Connection c;
        if (isSqlite()) {
            c = new org.sqlite.JDBC().connect(connectUrl, props);
        } else {
            c = new org.postgresql.Driver().connect(connectUrl, props);
        }
        if (c == null) {
            throw new SQLException("No driver accepts " + JdbcUrls.mask(connectUrl), "08001");
        }
        return c;
    }

    private void createParentDirectories() throws StoreException {
        Path file = JdbcUrls.sqliteFile(jdbcUrl).orElse(null);
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException("Cannot create the directory of SQLite file " + file.toAbsolutePath() + ": " + e, e, false);
        }
    }

    // ------------------------------------------------------------------------------------------
    // DataSource, for Flyway: each call opens a new connection.

    @Override
    public Connection getConnection() throws SQLException {
        return open();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return open();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Not a wrapper for " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
