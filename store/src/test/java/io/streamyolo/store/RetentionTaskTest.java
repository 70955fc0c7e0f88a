package io.streamyolo.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.store.testutils.TestEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTaskTest {

    @TempDir
    Path dir;

    @Test
    void testDeletesRowsOlderThanRetentionInTheBackground() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("r.db");
        long now = System.currentTimeMillis();
        try (EventStore store = EventStore.open(url)) {
            List<StoredEvent> events = new ArrayList<>();
            List<StoredSnapshot> snapshots = new ArrayList<>();
            for (int track = 0; track < 300; track++) {
                long start = track < 200 ? now - Duration.ofDays(40).toMillis() + track * 1000L : now - 60_000 + track;
                events.addAll(TestEvents.track("cam1", track, start));
                snapshots.add(TestEvents.snapshot("cam1", track, start, 0.9, 100, 10, track));
            }
            store.write(events, snapshots);
        }

        try (RetentionTask task = RetentionTask.start(url, Duration.ofDays(30), Duration.ofHours(1));
                EventStore store = EventStore.open(url)) {
            // Several batches of RetentionTask.BATCH_SIZE rows (events, then snapshots, then tracks);
            // then the newer rows stay.
            List<Long> expected = List.of(500L, 100L, 100L);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!EventStoreTestBase.counts(store).subList(0, 3).equals(expected) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(EventStoreTestBase.counts(store).subList(0, 3)).containsExactlyElementsOf(expected);
            assertThat(EventStoreTestBase.count(store, "tracks WHERE track_id >= 200")).as("the newer tracks").isEqualTo(100);
            assertThat(EventStoreTestBase.count(store, "snapshots WHERE track_id >= 200")).as("the newer snapshots").isEqualTo(100);
        }
    }

    @Test
    void testRunOnceReturnsRowsDeleted() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("once.db");
        long old = System.currentTimeMillis() - Duration.ofDays(3).toMillis();
        try (EventStore store = EventStore.open(url)) {
            store.write(TestEvents.track("cam1", 1, old), List.of(TestEvents.snapshot("cam1", 1, old, 0.9, 100, 10, 1)));
        }
        // 5 events, 1 track, 1 snapshot, and the counts of its line crossing and zone entry.
        assertThat(RetentionTask.runOnce(url, Duration.ofDays(2))).isEqualTo(9);
        assertThat(RetentionTask.runOnce(url, Duration.ofDays(2))).isZero();
    }
}
