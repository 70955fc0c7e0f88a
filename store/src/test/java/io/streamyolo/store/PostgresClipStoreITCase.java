package io.streamyolo.store;

import io.streamyolo.store.testutils.PostgresTestEnv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Recorded clips on a real PostgreSQL 15 server. */
class PostgresClipStoreITCase extends ClipStoreTestBase {

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
