package io.streamyolo.control.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamyolo.control.InvalidCommandException;
import io.streamyolo.control.redact.Redaction;
import io.streamyolo.track.zone.Line;
import io.streamyolo.track.zone.Point;
import io.streamyolo.track.zone.Zone;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of {@link StreamSettings}: the fields {@code conf}, {@code classes}, {@code
 * priority}, {@code model}, {@code zones}, {@code lines}, {@code preview_fps}, {@code detect_interval}, the motion
 * gating fields ({@link MotionJson}) and the recording fields ({@link RecordJson}) of a command, read and checked here once, and written back in
 * the same form (for camera states).
 */
public final class StreamSettingsJson {

    /** The command fields that are stream settings. */
    public static final Set<String> FIELDS = Set.of("conf", "classes", "priority", "model", "model_type", "zones", "lines",
            "preview_fps", "detect_interval", MotionJson.MODE, MotionJson.THRESHOLD, MotionJson.PIXEL_DELTA, MotionJson.MASKS, MotionJson.KEEPALIVE,
            RecordJson.MODE, RecordJson.CLASSES, RecordJson.ZONES, RecordJson.PRE_ROLL, RecordJson.POST_ROLL, RecordJson.MAX_CLIP, RecordJson.SEGMENT);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_CLASS_NAME = 128;

    private StreamSettingsJson() {}

    /**
     * The settings among a command's fields (other fields are not looked at).
     *
     * @throws InvalidCommandException naming the field and what it should be
     */
    public static StreamSettings read(JsonNode command) throws InvalidCommandException {
        Float conf = null;
        JsonNode c = given(command, "conf");
        if (c != null) {
            if (!c.isNumber() || !(c.asDouble() >= 0 && c.asDouble() <= 1)) {
                throw new InvalidCommandException("conf must be a number from 0 to 1, got " + shown(c));
            }
            conf = (float) c.asDouble();
        }
        Integer priority = null;
        JsonNode p = given(command, "priority");
        if (p != null) {
            if (!p.isIntegralNumber() || !p.canConvertToInt() || Math.abs(p.asLong()) > StreamSettings.MAX_PRIORITY) {
                throw new InvalidCommandException("priority must be an integer from " + StreamSettings.MIN_PRIORITY + " to "
                        + StreamSettings.MAX_PRIORITY + ", got " + shown(p));
            }
            priority = p.asInt();
        }
        List<ClassRef> classes = null;
        if (command.has("classes")) {
            classes = classes("classes", command.get("classes"));
        }
        String model = null;
        JsonNode m = given(command, "model");
        if (m != null) {
            if (!m.isTextual() || m.asText().isBlank()) {
                throw new InvalidCommandException("'model' must be a model file name, got " + shown(m));
            }
            model = m.asText().strip();
        }
        String modelType = null;
        JsonNode t = given(command, "model_type");
        if (t != null) {
            if (model == null) {
                throw new InvalidCommandException("'model_type' needs a 'model'");
            }
            if (!t.isTextual() || !StreamSettings.MODEL_TYPES.contains(t.asText().strip().toLowerCase(java.util.Locale.ROOT))) {
                throw new InvalidCommandException("model_type must be one of " + String.join(", ", StreamSettings.MODEL_TYPES)
                        + ", got " + shown(t));
            }
            modelType = t.asText().strip().toLowerCase(java.util.Locale.ROOT);
        }
        List<Zone> zones = command.has("zones") ? GeometryJson.zones(command.get("zones")) : null;
        List<Line> lines = command.has("lines") ? GeometryJson.lines(command.get("lines")) : null;
        Double previewFps = null;
        JsonNode f = given(command, "preview_fps");
        if (f != null) {
            if (!f.isNumber() || !(f.asDouble() >= 0 && f.asDouble() <= StreamSettings.MAX_PREVIEW_FPS)) {
                throw new InvalidCommandException("preview_fps must be a number from 0 to " + (int) StreamSettings.MAX_PREVIEW_FPS
                        + ", got " + shown(f));
            }
            previewFps = f.asDouble();
        }
        Integer detectInterval = null;
        JsonNode n = given(command, "detect_interval");
        if (n != null) {
            if (!n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > StreamSettings.MAX_DETECT_INTERVAL) {
                throw new InvalidCommandException("detect_interval must be an integer from 1 to " + StreamSettings.MAX_DETECT_INTERVAL
                        + " (1: every frame), got " + shown(n));
            }
            detectInterval = n.asInt();
        }
        return new StreamSettings(conf, classes, priority, model, zones, lines, previewFps, modelType, MotionJson.read(command),
                detectInterval, RecordJson.read(command));
    }

