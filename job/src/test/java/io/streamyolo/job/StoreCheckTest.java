package io.streamyolo.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamyolo.testing.RtspTestEnv;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store is checked when the job is submitted: a bad one is named, its password never. */
class StoreCheckTest {

    @Test
    void testUnreachableDatabaseIsNamedWithItsPasswordMasked() throws Exception {
        int closedPort = RtspTestEnv.freePort();
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/events?user=cam&password=s3cret-pw";
        assertThatThrownBy(() -> DetectionJob.checkStore(url))
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void testUnwritableSqliteFileIsNamed() {
        assertThatThrownBy(() -> DetectionJob.checkStore("jdbc:sqlite:/proc/no-such-dir/events.db"))
                .hasMessageContaining("/proc/no-such-dir/events.db");
    }

    @Test
    void testNewSqliteFileIsCreated(@TempDir Path dir) throws Exception {
        assertThat(DetectionJob.checkStore("jdbc:sqlite:" + dir.resolve("a/events.db"))).contains("events.db");
        assertThat(dir.resolve("a/events.db")).exists();
    }
}
