package io.streamyolo.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.streamyolo.model.postprocess.OutputLayout;
import io.streamyolo.model.translator.YoloTranslator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A YOLO detector: one model on one device, with one predictor; a TorchScript file runs on DJL's
 * PyTorch engine, an {@code .onnx} file on DJL's ONNX Runtime engine ({@link ModelFormat}). The
 * model is of the Ultralytics (YOLOv8/YOLO11 export) or YOLOX family ({@link ModelFamily}), which
 * sets its pre-processing and output layout; the family is forced by {@link
 * DetectorConfig#modelFamily()}, else stated by the file's metadata, else told from the output's
 * shape at load ({@link #layout()}).
 *
 * <p>ONNX Runtime runs through DJL's {@code onnxruntime-engine} (0.36.0, with Microsoft's CPU
 * {@code onnxruntime} 1.22.0 jar, whose natives are inside it: nothing downloads) rather than
 * through ONNX Runtime's own Java API, because then both engines share one code path: the same
 * Criteria loading, {@link YoloTranslator} (letterbox into a direct buffer, decoding, NMS),
 * Predictor, errors and warm-up check; only the engine name and its options differ. What that
 * costs was measured here (bare forward pass of the YOLOv8n structure at 640, same session
 * settings, alternating rounds on the 2-core VM while other builds ran): 106-135 ms per image
 * through DJL against 94-134 ms through the bare API at batch 1, 130-151 against 96-146 at batch 4:
 * no cost above the noise.
 *
 * <p>Not thread-safe (DJL predictors are not): create one per thread or per Flink subtask, and
 * close it. Usage:
 *
 * <pre>{@code
 * DetectorConfig config = DetectorConfig.builder().setModelPath(Path.of("yolo11n.torchscript")).build();
 * try (YoloDetector detector = YoloDetector.load(config)) {
 *     List<List<Detection>> perFrame = detector.detect(List.of(frameA, frameB));
 * }
 * }</pre>
 */
public final class YoloDetector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(YoloDetector.class);

    private final DetectorConfig config;
    private final ModelMetadata metadata;
    private final OutputLayout layout;
    private final ZooModel<NDList, NDList> model;
    private final Predictor<List<BgrFrame>, List<List<Detection>>> predictor;

    private YoloDetector(
            DetectorConfig config, ModelMetadata metadata, OutputLayout layout, ZooModel<NDList, NDList> model,
            Predictor<List<BgrFrame>, List<List<Detection>>> predictor) {
        this.config = config;
        this.metadata = metadata;
        this.layout = layout;
        this.model = model;
        this.predictor = predictor;
    }

    /**
     * Loads the model, reads its metadata, and checks its output layout with one forward pass.
     *
     * @throws DetectorException naming the file and what was expected, when the model is missing,
     *     unreadable, not in the format its extension says (TorchScript, or ONNX for .onnx), or not a
     *     YOLO detection model: its output's shape fits no known layout, or not the model type forced
     */
    public static YoloDetector load(DetectorConfig config) throws DetectorException {
        Path path = config.modelPath();
        ModelFormat format = ModelFormat.of(path);
        if (!Files.isRegularFile(path)) {
            throw new DetectorException("Model file not found: " + path.toAbsolutePath() + " (expected "
                    + format.withArticle() + " file, e.g. from " + format.exportHint() + ")");
        }
        if (!Files.isReadable(path)) {
            throw new DetectorException("Model file is not readable: " + path.toAbsolutePath());
        }
        Engines.threads(config.engineThreads());
        ZooModel<NDList, NDList> model = loadModel(config, path, format);
        try {
            ModelMetadata stated = ModelMetadataReader.withLabels(config, path, ModelMetadataReader.read(model, path, format));
            OutputLayout layout = LayoutResolver.resolve(config.modelFamily(), stated,
                    new ModelProbe(model, stated, path), path.toAbsolutePath());
            ModelMetadata metadata = stated.withFamily(layout.family(),
                    layout == OutputLayout.ULTRALYTICS ? null : layout == OutputLayout.YOLOX_DECODED);
            YoloTranslator translator = new YoloTranslator(
                    metadata.inputWidth(), metadata.inputHeight(), metadata.classCount(), layout,
                    metadata.preprocessing(),
                    cells -> layout.decoder(metadata, cells, config.confidenceThreshold(), config.iouThreshold(),
                            config.maxDetections(), config.classFilter()));
            Predictor<List<BgrFrame>, List<List<Detection>>> predictor = model.newPredictor(translator);
            YoloDetector detector = new YoloDetector(config, metadata, layout, model, predictor);
            detector.checkLayoutWithWarmUp(path);
            LOG.info("Loaded {} on {}: {} classes, input {}x{}, layout {}{}", path.getFileName(),
                    model.getNDManager().getDevice(), metadata.classCount(), metadata.inputWidth(),
                    metadata.inputHeight(), layout, config.modelFamily() == ModelFamily.AUTO ? ""
                            : " (model type " + config.modelFamily().configName() + ")");
            return detector;
        } catch (DetectorException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Detects objects in one frame. */
    public List<Detection> detect(BgrFrame frame) throws DetectorException {
        return detect(List.of(frame)).get(0);
    }

    /** Detects objects in several frames (any sizes) with one forward pass. */
    public List<List<Detection>> detect(List<BgrFrame> frames) throws DetectorException {
        if (frames.isEmpty()) {
            return List.of();
        }
        try {
            return predictor.predict(frames);
        } catch (TranslateException | EngineException e) {
            throw new DetectorException("Detection failed with model " + config.modelPath().getFileName()
                    + " on a batch of " + frames.size() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The model's metadata, with the family (and, for YOLOX, the box decoding) this detector
     * resolved; {@link ModelMetadata#preprocessing()} says how to letterbox frames for it.
     */
    public ModelMetadata metadata() {
        return metadata;
    }

    /** The output layout this detector reads. */
    public OutputLayout layout() {
        return layout;
    }

    public DetectorConfig config() {
        return config;
    }

    public String className(int classId) {
        return metadata.className(classId);
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }

    // ------------------------------------------------------------------------------------------

    private static ZooModel<NDList, NDList> loadModel(DetectorConfig config, Path path, ModelFormat format)
            throws DetectorException {
        Device device = usableDevice(Device.fromName(config.device()), format, path);
        Criteria<NDList, NDList> criteria = format.criteria(path, device).build();
        try {
            return criteria.loadModel();
        } catch (MalformedModelException | EngineException | IOException | ModelNotFoundException e) {
            throw new DetectorException("Cannot load " + path.toAbsolutePath() + " as " + format.withArticle()
                    + " model on " + device + " (expected a file from " + format.exportHint() + "): "
                    + rootMessage(e), e);
        }
    }

    /**
     * The device asked for if the engine can use it; else the CPU, said in the log: a GPU build run
     * on a machine without a GPU (or without its CUDA libraries) still detects, more slowly.
     */
    static Device usableDevice(Device asked, ModelFormat format, Path path) {
        if (!asked.isGpu()) {
            return asked;
        }
        int gpus;
        try {
            gpus = ai.djl.engine.Engine.getEngine(format.engine()).getGpuCount();
        } catch (RuntimeException e) {
            gpus = 0;
        }
        if (asked.getDeviceId() < gpus) {
            return asked;
        }
        LOG.warn("No GPU {} for {}: the {} engine sees {} GPU(s) (a CPU build, or no CUDA on this machine); running on the CPU",
                asked.getDeviceId(), path.getFileName(), format.engine(), gpus);
        return Device.cpu();
    }

    /** The device the model runs on: {@code cpu}, or {@code gpu0}, ... */
    public String device() {
        Device d = model.getNDManager().getDevice();
        return d.isGpu() ? "gpu" + d.getDeviceId() : "cpu";
    }

    /** One forward pass on a blank frame: checks the layout now rather than on the first camera frame. */
    private void checkLayoutWithWarmUp(Path path) throws DetectorException {
        byte[] grey = new byte[metadata.inputWidth() * metadata.inputHeight() * 3];
        Arrays.fill(grey, (byte) 114);
        try {
            predictor.predict(new ArrayList<>(List.of(BgrFrame.of(grey, metadata.inputWidth(), metadata.inputHeight()))));
        } catch (TranslateException | EngineException e) {
            throw new DetectorException("Model " + path.toAbsolutePath() + " is not a usable YOLO detector for input "
                    + metadata.inputWidth() + "x" + metadata.inputHeight() + ": " + rootMessage(e), e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        // libtorch messages carry a C++ backtrace after the first line.
        int newline = msg.indexOf('\n');
        return newline > 0 ? msg.substring(0, newline) : msg;
    }
}
