package io.streamyolo.source;

import static io.streamyolo.source.testutils.CameraEvents.frameOf;
import static io.streamyolo.source.testutils.CameraEvents.statusOf;
import static io.streamyolo.source.testutils.CameraEvents.statuses;
import static io.streamyolo.testing.CommandFile.append;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.source.event.StreamStatus.Kind;
import io.streamyolo.source.testutils.CameraEvents;
import io.streamyolo.source.testutils.CameraEvents.Entry;
import io.streamyolo.testing.BackgroundLog;
import io.streamyolo.testing.RtspTestEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
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

/** The registry of streams survives stop-with-savepoint and a restore at another parallelism. */
class RtspSourceRestoreITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static JobClient submit(RtspSource source, int parallelism, String savepoint, AtomicReference<BackgroundLog<Entry>> logOut) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.enableCheckpointing(500);
        CloseableIterator<Entry> entries = env.fromSource(source, WatermarkStrategy.noWatermarks(), "cameras")
                .uid("rtsp-source")
                .map(Entry::of)
                .uid("entries")
                .collectAsync();
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName("restore-test-" + parallelism);
        if (savepoint != null) {
            // The collect sink of the first job has no counterpart to restore: allow that.
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, true));
        }
        JobClient client = env.executeAsync(graph);
        logOut.set(CameraEvents.collect(entries));
        return client;
    }

    @Test
    void testStreamsComeBackAfterRestoreWithoutNewCommands(@TempDir Path dir) throws Exception {
        Path control = dir.resolve("commands.jsonl");
        RtspSource source = RtspSource.builder()
                .setControlFile(control)
                .setControlPollInterval(Duration.ofMillis(100))
                .addInitialCommand("{\"type\":\"START\",\"stream_id\":\"boot\",\"rtsp\":\"rtsp://127.0.0.1:1/never\"}")
                .build();
        try (RtspTestEnv server = new RtspTestEnv("cam1=live:320x240@15", "cam2=live:320x240@15").start()) {
            AtomicReference<BackgroundLog<Entry>> log = new AtomicReference<>();
            JobClient first = submit(source, 2, null, log);
            long t0 = System.currentTimeMillis();
            append(control,
                    "{\"type\":\"START\",\"stream_id\":\"a\",\"rtsp\":\"" + server.url("cam1") + "\",\"max_fps\":5}",
                    "{\"type\":\"START\",\"stream_id\":\"b\",\"rtsp\":\"" + server.url("cam2") + "\"}",
                    "{\"type\":\"STOP\",\"stream_id\":\"boot\"}");
            log.get().await(frameOf("a"), t0, Duration.ofSeconds(30));
            log.get().await(frameOf("b"), t0, Duration.ofSeconds(30));
            log.get().await(statusOf("boot", Kind.STOPPED), t0, Duration.ofSeconds(10));
            Thread.sleep(1200); // let a checkpoint include the applied commands

            long stopAt = System.currentTimeMillis();
            String savepoint = first.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get();
            System.out.printf("stop-with-savepoint took %d ms: %s%n", System.currentTimeMillis() - stopAt, savepoint);
            log.get().close();

            // Restore at parallelism 1: both streams run again, no command was sent, and neither
            // the initial START nor the file's commands are applied a second time.
            long restoreAt = System.currentTimeMillis();
            JobClient second = submit(source, 1, savepoint, log);
            log.get().await(frameOf("a"), restoreAt, Duration.ofSeconds(30));
            long resumed = log.get().await(frameOf("b"), restoreAt, Duration.ofSeconds(30)).receivedMillis();
            System.out.printf("restore to frames of both streams: %d ms%n", resumed - restoreAt);
            Thread.sleep(1000);
            assertThat(log.get().items(frameOf("boot"))).isEmpty();
            assertThat(log.get().items(statuses())).noneMatch(s -> "boot".equals(s.streamId()));
            assertThat(log.get().items(statuses())).noneMatch(s -> s.kind() == Kind.INFO); // no "already running" from replays
            // The frame-rate cap of 'a' came back with the registry: about 5 fps, not 15.
            long window = System.currentTimeMillis();
            Thread.sleep(2000);
            long framesA = log.get().snapshot().stream()
                    .filter(r -> r.receivedMillis() >= window && r.item().frame() && r.item().streamId().equals("a")).count();
            long framesB = log.get().snapshot().stream()
                    .filter(r -> r.receivedMillis() >= window && r.item().frame() && r.item().streamId().equals("b")).count();
            System.out.printf("in 2 s after restore: a=%d frames (max_fps 5), b=%d frames%n", framesA, framesB);
            assertThat(framesA).isBetween(5L, 13L);
            assertThat(framesB).isGreaterThan(framesA);

            append(control, "{\"type\":\"SHUTDOWN\"}");
            log.get().awaitFinished(Duration.ofSeconds(30));
            second.getJobExecutionResult().get();
        }
    }
}
