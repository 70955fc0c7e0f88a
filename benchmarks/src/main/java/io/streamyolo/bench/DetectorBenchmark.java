package io.streamyolo.bench;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import io.streamyolo.model.BgrFrame;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.model.ModelMetadata;
import io.streamyolo.model.YoloDetector;
import io.streamyolo.model.postprocess.YoloOutputDecoder;
import io.streamyolo.model.preprocess.Letterbox;
import io.streamyolo.scene.SyntheticScene;
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
 * <p>Usage: {@code bin/bench-detector [--seconds S] MODEL...}
 */
public final class DetectorBenchmark {

    private DetectorBenchmark() {}

    public static void main(String[] args) throws Exception {
        double seconds = 5;
        List<Path> models = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds")) {
                seconds = Double.parseDouble(args[++i]);
            } else {
                models.add(Path.of(args[i]));
            }
        }
        System.out.printf(Locale.ROOT, "cores=%d, torch threads=default, %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"));
        System.out.printf(Locale.ROOT, "%-46s %5s %12s %12s %10s %10s %9s%n",
                "model", "batch", "forward ms/i", "detect ms/i", "pre ms", "post ms", "pre+post");
        for (Path model : models) {
            run(model, seconds);
        }
    }

    private static void run(Path modelPath, double seconds) throws Exception {
        DetectorConfig config = DetectorConfig.builder().setModelPath(modelPath).build();
        // A realistic 1280x720 camera frame with objects in it.
        SyntheticScene scene = new SyntheticScene(42, 1280, 720, 6);
        BgrFrame frame = BgrFrame.of(scene.render(0), 1280, 720);
        try (YoloDetector detector = YoloDetector.load(config);
                ZooModel<NDList, NDList> raw = loadRaw(modelPath);
                Predictor<NDList, NDList> predictor = raw.newPredictor();
                NDManager manager = NDManager.newBaseManager()) {
            ModelMetadata m = detector.metadata();
            Letterbox letterbox = Letterbox.of(1280, 720, m.inputWidth(), m.inputHeight());
            FloatBuffer input = FloatBuffer.allocate(3 * m.inputWidth() * m.inputHeight());
            double preMs = time(seconds / 4, () -> letterbox.toPlanarRgb(frame.pixels(), frame.rowStride(), input, 0));

            NDArray inputArray = manager.create(input, new Shape(1, 3, m.inputHeight(), m.inputWidth()));
            float[] output;
            try (NDList out = predictor.predict(new NDList(inputArray))) {
                output = out.get(0).toFloatArray();
            }
            int cells = output.length / (4 + m.classCount());
            YoloOutputDecoder decoder = new YoloOutputDecoder(m.classCount(), cells, config.confidenceThreshold(),
                    config.iouThreshold(), config.maxDetections(), null);
            double postMs = time(seconds / 4, () -> decoder.decode(output, 0, letterbox));

            for (int batch : new int[] {1, 4}) {
                NDArray batchInput = manager.randomUniform(0f, 1f, new Shape(batch, 3, m.inputHeight(), m.inputWidth()));
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
        return Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine("PyTorch")
                .optModelPath(path)
                .optTranslator(new NoopTranslator())
                .build()
                .loadModel();
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
