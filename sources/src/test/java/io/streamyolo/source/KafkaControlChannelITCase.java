package io.streamyolo.source;

import static io.streamyolo.source.testutils.CameraEvents.frameOf;
import static io.streamyolo.source.testutils.CameraEvents.statusOf;
import static io.streamyolo.source.testutils.CameraEvents.statuses;
import static io.streamyolo.source.RtspSourceITCase.runJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.source.command.KafkaControlChannel;
import io.streamyolo.source.event.StreamStatus.Kind;
import io.streamyolo.source.testutils.CameraEvents.Entry;
import io.streamyolo.testing.BackgroundLog;
import io.streamyolo.testing.KafkaTestEnv;
import io.streamyolo.testing.RtspTestEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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
            // Room for a record over the command limit, which a broker's default (1 MiB) would refuse.
            kafka.createTopic("camera-commands", 1, Map.of("max.message.bytes", String.valueOf(4 << 20)));
            // Sent before the job starts: a new job reads the topic from its beginning.
            kafka.send("camera-commands", "{\"type\":\"START\",\"stream_id\":\"k1\",\"rtsp\":\"" + server.url("cam") + "\"}");
            RtspSource source = RtspSource.builder()
                    .setKafkaControl(kafka.bootstrapServers(), "camera-commands")
                    .setControlPollInterval(Duration.ofMillis(100))
                    .build();
            try (BackgroundLog<Entry> log = runJob(source, 1)) {
                long t0 = System.currentTimeMillis();
                log.await(frameOf("k1"), t0, Duration.ofSeconds(60));
                // A poison message and a bad command: errors, and the channel keeps going.
                long poisonAt = System.currentTimeMillis();
                kafka.send("camera-commands", "\u0000\u00ff garbage", "{\"type\":\"START\",\"stream_id\":\"x\"}",
                        "{\"type\":\"START\",\"stream_id\":\"k2\",\"rtsp\":\"" + server.url("cam") + "\"}");
                log.await(e -> !e.frame() && e.kind() == Kind.ERROR && e.message().contains("not valid JSON"), poisonAt, Duration.ofSeconds(20));
                log.await(statusOf("x", Kind.ERROR), poisonAt, Duration.ofSeconds(20));
                log.await(frameOf("k2"), poisonAt, Duration.ofSeconds(20));
                // A record over 1 MiB: one error with its size, and the command after it still applies.
                String huge = "{\"type\":\"START\",\"stream_id\":\"big\",\"rtsp\":\"rtsp://h/" + "a".repeat(2 << 20) + "\"}";
                // Values just under the limit in echoed fields (a 60 KB id once held the enumerator for 47 s).
                String hostileId = "{\"type\":\"START\",\"stream_id\":\"" + "a".repeat(1_000_000) + "\",\"rtsp\":\"rtsp://h/x\"}";
                String hostileZone = "{\"type\":\"UPDATE\",\"stream_id\":\"k2\",\"zones\":[{\"name\":\"" + "z".repeat(1_000_000) + "\",\"polygon\":[[0,0],[1,0],[1,1]]}]}";
                long hostileAt = System.currentTimeMillis();
                kafka.send("camera-commands", hostileId, hostileZone, huge, "{\"type\":\"STOP\",\"stream_id\":\"k1\"}");
                log.await(statusOf("k1", Kind.STOPPED), poisonAt, Duration.ofSeconds(20));
                System.out.printf("Kafka: two hostile commands, an oversized one and a STOP applied in %d ms%n",
                        System.currentTimeMillis() - hostileAt);
                assertThat(log.items(statuses())).filteredOn(st -> st.message().contains("invalid stream_id")
                        || st.message().contains("Zone name")).hasSize(2)
                        .allSatisfy(st -> assertThat(st.message()).hasSizeLessThan(1000));
                assertThat(log.items(statuses())).filteredOn(st -> st.message().contains("over the 1 MiB limit"))
                        .singleElement().satisfies(st -> assertThat(st.message())
                                .contains("command line of " + huge.length() + " bytes is over the 1 MiB limit: skipped"));
                kafka.send("camera-commands", "{\"type\":\"SHUTDOWN\"}");
                log.awaitFinished(Duration.ofSeconds(30));
                assertThat(log.items(frameOf("k2"))).isNotEmpty();
            }
        }
    }

    @Test
    void testCloseFromAnotherThreadWhilePolling(@TempDir Path dir) throws Exception {
        try (KafkaTestEnv kafka = new KafkaTestEnv(dir).start()) {
            kafka.createTopic("commands", 1);
            kafka.send("commands", "{\"type\":\"SHUTDOWN\"}");
            KafkaControlChannel channel = new KafkaControlChannel(kafka.bootstrapServers(), "commands", Map.of());
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            AtomicInteger lines = new AtomicInteger();
            // As the enumerator does: polls on one thread, close() on another.
            Thread poller = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    try {
                        lines.addAndGet(channel.poll().size());
                    } catch (Throwable t) {
                        failures.add(t);
                        return;
                    }
                }
            });
            poller.start();
            long deadline = System.currentTimeMillis() + 30_000;
            while (lines.get() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(lines.get()).isEqualTo(1);
            Thread.sleep(200); // the poller is inside poll() nearly all the time
            channel.close();
            poller.join(10_000);
            assertThat(poller.isAlive()).isFalse();
            assertThat(failures).isEmpty();
            assertThat(channel.poll()).isEmpty(); // closed: reads nothing, opens nothing
        }
    }
}
