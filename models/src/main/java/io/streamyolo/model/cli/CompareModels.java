package io.streamyolo.model.cli;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.model.Engines;
import io.streamyolo.model.ModelFormat;
import io.streamyolo.model.ModelMetadata;
import io.streamyolo.model.YoloDetector;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * {@code CompareModels}: runs two exports of one model (e.g. its {@code .torchscript} and {@code
 * .onnx}, each on its engine) on the same random input at batch 1 and 3 and prints the largest
 * difference between their raw outputs. {@code models/scripts/make_models.py} runs it to check an
 * ONNX export where Python has no ONNX Runtime.
 *
 * <pre>
 * bin/run-models-main io.streamyolo.model.cli.CompareModels models/files/shapes-yolo-320.torchscript \
 *     models/files/shapes-yolo-320.onnx
 * </pre>
 */
public final class CompareModels {

    private CompareModels() {}

    public static void main(String[] args) throws Exception {
        Engines.configure();
        if (args.length != 2) {
            System.err.println("Usage: CompareModels MODEL_A MODEL_B (same input size and output layout)");
            System.exit(2);
        }
        Path a = Path.of(args[0]);
        Path b = Path.of(args[1]);
        ModelMetadata m;
        try (YoloDetector detector = YoloDetector.load(DetectorConfig.builder().setModelPath(a).build())) {
            m = detector.metadata();
        }
        for (int batch : new int[] {1, 3}) {
            float diff = maxAbsDiff(a, b, new Shape(batch, 3, m.inputHeight(), m.inputWidth()), 42 + batch);
            System.out.printf(Locale.ROOT, "max abs diff at batch %d: %.3e%n", batch, diff);
        }
    }

    /** The largest |a - b| over the raw outputs of two model files on one random input in [0, 1). */
    public static float maxAbsDiff(Path a, Path b, Shape inputShape, long seed) throws Exception {
        float[] input = new float[Math.toIntExact(inputShape.size())];
        Random random = new Random(seed);
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextFloat();
        }
        float[] outA = forward(a, input, inputShape);
        float[] outB = forward(b, input, inputShape);
        if (outA.length != outB.length) {
            throw new IllegalStateException(a.getFileName() + " gives " + outA.length + " values, "
                    + b.getFileName() + " gives " + outB.length);
        }
        float max = 0f;
        for (int i = 0; i < outA.length; i++) {
            max = Math.max(max, Math.abs(outA[i] - outB[i]));
        }
        return max;
    }

    /** The first output of a model file, on the CPU, with its format's engine. */
    static float[] forward(Path model, float[] input, Shape shape) throws Exception {
        try (ZooModel<NDList, NDList> zoo = ModelFormat.of(model).criteria(model, Device.cpu()).build().loadModel();
                Predictor<NDList, NDList> predictor = zoo.newPredictor()) {
            NDList in = new NDList(zoo.getNDManager().create(input, shape));
            try (NDList out = predictor.predict(in)) {
                return out.get(0).toFloatArray();
            } finally {
                in.close();
            }
        }
    }
}
