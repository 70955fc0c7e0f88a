package io.streamyolo.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.streamyolo.model.preprocess.Preprocessing;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
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
 *
 * <p>Three more keys, which the project writes for models of other families (Ultralytics' own
 * files have none of them): {@code family} ({@code ultralytics} or {@code yolox}), {@code decoded}
 * ({@code True} when the boxes come out in input pixels, {@code False} when a YOLOX export left the
 * grid decode out) and {@code strides} (YOLOX's grid strides, {@code [8, 16, 32]}).
 *
 * @param family the model's family as the file states it; {@link ModelFamily#AUTO} where it does
 *     not (a loaded {@link YoloDetector}'s metadata holds the family it resolved)
 * @param boxesDecoded for YOLOX, whether the boxes come out decoded (in input pixels); null where
 *     the file does not say (a loaded detector's metadata holds what it resolved)
 * @param strides the grid strides of a YOLOX output, smallest first
 */
public record ModelMetadata(
        List<String> classNames, int inputWidth, int inputHeight, int stride, String description,
        ModelFamily family, Boolean boxesDecoded, List<Integer> strides) {

    /** Ultralytics' default input size, used when neither metadata nor options give one. */
    public static final int DEFAULT_INPUT_SIZE = 640;

    /** YOLOX's grid strides, where the file names none. */
    public static final List<Integer> DEFAULT_STRIDES = List.of(8, 16, 32);

    public ModelMetadata {
        classNames = List.copyOf(classNames);
        family = family == null ? ModelFamily.AUTO : family;
        strides = strides == null || strides.isEmpty() ? DEFAULT_STRIDES : List.copyOf(strides);
    }

    /** Metadata that states no family (as Ultralytics' files): told from the output's shape. */
    public ModelMetadata(List<String> classNames, int inputWidth, int inputHeight, int stride, String description) {
        this(classNames, inputWidth, inputHeight, stride, description, ModelFamily.AUTO, null, DEFAULT_STRIDES);
    }

    /** The same metadata with the family and box decoding a detector resolved. */
    public ModelMetadata withFamily(ModelFamily resolved, Boolean decoded) {
        return new ModelMetadata(classNames, inputWidth, inputHeight, stride, description, resolved, decoded, strides);
    }

    /** How frames are fitted into this model's input: YOLOX's for YOLOX, else Ultralytics'. */
    public Preprocessing preprocessing() {
        return family == ModelFamily.YOLOX ? Preprocessing.YOLOX : Preprocessing.ULTRALYTICS;
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
        ModelFamily family = root.hasNonNull("family") ? parseFamily(root.get("family").asText()) : ModelFamily.AUTO;
        Boolean decoded = root.hasNonNull("decoded") ? parseBoolean(root.get("decoded").asText()) : null;
        List<Integer> strides = null;
        JsonNode rawStrides = root.get("strides");
        if (rawStrides != null && rawStrides.isArray()) {
            strides = new ArrayList<>();
            for (JsonNode s : rawStrides) {
                strides.add(s.asInt());
            }
        }
        return new ModelMetadata(names, width, height, stride, description, family, decoded, checkStrides(strides));
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
        String rawFamily = props.get("family");
        ModelFamily family = rawFamily == null || rawFamily.isBlank() ? ModelFamily.AUTO : parseFamily(rawFamily);
        String rawDecoded = props.get("decoded");
        Boolean decoded = rawDecoded == null || rawDecoded.isBlank() ? null : parseBoolean(rawDecoded);
        String rawGrid = props.get("strides");
        List<Integer> grid = rawGrid == null || rawGrid.isBlank() ? null : PythonLiteral.parseIntList(rawGrid, "strides");
        return new ModelMetadata(names, width, height, stride, props.getOrDefault("description", ""),
                family, decoded, checkStrides(grid));
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

    private static ModelFamily parseFamily(String value) {
        try {
            return ModelFamily.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("metadata 'family' is '" + value + "': expected one of "
                    + ModelFamily.acceptedValues(), e);
        }
    }

    /** Python's True/False as str() writes them, and the JSON/lower-case spellings. */
    private static Boolean parseBoolean(String value) {
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1":
                return Boolean.TRUE;
            case "false", "0":
                return Boolean.FALSE;
            default:
                throw new IllegalArgumentException("metadata 'decoded' is '" + value + "': expected True or False");
        }
    }

    private static List<Integer> checkStrides(List<Integer> strides) {
        if (strides == null) {
            return null;
        }
        for (int i = 0; i < strides.size(); i++) {
            if (strides.get(i) <= 0 || (i > 0 && strides.get(i) <= strides.get(i - 1))) {
                throw new IllegalArgumentException("metadata 'strides' must be positive and increasing, got " + strides);
            }
        }
        return strides;
    }

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
