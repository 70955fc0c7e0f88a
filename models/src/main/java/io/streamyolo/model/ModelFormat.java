package io.streamyolo.model;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.translate.NoopTranslator;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The format of a model file, told by its extension, and the DJL engine that runs it: {@code
 * .onnx} runs on ONNX Runtime, anything else ({@code .torchscript}, {@code .pt}, ...) is taken as
 * TorchScript and runs on PyTorch (libtorch).
 */
public enum ModelFormat {
    TORCHSCRIPT("PyTorch", "TorchScript", "'yolo export model=yolo11n.pt format=torchscript' or torch.jit.save"),
    ONNX("OnnxRuntime", "ONNX", "'yolo export model=yolo11n.pt format=onnx dynamic=True' or torch.onnx.export");

    private final String engine;
    private final String displayName;
    private final String exportHint;

    ModelFormat(String engine, String displayName, String exportHint) {
        this.engine = engine;
        this.displayName = displayName;
        this.exportHint = exportHint;
    }

    /** The format of a model file, by its extension (case-insensitive). */
    public static ModelFormat of(Path modelPath) {
        String name = modelPath.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".onnx") ? ONNX : TORCHSCRIPT;
    }

    /**
     * DJL criteria that load a file of this format on a device, raw tensors in and out: the
     * engine, and the engine's options that we always want.
     */
    public Criteria.Builder<NDList, NDList> criteria(Path modelPath, Device device) {
        Criteria.Builder<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine(engine)
                .optModelPath(modelPath)
                .optDevice(device)
                .optTranslator(new NoopTranslator());
        if (this == TORCHSCRIPT) {
            // Ultralytics' metadata, read back with model.getProperty(...).
            criteria.optOption("extraFiles", ModelMetadataReader.METADATA_FILE);
        } else {
            // One intra-op thread pool per process, as libtorch has, instead of one per session:
            // a TaskManager with several detection slots (or a MODEL switch that keeps two models
            // loaded) would otherwise run cores x sessions threads. Its size is ONNX Runtime's
            // default (one per core), or -Dai.djl.onnxruntime.num_threads. DJL creates ONNX
            // Runtime's environment with these global pools; code that creates one before DJL
            // does (OrtEnvironment.getEnvironment()) makes DJL's engine fail to start. Measured
            // here: a session with its own pool beside the global one ran 2-3x slower.
            criteria.optOption("disablePerSessionThreads", "true");
        }
        return criteria;
    }

    /** DJL's engine name. */
    public String engine() {
        return engine;
    }

    /** How error messages name the format. */
    public String displayName() {
        return displayName;
    }

    /** "a TorchScript", "an ONNX": for error messages. */
    public String withArticle() {
        return (this == ONNX ? "an " : "a ") + displayName;
    }

    /** Where such a file comes from, for error messages. */
    public String exportHint() {
        return exportHint;
    }
}
