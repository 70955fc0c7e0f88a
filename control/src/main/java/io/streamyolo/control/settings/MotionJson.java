package io.streamyolo.control.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamyolo.control.InvalidCommandException;
import io.streamyolo.control.redact.Redaction;
import io.streamyolo.track.zone.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command fields of {@link MotionSettings}: {@code motion} ({@code "off"} or {@code "gate"}),
 * {@code motion_threshold}, {@code motion_pixel_delta}, {@code motion_masks} ({@code [[[x, y],
 * ...], ...]}, relative to the frame) and {@code keepalive} (seconds).
 */
final class MotionJson {

    static final String MODE = "motion";
    static final String THRESHOLD = "motion_threshold";
    static final String PIXEL_DELTA = "motion_pixel_delta";
    static final String MASKS = "motion_masks";
    static final String KEEPALIVE = "keepalive";

    private MotionJson() {}

    /** The motion fields of a command; null when it gives none. */
    static MotionSettings read(JsonNode command) throws InvalidCommandException {
        MotionSettings.Mode mode = null;
        JsonNode m = given(command, MODE);
        if (m != null) {
            String text = m.isTextual() ? m.asText().strip().toUpperCase(Locale.ROOT) : "";
            if (!text.equals("OFF") && !text.equals("GATE")) {
                throw new InvalidCommandException("motion must be \"off\" or \"gate\", got " + shown(m));
            }
            mode = MotionSettings.Mode.valueOf(text);
        }
        Double threshold = null;
        JsonNode t = given(command, THRESHOLD);
        if (t != null) {
            if (!t.isNumber() || !(t.asDouble() >= 0 && t.asDouble() <= 1)) {
                throw new InvalidCommandException(THRESHOLD + " must be a number from 0 to 1 (the fraction of the picture that "
                        + "changed), got " + shown(t));
            }
            threshold = t.asDouble();
        }
        Integer pixelDelta = null;
        JsonNode d = given(command, PIXEL_DELTA);
        if (d != null) {
            if (!d.isIntegralNumber() || d.asLong() < 1 || d.asLong() > 255) {
                throw new InvalidCommandException(PIXEL_DELTA + " must be an integer from 1 to 255 (grey levels), got " + shown(d));
            }
            pixelDelta = d.asInt();
        }
        List<List<Point>> masks = command.has(MASKS) ? masks(command.get(MASKS)) : null;
        Double keepalive = null;
        JsonNode k = given(command, KEEPALIVE);
        if (k != null) {
            if (!k.isNumber() || !(k.asDouble() >= 0 && k.asDouble() <= MotionSettings.MAX_KEEPALIVE_SECONDS)) {
                throw new InvalidCommandException(KEEPALIVE + " must be a number of seconds from 0 to "
                        + (int) MotionSettings.MAX_KEEPALIVE_SECONDS + ", got " + shown(k));
            }
            keepalive = k.asDouble();
        }
        MotionSettings motion = new MotionSettings(mode, threshold, pixelDelta, masks, keepalive);
        return motion.isEmpty() ? null : motion;
    }

    /** The given motion fields, as a command gives them. */
    static void write(MotionSettings m, ObjectNode json) {
        if (m.mode() != null) {
            json.put(MODE, m.mode().jsonName());
        }
        if (m.threshold() != null) {
            json.put(THRESHOLD, m.threshold());
        }
        if (m.pixelDelta() != null) {
            json.put(PIXEL_DELTA, m.pixelDelta());
        }
        if (m.masks() != null) {
            ArrayNode masks = json.putArray(MASKS);
            for (List<Point> polygon : m.masks()) {
                ArrayNode points = masks.addArray();
                for (Point p : polygon) {
                    points.addArray().add(p.x()).add(p.y());
                }
            }
        }
        if (m.keepaliveSeconds() != null) {
            json.put(KEEPALIVE, m.keepaliveSeconds());
        }
    }

    // ------------------------------------------------------------------------------------------

    /** {@code motion_masks}: null is no masks. */
    private static List<List<Point>> masks(JsonNode node) throws InvalidCommandException {
        List<List<Point>> masks = new ArrayList<>();
        if (node == null || node.isNull()) {
            return masks;
        }
        String form = MASKS + " must be a list of polygons [[x, y], ...] relative to the frame";
        if (!node.isArray()) {
            throw new InvalidCommandException(form + ", got " + shown(node));
        }
        for (JsonNode polygon : node) {
            if (!polygon.isArray()) {
                throw new InvalidCommandException(form + ", got " + shown(polygon));
            }
            List<Point> points = new ArrayList<>();
            for (JsonNode p : polygon) {
                if (!p.isArray() || p.size() != 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
                    throw new InvalidCommandException(form + "; a point is [x, y], got " + shown(p));
                }
                double x = p.get(0).asDouble();
                double y = p.get(1).asDouble();
                if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
                    throw new InvalidCommandException(MASKS + ": point " + shown(p) + " is outside the frame; coordinates are "
                            + "relative, in [0, 1]");
                }
                points.add(new Point(x, y));
            }
            masks.add(points);
        }
        try {
            return new MotionSettings(null, null, null, masks, null).masks();
        } catch (IllegalArgumentException e) {
            throw new InvalidCommandException(Redaction.redactAndTruncate(e.getMessage(), 200));
        }
    }

    private static JsonNode given(JsonNode command, String field) {
        JsonNode node = command.get(field);
        return node == null || node.isNull() ? null : node;
    }

    private static String shown(JsonNode value) {
        return Redaction.redactAndTruncate(value.toString(), 40);
    }
}
