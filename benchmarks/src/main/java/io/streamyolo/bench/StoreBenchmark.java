package io.streamyolo.bench;

import io.streamyolo.store.EventStore;
import io.streamyolo.store.StoredEvent;
import io.streamyolo.store.StoredSnapshot;
import io.streamyolo.store.testutils.PostgresTestEnv;
import io.streamyolo.store.testutils.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Write throughput and size on disk of the store, SQLite and PostgreSQL (a real server with fsync
 * on). Not a test: run it and read the figures.
 *
 * <p>Run: {@code bin/bench-store [EVENTS]} (default 20,000).
 *
 * <p>Events come as tracks of five (entered, zone in, line crossed, zone out, left); the snapshot
 * runs add one snapshot per track (a 20 KB JPEG and a 3 KB thumbnail, random bytes: JPEGs do not
 * compress).
 */
public final class StoreBenchmark {

    static final int JPEG_BYTES = 20_000;
    static final int THUMB_BYTES = 3_000;

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = Files.createTempDirectory("store-bench-");
        System.out.printf(Locale.ROOT, "%d events per run (%d tracks of 5)%n", events, events / 5);
        System.out.printf(Locale.ROOT, "%-10s %-10s %6s %12s %12s %14s%n", "store", "snapshots", "batch", "events/s", "records/s", "MB/1000 events");
        try {
            for (boolean snapshots : new boolean[] {false, true}) {
                for (int batch : new int[] {100, 500}) {
                    Path file = dir.resolve("bench-" + snapshots + "-" + batch + ".db");
                    Result r = run("jdbc:sqlite:" + file, events, batch, snapshots);
                    // Closing the last connection checkpoints the WAL into the file and deletes it.
                    print("sqlite", snapshots, batch, r, Files.size(file));
                }
            }
            try (PostgresTestEnv pg = PostgresTestEnv.start(true)) {
                for (boolean snapshots : new boolean[] {false, true}) {
                    for (int batch : new int[] {100, 500}) {
                        String url = pg.createDatabase();
                        Result r = run(url, events, batch, snapshots);
                        print("postgresql", snapshots, batch, r, pgTablesSize(url));
                    }
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    record Result(int events, int records, double seconds) {}

    static Result run(String url, int eventCount, int batchSize, boolean withSnapshots) throws Exception {
        // Records in the order the job emits them, cut into batches of batchSize records.
        List<Object> records = new ArrayList<>();
        for (int track = 0; track < eventCount / 5; track++) {
            List<StoredEvent> t = TestEvents.track("cam" + (track % 8), track, TestEvents.T0 + track * 200L);
            records.addAll(t.subList(0, 4));
            if (withSnapshots) {
                records.add(TestEvents.snapshot("cam" + (track % 8), track, TestEvents.T0 + track * 200L, 0.9,
                        JPEG_BYTES, THUMB_BYTES, track));
            }
            records.add(t.get(4));
        }
        try (EventStore store = EventStore.open(url)) {
            // Warm up the JIT and the connection on a throwaway stream.
            store.write(TestEvents.track("warmup", 0, TestEvents.T0), List.of());
            long start = System.nanoTime();
            for (int i = 0; i < records.size(); i += batchSize) {
                List<StoredEvent> events = new ArrayList<>();
                List<StoredSnapshot> snapshots = new ArrayList<>();
                for (Object o : records.subList(i, Math.min(records.size(), i + batchSize))) {
                    if (o instanceof StoredEvent e) {
                        events.add(e);
                    } else {
                        snapshots.add((StoredSnapshot) o);
                    }
                }
                store.write(events, snapshots);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(eventCount, records.size(), seconds);
        }
    }

    static void print(String store, boolean snapshots, int batch, Result r, long bytes) {
        System.out.printf(Locale.ROOT, "%-10s %-10s %6d %12.0f %12.0f %14.3f%n", store, snapshots ? "20K+3K" : "none", batch,
                r.events() / r.seconds(), r.records() / r.seconds(), bytes / 1e6 / (r.events() / 1000.0));
    }

    /** Bytes of the store's tables with their indexes and TOAST data. */
    static long pgTablesSize(String url) throws Exception {
        try (Connection c = new org.postgresql.Driver().connect(url, new Properties()); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE");
            try (ResultSet rs = s.executeQuery("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c"
                    + " WHERE c.relname IN ('events', 'tracks', 'snapshots', 'counts_per_minute')")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
