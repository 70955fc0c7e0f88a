package io.streamyolo.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.job.sink.ResultSinks;
import io.streamyolo.testing.ShippedModels;
import io.streamyolo.testing.KafkaTestEnv;
import io.streamyolo.testing.RtspTestEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InternalMiniClusterExtension;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code --exactly-once}, a TaskManager that dies mid-run costs no result twice: the job
 * goes back to its last checkpoint on a new TaskManager, the results of the failed attempt are
 * never committed, and {@code read_committed} consumers see each (stream, frame_seq) once.
 */
class KafkaExactlyOnceITCase {

    @RegisterExtension
    static final InternalMiniClusterExtension MINI_CLUSTER = new InternalMiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long CHECKPOINT_MILLIS = 4000;

    @Test
    void testNoResultTwiceAfterATaskManagerDies(@TempDir Path dir) throws Exception {
        MiniCluster cluster = MINI_CLUSTER.getMiniCluster();
        try (KafkaTestEnv kafka = new KafkaTestEnv(dir).start();
                RtspTestEnv camera = new RtspTestEnv("cam=live:320x240@10").start()) {
            kafka.createTopic("commands", 1);
            kafka.createTopic("detections", 1);
            JobOptions options = JobOptions.parse(new String[] {
                "--model", ShippedModels.path(ShippedModels.SHAPES).toString(), "--kafka-bootstrap", kafka.bootstrapServers(),
                "--control-topic", "commands", "--results-topic", "detections", "--exactly-once", "--summary-interval-s", "0"
            });
            TestStreamEnvironment env = new TestStreamEnvironment(cluster, 1);
            env.enableCheckpointing(CHECKPOINT_MILLIS);
            ResultSinks.attach(DetectionJob.build(env, options), kafka.bootstrapServers(), "detections", options.exactlyOnce);
            JobClient job = env.executeAsync("exactly-once-test");
            kafka.send("commands", "{\"type\":\"START\",\"stream_id\":\"k1\",\"rtsp\":\"" + camera.url("cam") + "\"}");

            List<JsonNode> committed = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = kafka.consumer("reader-committed", "read_committed")) {
                consumer.subscribe(List.of("detections"));
                pollUntil(consumer, committed, 10, Duration.ofSeconds(90));
                // Half-way between two checkpoints, so that the open transaction holds results.
                pollUntil(consumer, committed, committed.size() + 1, Duration.ofSeconds(30));
                Thread.sleep(CHECKPOINT_MILLIS / 2);

                // The TaskManager dies; a new one takes over the job from its last checkpoint.
                long killedAt = System.currentTimeMillis();
                cluster.terminateTaskManager(0).get();
                cluster.startTaskManager();
                int before = committed.size();
                pollUntil(consumer, committed, before + 10, Duration.ofSeconds(120));
                long resumed = committed.stream().filter(n -> n.path("emit_ts").asLong() > killedAt)
                        .mapToLong(n -> n.path("emit_ts").asLong()).min().orElseThrow();
                System.out.printf("TaskManager killed: committed results again %d ms later%n", resumed - killedAt);

                kafka.send("commands", "{\"type\":\"SHUTDOWN\"}");
                job.getJobExecutionResult().get();
                pollUntil(consumer, committed, Integer.MAX_VALUE, Duration.ofSeconds(3));
            }
            List<JsonNode> everything = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = kafka.consumer("reader-uncommitted", "read_uncommitted")) {
                consumer.subscribe(List.of("detections"));
                pollUntil(consumer, everything, Integer.MAX_VALUE, Duration.ofSeconds(5));
            }

            List<Long> seqs = committed.stream().map(n -> n.path("frame_seq").asLong()).toList();
            long duplicatesInLog = everything.size() - new HashSet<>(everything.stream().map(n -> n.path("frame_seq").asLong()).toList()).size();
            System.out.printf("committed results: %d, none twice; written to the topic in all: %d (%d in aborted transactions),"
                    + " %d of them with a frame_seq that was used again after the failure%n",
                    committed.size(), everything.size(), everything.size() - committed.size(), duplicatesInLog);
            Set<Long> unique = new HashSet<>(seqs);
            assertThat(unique).as("committed frame_seq values are unique").hasSize(seqs.size());
            for (int i = 1; i < seqs.size(); i++) {
                assertThat(seqs.get(i)).as("frame_seq increases in the topic").isGreaterThan(seqs.get(i - 1));
            }
            assertThat(committed.size()).isGreaterThanOrEqualTo(20);
            assertThat(everything.size()).as("results of the failed attempt reached the topic, uncommitted").isGreaterThan(committed.size());
        }
    }

    /** Reads k1's detections until there are {@code count} of them or the time is up. */
    private static void pollUntil(KafkaConsumer<String, String> consumer, List<JsonNode> into, int count, Duration timeout)
            throws Exception {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (into.size() < count && System.currentTimeMillis() < deadline) {
            for (var r : consumer.poll(Duration.ofMillis(300))) {
                JsonNode n = MAPPER.readTree(r.value());
                if (n.path("event").asText().equals("detections") && n.path("stream_id").asText().equals("k1")) {
                    into.add(n);
                }
            }
        }
        if (count != Integer.MAX_VALUE && into.size() < count) {
            throw new AssertionError("only " + into.size() + " of " + count + " results within " + timeout);
        }
    }
}
