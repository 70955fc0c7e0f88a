package io.streamyolo.job;

import static io.streamyolo.testing.CommandFile.append;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamyolo.testing.BackgroundLog;
import io.streamyolo.testing.RtspTestEnv;
import io.streamyolo.testing.ShippedFootage;
import io.streamyolo.testing.ShippedModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on real footage: the hall clip (people walking into a room one at a time, 768x432
 * H.264 at 10 fps, 139 s) through the real RTSP server, detected by the shipped YOLOX-Nano model.
 * Six people walk in over the clip (counted by looking at its frames), one at a time: each comes
 * in from the bottom of the picture, walks up to the table, stands there and leaves to the right.
 * Each must be one {@code object_entered} person; the line across the room counts them walking in
 * (up the picture: "in"), the line by the right wall walking out (to the right: "out"). Two
 * cameras play the clip at once, one with motion gating (the default) and one detecting every
 * frame: gating skips most frames and counts the same people.
 */
class RealFootageJobITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    /** The people who walk into the hall over the clip, counted on its frames. */
    private static final int PEOPLE = 6;
    private static final int HALL_FRAMES = 1394;
    private static final int HALL_FPS = 10;
    /**
     * Across the room, left to right: walking away from the camera (up the picture) is "in"; by the
     * right wall, bottom to top: walking to the right is "out".
     */
    private static final String HALL_LINES = "\"lines\":[{\"name\":\"room\",\"a\":[0,0.62],\"b\":[1,0.62],\"in\":\"left\",\"anchor\":\"center\"},"
            + "{\"name\":\"exit\",\"a\":[0.72,1],\"b\":[0.72,0],\"in\":\"left\",\"anchor\":\"center\"}]";

    @Test
    void testHallCountsEveryPersonWhoWalksInWithAndWithoutMotionGating(@TempDir Path dir) throws Exception {
        Path control = dir.resolve("commands.jsonl");
        JobOptions options = JobOptions.parse(new String[] {
            "--model", ShippedModels.path(ShippedModels.YOLOX_NANO).toString(), "--control-file", control.toString(),
            "--summary-interval-s", "0", "--checkpoint-interval-ms", "5000"
        });
        // A file: mount plays the clip from its start for each client: both cameras see the same video.
        try (RtspTestEnv server = new RtspTestEnv("hall=file:" + ShippedFootage.path(ShippedFootage.HALL)).start()) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.enableCheckpointing(5000);
            CloseableIterator<String> it = DetectionJob.build(env, options).map(r -> r.json()).executeAndCollect("hall-test");
            try (BackgroundLog<JsonNode> log = JobResults.collect(it)) {
                // At the clip's 10 fps: "gated" skips the model where nothing moves (the default),
                // "every" detects every frame.
                String camera = "\"rtsp\":\"" + server.url("hall") + "\",\"max_fps\":0,\"classes\":[\"person\"]," + HALL_LINES;
                append(control, "{\"type\":\"START\",\"stream_id\":\"gated\"," + camera + "}",
                        "{\"type\":\"START\",\"stream_id\":\"every\",\"motion\":\"off\"," + camera + "}");
                // The clip plays once in real time; then the server ends the session and the camera
                // reconnects to a new play: 3 s into it, the last person's object_left is out (a
                // gated camera of an empty room is detected at least every keepalive, 5 s).
                for (String stream : List.of("gated", "every")) {
                    log.await(r -> r.path("stream_id").asText().equals(stream)
                            && r.path("frame_seq").asLong() >= HALL_FRAMES + 3 * HALL_FPS, Duration.ofSeconds(300));
                }
                List<JsonNode> all = log.items();
                append(control, "{\"type\":\"SHUTDOWN\"}");
                log.awaitFinished(Duration.ofSeconds(30));

                HallCounts gated = HallCounts.of(all, "gated");
                HallCounts every = HallCounts.of(all, "every");
                System.out.printf("hall, people counted on the clip: %d%n gated: %s%n every: %s%n", PEOPLE, gated, every);
                gated.timeline.forEach((seq, what) -> System.out.printf("  %6.1f s  %s%n", seq / (double) HALL_FPS, what));
                // Measured (2 cores, other builds beside it), one camera detecting every frame at
                // 10 fps: 6-7 people entered (the 7th: a standing person's track broke when frames
                // were missed under load), room line in 5 of 6 (one person is first seen above the
                // line), exit line out 4-6.
                for (HallCounts c : List.of(gated, every)) {
                    assertThat(c.entered).as("%s: people entered", c.stream).isBetween(PEOPLE - 1, PEOPLE + 1);
                    assertThat(c.left).as("%s: people left", c.stream).isEqualTo(c.entered);
                    assertThat(c.in).as("%s: walked in", c.stream).isBetween(PEOPLE - 2, PEOPLE);
                    assertThat(c.exitOut).as("%s: walked out", c.stream).isBetween(PEOPLE - 3, PEOPLE);
                    // Nobody walks the other way.
                    assertThat(c.out).isZero();
                    assertThat(c.exitIn).isZero();
                }
                // Gating skips the model in the empty room between people and while they stand
                // still, and counts the same people.
                assertThat(every.detectedFrames).isGreaterThan(HALL_FRAMES / 2);
                assertThat(gated.detectedFrames).isLessThanOrEqualTo(HALL_FRAMES / 2);
                assertThat(Math.abs(gated.entered - every.entered)).isLessThanOrEqualTo(1);
            }
        }
    }

    /** What a camera reported over the clip's first play. */
    private static final class HallCounts {
        final String stream;
        int detectedFrames;
        int entered;
        int left;
        int in;
        int out;
        int exitIn;
        int exitOut;
        final TreeMap<Long, String> timeline = new TreeMap<>();

        private HallCounts(String stream) {
            this.stream = stream;
        }

        static HallCounts of(List<JsonNode> all, String stream) {
            HallCounts c = new HallCounts(stream);
            for (JsonNode r : all) {
                if (!r.path("stream_id").asText().equals(stream) || r.path("frame_seq").asLong(Long.MAX_VALUE) >= HALL_FRAMES) {
                    continue;
                }
                long seq = r.path("frame_seq").asLong();
                long track = r.path("track_id").asLong();
                switch (r.path("event").asText()) {
                    case "detections" -> c.detectedFrames++;
                    case "object_entered" -> {
                        c.entered++;
                        c.note(seq, "entered #" + track);
                    }
                    case "object_left" -> {
                        c.left++;
                        c.note(seq, "left #" + track);
                    }
                    case "line_crossed" -> {
                        boolean room = r.path("line").asText().equals("room");
                        boolean in = r.path("direction").asText().equals("in");
                        if (room && in) {
                            c.in++;
                        } else if (room) {
                            c.out++;
                        } else if (in) {
                            c.exitIn++;
                        } else {
                            c.exitOut++;
                        }
                        c.note(seq, r.path("line").asText() + " " + r.path("direction").asText() + " #" + track);
                    }
                    default -> { }
                }
            }
            return c;
        }

        private void note(long seq, String what) {
            timeline.merge(seq, what, (a, b) -> a + ", " + b);
        }

        @Override
        public String toString() {
            return String.format("%d frames detected; people entered %d, left %d; room line in %d, out %d; exit line in %d, out %d",
                    detectedFrames, entered, left, in, out, exitIn, exitOut);
        }
    }
}
