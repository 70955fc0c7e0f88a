package io.streamyolo.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * The one connection of an {@link EventStore} and the transaction every statement on it runs in:
 * under the lock, take the connection (a new one after a failure discarded the last), run the
 * work, commit; on a failure discard the connection and throw a {@link StoreException} that says
 * what failed, in which store, and why.
 *
 * <pre>{@code
 * long n = transactions.run(() -> "Cannot count events in " + transactions.description(), c -> {
 *     try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM events"); ResultSet rs = ps.executeQuery()) {
 *         return rs.next() ? rs.getLong(1) : 0;
 *     }
 * });
 * }</pre>
 *
 * <p>Threads: any. Each call holds this object's lock for its whole transaction, so an instance
 * (and the store and clip store on it) may be shared.
 */
final class Transactions implements AutoCloseable {

    /** The statements of one transaction; the template commits, or discards the connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException, JsonProcessingException;
    }

    private final StoreConnections connections;
    private final String description;
    private Connection connection;
    private boolean closed;

    /** @param connection an open connection of {@code connections}, auto-commit off */
    Transactions(StoreConnections connections, Connection connection) {
        this.connections = connections;
        this.description = JdbcUrls.describe(connections.jdbcUrl());
        this.connection = connection;
    }

    /** The SQLite file, or the URL with its password masked: for messages. */
    String description() {
        return description;
    }

    /**
     * Runs {@code work} in one transaction. A runtime exception of the work passes through as it
     * is (the connection stays, its transaction open until the next commit): reads only.
     *
     * @param failure what failed, for the message: "Cannot read X from " + the description
     * @throws StoreException on an SQL or JSON failure, after discarding the connection
     */
    <T> T run(Supplier<String> failure, Work<T> work) throws StoreException {
        return run(failure, work, false);
    }

    /**
     * Runs {@code work} in one transaction as {@link #run} does, and a runtime exception of the
     * work fails it too: a write that broke off half way must never be committed by the next one.
     */
    <T> T write(Supplier<String> failure, Work<T> work) throws StoreException {
        return run(failure, work, true);
    }

    /**
     * The connection, auto-commit off; a new one after a failure discarded the last (also for
     * tests).
     */
    synchronized Connection connection() throws StoreException {
        if (closed) {
            throw new StoreException("Event store " + description + " is closed", null, false);
        }
        if (connection == null) {
            try {
                Connection c = connections.open();
                c.setAutoCommit(false);
                connection = c;
            } catch (SQLException e) {
                throw new StoreException("Cannot open event store " + description + ": " + StoreException.reason(e), e);
            }
        }
        return connection;
    }

    /**
     * Drops a connection after a failure. Its state is not to be trusted: SQLite ends a
     * transaction by itself on some errors (SQLITE_FULL), after which the driver's rollback fails
     * and would leave it in auto-commit mode; a PostgreSQL connection may be broken.
     */
    synchronized void discard(Connection c) {
        rollbackQuietly(c);
        closeQuietly(c);
        if (connection == c) {
            connection = null;
        }
    }

    /** Rolls back what is open and closes the connection; every later call fails. */
    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            rollbackQuietly(connection);
            closeQuietly(connection);
            connection = null;
        }
    }

    // ------------------------------------------------------------------------------------------

    private synchronized <T> T run(Supplier<String> failure, Work<T> work, boolean runtimeToo) throws StoreException {
        Connection c = connection();
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | JsonProcessingException e) {
            throw failed(c, failure, e);
        } catch (RuntimeException e) {
            if (!runtimeToo) {
                throw e;
            }
            throw failed(c, failure, e);
        }
    }

    private StoreException failed(Connection c, Supplier<String> failure, Exception e) {
        discard(c);
        return new StoreException(failure.get() + ": " + StoreException.reason(e), e);
    }

    static void rollbackQuietly(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // The connection is broken; closing it (the caller's next step) discards the transaction.
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Nothing to do: the connection is gone either way.
        }
    }
}
