package io.streamyolo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.job.DetectionJob;
import io.streamyolo.job.JobOptions;
import io.streamyolo.job.metrics.DetectionMetrics;
import io.streamyolo.job.sink.EventStoreSinks;
import io.streamyolo.model.BgrFrame;
import io.streamyolo.model.Detection;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.model.ModelMetadata;
import io.streamyolo.model.YoloDetector;
import io.streamyolo.scene.SceneVideo;
import io.streamyolo.scene.SyntheticScene;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.testing.RtspTestEnv;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Runs N camera streams (640x360 at 15 fps, or {@code -Dbench.fps}; pre-encoded, served by the real RTSP server) through the
 * whole job on a local Flink cluster, and prints side by side: frames detected per second through
 * the job, the bare detector's frames per second on the same model and batch size (their ratio is
 * the framework's overhead, or its gain from overlapping decode and detection), latency from
 * capture to emit (p50, p99) and frames not detected (dropped while the detector was busy).
 *
 * <p>Run: {@code bin/bench-job [MODEL] [SECONDS] [BATCH] [N...]} (its own JVM: Flink's job
 * submission does not work from inside Maven's class loader). Each stream count runs twice, with
 * the letterbox on the inference thread and in the decoder threads ({@code --letterbox}); {@code
 * -Dbench.letterbox=decoders} or {@code inference} runs one. With {@code -Dbench.store=true}
 * ({@code BENCH_STORE=1 bin/bench-job ...}) each stream count also runs with an SQLite event store
 * (track snapshots, camera pictures at 2 per second and states), and the ratio of the two runs'
 * detected fps is what the store's pictures cost. With {@code -Dbench.detectInterval=1,3} ({@code
 * BENCH_INTERVAL=1,3}) each stream count runs with {@code --detect-interval} 1 and 3, side by side:
 * the model sees one frame in N, the others' results carry the tracker's predictions.
 */
public final class JobBenchmark {

