package io.streamyolo.model;

import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.streamyolo.model.preprocess.Letterbox;
import io.streamyolo.model.preprocess.Preprocessing;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One raw forward pass at batch 1 on a uniform grey frame (what the padding holds), through the
 * model's own no-op predictor, for {@link LayoutResolver}: the output's shape and values before any
 * decoding. Called on the loading thread only.
 */
final class ModelProbe implements LayoutResolver.Probe {

    private final ZooModel<NDList, NDList> model;
    private final ModelMetadata metadata;
    private final Path path;

    ModelProbe(ZooModel<NDList, NDList> model, ModelMetadata metadata, Path path) {
        this.model = model;
        this.metadata = metadata;
        this.path = path;
    }

    @Override
    public LayoutResolver.Output run(Preprocessing preprocessing) throws DetectorException {
        int w = metadata.inputWidth();
        int h = metadata.inputHeight();
        float[] grey = new float[3 * w * h];
        Arrays.fill(grey, Letterbox.PAD_VALUE / preprocessing.divisor());
        try (NDManager manager = model.getNDManager().newSubManager();
                Predictor<NDList, NDList> raw = model.newPredictor()) {
            NDArray input = manager.create(FloatBuffer.wrap(grey), new Shape(1, 3, h, w), DataType.FLOAT32);
            try (NDList out = raw.predict(new NDList(input))) {
                if (out.isEmpty()) {
                    throw new DetectorException("Model " + path.toAbsolutePath() + " gives no output");
                }
                NDArray first = out.get(0);
                float[] values = (first.getDataType() == DataType.FLOAT32 ? first : first.toType(DataType.FLOAT32, false))
                        .toFloatArray();
                return new LayoutResolver.Output(first.getShape().getShape(), values);
            }
        } catch (TranslateException | EngineException e) {
            throw new DetectorException("Model " + path.toAbsolutePath() + " is not a usable YOLO detector for input "
                    + w + "x" + h + ": " + YoloDetector.rootMessage(e) + inputSizeHint(e), e);
        }
    }

    /**
     * ONNX Runtime's refusal of an input size names the size the model wants on its next lines
     * ("index: 2 Got: 640 Expected: 416"); a file without metadata (YOLOX's exports) is read at 640.
     */
    private static String inputSizeHint(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String msg = t.getMessage() == null ? "" : t.getMessage();
        if (!msg.contains("invalid dimensions")) {
            return "";
        }
        String wanted = msg.lines().map(String::strip).filter(l -> l.startsWith("index:"))
                .reduce((a, b) -> a + "; " + b).orElse("");
        return " (" + wanted + "): give the model's input size (--imgsz, DetectorConfig.optInputSize,"
                + " or metadata imgsz in the file)";
    }
}
