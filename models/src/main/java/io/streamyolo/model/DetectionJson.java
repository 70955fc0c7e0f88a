package io.streamyolo.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Detections in the result format of the original design: {@code "data": [[[x1, y1, x2, y2],
 * class_id, conf], ...]}, with a parallel {@code "labels"} array of class names.
 */
public final class DetectionJson {

    private DetectionJson() {}

    /** Adds {@code data} and {@code labels} to {@code target}; coordinates rounded to 0.1 px. */
    public static ObjectNode put(ObjectNode target, List<Detection> detections, ModelMetadata metadata) {
        ArrayNode data = target.putArray("data");
        ArrayNode labels = target.putArray("labels");
        for (Detection d : detections) {
            ArrayNode entry = data.addArray();
            entry.addArray().add(round1(d.x1())).add(round1(d.y1())).add(round1(d.x2())).add(round1(d.y2()));
            entry.add(d.classId());
            entry.add(Math.round(d.confidence() * 1000f) / 1000f);
            labels.add(metadata.className(d.classId()));
        }
        return target;
    }

    public static ObjectNode newObject() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static float round1(float v) {
        return Math.round(v * 10f) / 10f;
    }
}
