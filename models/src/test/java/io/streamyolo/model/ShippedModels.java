package io.streamyolo.model;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the model files shipped in {@code models/files}, found from any module's directory. */
public final class ShippedModels {

    public static final String SHAPES = "shapes-yolo-320.torchscript";
    public static final String YOLOV8N_STRUCTURE = "yolov8n-structure-untrained-640.torchscript";

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
