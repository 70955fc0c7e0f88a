package io.streamyolo.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Recorded clips on SQLite files in a temporary directory. */
class ClipStoreTest extends ClipStoreTestBase {

    @TempDir
    Path dir;

    private int stores;

    @Override
    String newStoreUrl() {
        return "jdbc:sqlite:" + dir.resolve("clips-" + (++stores) + ".db");
    }
}
