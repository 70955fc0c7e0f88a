package io.streamyolo.model;

import ai.djl.nn.SymbolBlock;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a model detects and how it takes its input: the metadata its file carries (Ultralytics'
 * {@value #METADATA_FILE} in a TorchScript file, {@code metadata_props} in an ONNX one), the class
 * names from a labels file where given or found beside the model, and the input size the options
 * force.
 */
final class ModelMetadataReader {

    /** The TorchScript extra file in which Ultralytics stores the model's metadata. */
    static final String METADATA_FILE = "config.txt";

    private ModelMetadataReader() {}

    /** The metadata the model file carries (config.txt or ONNX metadata_props), or null if none. */
    static ModelMetadata read(ZooModel<NDList, NDList> model, Path path, ModelFormat format)
            throws DetectorException {
        try {
            if (format == ModelFormat.ONNX) {
                Map<String, String> props = ((SymbolBlock) model.getBlock()).getCustomMetadata();
                return props == null || props.isEmpty() ? null : ModelMetadata.fromOnnxMetadata(props);
            }
            String configJson = model.getProperty(METADATA_FILE);
            return configJson == null || configJson.isBlank() ? null : ModelMetadata.fromUltralyticsJson(configJson);
        } catch (IllegalArgumentException e) {
            throw new DetectorException("Model " + path + " carries unreadable metadata: " + e.getMessage(), e);
        }
    }

    /** Metadata from config.txt, with names from a labels file where given or where config.txt has none. */
    static ModelMetadata resolveMetadata(DetectorConfig config, Path modelPath, String configJson)
            throws DetectorException {
        ModelMetadata fromModel = null;
        if (configJson != null && !configJson.isBlank()) {
            try {
                fromModel = ModelMetadata.fromUltralyticsJson(configJson);
            } catch (IllegalArgumentException e) {
                throw new DetectorException("Model " + modelPath + " carries unreadable metadata: " + e.getMessage(), e);
            }
        }
        return withLabels(config, modelPath, fromModel);
    }

    /**
     * The model's own metadata (null if it has none), with names from a labels file where given, or
     * from one beside the model where the metadata names no classes; input size from the options.
     */
    static ModelMetadata withLabels(DetectorConfig config, Path modelPath, ModelMetadata fromModel)
            throws DetectorException {
        List<String> names = fromModel == null ? List.of() : fromModel.classNames();
        Path labels = config.labelsPath() != null ? config.labelsPath() : (names.isEmpty() ? findLabels(modelPath) : null);
        if (labels != null) {
            try {
                names = ModelMetadata.readLabels(labels);
            } catch (IOException e) {
                throw new DetectorException("Cannot read labels file " + labels + ": " + e.getMessage(), e);
            }
        }
        if (names.isEmpty()) {
            String where = ModelFormat.of(modelPath) == ModelFormat.ONNX ? "ONNX metadata_props 'names'" : METADATA_FILE;
            throw new DetectorException("Model " + modelPath + " names no classes: it has no Ultralytics metadata ("
                    + where + ") and no labels file was found (give one, or put "
                    + stem(modelPath) + ".names beside the model, one class name per line)");
        }
        int width = fromModel == null ? ModelMetadata.DEFAULT_INPUT_SIZE : fromModel.inputWidth();
        int height = fromModel == null ? ModelMetadata.DEFAULT_INPUT_SIZE : fromModel.inputHeight();
        if (config.inputSize() > 0) {
            width = height = config.inputSize();
        }
        if (fromModel == null) {
            return new ModelMetadata(names, width, height, 32, "");
        }
        return new ModelMetadata(names, width, height, fromModel.stride(), fromModel.description(),
                fromModel.family(), fromModel.boxesDecoded(), fromModel.strides());
    }

    private static Path findLabels(Path modelPath) {
        Path dir = modelPath.toAbsolutePath().getParent();
        for (String candidate : Arrays.asList(stem(modelPath) + ".names", stem(modelPath) + ".txt", "labels.txt")) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static String stem(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
