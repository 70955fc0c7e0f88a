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
import io.streamyolo.testing.BackgroundLog.Received;
import io.streamyolo.testing.RtspTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The RTSP source on a MiniCluster against the real GStreamer RTSP server, driven by a control file. */
class RtspSourceITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static RtspTestEnv server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new RtspTestEnv("cam1=live:640x360@15", "cam2=live:320x240@15").start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    static BackgroundLog<Entry> runJob(RtspSource source, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        return CameraEvents.collect(env.fromSource(source, WatermarkStrategy.noWatermarks(), "cameras")
                .map(Entry::of)
                .executeAndCollect("rtsp-source-test"));
    }

    @Test
    void testStartStopErrorsAndShutdownThroughTheControlFile(@TempDir Path dir) throws Exception {
        Path control = dir.resolve("commands.jsonl");
        RtspSource source = RtspSource.builder()
                .setControlFile(control)
                .setControlPollInterval(Duration.ofMillis(100))
                .setReadTimeout(Duration.ofSeconds(2))
                .build();
        try (BackgroundLog<Entry> log = runJob(source, 2)) {
            long t0 = System.currentTimeMillis();
            append(control, "{\"type\":\"START\",\"stream_id\":\"a\",\"rtsp\":\"" + server.url("cam1") + "\"}");
            log.await(frameOf("a"), t0, Duration.ofSeconds(30));
            // With the job running, time a START to its first frame.
            long startB = System.currentTimeMillis();
            append(control, "{\"type\":\"START\",\"stream_id\":\"b\",\"rtsp\":\"" + server.url("cam2") + "\"}");
            long firstB = log.await(frameOf("b"), startB, Duration.ofSeconds(20)).receivedMillis();
            System.out.printf("START to first frame: %d ms%n", firstB - startB);
            log.await(e -> e.frame() && e.streamId().equals("a") && e.sequence() >= 20, t0, Duration.ofSeconds(10));

            List<Entry> framesA = log.items(frameOf("a"));
            assertThat(framesA).allSatisfy(f -> assertThat(f.width()).isEqualTo(640));
            assertThat(log.items(frameOf("b"))).allSatisfy(f -> assertThat(f.width()).isEqualTo(320));
            for (int i = 1; i < framesA.size(); i++) {
                assertThat(framesA.get(i).sequence()).isGreaterThan(framesA.get(i - 1).sequence());
                assertThat(framesA.get(i).captureTimeMillis()).isGreaterThanOrEqualTo(framesA.get(i - 1).captureTimeMillis());
            }
            assertThat(framesA.get(0).captureTimeMillis()).isBetween(t0, System.currentTimeMillis());
            assertThat(log.items(statuses())).anySatisfy(s -> {
                assertThat(s.streamId()).isEqualTo("a");
                assertThat(s.kind()).isEqualTo(Kind.STARTED);
            });

            // STOP a: its frames end within a second, b goes on.
            long stopAt = System.currentTimeMillis();
            append(control, "{\"type\":\"STOP\",\"stream_id\":\"a\"}");
            log.await(statusOf("a", Kind.STOPPED), stopAt, Duration.ofSeconds(5));
            Thread.sleep(1500);
            long lastA = log.snapshot().stream()
                    .filter(r -> r.item().frame() && r.item().streamId().equals("a"))
                    .mapToLong(Received::receivedMillis).max().orElseThrow();
            System.out.printf("STOP to last frame: %d ms%n", lastA - stopAt);
            assertThat(lastA - stopAt).isLessThan(1000);
            log.await(frameOf("b"), stopAt + 1000, Duration.ofSeconds(5));

            // An unreachable camera: an error naming the stream and the cause; b unaffected.
            long badAt = System.currentTimeMillis();
            int closedPort = RtspTestEnv.freePort();
            append(control, "{\"type\":\"START\",\"stream_id\":\"nowhere\",\"rtsp\":\"rtsp://127.0.0.1:" + closedPort + "/x\"}");
            append(control,
                    "{\"type\":\"START\",\"stream_id\":\"nomount\",\"rtsp\":\"" + server.url("no-such-mount") + "\"}",
                    "{\"type\":\"START\",\"stream_id\":\"nohost\",\"rtsp\":\"rtsp://no-such-camera.invalid/x\"}");
            Entry error = log.await(statusOf("nowhere", Kind.ERROR), badAt, Duration.ofSeconds(15)).item();
            assertThat(error.message()).contains("127.0.0.1:" + closedPort).contains("retrying")
                    .contains("connection refused").doesNotContain("avformat", "setFormat");
            // The cause in plain words: a path the server does not have, a name that does not resolve.
            assertThat(log.await(statusOf("nomount", Kind.ERROR), badAt, Duration.ofSeconds(15)).item().message())
                    .contains("stream not found (404)").contains("/no-such-mount");
            assertThat(log.await(statusOf("nohost", Kind.ERROR), badAt, Duration.ofSeconds(15)).item().message())
                    .contains("host not found").contains("no-such-camera.invalid");
            log.await(frameOf("b"), System.currentTimeMillis(), Duration.ofSeconds(5));

            // START of a running stream with the same URL changes nothing; STOP of an unknown one warns.
            long againAt = System.currentTimeMillis();
            append(control,
                    "{\"type\":\"START\",\"stream_id\":\"b\",\"rtsp\":\"" + server.url("cam2") + "\"}",
                    "{\"type\":\"STOP\",\"stream_id\":\"ghost\"}");
            assertThat(log.await(statusOf("b", Kind.INFO), againAt, Duration.ofSeconds(5)).item().message()).contains("nothing changed");
            assertThat(log.await(statusOf("ghost", Kind.WARNING), againAt, Duration.ofSeconds(5)).item().message()).contains("unknown stream");

            // SHUTDOWN: every stream stops and the job finishes.
            append(control, "{\"type\":\"SHUTDOWN\"}");
            log.awaitFinished(Duration.ofSeconds(30));
            assertThat(log.items(statuses())).anySatisfy(s -> {
                assertThat(s.streamId()).isEqualTo("b");
                assertThat(s.kind()).isEqualTo(Kind.STOPPED);
            });
        }
    }

    @Test
    void testBadCommandsGiveErrorsAndChangeNothing(@TempDir Path dir) throws Exception {
        Path control = dir.resolve("commands.jsonl");
        RtspSource source = RtspSource.builder()
                .setControlFile(control)
                .setControlPollInterval(Duration.ofMillis(100))
                .setReadTimeout(Duration.ofSeconds(2))
                .build();
        String secret = "Sup3rSecretPw";
        int closedPort = RtspTestEnv.freePort();
        try (BackgroundLog<Entry> log = runJob(source, 1)) {
            long t0 = System.currentTimeMillis();
            append(control, "{\"type\":\"START\",\"stream_id\":\"good\",\"rtsp\":\"" + server.url("cam2") + "\"}");
            log.await(frameOf("good"), t0, Duration.ofSeconds(30));

            long badAt = System.currentTimeMillis();
            append(control,
                    "this is not json",
                    "{\"type\":\"REBOOT\",\"stream_id\":\"good\"}",
                    "{\"type\":\"START\",\"rtsp\":\"rtsp://127.0.0.1/x\"}",
                    "{\"type\":\"START\",\"stream_id\":\"nourl\"}",
                    "{\"type\":\"START\",\"stream_id\":\"local\",\"rtsp\":\"file:///etc/passwd\"}",
                    "{\"type\":\"START\",\"stream_id\":\"cat\",\"rtsp\":\"concat:/etc/passwd\"}",
                    "{\"type\":\"START\",\"stream_id\":\"leak\",\"rtsp\":\"rtsp://admin:" + secret + "@127.0.0.1:" + closedPort + "/x\"}",
                    "{\"type\":\"START\",\"stream_id\":\"leak2\",\"rtsp\":\"http://admin:" + secret + "@127.0.0.1/x\"}");
            String[] expected = {
                "not valid JSON", "unknown command type 'REBOOT'", "no 'stream_id'", "missing camera URL",
                "scheme 'file' is not allowed", "no scheme", "scheme 'http' is not allowed"
            };
            for (String reason : expected) {
                Entry error = log.await(e -> !e.frame() && e.kind() == Kind.ERROR && e.message().contains(reason),
                        badAt, Duration.ofSeconds(10)).item();
                assertThat(error.message()).contains("command: ");
            }
            // The URL with a password is valid: the camera is unreachable, and the error masks the password.
            Entry leak = log.await(statusOf("leak", Kind.ERROR), badAt, Duration.ofSeconds(15)).item();
            assertThat(leak.message()).contains("admin:***@127.0.0.1:" + closedPort);
            // The good stream never stopped.
            log.await(frameOf("good"), System.currentTimeMillis(), Duration.ofSeconds(5));
            assertThat(log.items(statuses())).filteredOn(st -> "good".equals(st.streamId()))
                    .extracting(Entry::kind)
                    .doesNotContain(Kind.STOPPED, Kind.RECONNECTING);

            append(control, "{\"type\":\"SHUTDOWN\"}");
            log.awaitFinished(Duration.ofSeconds(30));
            assertThat(log.items(statuses())).allSatisfy(st -> assertThat(st.message()).doesNotContain(secret));
        }
        Path logFile = Path.of("target/test-logs/sources-tests.log");
        assertThat(logFile).exists();
        assertThat(Files.readString(logFile)).contains("admin:***@").doesNotContain(secret);
    }
}
