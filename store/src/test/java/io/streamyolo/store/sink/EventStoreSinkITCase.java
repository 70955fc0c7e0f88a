package io.streamyolo.store.sink;

import static io.streamyolo.store.testutils.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.streamyolo.store.CameraState;
import io.streamyolo.store.EventQuery;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.MinuteCount;
import io.streamyolo.store.RetryPolicy;
import io.streamyolo.store.StoredClip;
import io.streamyolo.store.StoredEvent;
import io.streamyolo.store.StoreRecord;
import io.streamyolo.store.testutils.PostgresTestEnv;
import io.streamyolo.store.testutils.TestEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The sink in real jobs on a MiniCluster, into SQLite and into a PostgreSQL server that goes away. */
class EventStoreSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static PostgresTestEnv pg;

    @TempDir
    Path dir;

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

    /**
     * The job's mixed results stream (events, snapshots, detections, status, a broken line) into
     * SQLite, twice: the second run is a replay and changes nothing.
     */
    @Test
    void testSqliteSinkStoresTrackRecordsAndIgnoresTheRest() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("sink/events.db");
        List<String> lines = new ArrayList<>();
        for (int track = 0; track < 40; track++) {
            String stream = track % 2 == 0 ? "cam1" : "cam2";
            long start = T0 + track * 2_000L;
            lines.add("{\"stream_id\":\"" + stream + "\",\"event\":\"started\",\"ts\":" + start + "}");
            lines.add(TestEvents.snapshotJson(TestEvents.snapshot(stream, track, start, 0.5, 2_000, 300, track)));
            for (StoredEvent e : TestEvents.track(stream, track, start)) {
                lines.add(e.toJson());
                lines.add(TestEvents.detectionsJson(stream, e.ts()));
            }
            lines.add(TestEvents.snapshotJson(TestEvents.snapshot(stream, track, start + 2_000, 0.97, 2_500, 350, 1000 + track)));
            lines.add(TestEvents.previewJson(TestEvents.preview(stream, start + 100, track, 1_500, track)));
            lines.add(TestEvents.cameraStateJson(TestEvents.cameraState(stream, start + 100, CameraState.LIVE, null)));
        }
        lines.add(TestEvents.cameraStateJson(TestEvents.cameraState("cam2", T0 + 100_000, CameraState.STOPPED, "STOP")));
        lines.add(20, "{\"stream_id\":\"cam1\",\"event\":\"object_entered\",\"track_id\":"); // cut short
        // The job's clip lines (they name no track_id, only track_ids).
        for (int i = 0; i < 3; i++) {
            String stream = i == 2 ? "cam2" : "cam1";
            lines.add(30 + i * 40, "{\"event\":\"clip\",\"stream_id\":\"" + stream + "\",\"kind\":\"event\",\"start_ms\":"
                    + (T0 + i * 10_000) + ",\"end_ms\":" + (T0 + i * 10_000 + 8_000) + ",\"file\":\"" + dir.resolve("rec/" + stream
                    + "/2026-12-02/clip-" + i + ".mp4") + "\",\"size_bytes\":" + (1000 + i) + ",\"codec\":\"h264\",\"track_ids\":[" + i + "]}");
        }

        runJob(lines, url);
        List<Long> first = rowCounts(url);
        runJob(lines, url);

        assertThat(rowCounts(url)).isEqualTo(first).containsExactly(200L, 40L, 40L);
        try (EventStore store = EventStore.open(url)) {
            assertThat(store.snapshot("cam2", 7)).contains(TestEvents.snapshot("cam2", 7, T0 + 16_000, 0.97, 2_500, 350, 1007));
            assertThat(store.find(EventQuery.builder().stream("cam1").kind("object_left").limit(1000).build())).hasSize(20);
            assertThat(crossings(store)).isEqualTo(40);
            // The clips, once each though written twice.
            assertThat(store.clips().bytesPerCamera()).containsExactly(entry("cam1", 2001L), entry("cam2", 1002L));
            assertThat(store.clips().ofCamera("cam1", null, 0, Long.MAX_VALUE, 10, 0)).extracting(StoredClip::trackIds)
                    .containsExactly(List.of(1L), List.of(0L));
            // The newest picture and state of each camera.
            assertThat(store.preview("cam1")).contains(TestEvents.preview("cam1", T0 + 38 * 2_000L + 100, 38, 1_500, 38));
            assertThat(store.preview("cam2")).contains(TestEvents.preview("cam2", T0 + 39 * 2_000L + 100, 39, 1_500, 39));
            assertThat(store.cameras()).extracting(CameraState::streamId, CameraState::state, CameraState::ts)
                    .containsExactly(tuple("cam1", CameraState.LIVE, T0 + 38 * 2_000L + 100),
                            tuple("cam2", CameraState.STOPPED, T0 + 100_000));
        }
    }

    /**
     * A preview goes out within the preview flush interval even while the events' flush interval is
     * long and the batch far from full.
     */
    @Test
    void testPreviewsAreWrittenSoon() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("live/events.db");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataGeneratorSource<StoreRecord> source = new DataGeneratorSource<>(
                i -> TestEvents.preview("cam1", System.currentTimeMillis(), i, 2_000, i),
                1_000_000L, RateLimiterStrategy.perSecond(4), StoreRecordTypeInfo.INSTANCE);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "previews")
                .sinkTo(EventStoreSink.builder()
                        .setJdbcUrl(url)
                        .setFlushInterval(Duration.ofSeconds(30))
                        .setPreviewFlushInterval(Duration.ofMillis(100))
                        .setRetention(null)
                        .build());
        JobClient job = env.executeAsync("sink-previews");
        try (EventStore store = EventStore.open(url)) {
            List<Long> delays = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long last = -1;
            while (delays.size() < 8 && System.nanoTime() < deadline) {
                var p = store.preview("cam1");
                if (p.isPresent() && p.get().frameSeq() != last) {
                    last = p.get().frameSeq();
                    delays.add(System.currentTimeMillis() - p.get().ts());
                }
                Thread.sleep(10);
            }
            System.out.println("preview line to stored row (ms): " + delays);
            assertThat(delays).hasSizeGreaterThanOrEqualTo(8);
            // The first may include the job's start; the rest: the 100 ms interval and a write.
            assertThat(delays.subList(1, delays.size())).allSatisfy(d -> assertThat(d).isLessThan(1_500));
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * PostgreSQL stops for 3 s in the middle of a job: the sink retries with backoff and the job
     * finishes with every event stored once.
     */
    @Test
    void testPostgresSinkRetriesThroughAnOutage() throws Exception {
        String url = pg.createDatabase();
        int tracks = 100;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        DataGeneratorSource<StoreRecord> source = new DataGeneratorSource<>(
                new TrackLines(), tracks * 6L, RateLimiterStrategy.perSecond(150), StoreRecordTypeInfo.INSTANCE);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "tracks").setParallelism(1)
                .sinkTo(EventStoreSink.builder()
                        .setJdbcUrl(url)
                        .setBatchSize(40)
                        .setFlushInterval(Duration.ofMillis(200))
                        .setRetryPolicy(new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(60)))
                        .setRetention(null)
                        .build());
        JobClient job = env.executeAsync("sink-outage");
        try (EventStore store = EventStore.open(url)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (store.find(EventQuery.builder().limit(1).build()).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        pg.stop();
        Thread.sleep(3_000);
        pg.restart();
        job.getJobExecutionResult().get(120, TimeUnit.SECONDS);

        assertThat(rowCounts(url)).containsExactly(tracks * 5L, (long) tracks, (long) tracks);
        try (EventStore store = EventStore.open(url)) {
            assertThat(crossings(store)).isEqualTo(tracks);
        }
    }

    @Test
    void testBuilderChecksItsSettings() {
        assertThatThrownBy(() -> EventStoreSink.builder().build()).hasMessageContaining("setJdbcUrl");
        assertThatThrownBy(() -> EventStoreSink.builder().setJdbcUrl("jdbc:mysql://h/db?password=x").build())
                .hasMessageContaining("password=***").hasMessageNotContaining("=x");
        assertThatThrownBy(() -> EventStoreSink.builder().setJdbcUrl("a.db").setBatchSize(0).build())
                .hasMessageContaining("batch size");
        assertThatThrownBy(() -> EventStoreSink.builder().setJdbcUrl("a.db").setRetention(Duration.ZERO).build())
                .hasMessageContaining("retention");
        assertThatThrownBy(() -> EventStoreSink.builder().setJdbcUrl("a.db").setPreviewFlushInterval(Duration.ZERO).build())
                .hasMessageContaining("preview flush interval");
        assertThat(EventStoreSink.builder().setJdbcUrl("postgresql://u:pw@h/db").build().toString())
                .isEqualTo("EventStoreSink[jdbc:postgresql://u:***@h/db]");
    }

    // ------------------------------------------------------------------------------------------

    /** Line i of 6 per track: its five events, then its snapshot. */
    static final class TrackLines implements GeneratorFunction<Long, StoreRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public StoreRecord map(Long i) {
            long track = i / 6;
            int part = (int) (i % 6);
            long start = T0 + track * 1_000L;
            if (part < 5) {
                return TestEvents.track("cam1", track, start).get(part);
            }
            return TestEvents.snapshot("cam1", track, start, 0.9, 20_000, 3_000, track);
        }
    }

    private static void runJob(List<String> lines, String url) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        // The lines as the store's records, as the job emits them for the store: the lines that
        // are none (detections, stream status, the line cut short) never reach the sink.
        List<StoreRecord> records = new ArrayList<>();
        for (String line : lines) {
            try {
                StoreRecord.fromJson(line).ifPresent(records::add);
            } catch (IllegalArgumentException e) {
                // the line cut short
            }
        }
        // By camera, as the job's records are: a track's snapshots reach one subtask in order.
        env.fromData(records, StoreRecordTypeInfo.INSTANCE).setParallelism(1)
                .keyBy(StoreRecord::streamId, Types.STRING)
                .sinkTo(EventStoreSink.builder().setJdbcUrl(url).setBatchSize(25).setRetention(null).build());
        env.execute("sink-sqlite");
    }

    private static List<Long> rowCounts(String url) throws Exception {
        try (EventStore store = EventStore.open(url)) {
            List<StoredEvent> all = store.find(EventQuery.builder().limit(100_000).build());
            long tracks = all.stream().filter(e -> e.track() != null).count();
            long snapshots = all.stream().map(e -> List.of(e.streamId(), e.trackId())).distinct()
                    .filter(k -> {
                        try {
                            return store.snapshot((String) k.get(0), (Long) k.get(1)).isPresent();
                        } catch (Exception ex) {
                            throw new IllegalStateException(ex);
                        }
                    })
                    .count();
            return List.of((long) all.size(), tracks, snapshots);
        }
    }

    private static long crossings(EventStore store) throws Exception {
        return store.counts(null, Instant.EPOCH, Instant.ofEpochMilli(T0 + 86_400_000L)).stream()
                .filter(c -> c.kind().startsWith("line_"))
                .mapToLong(MinuteCount::count)
                .sum();
    }
}
