package io.streamyolo.job.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Per-stream detection settings from START and UPDATE commands: {@code conf} (confidence
 * threshold), {@code classes} (class ids to keep; empty or absent keeps all) and {@code priority}
 * (under overload, streams of higher priority are detected first; default 0).
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
        return score >= confidence && (classes == null || classes.contains(classId));
    }

    /**
     * These settings with a command's fields applied ({@code conf}, {@code classes}; others ignored).
     *
     * @throws IllegalArgumentException naming the field, when a value is invalid
     */
    public DetectionSettings with(Map<String, String> fields) {
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
                for (JsonNode id : node) {
                    if (!id.isIntegralNumber() || id.asInt() < 0) {
                        throw new IllegalArgumentException("classes must be a list of class ids (integers >= 0), got " + fields.get("classes"));
                    }
                    ids.add(id.asInt());
                }
                keep = ids.isEmpty() ? null : ids;
            } else {
                throw new IllegalArgumentException("classes must be a list of class ids, got " + fields.get("classes"));
            }
        }
        return new DetectionSettings(conf, keep, prio);
    }

    private static JsonNode parse(String field, String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(field + " is not valid JSON: " + json, e);
        }
    }
}
