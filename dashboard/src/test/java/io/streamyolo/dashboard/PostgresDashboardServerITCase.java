package io.streamyolo.dashboard;

import io.streamyolo.store.testutils.PostgresTestEnv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The server's API tests on a real PostgreSQL 15 store (pictures as BYTEA, ids from an identity column). */
class PostgresDashboardServerITCase extends DashboardServerTest {

    static PostgresTestEnv pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PostgresTestEnv.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    String newStoreUrl() throws Exception {
        return pg.createDatabase();
    }
}
