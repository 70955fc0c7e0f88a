package io.streamyolo.job;

import static io.streamyolo.testing.CommandFile.append;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamyolo.scene.SceneVideo;
import io.streamyolo.scene.SyntheticScene;
import io.streamyolo.testing.BackgroundLog;
import io.streamyolo.testing.ShippedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Makes the savepoint that {@link SavepointCompatibilityITCase} restores: run on the build whose
 * state the current one must still read, it takes a savepoint of two cameras with settings of
 * every kind and writes it, with what the cameras last reported, under the directory given.
 * It runs only when asked:
 *
 * <pre>
 * git worktree add /tmp/old COMMIT && cp this file into /tmp/old/job/src/test/java/io/streamyolo/job/
 * cd /tmp/old && mvn -o -pl job -am verify -Dtest=none -Dit.test=SavepointFixtureITCase \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Dsavepoint.fixture.out=DIR
 * </pre>
 *
 * The cameras are video files at the same path on every machine ({@code
 * file:///tmp/streamyolo-savepoint-videos/...}, made again from their scenes by the restoring test),
 * so that the savepoint restores in any checkout.
 */
@EnabledIfSystemProperty(named = "savepoint.fixture.out", matches = ".+")
class SavepointFixtureITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    /** The cameras' videos, made the same way by the fixture and by the test that restores it. */
    static List<Path> videos() throws Exception {
        Path dir = Path.of("/tmp/streamyolo-savepoint-videos");
        return List.of(SceneVideo.write(new SyntheticScene(218, 640, 360, 4), 1800, 15, dir),
                SceneVideo.write(new SyntheticScene(221, 640, 360, 4), 1800, 15, dir));
    }

    /** The job's arguments, the same in the fixture and in the test that restores it. */
    static JobOptions options(Path control) {
        return JobOptions.parse(new String[] {
            "--model", ShippedModels.path(ShippedModels.SHAPES).toString(), "--control-file", control.toString(),
            "--allowed-schemes", "rtsp,file", "--summary-interval-s", "0", "--batch-size", "2"
        });
    }

    static final String START_A = "{\"type\":\"START\",\"stream_id\":\"a\",\"rtsp\":\"file://%s\",\"max_fps\":0,\"conf\":0.6,\"classes\":[0],"
            + "\"detect_interval\":2,\"motion\":\"off\",\"priority\":5,"
            + "\"zones\":[{\"name\":\"left\",\"polygon\":[[0,0],[0.5,0],[0.5,1],[0,1]]}],"
            + "\"lines\":[{\"name\":\"mid\",\"a\":[0.5,0],\"b\":[0.5,1],\"in\":\"left\"}]}";
    static final String START_B = "{\"type\":\"START\",\"stream_id\":\"b\",\"rtsp\":\"file://%s\",\"max_fps\":5,"
            + "\"motion_threshold\":0.01,\"keepalive\":2,\"lines\":[{\"name\":\"mid\",\"a\":[0.5,0],\"b\":[0.5,1],\"in\":\"left\"}]}";

    @Test
    void testWriteSavepoint() throws Exception {
        Path out = Path.of(System.getProperty("savepoint.fixture.out")).toAbsolutePath();
        Files.createDirectories(out);
        Path control = out.resolve("commands.jsonl");
        Files.writeString(control, "");
        List<Path> videos = videos();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(1000);
        CloseableIterator<String> results = DetectionJob.build(env, options(control)).map(r -> r.json()).collectAsync();
        StreamGraph graph = env.getStreamGraph();
        JobClient job = env.executeAsync(graph);
        try (BackgroundLog<JsonNode> log = JobResults.collect(results)) {
            append(control, String.format(START_A, videos.get(0)), String.format(START_B, videos.get(1)));
            // Long enough for tracks, zone entries and line crossings on both cameras.
            for (String stream : List.of("a", "b")) {
                log.await(r -> r.path("stream_id").asText().equals(stream) && r.path("event").asText().equals("line_crossed"),
                        Duration.ofSeconds(120));
            }
            String savepoint = job.stopWithSavepoint(false, out.resolve("savepoint").toUri().toString(),
                    SavepointFormatType.CANONICAL).get();
            job.getJobExecutionResult().get();
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode last = mapper.createObjectNode();
            for (String stream : List.of("a", "b")) {
                long seq = -1;
                long track = -1;
                for (JsonNode r : log.items()) {
                    if (r.path("stream_id").asText().equals(stream)) {
                        seq = Math.max(seq, r.path("frame_seq").asLong(-1));
                        track = Math.max(track, r.path("track_id").asLong(-1));
                    }
                }
                last.putObject(stream).put("last_frame_seq", seq).put("last_track_id", track);
            }
            last.put("savepoint", Path.of(java.net.URI.create(savepoint)).getFileName().toString());
            Files.writeString(out.resolve("last-results.json"), last.toPrettyString());
            System.out.println("savepoint " + savepoint + "\n" + last.toPrettyString());
        }
    }
}
