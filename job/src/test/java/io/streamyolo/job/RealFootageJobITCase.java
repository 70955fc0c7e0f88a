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
 * (up the picture: "in"), the line by the right wall walking out (to the right: "out").
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
    void testHallCountsEveryPersonWhoWalksIn(@TempDir Path dir) throws Exception {
        Path control = dir.resolve("commands.jsonl");
        JobOptions options = JobOptions.parse(new String[] {
            "--model", ShippedModels.path(ShippedModels.YOLOX_NANO).toString(), "--control-file", control.toString(),
            "--summary-interval-s", "0", "--checkpoint-interval-ms", "5000"
        });
        try (RtspTestEnv server = new RtspTestEnv("hall=file:" + ShippedFootage.path(ShippedFootage.HALL)).start()) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.enableCheckpointing(5000);
            CloseableIterator<String> it = DetectionJob.build(env, options).map(r -> r.json()).executeAndCollect("hall-test");
            try (BackgroundLog<JsonNode> log = JobResults.collect(it)) {
                append(control, "{\"type\":\"START\",\"stream_id\":\"hall\",\"rtsp\":\"" + server.url("hall") + "\","
                        + "\"classes\":[\"person\"]," + HALL_LINES + "}");
                // The clip plays once in real time; then the server ends the session and the camera
                // reconnects to a new play: 3 s into it, the last person's object_left is out.
                log.await(r -> r.path("stream_id").asText().equals("hall")
                        && r.path("frame_seq").asLong() >= HALL_FRAMES + 3 * HALL_FPS, Duration.ofSeconds(240));
                List<JsonNode> all = log.items();
                append(control, "{\"type\":\"SHUTDOWN\"}");
                log.awaitFinished(Duration.ofSeconds(30));

                int entered = 0;
                int left = 0;
                int in = 0;
                int out = 0;
                int exitIn = 0;
                int exitOut = 0;
                int detectedFrames = 0;
                TreeMap<Long, String> timeline = new TreeMap<>();
                for (JsonNode r : all) {
                    if (!r.path("stream_id").asText().equals("hall") || r.path("frame_seq").asLong(Long.MAX_VALUE) >= HALL_FRAMES) {
                        continue;
                    }
                    String event = r.path("event").asText();
                    long seq = r.path("frame_seq").asLong();
                    switch (event) {
                        case "detections" -> detectedFrames++;
                        case "object_entered" -> {
                            entered++;
                            timeline.merge(seq, "entered #" + r.path("track_id").asLong(), (a, b) -> a + ", " + b);
                        }
                        case "object_left" -> {
                            left++;
                            timeline.merge(seq, "left #" + r.path("track_id").asLong(), (a, b) -> a + ", " + b);
                        }
                        case "line_crossed" -> {
                            String direction = r.path("direction").asText();
                            boolean room = r.path("line").asText().equals("room");
                            if (direction.equals("in")) {
                                if (room) {
                                    in++;
                                } else {
                                    exitIn++;
                                }
                            } else if (room) {
                                out++;
                            } else {
                                exitOut++;
                            }
                            timeline.merge(seq, r.path("line").asText() + " " + direction + " #" + r.path("track_id").asLong(),
                                    (a, b) -> a + ", " + b);
                        }
                        default -> { }
                    }
                }
                System.out.printf("hall: %d frames detected; people entered %d (counted on the clip: %d), left %d;"
                        + " room line in %d, out %d; exit line in %d, out %d%n", detectedFrames, entered, PEOPLE, left, in, out, exitIn, exitOut);
                timeline.forEach((seq, what) -> System.out.printf("  %6.1f s  %s%n", seq / (double) HALL_FPS, what));
                // Measured (2 cores, other builds beside it): 921-1223 frames detected, 6-7 people
                // entered (the 7th: one standing person's track broke when frames were missed under
                // load), room line in 5 of 6 (one person is first seen above the line), exit out 4.
                assertThat(detectedFrames).isGreaterThan(HALL_FRAMES / 2);
                assertThat(entered).isBetween(PEOPLE - 1, PEOPLE + 1);
                assertThat(left).isEqualTo(entered);
                assertThat(in).isBetween(PEOPLE - 2, PEOPLE);
                assertThat(exitOut).isBetween(PEOPLE - 3, PEOPLE);
                // Nobody walks the other way.
                assertThat(out).isZero();
                assertThat(exitIn).isZero();
            }
        }
    }
}
