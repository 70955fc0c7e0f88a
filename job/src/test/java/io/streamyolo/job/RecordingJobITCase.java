package io.streamyolo.job;

import static io.streamyolo.testing.CommandFile.append;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamyolo.job.detect.DetectionResult;
import io.streamyolo.job.sink.EventStoreSinks;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.StoredClip;
import io.streamyolo.testing.BackgroundLog;
import io.streamyolo.testing.RtspTestEnv;
import io.streamyolo.testing.ShippedFootage;
import io.streamyolo.testing.ShippedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording in the whole job, from real cameras through the real RTSP server: the hall clip as an
 * H.264 camera recording event clips of people, the shop clip looped as an HEVC camera whose
 * never-ending event is cut into parts, and a camera whose directory cannot be made. The clips are
 * read back with FFmpeg, and found in the event store.
 */
class RecordingJobITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    private static final double PRE_ROLL = 2;
    private static final double POST_ROLL = 2;
    private static final double MAX_CLIP = 4;

    @Test
    void testEventClipsFromTheCamerasOwnPacketsReachTheStoreAndAnUnwritableDirectoryIsAnError(@TempDir Path dir) throws Exception {
        Path control = dir.resolve("commands.jsonl");
        Path recordings = Files.createDirectories(dir.resolve("recordings"));
        Files.writeString(recordings.resolve("blocked"), "a file where the camera's directory would be");
        String store = "jdbc:sqlite:" + dir.resolve("events.db");
        JobOptions options = JobOptions.parse(new String[] {
            "--model", ShippedModels.path(ShippedModels.YOLOX_NANO).toString(), "--control-file", control.toString(),
            "--summary-interval-s", "0", "--checkpoint-interval-ms", "5000", "--store", store, "--recordings", recordings.toString()
        });
        EventStore.open(store).close(); // the schema, as the job's main makes it at submission
        try (RtspTestEnv server = new RtspTestEnv("hall=file:" + ShippedFootage.path(ShippedFootage.HALL),
                "shop=loop:" + ShippedFootage.path(ShippedFootage.SHOP)).start()) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.enableCheckpointing(5000);
            SingleOutputStreamOperator<DetectionResult> results = DetectionJob.build(env, options);
            EventStoreSinks.attach(results, store, 0);
            CloseableIterator<String> it = results.map(r -> r.json()).executeAndCollect("recording-test");
            try (BackgroundLog<JsonNode> log = JobResults.collect(it)) {
                String record = ",\"classes\":[\"person\"],\"record\":\"events\",\"record_classes\":[\"person\"],\"pre_roll\":" + PRE_ROLL
                        + ",\"post_roll\":" + POST_ROLL;
                // Only the shop's clips are cut into parts: its people never leave.
                String shopRecord = record + ",\"max_clip\":" + MAX_CLIP;
                append(control,
                        "{\"type\":\"START\",\"stream_id\":\"hall\",\"rtsp\":\"" + server.url("hall") + "\",\"max_fps\":5" + record + "}",
                        "{\"type\":\"START\",\"stream_id\":\"shop\",\"rtsp\":\"" + server.url("shop") + "\",\"max_fps\":2" + shopRecord + "}",
                        "{\"type\":\"START\",\"stream_id\":\"blocked\",\"rtsp\":\"" + server.url("hall") + "\",\"max_fps\":2" + record + "}");
                JsonNode hallClip = log.await(r -> isClip(r, "hall"), Duration.ofSeconds(180));
                List<JsonNode> shopClips = new ArrayList<>();
                shopClips.add(log.await(r -> isClip(r, "shop"), Duration.ofSeconds(60)));
                JsonNode blockedError = log.await(r -> r.path("stream_id").asText().equals("blocked")
                        && r.path("event").asText().equals("error"), Duration.ofSeconds(60));
                // The camera whose recording fails goes on being detected.
                long blockedFrames = log.items().stream().filter(r -> r.path("stream_id").asText().equals("blocked")
                        && r.path("event").asText().equals("detections")).count();
                log.await(r -> r.path("stream_id").asText().equals("blocked") && r.path("event").asText().equals("detections")
                        && r.path("frame_seq").asLong() > blockedFrames + 5, Duration.ofSeconds(30));
                List<JsonNode> all = log.items();
                append(control, "{\"type\":\"SHUTDOWN\"}");
                log.awaitFinished(Duration.ofSeconds(30));

                System.out.println("hall clip: " + hallClip + "\nshop clip: " + shopClips.get(0) + "\nerror: " + blockedError);
                assertThat(blockedError.path("reason").asText()).contains("recording").contains(recordings.resolve("blocked").toString());

                // The hall clip: H.264, whole, from a keyframe; it covers its tracks' events, from
                // the pre-roll before the first to the post-roll after the last frame with them.
                Clip hall = Clip.of(hallClip);
                assertThat(hall.codec).isEqualTo("h264");
                assertThat(hall.tracks).isNotEmpty();
                long firstSeen = Long.MAX_VALUE;
                long lastSeen = Long.MIN_VALUE;
                for (JsonNode r : all) {
                    if (r.path("stream_id").asText().equals("hall") && r.path("event").asText().equals("detections")) {
                        List<Long> shown = new ArrayList<>();
                        r.path("track_ids").forEach(id -> shown.add(id.asLong()));
                        r.path("predicted").forEach(b -> shown.add(b.path("track_id").asLong()));
                        if (shown.stream().anyMatch(hall.tracks::contains)) {
                            firstSeen = Math.min(firstSeen, r.path("capture_ts").asLong());
                            lastSeen = Math.max(lastSeen, r.path("capture_ts").asLong());
                        }
                    }
                }
                System.out.printf("hall clip %d..%d ms, its tracks seen %d..%d ms; its line came %d ms after its end%n", hall.startMs,
                        hall.endMs, firstSeen, lastSeen, hallClip.path("ts").asLong() - hall.endMs);
                assertThat(hall.startMs).as("starts at the keyframe at or before the pre-roll").isLessThanOrEqualTo(
                        firstSeen - (long) (PRE_ROLL * 1000) + 500);
                assertThat(hall.endMs).as("ends the post-roll after its last frame")
                        .isBetween(lastSeen + (long) (POST_ROLL * 1000) - 500, lastSeen + (long) (POST_ROLL * 1000) + 500);
                hall.assertPlaysWhole();

                // The shop's people never leave: its event is cut into parts of about max_clip.
                Clip shop = Clip.of(shopClips.get(0));
                assertThat(shop.codec).isEqualTo("hevc");
                shop.assertPlaysWhole();
                // Parts are cut at keyframes, and the shop clip has one every 8.3 s (read with
                // FFmpeg: at 0, 8.3 and 16.7 s): a part is longer than max_clip by up to that.
                assertThat(shop.endMs - shop.startMs).isBetween((long) (MAX_CLIP * 1000) - 500, (long) (MAX_CLIP * 1000) + 8400);

                // The store has the clips, with files that exist.
                try (EventStore events = EventStore.open(store)) {
                    List<StoredClip> stored = events.clips().ofCamera("hall", null, 0, Long.MAX_VALUE, 10, 0);
                    assertThat(stored).extracting(StoredClip::file).contains(hall.file.toString());
                    assertThat(events.clips().ofCamera("shop", null, 0, Long.MAX_VALUE, 10, 0)).isNotEmpty()
                            .allSatisfy(c -> assertThat(Path.of(c.file())).exists());
                }
                try (Stream<Path> files = Files.walk(recordings)) {
                    assertThat(files.filter(f -> f.toString().endsWith(".part")).toList()).as("no temporary file left").isEmpty();
                }
            }
        }
    }

    private static boolean isClip(JsonNode r, String stream) {
        return r.path("stream_id").asText().equals(stream) && r.path("event").asText().equals("clip");
    }

    /** A clip line, and its file as FFmpeg reads it. */
    private record Clip(Path file, String codec, long startMs, long endMs, List<Long> tracks) {

        static Clip of(JsonNode line) {
            List<Long> tracks = new ArrayList<>();
            line.path("track_ids").forEach(t -> tracks.add(t.asLong()));
            return new Clip(Path.of(line.path("file").asText()), line.path("codec").asText(), line.path("start_ms").asLong(),
                    line.path("end_ms").asLong(), tracks);
        }

        /** FFmpeg reads every frame; the first is a keyframe; its length is its time span's, within 0.5 s. */
        void assertPlaysWhole() throws Exception {
            assertThat(file).exists();
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
                grabber.start();
                long durationMs = grabber.getLengthInTime() / 1000;
                double fps = grabber.getFrameRate();
                int frames = 0;
                boolean firstKey = false;
                for (Frame f = grabber.grabImage(); f != null; f = grabber.grabImage()) {
                    firstKey = frames == 0 ? f.keyFrame : firstKey;
                    frames++;
                }
                System.out.printf("%s: %d frames, %d ms, %.1f fps%n", file.getFileName(), frames, durationMs, fps);
                assertThat(firstKey).as("first frame is a keyframe").isTrue();
                assertThat(durationMs).as("length against its time span").isBetween(endMs - startMs - 500, endMs - startMs + 500);
                assertThat(frames).as("every frame decodes").isGreaterThanOrEqualTo((int) ((endMs - startMs) / 1000.0 * fps * 0.9));
            }
        }
    }
}
