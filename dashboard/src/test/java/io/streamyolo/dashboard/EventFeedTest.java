package io.streamyolo.dashboard;

import static io.streamyolo.store.testutils.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.store.EventRow;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.testutils.TestEvents;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following new events by row id, including ids that commit late (as PostgreSQL's may). */
class EventFeedTest {

    @TempDir
    Path dir;

    @Test
    void testNewRowsOnceAndLateIdsStillDelivered() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("feed.db");
        try (EventStore store = EventStore.open(url); EventFeed feed = new EventFeed(store, 50);
                Connection raw = new org.sqlite.JDBC().connect(url, new Properties())) {
            store.write(TestEvents.track("cam1", 1, T0), List.of()); // ids 1-5, before anyone listened
            assertThat(feed.poll(0)).isEmpty(); // starts at the newest id
            store.write(TestEvents.track("cam1", 2, T0 + 10_000), List.of()); // ids 6-10
            assertThat(feed.poll(0)).extracting(EventRow::id).containsExactly(6L, 7L, 8L, 9L, 10L);
            assertThat(feed.poll(0)).isEmpty();

            // Id 15 commits before 12 and 14 (other writers' transactions); 11 and 13 never come
            // (duplicates that used up an id), until 13 does, too late.
            insert(raw, 15, "cam2", 3);
            assertThat(feed.poll(1_000)).extracting(EventRow::id).containsExactly(15L);
            insert(raw, 12, "cam2", 4);
            insert(raw, 14, "cam2", 5);
            insert(raw, 16, "cam2", 6);
            assertThat(feed.poll(2_000)).extracting(EventRow::id).containsExactly(12L, 14L, 16L);
            // After the wait, a skipped id is given up: a row that shows up later is not sent.
            insert(raw, 13, "cam2", 7);
            assertThat(feed.poll(1_000 + EventFeed.GAP_WAIT_MS + 1)).isEmpty();
        }
    }

    @Test
    void testSubscriberCatchesUpThenFollows() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("sub.db");
        try (EventStore store = EventStore.open(url); EventFeed feed = new EventFeed(store, 50)) {
            store.write(TestEvents.track("cam1", 1, T0), List.of()); // ids 1-5
            List<Long> got = Collections.synchronizedList(new ArrayList<>());
            feed.start();
            feed.subscribe(new EventFeed.Subscriber() {
                @Override
                public boolean deliver(EventRow row) {
                    got.add(row.id());
                    return true;
                }

                @Override
                public boolean ping() {
                    return true;
                }
            }, 3);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (got.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            store.write(TestEvents.track("cam1", 2, T0 + 10_000), List.of()); // ids 6-10
            while (got.size() < 7 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(got).containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(feed.subscribers()).isEqualTo(1);
        }
    }

    /** An event row with a chosen id, as a writer with its own id sequence would commit it. */
    private static void insert(Connection c, long id, String stream, long track) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (id, stream_id, track_id, kind, subject, occurrence, ts)"
                + " VALUES (?, ?, ?, 'object_entered', '', 0, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, stream);
            ps.setLong(3, track);
            ps.setLong(4, T0 + id);
            ps.executeUpdate();
        }
    }
}
