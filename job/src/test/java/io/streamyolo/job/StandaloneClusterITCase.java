package io.streamyolo.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.testing.ShippedModels;
import io.streamyolo.testing.RtspTestEnv;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as a user runs it: the project's scripts start a standalone JobManager and
 * TaskManager, the Flink CLI submits the job jar, results appear, the REST API answers, and the
 * scripts stop everything.
 */
class StandaloneClusterITCase {

    static final Path ROOT = findRoot();

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bin/cluster"))) {
                return dir;
            }
        }
        throw new IllegalStateException("bin/cluster not found");
    }

    /** Runs a script of bin/ with the given environment; returns its output, failing on a non-zero exit. */
    static String script(Map<String, String> env, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("bin").resolve(command[0]).toString()));
        cmd.addAll(List.of(command).subList(1, command.length));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    static String get(int port, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    static String awaitFileContains(Path file, String text, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (Files.isRegularFile(file)) {
                String content = Files.readString(file);
                if (content.contains(text)) {
                    return content;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError(file + " did not show '" + text + "' within " + timeoutMillis + " ms");
    }

    static String firstVertex(int port, String job) throws Exception {
        Matcher m = Pattern.compile("\"vertices\":\\[\\{\"id\":\"([0-9a-f]+)\"").matcher(get(port, "/jobs/" + job));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    static double metricValue(int port, String job, String vertex, String metric) throws Exception {
        String body = get(port, "/jobs/" + job + "/vertices/" + vertex + "/metrics?get=" + metric);
        Matcher m = Pattern.compile("\"value\":\"([0-9.E-]+)\"").matcher(body);
        assertThat(m.find()).as("metric %s in %s", metric, body).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** Polls a metric until it exceeds {@code above} (the REST API fetches metrics every few seconds). */
    static double awaitMetricAbove(int port, String job, String vertex, String metric, double above) throws Exception {
        double value = metricValue(port, job, vertex, metric);
        for (long end = System.currentTimeMillis() + 30_000; value <= above && System.currentTimeMillis() < end; ) {
            Thread.sleep(1000);
            value = metricValue(port, job, vertex, metric);
        }
        return value;
    }

    static void awaitNewLineContaining(Path file, int skipLines, String text, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            List<String> lines = Files.readAllLines(file);
            if (lines.subList(Math.min(skipLines, lines.size()), lines.size()).stream().anyMatch(l -> l.contains(text))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(file + " showed no new line with '" + text + "' within " + timeoutMillis + " ms");
    }

    static String jobId(String flinkRunOutput) {
        Matcher m = Pattern.compile("JobID ([0-9a-f]{32})").matcher(flinkRunOutput);
        assertThat(m.find()).as("job id in: %s", flinkRunOutput).isTrue();
        return m.group(1);
    }

    /** Waits until a completed checkpoint of the job is on disk. */
    static void awaitCheckpoint(Path jobCheckpoints, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (Files.isDirectory(jobCheckpoints)) {
                try (var chk = Files.list(jobCheckpoints)) {
                    if (chk.anyMatch(d -> d.getFileName().toString().startsWith("chk-") && Files.exists(d.resolve("_metadata")))) {
                        return;
                    }
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no completed checkpoint in " + jobCheckpoints + " within " + timeoutMillis + " ms");
    }

    /** The frame_seq of cam1's detection lines. */
    static List<Long> cam1FrameSeqs(List<String> lines) {
        Pattern seq = Pattern.compile("\"stream_id\":\"cam1\",\"event\":\"detections\",\"frame_seq\":(\\d+)");
        List<Long> seqs = new ArrayList<>();
        for (String line : lines) {
            Matcher m = seq.matcher(line);
            if (m.find()) {
                seqs.add(Long.parseLong(m.group(1)));
            }
        }
        return seqs;
    }

    /**
     * The web UI's submit path is off (web.submit.enable: false): a jar POSTed to /jars/upload, as
     * any web page could (the REST API allows every origin), is refused, the jar listing is gone,
     * and the web UI hides its cancel button (web.cancel.enable: false; the CLI's cancel stays).
     */
    static void assertJarUploadRefused(int port, Path jar) throws Exception {
        String boundary = "streamyolo" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"job.jar\"\r\n"
                + "Content-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> upload = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jars/upload"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .header("Origin", "http://attacker.example")
                        .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                                HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.printf("POST /jars/upload: %d %s%n", upload.statusCode(), upload.body());
        assertThat(upload.statusCode()).as("POST /jars/upload answered %s", upload.body()).isGreaterThanOrEqualTo(400);
        HttpResponse<String> jars = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jars")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(jars.statusCode()).as("GET /jars answered %s", jars.body()).isGreaterThanOrEqualTo(400);
        assertThat(get(port, "/config")).contains("\"web-submit\":false").contains("\"web-cancel\":false");
    }

    @Test
    void testScriptsRunTheJobOnAStandaloneCluster(@TempDir Path work) throws Exception {
        int restPort = RtspTestEnv.freePort();
        Map<String, String> env = Map.of("STREAMYOLO_WORK", work.toString(), "REST_PORT", String.valueOf(restPort),
                "JM_RPC_PORT", String.valueOf(RtspTestEnv.freePort()));
        Path jar = ROOT.resolve("job/target/streamyolo-job-0.1.0-SNAPSHOT-flink.jar");
        assertThat(jar).exists();
        try (RtspTestEnv camera = new RtspTestEnv("cam=live:320x240@10").start()) {
            long t0 = System.currentTimeMillis();
            script(env, "cluster", "start");
            System.out.printf("cluster up in %d ms%n", System.currentTimeMillis() - t0);
            assertJarUploadRefused(restPort, jar);
            Path control = work.resolve("commands.jsonl");
            Files.writeString(control, "");
            long submitAt = System.currentTimeMillis();
            String run = script(env, "flink", "run", "-d", jar.toString(),
                    "--model", ShippedModels.path(ShippedModels.SHAPES).toString(), "--control-file", control.toString(),
                    "--stream", "cam1=" + camera.url("cam"), "--summary-interval-s", "2");
            String job = jobId(run);
            Path out = work.resolve("flink/log/taskmanager.out");
            awaitFileContains(out, "\"event\":\"detections\"", 90_000);
            System.out.printf("submission to first detection: %d ms%n", System.currentTimeMillis() - submitAt);
            assertThat(Files.readString(out)).contains("\"stream_id\":\"cam1\"");
            awaitFileContains(work.resolve("flink/log/summary.log"), "fps detected", 30_000);

            assertThat(get(restPort, "/overview")).contains("\"taskmanagers\":1").contains("\"jobs-running\":1");
            assertThat(get(restPort, "/jobs")).contains(job).contains("RUNNING");
            assertThat(script(env, "flink", "list")).contains(job);

            // Metrics move, as read through the REST API (what the web UI shows).
            String vertex = firstVertex(restPort, job);
            // The REST API fetches metrics from the TaskManager every few seconds: wait for them.
            Pattern framesDetected = Pattern.compile("\"id\":\"(0\\.[^\"]*yolo-detect\\.framesDetected)\"");
            String metrics = "";
            Matcher id = framesDetected.matcher(metrics);
            for (long end = System.currentTimeMillis() + 30_000; !id.find() && System.currentTimeMillis() < end; ) {
                Thread.sleep(1000);
                metrics = get(restPort, "/jobs/" + job + "/vertices/" + vertex + "/metrics");
                id = framesDetected.matcher(metrics);
            }
            assertThat(id.hitEnd() && !metrics.contains("framesDetected")).as("framesDetected among %s", metrics).isFalse();
            id = framesDetected.matcher(metrics);
            assertThat(id.find()).as("framesDetected among %s", metrics).isTrue();
            String metric = id.group(1);
            double before = metricValue(restPort, job, vertex, metric);
            double after = awaitMetricAbove(restPort, job, vertex, metric, before);
            System.out.printf("%s: %.0f -> %.0f%n", metric, before, after);
            assertThat(after).isGreaterThan(before);
            String fps = metric.replace("framesDetected", "framesDetectedPerSecond");
            double fpsValue = awaitMetricAbove(restPort, job, vertex, fps, 0);
            System.out.printf("%s: %.2f%n", fps, fpsValue);
            assertThat(fpsValue).isPositive();
            assertThat(metrics).contains("stream_id.cam1.framesDecoded").contains("stream_id.cam1.framesEmittedPerSecond")
                    .contains("captureToEmitLatencyMs").contains("detectTimeMsPerBatch").contains("batchSize")
                    .contains("activeStreams").contains("stream_id.cam1.reconnects").contains("stream_id.cam1.timeSinceLastFrameMs");

            // Upgrade through a savepoint, on the same cluster and TaskManager, at parallelism 2:
            // the native libraries load again for the new job, and cam1 comes back without a START.
            long stopAt = System.currentTimeMillis();
            String stopped = script(env, "flink", "stop", "--savepointPath", work.resolve("savepoints").toString(), job);
            Matcher sp = Pattern.compile("Savepoint completed\\. Path: (\\S+)").matcher(stopped);
            assertThat(sp.find()).as("savepoint path in: %s", stopped).isTrue();
            List<String> linesBeforeUpgrade = Files.readAllLines(out);
            int linesBefore = linesBeforeUpgrade.size();
            long lastSeq = cam1FrameSeqs(linesBeforeUpgrade).stream().mapToLong(Long::longValue).max().orElseThrow();
            String run2 = script(env, "flink", "run", "-d", "-s", sp.group(1), "-p", "2", jar.toString(),
                    "--model", ShippedModels.path(ShippedModels.SHAPES).toString(), "--control-file", control.toString(),
                    "--conf", "0.5", "--summary-interval-s", "2", "--checkpoint-interval-ms", "2000");
            String job2 = jobId(run2);
            assertThat(get(restPort, "/jobs/" + job2)).contains("\"parallelism\":2");
            awaitNewLineContaining(out, linesBefore, "\"stream_id\":\"cam1\",\"event\":\"detections\"", 90_000);
            System.out.printf("stop-with-savepoint to results again after run -s: %d ms%n", System.currentTimeMillis() - stopAt);
            List<String> afterUpgrade = Files.readAllLines(out);
            long firstSeqAfter = cam1FrameSeqs(afterUpgrade.subList(linesBefore, afterUpgrade.size())).stream()
                    .mapToLong(Long::longValue).min().orElseThrow();
            System.out.printf("cam1 frame_seq: %d before the upgrade, %d after%n", lastSeq, firstSeqAfter);
            assertThat(firstSeqAfter).as("frame_seq goes on after the upgrade").isGreaterThan(lastSeq);

            // A cancelled job leaves its last checkpoint (the cluster's config retains it): the
            // job restores from it as from a savepoint (here back at parallelism 1), which is the
            // way back after a crash too.
            Path checkpoints = work.resolve("checkpoints").resolve(job2);
            awaitCheckpoint(checkpoints, 30_000);
            script(env, "flink", "cancel", job2);
            String checkpoint;
            try (var chk = Files.list(checkpoints)) {
                checkpoint = chk.filter(d -> d.getFileName().toString().startsWith("chk-") && Files.exists(d.resolve("_metadata")))
                        .max(Comparator.comparingInt(d -> Integer.parseInt(d.getFileName().toString().substring(4))))
                        .orElseThrow().toString();
            }
            int linesBeforeCheckpointRestore = Files.readAllLines(out).size();
            String job3 = jobId(script(env, "flink", "run", "-d", "-s", checkpoint, jar.toString(),
                    "--model", ShippedModels.path(ShippedModels.SHAPES).toString(), "--control-file", control.toString(),
                    "--summary-interval-s", "2"));
            awaitNewLineContaining(out, linesBeforeCheckpointRestore, "\"stream_id\":\"cam1\",\"event\":\"detections\"", 90_000);

            // Commands reach the restored job through the control file.
            Files.writeString(control, "{\"type\":\"STOP\",\"stream_id\":\"cam1\"}\n");
            awaitFileContains(out, "\"event\":\"stopped\"", 20_000);
            script(env, "flink", "cancel", job3);
        } finally {
            script(env, "cluster", "stop");
        }
        assertThat(script(env, "cluster", "status")).contains("jobmanager: stopped").contains("taskmanager: stopped");
    }
}
