package io.streamyolo.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.job.sink.ResultSinks;
import io.streamyolo.testing.ShippedModels;
import io.streamyolo.testing.KafkaTestEnv;
import io.streamyolo.testing.RtspTestEnv;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Commands from a Kafka topic, results to a Kafka topic, on a real broker, read back by a consumer. */
class KafkaDetectionJobITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @Test
    void testCommandsAndResultsThroughKafka(@TempDir java.nio.file.Path dir) throws Exception {
        try (KafkaTestEnv kafka = new KafkaTestEnv(dir).start();
                RtspTestEnv camera = new RtspTestEnv("cam=live:320x240@10").start()) {
            kafka.createTopic("commands", 1);
            kafka.createTopic("detections", 2);
            JobOptions options = JobOptions.parse(new String[] {
                "--model", ShippedModels.path(ShippedModels.SHAPES).toString(), "--kafka-bootstrap", kafka.bootstrapServers(),
                "--control-topic", "commands", "--results-topic", "detections", "--summary-interval-s", "0"
            });
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.enableCheckpointing(1000);
            ResultSinks.attach(DetectionJob.build(env, options), kafka.bootstrapServers(), "detections", false);
            JobClient job = env.executeAsync("kafka-detection-test");

            kafka.send("commands", "{\"type\":\"START\",\"stream_id\":\"k1\",\"rtsp\":\"" + camera.url("cam") + "\"}",
                    "{\"type\":\"START\",\"stream_id\":\"bad\"}");
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = kafka.consumer("test-reader", "read_uncommitted")) {
                consumer.subscribe(List.of("detections"));
                long deadline = System.currentTimeMillis() + 90_000;
                while (System.currentTimeMillis() < deadline && detections(seen, "k1") < 10) {
                    consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
                }
                assertThat(detections(seen, "k1")).isGreaterThanOrEqualTo(10);
                ObjectMapper mapper = new ObjectMapper();
                JsonNode error = null;
                for (ConsumerRecord<String, String> r : seen) {
                    JsonNode n = mapper.readTree(r.value());
                    assertThat(r.key()).isEqualTo(n.path("stream_id").asText(""));
                    if (n.path("event").asText().equals("error") && n.path("stream_id").asText().equals("bad")) {
                        error = n;
                    }
                }
                assertThat(error).as("error event of the bad command").isNotNull();
                assertThat(error.path("reason").asText()).contains("missing camera URL");

                kafka.send("commands", "{\"type\":\"SHUTDOWN\"}");
                job.getJobExecutionResult().get();
            }
        }
    }

    private static long detections(List<ConsumerRecord<String, String>> records, String streamId) {
        return records.stream().filter(r -> r.key().equals(streamId) && r.value().contains("\"event\":\"detections\"")).count();
    }
}