    /**
     * Settings from fields kept as JSON text per field, the form of checkpoints written before
     * settings were typed.
     *
     * @throws InvalidCommandException when a field is not valid
     */
    public static StreamSettings fromFields(Map<String, String> fields) throws InvalidCommandException {
        ObjectNode command = MAPPER.createObjectNode();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            try {
                command.set(f.getKey(), MAPPER.readTree(f.getValue()));
            } catch (IOException e) {
                throw new InvalidCommandException("'" + f.getKey() + "' is not valid JSON");
            }
        }
        return read(command);
    }

    /** The given fields of the settings, as a command would give them. */
    public static ObjectNode write(StreamSettings s) {
        ObjectNode json = MAPPER.createObjectNode();
        if (s.conf() != null) {
            json.put("conf", s.conf());
        }
        if (s.classes() != null) {
            ArrayNode classes = json.putArray("classes");
            for (ClassRef c : s.classes()) {
                if (c.isName()) {
                    classes.add(c.name());
                } else {
                    classes.add(c.id());
                }
            }
        }
        if (s.priority() != null) {
            json.put("priority", s.priority());
        }
        if (s.model() != null) {
            json.put("model", s.model());
        }
        if (s.modelType() != null) {
            json.put("model_type", s.modelType());
        }
        if (s.zones() != null) {
            json.set("zones", zones(s.zones()));
        }
        if (s.lines() != null) {
            json.set("lines", lines(s.lines()));
        }
        if (s.previewFps() != null) {
            json.put("preview_fps", s.previewFps());
        }
        if (s.motion() != null) {
            MotionJson.write(s.motion(), json);
        }
        if (s.detectInterval() != null) {
            json.put("detect_interval", s.detectInterval());
        }
        if (s.record() != null) {
            RecordJson.write(s.record(), json);
        }
        return json;
    }

    /** Zones as a command gives them. */
    public static ArrayNode zones(List<Zone> zones) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Zone z : zones) {
            ObjectNode zone = array.addObject().put("name", z.name());
            ArrayNode polygon = zone.putArray("polygon");
            for (Point p : z.polygon()) {
                polygon.addArray().add(p.x()).add(p.y());
            }
            zone.put("anchor", z.anchor().name().toLowerCase(Locale.ROOT));
        }
        return array;
    }

    /** Lines as a command gives them. */
    public static ArrayNode lines(List<Line> lines) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Line l : lines) {
            ObjectNode line = array.addObject().put("name", l.name());
            line.putArray("a").add(l.a().x()).add(l.a().y());
            line.putArray("b").add(l.b().x()).add(l.b().y());
            line.put("in", l.inSide().name().toLowerCase(Locale.ROOT));
            line.put("anchor", l.anchor().name().toLowerCase(Locale.ROOT));
        }
        return array;
    }

    // ------------------------------------------------------------------------------------------

    /** A list of classes ({@code classes}, say): ids or names; null or an empty list keeps all classes. */
    static List<ClassRef> classes(String field, JsonNode node) throws InvalidCommandException {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidCommandException(field + " must be a list of class ids or names, got " + shown(node));
        }
        List<ClassRef> classes = new ArrayList<>();
        for (JsonNode c : node) {
            if (c.isIntegralNumber() && c.canConvertToInt() && c.asInt() >= 0) {
                classes.add(ClassRef.ofId(c.asInt()));
            } else if (c.isTextual() && !c.asText().isBlank() && c.asText().length() <= MAX_CLASS_NAME) {
                classes.add(ClassRef.ofName(c.asText()));
            } else {
                throw new InvalidCommandException(field + " must be a list of class ids (0 or more) or names, got " + shown(c));
            }
        }
        return classes;
    }

    /** A field that is present and not null, else null. */
    private static JsonNode given(JsonNode command, String field) {
        JsonNode node = command.get(field);
        return node == null || node.isNull() ? null : node;
    }

    private static String shown(JsonNode value) {
        return Redaction.redactAndTruncate(value.toString(), 40);
    }
}
