package io.streamyolo.model;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings of a {@link YoloDetector}. Built with {@link #builder()}; following DJL, {@code set*}
 * is required and {@code opt*} optional. Serializable, so a Flink job can ship it to its tasks.
 */
public final class DetectorConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final float DEFAULT_CONFIDENCE = 0.25f;
    public static final float DEFAULT_IOU = 0.45f;
    public static final int DEFAULT_MAX_DETECTIONS = 300;

    private final String modelPath;
    private final String labelsPath;
    private final String device;
    private final float confidenceThreshold;
    private final float iouThreshold;
    private final Set<Integer> classFilter;
    private final int inputSize;
    private final int engineThreads;
    private final ModelFamily modelFamily;

    private DetectorConfig(Builder b) {
        this.modelPath = b.modelPath;
        this.labelsPath = b.labelsPath;
        this.device = b.device;
        this.confidenceThreshold = b.confidenceThreshold;
        this.iouThreshold = b.iouThreshold;
        this.classFilter = b.classFilter == null ? null : Set.copyOf(b.classFilter);
        this.inputSize = b.inputSize;
        this.engineThreads = b.engineThreads;
        this.modelFamily = b.modelFamily;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this configuration, for a copy with a few changes. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.modelPath = modelPath;
        b.labelsPath = labelsPath;
        b.device = device;
        b.confidenceThreshold = confidenceThreshold;
        b.iouThreshold = iouThreshold;
        b.classFilter = classFilter;
        b.inputSize = inputSize;
        b.engineThreads = engineThreads;
        b.modelFamily = modelFamily();
        return b;
    }

    /** Intra-op threads of the engines in this JVM (0: the engine's default, one per core); see {@link Engines#threads}. */
    public int engineThreads() {
        return engineThreads;
    }

    public Path modelPath() {
        return Path.of(modelPath);
    }

    /** The labels file, or null to use the model's metadata or {@code <model>.names} beside it. */
    public Path labelsPath() {
        return labelsPath == null ? null : Path.of(labelsPath);
    }

    /** DJL device name: {@code cpu}, or {@code gpu0}, {@code gpu1}, ... */
    public String device() {
        return device;
    }

    public float confidenceThreshold() {
        return confidenceThreshold;
    }

    public float iouThreshold() {
        return iouThreshold;
    }

    /** Class ids to keep, or null for all. */
    public Set<Integer> classFilter() {
        return classFilter;
    }

    /** Square input size overriding the model's metadata, or 0 to use the metadata. */
    public int inputSize() {
        return inputSize;
    }

    /** Most boxes kept per image after NMS: {@value #DEFAULT_MAX_DETECTIONS}. */
    public int maxDetections() {
        return DEFAULT_MAX_DETECTIONS;
    }

    /**
     * The model family forced by the configuration, or {@link ModelFamily#AUTO} (the default): the
     * file's metadata, else its output's shape, tells.
     */
    public ModelFamily modelFamily() {
        // Null in a configuration serialized before the field existed.
        return modelFamily == null ? ModelFamily.AUTO : modelFamily;
    }

    @Override
    public String toString() {
        return "DetectorConfig{model=" + modelPath + ", device=" + device + ", conf=" + confidenceThreshold
                + ", iou=" + iouThreshold + ", classes=" + (classFilter == null ? "all" : new TreeSet<>(classFilter))
                + ", inputSize=" + (inputSize == 0 ? "from model" : inputSize)
                + ", modelType=" + modelFamily().configName() + "}";
    }

    /** Builder of {@link DetectorConfig}. */
    public static final class Builder {
        private String modelPath;
        private String labelsPath;
        private String device = "cpu";
        private float confidenceThreshold = DEFAULT_CONFIDENCE;
        private float iouThreshold = DEFAULT_IOU;
        private Set<Integer> classFilter;
        private int inputSize;
        private int engineThreads;
        private ModelFamily modelFamily = ModelFamily.AUTO;

        private Builder() {}

        /**
         * Forces the model family ({@link ModelFamily#ULTRALYTICS} or {@link ModelFamily#YOLOX}), or
         * leaves it to the model file ({@link ModelFamily#AUTO}, the default; null means AUTO).
         */
        public Builder optModelFamily(ModelFamily family) {
            this.modelFamily = family == null ? ModelFamily.AUTO : family;
            return this;
        }

        /**
         * The model family by name: {@code auto}, {@code ultralytics} or {@code yolox}
         * (case-insensitive).
         *
         * @throws IllegalArgumentException listing the accepted values, for any other name
         */
        public Builder optModelFamily(String name) {
            return optModelFamily(ModelFamily.parse(name));
        }

        /**
         * Intra-op threads of the engines (PyTorch's and ONNX Runtime's pools are one per JVM:
         * the first model loaded in the JVM sets them); 0 leaves the engine's default, one per core.
         */
        public Builder optEngineThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("engine threads must be >= 0, got " + threads);
            }
            this.engineThreads = threads;
            return this;
        }

        /**
         * The model file: TorchScript (Ultralytics {@code format=torchscript} export or equivalent),
         * or ONNX when its name ends in {@code .onnx} ({@code format=onnx}); see {@link ModelFormat}.
         */
        public Builder setModelPath(Path modelPath) {
            this.modelPath = Objects.requireNonNull(modelPath, "modelPath").toString();
            return this;
        }

        public Builder optLabelsPath(Path labelsPath) {
            this.labelsPath = labelsPath == null ? null : labelsPath.toString();
            return this;
        }

        /** Runs on the CPU. */
        public Builder optCpu() {
            this.device = "cpu";
            return this;
        }

        /** Runs on GPU {@code index}. */
        public Builder optGpu(int index) {
            if (index < 0) {
                throw new IllegalArgumentException("GPU index must be >= 0, got " + index);
            }
            this.device = "gpu" + index;
            return this;
        }

        /** Device by name: {@code cpu}, {@code gpu}, {@code gpu:N} or {@code gpuN}. */
        public Builder optDevice(String name) {
            String n = Objects.requireNonNull(name, "device").strip().toLowerCase();
            if (n.equals("cpu")) {
                return optCpu();
            }
            if (n.startsWith("gpu") || n.startsWith("cuda")) {
                String index = n.replaceFirst("^(gpu|cuda):?", "");
                try {
                    return optGpu(index.isEmpty() ? 0 : Integer.parseInt(index));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Unknown device '" + name + "': expected cpu or gpu:N", e);
                }
            }
            throw new IllegalArgumentException("Unknown device '" + name + "': expected cpu or gpu:N");
        }

        public Builder optConfidenceThreshold(float threshold) {
            this.confidenceThreshold = threshold;
            return this;
        }

        public Builder optIouThreshold(float threshold) {
            this.iouThreshold = threshold;
            return this;
        }

        /** Keeps only these class ids; null or empty keeps all. */
        public Builder optClassFilter(Set<Integer> classIds) {
            this.classFilter = classIds == null || classIds.isEmpty() ? null : Set.copyOf(classIds);
            return this;
        }

        public Builder optInputSize(int size) {
            this.inputSize = size;
            return this;
        }

        public DetectorConfig build() {
            if (modelPath == null) {
                throw new IllegalStateException("The model path is required: call setModelPath(...)");
            }
            if (!(confidenceThreshold >= 0f && confidenceThreshold <= 1f)) {
                throw new IllegalStateException("Confidence threshold must be in [0, 1], got " + confidenceThreshold);
            }
            if (!(iouThreshold > 0f && iouThreshold <= 1f)) {
                throw new IllegalStateException("IoU threshold must be in (0, 1], got " + iouThreshold);
            }
            if (inputSize < 0 || inputSize % 32 != 0) {
                throw new IllegalStateException("Input size must be a multiple of 32 (or 0 for the model's), got " + inputSize);
            }
            return new DetectorConfig(this);
        }
    }
}
