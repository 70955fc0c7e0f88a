package io.streamyolo.store;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Set;
import org.flywaydb.core.api.FlywayException;

/**
 * A failure of the event store. Its message names the store (the SQLite file, or the JDBC URL
 * with the password masked) and never holds a password; {@link #isTransient()} says whether
 * trying again later may succeed (the database went away, a lock timed out).
 */
public class StoreException extends IOException {

    private static final long serialVersionUID = 1L;

    /** SQLite result codes (low byte) that go away by themselves: SQLITE_BUSY, SQLITE_LOCKED. */
    private static final Set<Integer> SQLITE_TRANSIENT = Set.of(5, 6);

    private final boolean transientFailure;

    public StoreException(String message, Throwable cause) {
        this(message, cause, isTransient(cause));
    }

    public StoreException(String message, Throwable cause, boolean transientFailure) {
        super(JdbcUrls.mask(message), cause);
        this.transientFailure = transientFailure;
    }

    /** Whether the same operation may succeed later: the database was unreachable or busy. */
    public boolean isTransient() {
        return transientFailure;
    }

    /**
     * Whether a failure is worth a retry: a lost or refused connection (SQLState class 08), a
     * server shutting down or starting (57P0x), too many connections (53), a serialization
     * failure or deadlock (40), or SQLite's BUSY/LOCKED. Everything else (bad SQL, a full disk, a
     * read-only file, a wrong password) fails the same way next time.
     */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                if (isTransient(sql)) {
                    return true;
                }
                for (SQLException next = sql.getNextException(); next != null; next = next.getNextException()) {
                    if (isTransient(next)) {
                        return true;
                    }
                }
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        if (state != null) {
            if (state.startsWith("08") || state.startsWith("53") || state.startsWith("40") || state.startsWith("57P0")) {
                return true;
            }
            // 28P01 (wrong password) and 3D000 (no such database) are not transient.
        }
        if (e instanceof org.sqlite.SQLiteException sqlite) {
            return SQLITE_TRANSIENT.contains(sqlite.getResultCode().code & 0xff);
        }
        return e instanceof java.sql.SQLTransientException || e instanceof java.sql.SQLRecoverableException;
    }

    /**
     * A short reason for a failure, for messages: the first real error of a failed batch (the
     * driver's own message lists the whole statement with its values, snapshots included), cut
     * to a few hundred characters.
     */
    static String reason(Throwable failure) {
        Throwable t = failure;
        if (t instanceof java.sql.BatchUpdateException batch && batch.getNextException() != null) {
            t = batch.getNextException();
        }
        String message = t.getMessage() == null ? t.toString() : t.getMessage().strip();
        return message.length() <= 400 ? message : message.substring(0, 400) + "...";
    }

    /** A Flyway failure keeps the SQL failure under it, if any, for {@link #isTransient(Throwable)}. */
    static StoreException of(String message, FlywayException e) {
        return new StoreException(message + ": " + reason(e), e);
    }
}
