package io.streamyolo.store;

import static io.streamyolo.store.testutils.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamyolo.store.testutils.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on SQLite files in a temporary directory. */
class EventStoreTest extends EventStoreTestBase {

    @TempDir
    Path dir;

    private int stores;

    @Override
    String newStoreUrl() {
        return "jdbc:sqlite:" + dir.resolve("store-" + (++stores) + ".db");
    }

    @Test
    void testOpenCreatesDirectoriesAndWalMode() throws Exception {
        Path file = dir.resolve("a/b/events.db");
        try (EventStore store = EventStore.open(file.toString())) { // a bare path means SQLite
            assertThat(store.description()).isEqualTo("SQLite file " + file.toAbsolutePath());
            Connection c = store.connection();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
            c.commit();
        }
        assertThat(file).isRegularFile();
    }

    @Test
    void testFullDiskIsAnErrorNamingTheFile() throws Exception {
        Path file = dir.resolve("full.db");
        try (EventStore store = EventStore.open("jdbc:sqlite:" + file)) {
            // A disk that fills up: SQLite refuses to grow the file past max_page_count.
            Connection c = store.connection();
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA max_page_count = 60");
            }
            c.commit();
            List<StoredSnapshot> big = List.of(TestEvents.snapshot("cam1", 1, T0, 0.9, 400_000, 3_000, 1));

            assertThatThrownBy(() -> store.write(TestEvents.track("cam1", 1, T0), big))
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining(file.toAbsolutePath().toString())
                    .hasMessageContaining("full");
            // Rolled back: nothing of the batch is stored, and the store still works.
            assertThat(count(store, "events")).isZero();
            store.write(TestEvents.track("cam1", 2, T0), List.of());
            assertThat(count(store, "events")).isEqualTo(5);
        }
    }

    @Test
    void testReadOnlyFileIsAnErrorNamingTheFile() throws Exception {
        Path file = dir.resolve("ro.db");
        try (EventStore store = EventStore.open("jdbc:sqlite:" + file)) {
            store.write(TestEvents.track("cam1", 1, T0), List.of());
        }
        // Root ignores file permissions, so open the file read-only the way SQLite allows.
        try (EventStore store = EventStore.open("jdbc:sqlite:file:" + file + "?mode=ro")) {
            assertThat(store.find(EventQuery.builder().build())).hasSize(5);
            assertThatThrownBy(() -> store.write(TestEvents.track("cam1", 2, T0), List.of()))
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining(file.toAbsolutePath().toString())
                    .hasMessageContaining("readonly");
        }
    }

    @Test
    void testUnwritableDirectoryIsAnErrorNamingTheFile() throws Exception {
        Files.writeString(dir.resolve("not-a-dir"), "x");
        Path file = dir.resolve("not-a-dir/events.db");
        assertThatThrownBy(() -> EventStore.open("jdbc:sqlite:" + file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toAbsolutePath().toString());
    }

    @Test
    void testUnsupportedUrl() {
        assertThatThrownBy(() -> EventStore.open("jdbc:mysql://db:3306/x?user=u&password=hunter2"))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("jdbc:mysql://db:3306/x?user=u&password=***")
                .hasMessageNotContaining("hunter2");
    }

    /**
     * A reader polls while a writer writes batches and a retention run deletes old rows on a third
     * connection: in WAL mode the reader never waits (it runs with no busy timeout at all, so any
     * lock would be an immediate SQLITE_BUSY), and the two writers take turns.
     */
    @Test
    void testConcurrentReaderNeverBusyDuringWrites() throws Exception {
        Path file = dir.resolve("concurrent.db");
        String url = "jdbc:sqlite:" + file;
        try (EventStore setup = EventStore.open(url)) {
            List<StoredEvent> old = new ArrayList<>();
            for (int track = 0; track < 400; track++) {
                old.addAll(TestEvents.track("old", track, T0 - 86_400_000L + track * 1000L));
            }
            setup.write(old, List.of());
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicLong reads = new AtomicLong();
        AtomicLong maxWriteMs = new AtomicLong();

        Thread writer = new Thread(() -> {
            try (EventStore store = EventStore.open(url)) {
                for (int batch = 0; batch < 150; batch++) {
                    List<StoredEvent> events = new ArrayList<>();
                    List<StoredSnapshot> snapshots = new ArrayList<>();
                    for (int t = 0; t < 10; t++) {
                        long track = batch * 10L + t;
                        events.addAll(TestEvents.track("cam1", track, T0 + track * 1000));
                        snapshots.add(TestEvents.snapshot("cam1", track, T0 + track * 1000, 0.9, 20_000, 3_000, track));
                    }
                    long start = System.nanoTime();
                    store.write(events, snapshots);
                    maxWriteMs.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                }
            } catch (Throwable t) {
                failures.add(t);
            } finally {
                writing.set(false);
            }
        }, "writer");
        Thread retention = new Thread(() -> {
            try (EventStore store = EventStore.open(url)) {
                store.deleteOlderThan(Instant.ofEpochMilli(T0 - 3_600_000), 50, Duration.ofMillis(5));
            } catch (Throwable t) {
                failures.add(t);
            }
        }, "retention");
        Thread reader = new Thread(() -> {
            Properties props = new Properties();
            props.setProperty("busy_timeout", "0");
            try (Connection c = new org.sqlite.JDBC().connect(url, props); Statement s = c.createStatement()) {
                while (writing.get()) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*), max(ts) FROM events WHERE stream_id = 'cam1'")) {
                        rs.next();
                    }
                    try (ResultSet rs = s.executeQuery("SELECT length(jpeg) FROM snapshots ORDER BY ts DESC LIMIT 5")) {
                        while (rs.next()) {
                            assertThat(rs.getInt(1)).isEqualTo(20_000);
                        }
                    }
                    reads.incrementAndGet();
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        }, "reader");
        writer.start();
        retention.start();
        reader.start();
        writer.join(120_000);
        retention.join(120_000);
        reader.join(10_000);

        assertThat(failures).isEmpty();
        assertThat(reads.get()).isGreaterThan(10);
        assertThat(maxWriteMs.get()).as("longest write (ms)").isLessThan(5_000);
        try (EventStore store = EventStore.open(url)) {
            assertThat(count(store, "events WHERE stream_id = 'cam1'")).isEqualTo(7_500);
            assertThat(count(store, "events WHERE stream_id = 'old'")).isZero();
            assertThat(count(store, "snapshots")).isEqualTo(1_500);
        }
    }
}
