package io.streamyolo.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Creates or upgrades the schema with Flyway, from the versioned scripts in
 * {@code db/streamyolo/sqlite} and {@code db/streamyolo/postgresql}.
 *
 * <p>Why Flyway rather than a home-made migrator: Flyway 13 (checked on Java 17) supports SQLite in
 * {@code flyway-core} and PostgreSQL through {@code flyway-database-postgresql}, has no required
 * dependencies, sends nothing over the network (its open-source core registers only a no-op
 * telemetry manager), checksums applied scripts (an edited script fails at start instead of
 * drifting), and takes a PostgreSQL advisory lock so that parallel sink subtasks, or a job and a
 * dashboard starting together, migrate once.
 */
final class SchemaMigration {

    /** Flyway keeps its history here (the conventional name). */
    static final String HISTORY_TABLE = "flyway_schema_history";

    /** Serializes migrations within a JVM: SQLite has no advisory lock across connections. */
    private static final Object LOCK = new Object();

    private SchemaMigration() {}

    /**
     * Migrates the store to the newest schema.
     *
     * @return how many migrations ran (0 when the schema was current)
     */
    static int migrate(StoreConnections connections) throws StoreException {
        String folder = connections.isSqlite() ? "sqlite" : "postgresql";
        Flyway flyway = Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(connections)
                .locations("classpath:db/streamyolo/" + folder)
                .table(HISTORY_TABLE)
                // A PostgreSQL database that already holds other tables (shared with another
                // application) gets a baseline at version 0, then our scripts.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        synchronized (LOCK) {
            try {
                MigrateResult result = flyway.migrate();
                return result.migrationsExecuted;
            } catch (FlywayException first) {
                // Two processes creating a new SQLite file at once: the loser finds the history
                // table the winner made. A second look sees a current schema.
                if (!connections.isSqlite()) {
                    throw StoreException.of("Cannot migrate the schema of " + JdbcUrls.describe(connections.jdbcUrl()), first);
                }
                try {
                    return flyway.migrate().migrationsExecuted;
                } catch (FlywayException second) {
                    second.addSuppressed(first);
                    throw StoreException.of("Cannot migrate the schema of " + JdbcUrls.describe(connections.jdbcUrl()), second);
                }
            }
        }
    }
}
