package io.streamyolo.store;

import static io.streamyolo.store.testutils.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamyolo.store.testutils.PostgresTestEnv;
import io.streamyolo.store.testutils.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store on a real PostgreSQL 15 server: the shared contract, errors, and an outage. */
class PostgresEventStoreITCase extends EventStoreTestBase {

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

    @Test
    void testWrongPasswordIsMaskedInTheError() {
        String url = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres?user=test&password=Wrong-Pass-99";
        assertThatThrownBy(() -> EventStore.open(url))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres?user=test&password=***")
                .hasMessageContaining("password authentication failed")
                .hasMessageNotContaining("Wrong-Pass-99");
    }

    @Test
    void testUserInfoUrlWorksAndIsMasked() throws Exception {
        String db = pg.createDatabase();
        String name = db.substring(db.lastIndexOf('/') + 1, db.indexOf('?'));
        String base = "127.0.0.1:" + pg.port() + "/" + name;
        try (EventStore store = EventStore.open("postgresql://" + PostgresTestEnv.USER + ":" + PostgresTestEnv.PASSWORD + "@" + base)) {
            assertThat(store.description()).isEqualTo("jdbc:postgresql://test:***@" + base);
            store.write(TestEvents.track("cam1", 1, T0), List.of());
        }
        assertThatThrownBy(() -> EventStore.open("jdbc:postgresql://test:Not-It-42@" + base))
                .hasMessageContaining("jdbc:postgresql://test:***@" + base)
                .hasMessageNotContaining("Not-It-42");
    }

    @Test
    void testUnreachableServerIsMaskedAndTransient() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/events?user=test&password=" + PostgresTestEnv.PASSWORD;
        assertThatThrownBy(() -> EventStore.open(url))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:" + closedPort + "/events?user=test&password=***")
                .hasMessageNotContaining(PostgresTestEnv.PASSWORD);
    }

    @Test
    void testNoSuchDatabaseFailsAtOnce() {
        assertThatThrownBy(() -> EventStore.open(pg.jdbcUrl("no_such_db")))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("no_such_db");
    }

    /**
     * The server stops for a few seconds while a writer writes batches: the writer retries with
     * backoff (logging WARN with the URL masked) and every event ends up stored exactly once,
     * counts included.
     */
    @Test
    void testWriterRetriesThroughAnOutageWithoutLosingEvents() throws Exception {
        String url = pg.createDatabase();
        int batches = 60;
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger written = new AtomicInteger();
        Thread writerThread = new Thread(() -> {
            try (BufferedStoreWriter writer = new BufferedStoreWriter(url,
                    new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(60)))) {
                writer.connect();
                for (int b = 0; b < batches; b++) {
                    for (int t = 0; t < 4; t++) {
                        long track = b * 4L + t;
                        TestEvents.track("cam1", track, T0 + track * 1000).forEach(writer::add);
                        writer.add(TestEvents.snapshot("cam1", track, T0 + track * 1000, 0.9, 20_000, 3_000, track));
                    }
                    writer.flush();
                    written.incrementAndGet();
                    Thread.sleep(100);
                }
                assertThat(writer.retries()).isPositive();
            } catch (Throwable e) {
                failures.add(e);
            }
        }, "writer");
        writerThread.start();
        while (written.get() < 10) {
            Thread.sleep(20);
        }
        pg.stop();
        int duringOutage = written.get();
        Thread.sleep(3_000);
        assertThat(written.get()).as("no batch written while the server is down").isEqualTo(duringOutage);
        pg.restart();
        writerThread.join(120_000);

        assertThat(failures).isEmpty();
        assertThat(written.get()).isEqualTo(batches);
        try (EventStore store = EventStore.open(url)) {
            assertThat(counts(store).subList(0, 3)).containsExactly(batches * 20L, batches * 4L, batches * 4L);
            long crossings = store.counts("cam1", Instant.EPOCH, Instant.ofEpochMilli(T0 + 86_400_000L)).stream()
                    .filter(c -> c.kind().startsWith("line_")).mapToLong(MinuteCount::count).sum();
            assertThat(crossings).isEqualTo(batches * 4L);
        }
        String log = Files.readString(Path.of("target/test-logs/store-tests.log"));
        assertThat(log).contains("unavailable (attempt 1), retrying in 500 ms")
                .contains("password=***")
                .doesNotContain(PostgresTestEnv.PASSWORD);
    }

    @Test
    void testRetentionRunsWhileWriting() throws Exception {
        String url = pg.createDatabase();
        List<StoredEvent> old = new ArrayList<>();
        for (int track = 0; track < 300; track++) {
            old.addAll(TestEvents.track("old", track, T0 - 86_400_000L + track));
        }
        try (EventStore store = EventStore.open(url)) {
            store.write(old, List.of());
        }
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Thread retention = new Thread(() -> {
            try (EventStore store = EventStore.open(url)) {
                store.deleteOlderThan(Instant.ofEpochMilli(T0 - 3_600_000), 100, Duration.ofMillis(5));
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        retention.start();
        try (EventStore store = EventStore.open(url)) {
            for (int track = 0; track < 100; track++) {
                store.write(TestEvents.track("cam1", track, T0 + track), List.of());
            }
            retention.join(60_000);
            assertThat(failures).isEmpty();
            assertThat(count(store, "events WHERE stream_id = 'old'")).isZero();
            assertThat(count(store, "events WHERE stream_id = 'cam1'")).isEqualTo(500);
        }
    }
}
