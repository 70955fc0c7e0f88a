package io.streamyolo.job.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import io.streamyolo.model.ModelMetadata;
import io.streamyolo.source.command.Redaction;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Per-stream detection settings from START and UPDATE commands: {@code conf} (confidence
 * threshold), {@code classes} (class ids or names to keep, checked against the stream's model;
 * empty or absent keeps all) and {@code priority} (under overload, streams of higher priority are
 * detected first; default 0).
 */
public record DetectionSettings(float confidence, Set<Integer> classes, int priority) implements Serializable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public DetectionSettings {
        classes = classes == null ? null : Set.copyOf(classes);
    }

    public DetectionSettings(float confidence, Set<Integer> classes) {
        this(confidence, classes, 0);
    }

    public boolean keeps(int classId, float score) {
        return score >= confidence && keepsClass(classId);
    }

    public boolean keepsClass(int classId) {
        return classes == null || classes.contains(classId);
    }

    /**
     * These settings with a command's fields applied ({@code conf}, {@code classes}, {@code
     * priority}; others ignored). Class names are turned into the model's ids here.
     *
     * @param modelName the file name of the stream's model, for messages
     * @param model what the stream's model detects: the valid class ids and their names
     * @throws IllegalArgumentException naming the field, when a value is invalid
     */
    public DetectionSettings with(Map<String, String> fields, String modelName, ModelMetadata model) {
        float conf = confidence;
        Set<Integer> keep = classes;
        int prio = priority;
        if (fields.containsKey("priority")) {
            JsonNode node = parse("priority", fields.get("priority"));
            if (!node.isIntegralNumber() || Math.abs(node.asLong()) > 1000) {
                throw new IllegalArgumentException("priority must be an integer from -1000 to 1000, got " + fields.get("priority"));
            }
            prio = node.asInt();
        }
        if (fields.containsKey("conf")) {
            JsonNode node = parse("conf", fields.get("conf"));
            if (!node.isNumber() || node.asDouble() < 0 || node.asDouble() > 1) {
                throw new IllegalArgumentException("conf must be a number from 0 to 1, got " + fields.get("conf"));
            }
            conf = (float) node.asDouble();
        }
        if (fields.containsKey("classes")) {
            JsonNode node = parse("classes", fields.get("classes"));
            if (node.isNull()) {
                keep = null;
            } else if (node.isArray()) {
                Set<Integer> ids = new TreeSet<>();
                for (JsonNode c : node) {
                    ids.add(classId(c, modelName, model));
                }
                keep = ids.isEmpty() ? null : ids;
            } else {
                throw new IllegalArgumentException("classes must be a list of class ids or names, got " + fields.get("classes"));
            }
        }
        return new DetectionSettings(conf, keep, prio);
    }

    /**
     * Checks class ids given as a job argument ({@code --classes}) against the default model.
     *
     * @throws IllegalArgumentException naming the ids the model does not have
     */
    public void checkClasses(String modelName, ModelMetadata model) {
        if (classes != null) {
            for (int id : classes) {
                classId(IntNode.valueOf(id), modelName, model);
            }
        }
    }

    /** A class id from an id or a name, checked against the model's classes. */
    private static int classId(JsonNode c, String modelName, ModelMetadata model) {
        int count = model.classCount();
        if (c.isIntegralNumber()) {
            int id = c.asInt();
            if (id < 0 || (count > 0 && id >= count) || !c.canConvertToInt()) {
                throw new IllegalArgumentException("class id " + c + " is not in the model: " + modelName
                        + " has class ids 0-" + (count - 1) + " (" + names(model) + ")");
            }
            return id;
        }
        if (c.isTextual()) {
            int id = model.classNames().indexOf(c.asText());
            if (id < 0) {
                throw new IllegalArgumentException("class '" + Redaction.redactAndTruncate(c.asText(), 40) + "' is not in the model: "
                        + (count == 0 ? modelName + " names no classes: use class ids" : modelName + " has " + names(model)));
            }
            return id;
        }
        throw new IllegalArgumentException("classes must be a list of class ids or names, got " + c);
    }

    /** The model's class names, the first 20 of them for models with many. */
    private static String names(ModelMetadata model) {
        List<String> names = model.classNames();
        String shown = String.join(", ", names.subList(0, Math.min(20, names.size())));
        return names.size() > 20 ? shown + ", ... (" + names.size() + " classes)" : shown;
    }

    private static JsonNode parse(String field, String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(field + " is not valid JSON: " + json, e);
        }
    }
}
