package io.streamyolo.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a detection model says about itself: class names, input size and stride.
 *
 * <p>Read from the JSON that Ultralytics stores as the TorchScript extra file {@code config.txt}
 * (keys {@code names}, {@code imgsz}, {@code stride}, {@code description}), from the same keys in
 * an ONNX file's {@code metadata_props} (where Ultralytics writes each value as Python's {@code
 * str()}: names {@code "{0: 'person', 1: 'bicycle'}"}, imgsz {@code "[640, 640]"}), or else from a
 * labels file beside the model (one class name per line).
 */
public record ModelMetadata(
        List<String> classNames, int inputWidth, int inputHeight, int stride, String description) {

    /** Ultralytics' default input size, used when neither metadata nor options give one. */
    public static final int DEFAULT_INPUT_SIZE = 640;

    public ModelMetadata {
        classNames = List.copyOf(classNames);
    }

    public int classCount() {
        return classNames.size();
    }

    /** The name of a class id, or {@code "class<id>"} when the model names none. */
    public String className(int classId) {
        return classId >= 0 && classId < classNames.size() ? classNames.get(classId) : "class" + classId;
    }

    /**
     * Parses Ultralytics' metadata JSON.
     *
     * @throws IllegalArgumentException naming the problem, when the JSON is not such metadata
     */
    public static ModelMetadata fromUltralyticsJson(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("config.txt is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("config.txt is not a JSON object");
        }
        List<String> names = parseNames(root.get("names"));
        int width = DEFAULT_INPUT_SIZE;
        int height = DEFAULT_INPUT_SIZE;
        JsonNode imgsz = root.get("imgsz");
        if (imgsz != null && imgsz.isArray() && imgsz.size() == 2) {
            // Ultralytics writes imgsz as [height, width].
            height = imgsz.get(0).asInt();
            width = imgsz.get(1).asInt();
        } else if (imgsz != null && imgsz.isInt()) {
            width = height = imgsz.asInt();
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("config.txt has an invalid imgsz: " + imgsz);
        }
        int stride = root.path("stride").asInt(32);
        String description = root.path("description").asText("");
        return new ModelMetadata(names, width, height, stride, description);
    }

    /**
     * Parses Ultralytics' ONNX {@code metadata_props}: the same keys as {@code config.txt}, each
     * value a Python literal. A file without {@code names} gives no class names (a labels file
     * must then name them).
     *
     * @throws IllegalArgumentException naming the key, when a value is not the expected literal
     */
    public static ModelMetadata fromOnnxMetadata(Map<String, String> props) {
        List<String> names = List.of();
        String rawNames = props.get("names");
        if (rawNames != null && !rawNames.isBlank()) {
            names = PythonLiteral.parseNames(rawNames);
        }
        int width = DEFAULT_INPUT_SIZE;
        int height = DEFAULT_INPUT_SIZE;
        String imgsz = props.get("imgsz");
        if (imgsz != null && !imgsz.isBlank()) {
            List<Integer> size = PythonLiteral.parseIntList(imgsz, "imgsz");
            if (size.size() == 2) {
                // [height, width], as in config.txt.
                height = size.get(0);
                width = size.get(1);
            } else if (size.size() == 1) {
                width = height = size.get(0);
            } else {
                throw new IllegalArgumentException("ONNX metadata 'imgsz' must be N or [H, W], got " + imgsz);
            }
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("ONNX metadata has an invalid imgsz: " + imgsz);
        }
        int stride = 32;
        String rawStride = props.get("stride");
        if (rawStride != null && !rawStride.isBlank()) {
            List<Integer> strides = PythonLiteral.parseIntList(rawStride, "stride");
            stride = strides.isEmpty() ? 32 : strides.get(strides.size() - 1);
        }
        return new ModelMetadata(names, width, height, stride, props.getOrDefault("description", ""));
    }

    /** Reads class names from a labels file: one per line, blank lines and '#' comments skipped. */
    public static List<String> readLabels(Path labels) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(labels, StandardCharsets.UTF_8)) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                names.add(name);
            }
        }
        return names;
    }

    // ------------------------------------------------------------------------------------------

    private static List<String> parseNames(JsonNode names) {
        if (names == null || names.isNull()) {
            return List.of();
        }
        if (names.isArray()) {
            List<String> list = new ArrayList<>();
            names.forEach(n -> list.add(n.asText()));
            return list;
        }
        if (!names.isObject()) {
            throw new IllegalArgumentException("config.txt 'names' must be an object or a list, got " + names);
        }
        // {"0": "person", "1": "bicycle", ...}: keys are class ids, possibly sparse or unordered.
        Map<Integer, String> byId = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = names.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            try {
                byId.put(Integer.parseInt(field.getKey()), field.getValue().asText());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("config.txt 'names' has a non-numeric class id: " + field.getKey(), e);
            }
        }
        int count = byId.isEmpty() ? 0 : ((TreeMap<Integer, String>) byId).lastKey() + 1;
        List<String> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(byId.getOrDefault(i, "class" + i));
        }
        return list;
    }
}
