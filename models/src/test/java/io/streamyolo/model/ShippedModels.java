package io.streamyolo.model;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the model files shipped in {@code models/files}, found from any module's directory. */
public final class ShippedModels {

    public static final String SHAPES = "shapes-yolo-320.torchscript";
    public static final String YOLOV8N_STRUCTURE = "yolov8n-structure-untrained-640.torchscript";
    /** The same models exported to ONNX (models/scripts/make_models.py --onnx-only). */
    public static final String SHAPES_ONNX = "shapes-yolo-320.onnx";
    public static final String YOLOV8N_STRUCTURE_ONNX = "yolov8n-structure-untrained-640.onnx";

    private ShippedModels() {}

    public static Path path(String fileName) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("models/files").resolve(fileName);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Shipped model " + fileName + " not found under models/files");
    }
}
