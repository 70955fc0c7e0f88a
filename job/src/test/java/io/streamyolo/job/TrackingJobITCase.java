package io.streamyolo.job;

import static io.streamyolo.testing.CommandFile.append;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamyolo.job.sink.EventStoreSinks;
import io.streamyolo.testing.ShippedModels;
import io.streamyolo.scene.BoxAnchor;
import io.streamyolo.scene.MotMetrics;
import io.streamyolo.scene.SceneEvent;
import io.streamyolo.scene.SceneVideo;
import io.streamyolo.scene.TrackingScene;
import io.streamyolo.testing.BackgroundLog;
import io.streamyolo.testing.RtspTestEnv;
import io.streamyolo.store.EventQuery;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.StoredEvent;
import io.streamyolo.store.StoredSnapshot;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tracks and events through the whole job, against a scene whose objects have known identities:
 * they enter and leave, cross each other and a line, pass behind a sign and through a zone.
 *
 * <p>Two cameras show the same 40 s video: {@code rtsp} through the real RTSP server, {@code
 * file} read by FFmpeg straight from the file, whose presentation times give each result's exact
 * frame (RTSP gives none: see {@link GroundTruth}), so that MOTA and IDF1 are measured on it.
 * Counts of crossings, zone visits and objects need no frame alignment and are checked on both,
 * over the video's first play: the frames numbered below the video's length (the server loops
 * the video, the file is opened again at its end, and frame_seq goes on across both).
 */
class TrackingJobITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    private static final int FPS = 15;
    private static final TrackingScene SCENE = TrackingScene.standard(7, 640, 360, 600, FPS);
    /**
     * The scene's line (left to right is "in") and zone, as a command gives them; every other
     * frame of each camera (7.5 of 15 fps), so that both fit on a busy 2-core machine.
     */
    private static final String GEOMETRY = "\"max_fps\":7.5,\"lines\":[{\"name\":\"mid\",\"a\":[0.5,0],\"b\":[0.5,1],\"in\":\"left\"}],"
            + "\"zones\":[{\"name\":\"pen\",\"polygon\":[[0.05,0.5],[0.45,0.5],[0.45,0.9],[0.05,0.9]]}]";

    @Test
    void testTracksAndEventsMatchTheScene(@TempDir Path dir) throws Exception {
        Path video = SceneVideo.write(SCENE, Path.of("target/test-videos")).toAbsolutePath();
        Path control = dir.resolve("commands.jsonl");
        String store = "jdbc:sqlite:" + dir.resolve("events.db");
        JobOptions options = JobOptions.parse(new String[] {
            "--model", ShippedModels.path(ShippedModels.SHAPES).toString(), "--control-file", control.toString(),
            "--allowed-schemes", "rtsp,file", "--summary-interval-s", "0", "--store", store,
            "--checkpoint-interval-ms", "2000"
        });
        try (RtspTestEnv server = new RtspTestEnv("scene=file:" + video).start()) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.enableCheckpointing(2000);
            var results = DetectionJob.build(env, options);
            EventStoreSinks.attach(results, store, 0);
            CloseableIterator<String> it = results.map(r -> r.json()).executeAndCollect("tracking-test");
            try (BackgroundLog<JsonNode> log = JobResults.collect(it)) {
                long t0 = System.currentTimeMillis();
                append(control,
                        "{\"type\":\"START\",\"stream_id\":\"file\",\"rtsp\":\"file://" + video + "\"," + GEOMETRY + "}",
                        "{\"type\":\"START\",\"stream_id\":\"rtsp\",\"rtsp\":\"" + server.url("scene") + "\"," + GEOMETRY + "}");
                // 3 s into the second play: the object_left of the objects seen last comes the lost
                // timeout (1.5 s) after them.
                for (String stream : List.of("file", "rtsp")) {
                    log.await(r -> r.path("stream_id").asText().equals(stream)
                            && r.path("frame_seq").asLong() >= SCENE.frames() + 3 * FPS, Duration.ofSeconds(120));
                }
                List<JsonNode> all = log.items();
                append(control, "{\"type\":\"SHUTDOWN\"}");
                log.awaitFinished(Duration.ofSeconds(30));

                Counts truth = Counts.of(SCENE);
                Predicate<JsonNode> firstPlay = r -> r.path("frame_seq").asLong(Long.MAX_VALUE) < SCENE.frames();
                Counts file = Counts.of(all, "file", firstPlay);
                Counts rtsp = Counts.of(all, "rtsp", firstPlay);
                MotMetrics.Result mot = mot(all);
                System.out.printf("ground truth: %s%nfile:         %s%nrtsp:         %s%nfile MOT:     %s%n", truth, file, rtsp, mot);

                // Every crossing of the line is reported once, with its direction.
                assertThat(file.in).isEqualTo(truth.in);
                assertThat(file.out).isEqualTo(truth.out);
                assertThat(rtsp.in).isEqualTo(truth.in);
                assertThat(rtsp.out).isEqualTo(truth.out);
                // Events are unique by their idempotency key.
                assertThat(file.keys).doesNotHaveDuplicates();
                assertThat(rtsp.keys).doesNotHaveDuplicates();

                // The store has every event the job reported, once, and a snapshot of every track.
                List<JsonNode> everything = log.items();
                long bytes = 0;
                for (String f : List.of("events.db", "events.db-wal")) {
                    bytes += Files.exists(dir.resolve(f)) ? Files.size(dir.resolve(f)) : 0;
                }
                long eventCount = everything.stream().filter(r -> r.has("track_id")).count();
                System.out.printf("store: %d bytes for %d events with their snapshots and previews: %.1f MB per 1,000 events%n",
                        bytes, eventCount, bytes / 1e6 / eventCount * 1000);
                try (EventStore events = EventStore.open(store)) {
                    for (String stream : List.of("file", "rtsp")) {
                        Set<String> reported = new HashSet<>(Counts.of(everything, stream, r -> true).keys);
                        List<StoredEvent> rows = events.find(EventQuery.builder().stream(stream).limit(100_000).build());
                        Set<String> stored = new HashSet<>();
                        for (StoredEvent e : rows) {
                            stored.add(e.trackId() + "/" + e.kind() + "/" + e.subject() + "/" + e.occurrence());
                        }
                        System.out.printf("%s: %d events reported, %d rows stored%n", stream, reported.size(), rows.size());
                        assertThat(rows).hasSameSizeAs(stored);
                        assertThat(stored).isEqualTo(reported);
                        for (long track : Counts.of(everything, stream, r -> true).enteredIds) {
                            StoredSnapshot snapshot = events.snapshot(stream, track).orElseThrow(
                                    () -> new AssertionError("no snapshot of " + stream + " track " + track));
                            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(snapshot.jpeg()));
                            assertThat(picture.getWidth()).isEqualTo(640);
                            assertThat(ImageIO.read(new ByteArrayInputStream(snapshot.thumbnail())).getWidth()).isLessThanOrEqualTo(160);
                        }
                    }
                }
                // Objects and zone visits: one track per object, through occlusions and crossings
                // (measured: exactly as many as the scene has; one more allows for a track broken
                // when frames are dropped under load).
                assertThat(file.entered).isBetween(truth.entered, truth.entered + 1);
                assertThat(rtsp.entered).isBetween(truth.entered, truth.entered + 1);
                assertThat(file.zoneEntered).isBetween(truth.zoneEntered, truth.zoneEntered + 1);
                assertThat(leftIds(all, "file")).containsAll(file.enteredIds);
                assertThat(leftIds(all, "rtsp")).containsAll(rtsp.enteredIds);
                // Measured: MOTA 0.93-0.96, IDF1 0.97-0.98, no identity switch (the detector with
                // perfect identities: MOTA 0.99; MOTA counts each frame not detected as missed).
                assertThat(mot.mota()).isGreaterThan(0.85);
                assertThat(mot.idf1()).isGreaterThan(0.9);
                assertThat(mot.idSwitches()).isLessThanOrEqualTo(1);
            }
        }
    }

    /** CLEAR-MOT and identity figures of the {@code file} stream, frames found by presentation time. */
    private static MotMetrics.Result mot(List<JsonNode> all) {
        MotMetrics metrics = new MotMetrics();
        for (JsonNode r : all) {
            if (!r.path("stream_id").asText().equals("file") || !r.path("event").asText().equals("detections")
                    || r.path("frame_seq").asLong() >= SCENE.frames()) {
                continue;
            }
            int frame = (int) Math.round(r.path("pts_ms").asDouble() * FPS / 1000.0);
            List<MotMetrics.Box> tracked = new ArrayList<>();
            for (int i = 0; i < r.path("data").size(); i++) {
                long id = r.path("track_ids").path(i).asLong(-1);
                JsonNode d = r.path("data").get(i);
                JsonNode b = d.get(0);
                if (id >= 0) {
                    tracked.add(new MotMetrics.Box((int) id, d.get(1).asInt(), (float) b.get(0).asDouble(),
                            (float) b.get(1).asDouble(), (float) b.get(2).asDouble(), (float) b.get(3).asDouble()));
                }
            }
            if (frame < SCENE.frames()) {
                metrics.addSceneFrame(frame, SCENE.groundTruth(frame), tracked);
            }
        }
        return metrics.result();
    }

    /** Track ids of every object_left of a stream. */
    private static Set<Long> leftIds(List<JsonNode> all, String stream) {
        Set<Long> ids = new HashSet<>();
        for (JsonNode r : all) {
            if (r.path("stream_id").asText().equals(stream) && r.path("event").asText().equals("object_left")) {
                ids.add(r.path("track_id").asLong());
            }
        }
        return ids;
    }

    /** What a dashboard would count over one play of the video. */
    private record Counts(int entered, int left, int in, int out, int zoneEntered, List<String> keys, Set<Long> enteredIds) {

        static Counts of(TrackingScene scene) {
            List<SceneEvent> crossings = scene.crossings(TrackingScene.STANDARD_LINE, BoxAnchor.BOTTOM_CENTER);
            List<SceneEvent> objects = scene.objectEvents();
            return new Counts(count(objects, SceneEvent.Type.OBJECT_ENTERED), count(objects, SceneEvent.Type.OBJECT_LEFT),
                    count(crossings, SceneEvent.Type.LINE_CROSSED_IN), count(crossings, SceneEvent.Type.LINE_CROSSED_OUT),
                    count(scene.zoneEvents(TrackingScene.STANDARD_ZONE, BoxAnchor.BOTTOM_CENTER), SceneEvent.Type.ZONE_ENTERED),
                    List.of(), Set.of());
        }

        static Counts of(List<JsonNode> all, String stream, Predicate<JsonNode> inFirstPlay) {
            int entered = 0;
            int left = 0;
            int in = 0;
            int out = 0;
            int zone = 0;
            List<String> keys = new ArrayList<>();
            Set<Long> enteredIds = new HashSet<>();
            for (JsonNode r : all) {
                if (!r.path("stream_id").asText().equals(stream) || !r.has("track_id") || !inFirstPlay.test(r)) {
                    continue;
                }
                String kind = r.path("event").asText();
                switch (kind) {
                    case "object_entered" -> {
                        entered++;
                        enteredIds.add(r.path("track_id").asLong());
                    }
                    case "object_left" -> left++;
                    case "zone_entered" -> zone++;
                    case "line_crossed" -> {
                        if (r.path("direction").asText().equals("in")) {
                            in++;
                        } else {
                            out++;
                        }
                    }
                    default -> { }
                }
                keys.add(r.path("track_id").asLong() + "/" + kind + "/" + r.path("zone").asText(r.path("line").asText())
                        + "/" + r.path("occurrence").asInt());
            }
            return new Counts(entered, left, in, out, zone, keys, enteredIds);
        }

        private static int count(List<SceneEvent> events, SceneEvent.Type type) {
            return (int) events.stream().filter(e -> e.type() == type).count();
        }

        @Override
        public String toString() {
            Set<String> unique = new HashSet<>(keys);
            return String.format("objects entered %d, left %d | line in %d, out %d | zone entered %d | %d events, %d unique",
                    entered, left, in, out, zoneEntered, keys.size(), unique.size());
        }
    }
}
