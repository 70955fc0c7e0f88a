package io.streamyolo.store;

import static io.streamyolo.store.testutils.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamyolo.store.testutils.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BufferedStoreWriterTest {

    @TempDir
    Path dir;

    @Test
    void testFlushWritesTheBufferOnce() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("w.db");
        try (BufferedStoreWriter writer = new BufferedStoreWriter(url, RetryPolicy.DEFAULT)) {
            writer.connect();
            TestEvents.track("cam1", 1, T0).forEach(writer::add);
            writer.add(TestEvents.snapshot("cam1", 1, T0, 0.9, 100, 10, 1));
            assertThat(writer.size()).isEqualTo(6);

            assertThat(writer.flush()).isEqualTo(new WriteResult(5, 0, 1));
            assertThat(writer.size()).isZero();
            assertThat(writer.flush()).isEqualTo(new WriteResult(0, 0, 0));
            assertThat(writer.retries()).isZero();
        }
        try (EventStore store = EventStore.open(url)) {
            assertThat(EventStoreTestBase.counts(store).subList(0, 3)).containsExactly(5L, 1L, 1L);
        }
    }

    @Test
    void testKeepsOnlyTheNewestPreviewAndStateOfEachCamera() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("live.db");
        try (BufferedStoreWriter writer = new BufferedStoreWriter(url, RetryPolicy.DEFAULT)) {
            writer.connect();
            assertThat(writer.hasLiveRecords()).isFalse();
            for (int i = 0; i < 10; i++) {
                writer.add(TestEvents.preview("cam1", T0 + i * 500L, i, 1_000, i));
                writer.add(TestEvents.cameraState("cam1", T0 + i * 500L, i < 9 ? CameraState.LIVE : CameraState.STOPPED, null));
            }
            writer.add(TestEvents.preview("cam2", T0, 0, 1_000, 99));
            writer.add(TestEvents.preview("cam1", T0 - 1, 0, 1_000, 98)); // late: older than the buffered one
            assertThat(writer.size()).isEqualTo(3);
            assertThat(writer.hasLiveRecords()).isTrue();

            assertThat(writer.flush()).isEqualTo(new WriteResult(0, 0, 0, 2, 1));
            assertThat(writer.hasLiveRecords()).isFalse();
        }
        try (EventStore store = EventStore.open(url)) {
            assertThat(store.preview("cam1")).contains(TestEvents.preview("cam1", T0 + 4_500, 9, 1_000, 9));
            assertThat(store.cameras()).extracting(CameraState::state).containsExactly(CameraState.STOPPED);
        }
    }

    @Test
    void testPermanentFailureFailsWithoutRetrying() throws Exception {
        // A file where the store's directory should be: no retry can fix that.
        Files.writeString(dir.resolve("file"), "x");
        String url = "jdbc:sqlite:" + dir.resolve("file/w.db");
        try (BufferedStoreWriter writer = new BufferedStoreWriter(url, RetryPolicy.DEFAULT.withMaxRetryTime(Duration.ofMinutes(5)))) {
            long start = System.nanoTime();
            assertThatThrownBy(writer::connect)
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(dir.resolve("file/w.db").toString());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(writer.retries()).isZero();
        }
    }

    @Test
    void testRetryPolicyChecksItsArguments() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("initialBackoff");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("maxBackoff");
        assertThat(RetryPolicy.DEFAULT.maxRetryTime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(List.of(RetryPolicy.NONE.maxRetryTime())).containsExactly(Duration.ZERO);
    }
}
