package io.streamyolo.source;

import static io.streamyolo.source.RtspSourceITCase.runJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.source.event.StreamStatus.Kind;
import io.streamyolo.source.testutils.EventLog;
import io.streamyolo.source.testutils.KafkaTestEnv;
import io.streamyolo.source.testutils.RtspTestEnv;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Commands from a topic on a real Kafka broker, poison messages included. */
class KafkaControlChannelITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @Test
    void testCommandsFromAKafkaTopic(@TempDir Path dir) throws Exception {
        try (KafkaTestEnv kafka = new KafkaTestEnv(dir).start();
                RtspTestEnv server = new RtspTestEnv("cam=live:320x240@15").start()) {
            kafka.createTopic("camera-commands", 1);
            // Sent before the job starts: a new job reads the topic from its beginning.
            kafka.send("camera-commands", "{\"type\":\"START\",\"stream_id\":\"k1\",\"rtsp\":\"" + server.url("cam") + "\"}");
            RtspSource source = RtspSource.builder()
                    .setKafkaControl(kafka.bootstrapServers(), "camera-commands")
                    .setControlPollInterval(Duration.ofMillis(100))
                    .build();
            try (EventLog log = runJob(source, 1)) {
                long t0 = System.currentTimeMillis();
                log.awaitFrame("k1", t0, Duration.ofSeconds(60));
                // A poison message and a bad command: errors, and the channel keeps going.
                long poisonAt = System.currentTimeMillis();
                kafka.send("camera-commands", "\u0000\u00ff garbage", "{\"type\":\"START\",\"stream_id\":\"x\"}",
                        "{\"type\":\"START\",\"stream_id\":\"k2\",\"rtsp\":\"" + server.url("cam") + "\"}");
                log.await(e -> !e.frame() && e.kind() == Kind.ERROR && e.message().contains("not valid JSON"), poisonAt, Duration.ofSeconds(20));
                log.awaitStatus("x", Kind.ERROR, poisonAt, Duration.ofSeconds(20));
                log.awaitFrame("k2", poisonAt, Duration.ofSeconds(20));
                kafka.send("camera-commands", "{\"type\":\"STOP\",\"stream_id\":\"k1\"}");
                log.awaitStatus("k1", Kind.STOPPED, poisonAt, Duration.ofSeconds(20));
                kafka.send("camera-commands", "{\"type\":\"SHUTDOWN\"}");
                log.awaitFinished(Duration.ofSeconds(30));
                assertThat(log.frames("k2")).isNotEmpty();
            }
        }
    }
}
