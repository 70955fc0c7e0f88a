package io.streamyolo.bench;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import io.streamyolo.model.BgrFrame;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.model.Engines;
import io.streamyolo.model.ModelFamily;
import io.streamyolo.model.ModelFormat;
import io.streamyolo.model.ModelMetadata;
import io.streamyolo.model.YoloDetector;
import io.streamyolo.model.postprocess.OutputDecoder;
import io.streamyolo.model.preprocess.Letterbox;
import io.streamyolo.scene.SyntheticScene;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints, for each model given: the bare forward pass in ms per image at batch 1 and 4 (DJL with
 * no translator), the whole {@link YoloDetector#detect} call at the same batch sizes, and the
 * pre-processing (letterbox of a 1280x720 frame) and post-processing (decoding + NMS of that
 * frame's real output) times, with their share of the forward time.
 *
 * <p>With {@code --engines}, instead: each model's {@code .torchscript} (DJL PyTorch) against the
 * {@code .onnx} beside it (DJL ONNX Runtime), the whole detect call in ms per image at batch 1 and
 * 4, in alternating rounds so that both engines see the same load on shared cores, each engine
 * with one thread per core.
 *
 * <p>With {@code --batches}, instead: each model's whole detect call in ms per image at batch 1
 * and at batch 4, in alternating rounds (so that both batch sizes see the same load on shared
 * cores), median and range over the rounds, on the shop camera's real 1920x1080 frame where the
 * repository has it (else the synthetic 1280x720 scene).
 *
 * <p>{@code --model-type ultralytics|yolox|auto} forces the model family of every model given
 * (default auto: from each file's metadata or output shape).
 *
 * <p>Usage: {@code bin/bench-detector [--seconds S] [--model-type T] [--engines | --batches] MODEL...}
 */
public final class DetectorBenchmark {

    private DetectorBenchmark() {}

    public static void main(String[] args) throws Exception {
        Engines.configure();
        double seconds = 5;
        boolean engines = false;
        boolean batches = false;
        List<Path> models = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds")) {
                seconds = Double.parseDouble(args[++i]);
            } else if (args[i].equals("--model-type")) {
                modelFamily = ModelFamily.parse(args[++i]);
            } else if (args[i].equals("--engines")) {
                engines = true;
            } else if (args[i].equals("--batches")) {
                batches = true;
            } else {
                models.add(Path.of(args[i]));
            }
        }
        if (engines) {
            compareEngines(models, seconds);
            return;
        }
        if (batches) {
            compareBatches(models, seconds);
            return;
        }
        System.out.printf(Locale.ROOT, "cores=%d, torch threads=default, %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"));
        System.out.printf(Locale.ROOT, "%-46s %5s %12s %12s %10s %10s %9s%n",
                "model", "batch", "forward ms/i", "detect ms/i", "pre ms", "post ms", "pre+post");
        for (Path model : models) {
            run(model, seconds);
        }
    }

    /** The model type forced by {@code --model-type}, AUTO by default. */
    private static ModelFamily modelFamily = ModelFamily.AUTO;

    private static DetectorConfig config(Path modelPath) {
        return DetectorConfig.builder().setModelPath(modelPath).optModelFamily(modelFamily).build();
    }

    private static void run(Path modelPath, double seconds) throws Exception {
        DetectorConfig config = config(modelPath);
        // A realistic 1280x720 camera frame with objects in it.
        SyntheticScene scene = new SyntheticScene(42, 1280, 720, 6);
        BgrFrame frame = BgrFrame.of(scene.render(0), 1280, 720);
        try (YoloDetector detector = YoloDetector.load(config);
                ZooModel<NDList, NDList> raw = loadRaw(modelPath);
                Predictor<NDList, NDList> predictor = raw.newPredictor();
                NDManager manager = NDManager.newBaseManager()) {
            ModelMetadata m = detector.metadata();
            Letterbox letterbox = Letterbox.of(1280, 720, m.inputWidth(), m.inputHeight(), m.preprocessing());
            FloatBuffer input = FloatBuffer.allocate(3 * m.inputWidth() * m.inputHeight());
            double preMs = time(seconds / 4, () -> letterbox.toModelInput(frame.pixels(), frame.rowStride(), input, 0));

            NDArray inputArray = manager.create(input, new Shape(1, 3, m.inputHeight(), m.inputWidth()));
            float[] output;
            int cells;
            try (NDList out = predictor.predict(new NDList(inputArray))) {
                output = out.get(0).toFloatArray();
                cells = detector.layout().cells(out.get(0).getShape().getShape());
            }
            OutputDecoder decoder = detector.layout().decoder(m, cells, config.confidenceThreshold(),
                    config.iouThreshold(), config.maxDetections(), null);
            double postMs = time(seconds / 4, () -> decoder.decode(output, 0, letterbox));

            // Random pixels in the model's value range (0-1, or 0-255 for YOLOX).
            float range = m.preprocessing().divisor() == 1f ? 255f : 1f;
            for (int batch : new int[] {1, 4}) {
                NDArray batchInput = manager.randomUniform(0f, range, new Shape(batch, 3, m.inputHeight(), m.inputWidth()));
                double forwardMs = time(seconds, () -> predictor.predict(new NDList(batchInput)).close()) / batch;
                List<BgrFrame> frames = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    frames.add(frame);
                }
                double detectMs = time(seconds, () -> detector.detect(frames)) / batch;
                System.out.printf(Locale.ROOT, "%-46s %5d %12.2f %12.2f %10.2f %10.2f %8.1f%%%n",
                        modelPath.getFileName(), batch, forwardMs, detectMs, preMs, postMs,
                        100 * (preMs + postMs) / forwardMs);
            }
        }
    }

    private static ZooModel<NDList, NDList> loadRaw(Path path) throws Exception {
        return ModelFormat.of(path).criteria(path, Device.cpu()).build().loadModel();
    }

    /** PyTorch against ONNX Runtime on the same model, alternating rounds, detect ms per image. */
    private static void compareEngines(List<Path> models, double seconds) throws Exception {
        // Same thread count for both: one per core (both engines' default, made explicit).
        String threads = String.valueOf(Runtime.getRuntime().availableProcessors());
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", threads));
        System.setProperty("ai.djl.onnxruntime.num_threads", System.getProperty("ai.djl.onnxruntime.num_threads", threads));
        System.out.printf(Locale.ROOT, "cores=%d, threads: pytorch=%s onnxruntime=%s, %d rounds of %.1f s per engine,"
                        + " load average %.1f%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("ai.djl.pytorch.num_threads"), System.getProperty("ai.djl.onnxruntime.num_threads"),
                ROUNDS, seconds / ROUNDS, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "%-38s %5s %17s %17s %11s%n",
                "model (detect ms/image)", "batch", "pytorch", "onnxruntime", "onnx/torch");
        BgrFrame frame = BgrFrame.of(new SyntheticScene(42, 1280, 720, 6).render(0), 1280, 720);
        for (Path model : models) {
            String name = model.getFileName().toString();
            Path torch = model.resolveSibling(stemOf(name) + ".torchscript");
            Path onnx = model.resolveSibling(stemOf(name) + ".onnx");
            try (YoloDetector pt = YoloDetector.load(config(torch));
                    YoloDetector ort = YoloDetector.load(config(onnx))) {
                for (int batch : new int[] {1, 4}) {
                    List<BgrFrame> frames = java.util.Collections.nCopies(batch, frame);
                    double[] ptMs = new double[ROUNDS];
                    double[] ortMs = new double[ROUNDS];
                    for (int r = 0; r < ROUNDS; r++) {
                        ptMs[r] = time(seconds / ROUNDS, () -> pt.detect(frames)) / batch;
                        ortMs[r] = time(seconds / ROUNDS, () -> ort.detect(frames)) / batch;
                    }
                    double pt50 = median(ptMs);
                    double ort50 = median(ortMs);
                    System.out.printf(Locale.ROOT, "%-38s %5d %17s %17s %11.2f%n", stemOf(name), batch,
                            range(pt50, ptMs), range(ort50, ortMs), ort50 / pt50);
                }
            }
        }
        // Other processes on the same cores make both engines slower, libtorch's much more.
        System.out.printf(Locale.ROOT, "load average at the end %.1f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Batch 1 against batch 4 on one model, alternating rounds, detect ms per image. */
    private static void compareBatches(List<Path> models, double seconds) throws Exception {
        BgrFrame frame = benchmarkFrame();
        System.out.printf(Locale.ROOT, "cores=%d, onnxruntime threads=%s, frame %dx%d, %d rounds of %.1f s per batch size,"
                        + " load average %.1f%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("ai.djl.onnxruntime.num_threads", "default"), frame.width(), frame.height(),
                ROUNDS, seconds / ROUNDS, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "%-34s %-12s %17s %17s %9s %s%n",
                "model (detect ms/image)", "engine", "batch 1", "batch 4", "b4/b1", "detections");
        for (Path model : models) {
            try (YoloDetector detector = YoloDetector.load(config(model))) {
                List<BgrFrame> one = List.of(frame);
                List<BgrFrame> four = java.util.Collections.nCopies(4, frame);
                double[] oneMs = new double[ROUNDS];
                double[] fourMs = new double[ROUNDS];
                for (int r = 0; r < ROUNDS; r++) {
                    oneMs[r] = time(seconds / ROUNDS, () -> detector.detect(one));
                    fourMs[r] = time(seconds / ROUNDS, () -> detector.detect(four)) / 4;
                }
                String engine = ModelFormat.of(model).engine() + "/" + detector.layout().family().configName();
                System.out.printf(Locale.ROOT, "%-34s %-12s %17s %17s %9.2f %d%n", model.getFileName(), engine,
                        range(median(oneMs), oneMs), range(median(fourMs), fourMs), median(fourMs) / median(oneMs),
                        detector.detect(frame).size());
            }
        }
        System.out.printf(Locale.ROOT, "load average at the end %.1f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Frame 400 of the shop camera (footage/Retail02_short.mp4) if found, else a synthetic 1280x720 scene. */
    private static BgrFrame benchmarkFrame() throws Exception {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path clip = dir.resolve("footage/Retail02_short.mp4");
            if (java.nio.file.Files.isRegularFile(clip)) {
                try (org.bytedeco.javacv.FFmpegFrameGrabber grabber = new org.bytedeco.javacv.FFmpegFrameGrabber(clip.toFile())) {
                    grabber.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24);
                    grabber.start();
                    org.bytedeco.javacv.Frame f = null;
                    for (int i = 0; i <= 400; i++) {
                        f = grabber.grabImage();
                    }
                    java.nio.ByteBuffer source = (java.nio.ByteBuffer) f.image[0];
                    byte[] copy = new byte[f.imageHeight * f.imageStride];
                    source.duplicate().position(0).get(copy, 0, copy.length);
                    return new BgrFrame(java.nio.ByteBuffer.wrap(copy), f.imageWidth, f.imageHeight, f.imageStride);
                }
            }
        }
        return BgrFrame.of(new SyntheticScene(42, 1280, 720, 6).render(0), 1280, 720);
    }

    private static final int ROUNDS = 4;

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** "median (min-max)" over the rounds. */
    private static String range(double median, double[] values) {
        double min = java.util.Arrays.stream(values).min().orElse(0);
        double max = java.util.Arrays.stream(values).max().orElse(0);
        return String.format(Locale.ROOT, "%.1f (%.0f-%.0f)", median, min, max);
    }

    private static String stemOf(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Runs the task after a warm-up for about {@code seconds}, returns the mean ms per run. */
    private static double time(double seconds, ThrowingRunnable task) throws Exception {
        long warmUpEnd = System.nanoTime() + (long) (Math.min(1.0, seconds / 3) * 1e9);
        while (System.nanoTime() < warmUpEnd) {
            task.run();
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        int runs = 0;
        while (System.nanoTime() < end || runs < 3) {
            task.run();
            runs++;
        }
        return (System.nanoTime() - start) / 1e6 / runs;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
