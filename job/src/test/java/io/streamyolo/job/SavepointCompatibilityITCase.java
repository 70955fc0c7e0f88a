package io.streamyolo.job;

import static io.streamyolo.testing.CommandFile.append;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.testing.BackgroundLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.execution.JobClient;
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
 * A savepoint of an earlier build restores in this one: {@code src/test/resources/savepoints/5edbc0a/}
 * was taken by {@link SavepointFixtureITCase} on commit 5edbc0a (stream settings version 6, before
 * recording, before the packet decoder), with two cameras whose settings cover every kind then
 * known. Restored here without a command, both cameras come back with their settings (classes,
 * threshold, detection interval, lines), their frame numbers and track ids go on.
 */
class SavepointCompatibilityITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    private static final Path FIXTURE = Path.of("src/test/resources/savepoints/5edbc0a").toAbsolutePath();

    @Test
    void testSavepointOfCommit5edbc0aRestores(@TempDir Path dir) throws Exception {
        SavepointFixtureITCase.videos(); // the cameras' files, where the savepoint's registry names them
        JsonNode last = new ObjectMapper().readTree(Files.readString(FIXTURE.resolve("last-results.json")));
        Path savepoint = FIXTURE.resolve(last.path("savepoint").asText());
        // The control file as it was: the restored source reads on from where it stopped.
        Path control = Files.copy(FIXTURE.resolve("commands.jsonl"), dir.resolve("commands.jsonl"));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(1000);
        // Results to a queue in this JVM, not to a collect sink: the fixture's collect sink state
        // (its client's offsets) would be restored into a new one and confuse its client.
        DetectionJob.build(env, SavepointFixtureITCase.options(control)).map(r -> r.json()).sinkTo(new QueueSink());
        CloseableIterator<String> results = QueueSink.iterator();
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName("savepoint-compatibility");
        // The fixture's collect sink has no counterpart here: allow that.
        graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint.toUri().toString(), true));
        JobClient job = env.executeAsync(graph);
        try (BackgroundLog<JsonNode> log = JobResults.collect(results)) {
            for (String stream : List.of("a", "b")) {
                log.await(r -> r.path("stream_id").asText().equals(stream) && r.path("event").asText().equals("line_crossed"),
                        Duration.ofSeconds(120));
            }
            List<JsonNode> all = log.items();
            append(control, "{\"type\":\"SHUTDOWN\"}");
            log.awaitFinished(Duration.ofSeconds(30));
            job.getJobExecutionResult().get();

            List<JsonNode> a = all.stream().filter(of("a", "detections")).toList();
            List<JsonNode> b = all.stream().filter(of("b", "detections")).toList();
            System.out.printf("restored: a %d results from frame_seq %d (was %d), b %d from %d (was %d)%n", a.size(),
                    a.get(0).path("frame_seq").asLong(), last.path("a").path("last_frame_seq").asLong(), b.size(),
                    b.get(0).path("frame_seq").asLong(), last.path("b").path("last_frame_seq").asLong());
            // The registry brought both cameras back; their frame numbers go on.
            assertThat(a.get(0).path("frame_seq").asLong()).isGreaterThan(last.path("a").path("last_frame_seq").asLong());
            assertThat(b.get(0).path("frame_seq").asLong()).isGreaterThan(last.path("b").path("last_frame_seq").asLong());
            // a's settings: class 0 at 0.6 or more, and the model on every other frame (interval 2).
            long objectsA = 0;
            for (JsonNode r : a) {
                for (JsonNode d : r.path("data")) {
                    assertThat(d.get(1).asInt()).isZero();
                    assertThat(d.get(2).asDouble()).isGreaterThanOrEqualTo(0.6);
                    objectsA++;
                }
            }
            assertThat(objectsA).isPositive();
            long predicted = a.stream().filter(r -> !r.path("detected").asBoolean(true)).count();
            // About one in two (measured: 52 of 87; a frame's turn can pass to the next); without the
        // interval, none.
        assertThat(predicted).as("a's frames between detections").isBetween(a.size() / 3L, a.size() * 2 / 3L);
            // Both cameras' lines are there (the events above crossed them), and tracks get new ids.
            for (String stream : List.of("a", "b")) {
                long lastTrack = last.path(stream).path("last_track_id").asLong();
                List<Long> entered = all.stream().filter(of(stream, "object_entered")).map(r -> r.path("track_id").asLong()).toList();
                assertThat(entered).as("%s's new tracks", stream).isNotEmpty().allSatisfy(id -> assertThat(id).isGreaterThan(lastTrack));
                assertThat(all.stream().filter(of(stream, "line_crossed"))).allSatisfy(r -> assertThat(r.path("line").asText()).isEqualTo("mid"));
            }
        }
    }

    /** Results into a queue of this JVM (the MiniCluster's), ended when the job ends. */
    private static final class QueueSink implements Sink<String> {
        private static final String END = "\u0000end";
        private static final BlockingQueue<String> QUEUE = new LinkedBlockingQueue<>();

        @Override
        public SinkWriter<String> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(String line, Context c) {
                    QUEUE.add(line);
                }

                @Override
                public void flush(boolean endOfInput) {
                    if (endOfInput) {
                        QUEUE.add(END);
                    }
                }

                @Override
                public void close() {}
            };
        }

        static CloseableIterator<String> iterator() {
            QUEUE.clear();
            return new CloseableIterator<>() {
                private String next;

                @Override
                public boolean hasNext() {
                    if (next == null) {
                        try {
                            next = QUEUE.take();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return false;
                        }
                    }
                    return !END.equals(next);
                }

                @Override
                public String next() {
                    hasNext();
                    String line = next;
                    next = null;
                    return line;
                }

                @Override
                public void close() {
                    QUEUE.add(END); // wakes a waiting hasNext
                }
            };
        }
    }

    private static Predicate<JsonNode> of(String stream, String event) {
        return r -> r.path("stream_id").asText().equals(stream) && r.path("event").asText().equals(event);
    }
}