    /** Results of the running job, reduced to what the benchmark needs (same JVM: a local cluster). */
    static final ConcurrentLinkedQueue<long[]> RESULTS = new ConcurrentLinkedQueue<>();
    /** The job's --detect-interval of each run ({@code -Dbench.detectInterval=1,3}; 1: every frame). */
    private static final int[] DETECT_INTERVALS =
            Arrays.stream(System.getProperty("bench.detectInterval", "1").split(",")).mapToInt(v -> Integer.parseInt(v.strip())).toArray();
    private static final com.sun.management.OperatingSystemMXBean JVM_CPU =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private JobBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int[] counts = args.length > 3 ? Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {2, 4, 8};
        int maxStreams = Arrays.stream(counts).max().orElse(8);
        int fps = Integer.getInteger("bench.fps", 15);
        Path dir = Path.of("target/bench-videos");
        List<String> mounts = new ArrayList<>();
        for (int i = 0; i < maxStreams; i++) {
            Path video = SceneVideo.write(new SyntheticScene(300_000 + i, 640, 360, 4), (seconds + 15) * fps, fps, dir);
            mounts.add("v" + i + "=file:" + video.toAbsolutePath());
        }
        Bare bareDetector = bareDetector(model, batch);
        double bare = bareDetector.fps();
        System.out.printf(Locale.ROOT, "cameras 640x360@%d, model %s, batch %d, torch threads %s, %d cores%n", fps,
                model.getFileName(), batch, System.getProperty("ai.djl.pytorch.num_threads", "default"),
                Runtime.getRuntime().availableProcessors());
        System.out.println("job fps: results per second, detected or (between detections) predicted; not detected: frames"
                + " that got no result (dropped while the detector was busy)");
        double metricsMicros = metricsMicrosPerFrame(bareDetector, batch);
        System.out.printf(Locale.ROOT, "metrics of the detection operator: %.2f us per detected frame (%d boxes) = %.3f%%"
                + " of the bare detector's %.1f ms per frame%n", metricsMicros, bareDetector.sample().size(),
                100 * metricsMicros / (1e6 / bare), 1e3 / bare);
        boolean withStore = Boolean.getBoolean("bench.store");
        String letterbox = System.getProperty("bench.letterbox", "both");
        List<String> modes = letterbox.equals("both") ? List.of("inference", "decoders") : List.of(letterbox);
        System.out.printf(Locale.ROOT, "%8s %8s %10s %6s %12s %12s %8s %10s %10s %12s %10s %12s%n", "streams", "interval", "letterbox",
                "store", "job fps", "bare fps", "ratio", "p50 ms", "p99 ms", "not detected", "job cores", "server cores");
        try (RtspTestEnv server = new RtspTestEnv(mounts.toArray(new String[0])).start()) {
            for (int n : counts) {
                Map<String, Row> byMode = new HashMap<>();
                for (String mode : modes) {
                    for (int interval : DETECT_INTERVALS) {
                        Row plain = runJob(model, server, n, seconds, batch, null, mode, interval);
                        print(n, interval, mode, "-", plain, bare);
                        byMode.putIfAbsent(mode, plain);
                        if (withStore) {
                            Path db = Files.createTempDirectory("bench-store").resolve("events.db");
                            Row stored = runJob(model, server, n, seconds, batch, "jdbc:sqlite:" + db, mode, interval);
                            print(n, interval, mode, "sqlite", stored, bare);
                            System.out.printf(Locale.ROOT, "%8d with the store: %.2f of the detected fps without it%n", n,
                                    stored.fps / plain.fps);
                        }
                    }
                }
                if (byMode.size() == 2) {
                    System.out.printf(Locale.ROOT, "%8d letterbox in the decoders: %.2f of the detected fps with it on the inference thread%n",
                            n, byMode.get("decoders").fps / byMode.get("inference").fps);
                }
            }
        }
        System.exit(0);
    }

    /**
     * @param jobCores CPU the job's JVM used in the window (decoding, detection, Flink), in cores
     * @param serverCores CPU the RTSP server used in the window, in cores: it shares the machine
     */
    record Row(double fps, long p50, long p99, double notDetectedPercent, double jobCores, double serverCores) {}

    /** The bare detector's speed, and what it found in a frame (for the metrics measurement). */
    record Bare(double fps, ModelMetadata metadata, List<Detection> sample) {}

    /** The detector alone: batches of 640x360 frames, as fast as it goes. */
    static Bare bareDetector(Path model, int batch) throws Exception {
        SyntheticScene scene = new SyntheticScene(300_000, 640, 360, 4);
        List<BgrFrame> frames = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            frames.add(BgrFrame.of(scene.render(i), 640, 360));
        }
        try (YoloDetector detector = YoloDetector.load(DetectorConfig.builder().setModelPath(model).build())) {
            for (int i = 0; i < 3; i++) {
                detector.detect(frames);
            }
            long start = System.nanoTime();
            int images = 0;
            List<List<Detection>> found = List.of();
            while (System.nanoTime() - start < 8e9) {
                found = detector.detect(frames);
                images += batch;
            }
            return new Bare(images / ((System.nanoTime() - start) / 1e9), detector.metadata(), found.get(0));
        }
    }

    /**
     * What the detection operator's metrics (counters, meters, histograms, the summary window) cost
     * per detected frame, on 8 streams. The metric objects are the ones a TaskManager registers;
     * reporters and the web UI read them on other threads.
     */
    static double metricsMicrosPerFrame(Bare bare, int batch) {
        DetectionMetrics metrics = new DetectionMetrics(new UnregisteredMetricsGroup());
        VideoFrame[] frames = new VideoFrame[8];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new VideoFrame("cam" + i, 0, System.currentTimeMillis(), 0, 640, 360, new byte[640 * 360 * 3]);
            metrics.mirror("cam" + i, () -> 0, () -> 0, () -> 0); // as the operator does at a stream's first frame
        }
        long frameCount = 0;
        long start = 0;
        for (int round = 0; round < 2; round++) { // the first round warms up the JIT
            start = System.nanoTime();
            frameCount = 0;
            while (System.nanoTime() - start < 2e9) {
                metrics.batch(batch, 25_000_000, 0);
                for (int i = 0; i < batch; i++) {
                    metrics.detected(frames[(int) (frameCount++ % frames.length)], bare.sample(), bare.metadata(),
                            System.currentTimeMillis());
                }
            }
        }
        return (System.nanoTime() - start) / 1e3 / frameCount;
    }

    private static void print(int n, int interval, String letterbox, String store, Row r, double bare) {
        System.out.printf(Locale.ROOT, "%8d %8d %10s %6s %12.1f %12.1f %8.2f %10d %10d %11.1f%% %10.2f %12.2f%n",
                n, interval, letterbox, store, r.fps, bare, r.fps / bare, r.p50, r.p99, r.notDetectedPercent, r.jobCores, r.serverCores);
    }

    /**
     * @param store an event store for the job's --store, or null for none
     * @param letterbox the job's --letterbox
     * @param interval the job's --detect-interval
     */
    static Row runJob(Path model, RtspTestEnv server, int streams, int seconds, int batch, String store, String letterbox,
            int interval) throws Exception {
        RESULTS.clear();
        Path control = Files.createTempFile("bench-commands", ".jsonl");
        List<String> args = new ArrayList<>(List.of("--model", model.toString(), "--control-file", control.toString(),
                "--batch-size", String.valueOf(batch), "--batch-timeout-ms", "20", "--summary-interval-s", "0",
                "--letterbox", letterbox, "--detect-interval", String.valueOf(interval)));
        for (int i = 0; i < streams; i++) {
            args.add("--stream");
            args.add("b" + i + "=" + server.url("v" + i));
        }
        if (store != null) {
            args.addAll(List.of("--store", store, "--retention-days", "0"));
        }
        JobOptions options = JobOptions.parse(args.toArray(new String[0]));
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 1);
        CapturingReporter.clear();
        CapturingReporter.configure(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        var results = DetectionJob.build(env, options);
        if (store != null) {
            EventStoreSinks.attach(results, store, 0);
        }
        results
                .map(r -> {
                    JsonNode n = new ObjectMapper().readTree(r.json());
                    if (n.path("event").asText().equals("detections")) {
                        RESULTS.add(new long[] {n.path("stream_id").asText().hashCode(), n.path("frame_seq").asLong(),
                                n.path("emit_ts").asLong() - n.path("capture_ts").asLong(), System.currentTimeMillis()});
                    }
                    return 0;
                })
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("bench-" + streams);
        Thread.sleep(8000); // start-up: cameras connect, the model warms up
        long from = System.currentTimeMillis();
        long jobCpuFrom = JVM_CPU.getProcessCpuTime();
        long serverCpuFrom = server.cpuTime().toNanos();
        Map<Long, Long> threadCpuFrom = threadCpu();
        long[] letterboxFrom = letterboxCounts();
        Thread.sleep(seconds * 1000L);
        long to = System.currentTimeMillis();
        String run = streams + " streams, letterbox " + letterbox;
        printThreadShares(run, threadCpuFrom, threadCpu(), to - from);
        printLetterboxShares(run, letterboxFrom, letterboxCounts());
        double jobCores = (JVM_CPU.getProcessCpuTime() - jobCpuFrom) / 1e6 / (to - from);
        double serverCores = (server.cpuTime().toNanos() - serverCpuFrom) / 1e6 / (to - from);
        cancelAndWait(job);
        List<long[]> window = RESULTS.stream().filter(r -> r[3] >= from && r[3] < to).toList();
        long[] latencies = window.stream().mapToLong(r -> r[2]).sorted().toArray();
        Map<Long, long[]> seqRange = new HashMap<>();
        for (long[] r : window) {
            seqRange.merge(r[0], new long[] {r[1], r[1], 1}, (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1]), a[2] + b[2]});
        }
        long decoded = seqRange.values().stream().mapToLong(v -> v[1] - v[0] + 1).sum();
        double fps = window.size() / ((to - from) / 1000.0);
        return new Row(fps, pct(latencies, 0.5), pct(latencies, 0.99),
                decoded == 0 ? 0 : 100.0 * (decoded - window.size()) / decoded, jobCores, serverCores);
    }

    /**
     * Cancels the job and waits until it has ended, so that every detection subtask has closed:
     * its close() waits for the forward pass in flight. cancel() alone returns before the tasks end,
     * and the System.exit at the end of main then ran ONNX Runtime's native teardown under a forward
     * pass still running on the inference thread: a SIGSEGV in libonnxruntime, exit code 134.
     */
    private static void cancelAndWait(JobClient job) throws Exception {
        job.cancel().get();
        try {
            // Completes when the job is in a terminal state (its local cluster may be gone by then).
            job.getJobExecutionResult().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException cancelled) {
            // A cancelled job's result is this exception: the end we asked for.
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** CPU time so far of every live thread, by id. */
    private static Map<Long, Long> threadCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            cpu.put(id, THREADS.getThreadCpuTime(id));
        }
        return cpu;
    }

    /**
     * Where the job's CPU went in the window, by kind of thread: the detection subtask's task
     * thread (Flink names it after the chain, "Source: rtsp-cameras -> ..."), its inference thread
     * (letterbox, forward pass, decoding of the output), the cameras' decoder threads, the rest.
     */
    private static void printThreadShares(String run, Map<Long, Long> from, Map<Long, Long> to, long windowMillis) {
        Map<String, Long> byKind = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo t : THREADS.getThreadInfo(to.keySet().stream().mapToLong(Long::longValue).toArray())) {
            if (t == null || !from.containsKey(t.getThreadId()) || to.get(t.getThreadId()) < 0) {
                continue;
            }
            String name = t.getThreadName();
            String kind = name.startsWith("Source: rtsp-cameras") ? "task thread"
                    : name.startsWith("yolo-inference") ? "inference thread"
                    : name.startsWith("Source Data Fetcher") || name.contains("rtsp-decoder") || name.startsWith("decoder") ? "decoders"
                    : "other";
            byKind.merge(kind, to.get(t.getThreadId()) - from.get(t.getThreadId()), Long::sum);
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%8s, CPU by thread in %% of one core:", run));
        byKind.forEach((kind, nanos) -> line.append(String.format(Locale.ROOT, " %s %.0f%%,", kind, 100.0 * nanos / 1e6 / windowMillis)));
        System.out.println(line.substring(0, line.length() - 1));
    }

    /** Frames detected, letterboxed by their decoder thread, letterboxed on the inference thread, so far. */
    private static long[] letterboxCounts() {
        return new long[] {CapturingReporter.sum(DetectionMetrics.FRAMES_DETECTED, false),
            CapturingReporter.sum("framesPrepared", true),
            CapturingReporter.sum(DetectionMetrics.FRAMES_LETTERBOXED_IN_BATCH, false)};
    }

    /**
     * Where the detected frames were letterboxed, and how many of the decoders' letterboxes went to
     * waste (the frame was replaced by a newer one before a batch took it).
     */
    private static void printLetterboxShares(String run, long[] from, long[] to) {
        long detected = to[0] - from[0];
        long byDecoders = to[1] - from[1];
        long inBatch = to[2] - from[2];
        long used = detected - inBatch;
        System.out.printf(Locale.ROOT, "%8s: of %d detected frames %.0f%% were letterboxed by their decoder, %.0f%% on the"
                        + " inference thread; decoders letterboxed %d, %.0f%% of them for frames not detected%n",
                run, detected, pctOf(used, detected), pctOf(inBatch, detected), byDecoders, pctOf(byDecoders - used, byDecoders));
    }

    private static double pctOf(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * Math.max(0, part) / whole;
    }

    private static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))];
    }
}
