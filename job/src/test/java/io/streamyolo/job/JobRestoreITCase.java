package io.streamyolo.job;

import static io.streamyolo.job.JobResults.detections;
import static io.streamyolo.job.JobResults.event;
import static io.streamyolo.job.DetectionJobITCase.start;
import static io.streamyolo.testing.CommandFile.append;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamyolo.testing.ShippedModels;
import io.streamyolo.scene.SceneVideo;
import io.streamyolo.scene.SyntheticScene;
import io.streamyolo.testing.BackgroundLog;
import io.streamyolo.testing.RtspTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job upgraded through a savepoint at another parallelism: streams come back without
 * commands, an UPDATE's threshold and classes and a per-stream MODEL choice still apply, the new
 * build's default threshold applies to the others, and frame_seq goes on.
 */
class JobRestoreITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static JobClient submit(JobOptions options, int parallelism, String savepoint, AtomicReference<BackgroundLog<JsonNode>> logOut) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.enableCheckpointing(1000);
        CloseableIterator<String> results = DetectionJob.build(env, options).map(r -> r.json()).collectAsync();
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName("job-restore-test-" + parallelism);
        if (savepoint != null) {
            // The test's collect sink has no counterpart in the savepoint: allow that.
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, true));
        }
        JobClient client = env.executeAsync(graph);
        logOut.set(JobResults.collect(results));
        return client;
    }

    private static long maxTrackId(List<JsonNode> results, String streamId) {
        return results.stream().filter(n -> n.path("stream_id").asText().equals(streamId))
                .mapToLong(n -> n.path("track_id").asLong(-1)).max().orElse(-1);
    }

    private static long maxFrameSeq(List<JsonNode> results) {
        return results.stream().mapToLong(n -> n.path("frame_seq").asLong()).max().orElse(-1);
    }

    @Test
    void testUpgradeThroughSavepointAtLowerParallelism(@TempDir Path dir) throws Exception {
        Path videos = Path.of("target/test-videos");
        String[] mounts = {
            "v0=file:" + SceneVideo.write(new SyntheticScene(118, 640, 360, 4), 900, 15, videos).toAbsolutePath(),
            "v1=file:" + SceneVideo.write(new SyntheticScene(121, 640, 360, 4), 900, 15, videos).toAbsolutePath()
        };
        Path control = dir.resolve("commands.jsonl");
        // The model directory holds the shapes model under a second name, for a per-stream MODEL.
        Path models = Files.createDirectories(dir.resolve("models"));
        Path shapes = ShippedModels.path(ShippedModels.SHAPES);
        Files.copy(shapes, models.resolve(shapes.getFileName()));
        Files.copy(shapes, models.resolve("shapes-b.torchscript"));
        Files.copy(shapes.resolveSibling("shapes-yolo-320.names"), models.resolve("shapes-yolo-320.names"));
        Files.copy(shapes.resolveSibling("shapes-yolo-320.names"), models.resolve("shapes-b.names"));
        String model = models.resolve(shapes.getFileName()).toString();
        JobOptions before = JobOptions.parse(new String[] {
            "--model", model, "--control-file", control.toString(), "--batch-size", "2", "--summary-interval-s", "0"
        });
        // The new build: another default threshold.
        JobOptions after = JobOptions.parse(new String[] {
            "--model", model, "--control-file", control.toString(), "--batch-size", "2", "--summary-interval-s", "0",
            "--conf", "0.5"
        });
        try (RtspTestEnv server = new RtspTestEnv(mounts).start()) {
            AtomicReference<BackgroundLog<JsonNode>> log = new AtomicReference<>();
            JobClient first = submit(before, 2, null, log);
            long t0 = System.currentTimeMillis();
            append(control, start("a", server.url("v0")), start("b", server.url("v1")));
            log.get().await(event("a", "detections"), t0, Duration.ofSeconds(60));
            log.get().await(event("b", "detections"), t0, Duration.ofSeconds(60));
            long updateAt = System.currentTimeMillis();
            append(control, "{\"type\":\"UPDATE\",\"stream_id\":\"a\",\"conf\":0.6,\"classes\":[0]}",
                    "{\"type\":\"MODEL\",\"stream_id\":\"b\",\"model\":\"shapes-b.torchscript\"}");
            log.get().await(n -> n.path("stream_id").asText().equals("b") && n.path("model").asText().equals("shapes-b.torchscript"),
                    Duration.ofSeconds(30));
            log.get().await(n -> n.path("stream_id").asText().equals("a") && n.path("_received").asLong() > updateAt + 2000,
                    Duration.ofSeconds(20));

            long stopAt = System.currentTimeMillis();
            String savepoint = first.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get();
            first.getJobExecutionResult().get();
            log.get().close();
            long lastSeqA = maxFrameSeq(log.get().items(detections("a")));
            long lastSeqB = maxFrameSeq(log.get().items(detections("b")));
            long lastTrackB = maxTrackId(log.get().items(), "b");
            System.out.printf("stopped with savepoint in %d ms; last frame_seq a=%d, b=%d%n",
                    System.currentTimeMillis() - stopAt, lastSeqA, lastSeqB);

            // Restore at parallelism 1 with the new build; no command is sent.
            long restoreAt = System.currentTimeMillis();
            JobClient second = submit(after, 1, savepoint, log);
            log.get().await(event("a", "detections"), restoreAt, Duration.ofSeconds(60));
            log.get().await(event("b", "detections"), restoreAt, Duration.ofSeconds(60));
            System.out.printf("restore to results of both streams: %d ms%n", System.currentTimeMillis() - restoreAt);
            Thread.sleep(5000);
            List<JsonNode> a = log.get().items(detections("a"));
            List<JsonNode> b = log.get().items(detections("b"));
            System.out.printf("after restore: a=%d results from frame_seq %d, b=%d results from frame_seq %d%n",
                    a.size(), a.get(0).path("frame_seq").asLong(), b.size(), b.get(0).path("frame_seq").asLong());
            assertThat(a.size()).isGreaterThan(10);
            assertThat(b.size()).isGreaterThan(10);

            // frame_seq goes on from where each stream stopped.
            assertThat(a.get(0).path("frame_seq").asLong()).isGreaterThan(lastSeqA);
            assertThat(b.get(0).path("frame_seq").asLong()).isGreaterThan(lastSeqB);
            for (List<JsonNode> stream : List.of(a, b)) {
                for (int i = 1; i < stream.size(); i++) {
                    assertThat(stream.get(i).path("frame_seq").asLong()).isGreaterThan(stream.get(i - 1).path("frame_seq").asLong());
                }
            }

            // a's UPDATE and b's MODEL survived; b has the new default threshold and all classes.
            assertThat(a).allSatisfy(r -> assertThat(r.path("model").asText()).isEqualTo("shapes-yolo-320.torchscript"));
            assertThat(b).allSatisfy(r -> assertThat(r.path("model").asText()).isEqualTo("shapes-b.torchscript"));
            long objectsA = 0;
            for (JsonNode r : a) {
                for (JsonNode d : r.path("data")) {
                    assertThat(d.get(1).asInt()).isZero();
                    assertThat(d.get(2).asDouble()).isGreaterThanOrEqualTo(0.6);
                    objectsA++;
                }
            }
            boolean otherClassesB = false;
            for (JsonNode r : b) {
                for (JsonNode d : r.path("data")) {
                    assertThat(d.get(2).asDouble()).isGreaterThanOrEqualTo(0.5);
                    otherClassesB |= d.get(1).asInt() != 0;
                }
            }
            assertThat(objectsA).as("objects of class 0 detected on a").isPositive();

            // Track ids go on across the upgrade: the restored tracker never hands out an id again.
            // (The RTSP server plays the video from its start for the new connection, so the
            // objects jump and b's tracks are new ones.)
            List<Long> newTracksB = log.get().items().stream()
                    .filter(n -> n.path("stream_id").asText().equals("b") && n.path("event").asText().equals("object_entered"))
                    .map(n -> n.path("track_id").asLong()).toList();
            System.out.printf("b: last track id before the upgrade %d, new tracks after it %s%n", lastTrackB, newTracksB);
            assertThat(lastTrackB).isPositive();
            assertThat(newTracksB).isNotEmpty().allSatisfy(id -> assertThat(id).isGreaterThan(lastTrackB));
            assertThat(otherClassesB).as("b detects other classes than 0").isTrue();

            append(control, "{\"type\":\"SHUTDOWN\"}");
            log.get().awaitFinished(Duration.ofSeconds(30));
            second.getJobExecutionResult().get();
        }
    }
}
