package io.streamyolo.control.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamyolo.control.InvalidCommandException;
import io.streamyolo.control.redact.Redaction;
import java.util.List;
import java.util.Locale;

/**
 * The command fields of {@link RecordSettings}: {@code record} ({@code "off"}, {@code "events"} or
 * {@code "continuous"}), {@code record_classes} (ids or names), {@code record_zones} (zone
 * names), {@code pre_roll}, {@code
 * post_roll}, {@code max_clip} and {@code segment} (seconds).
 */
final class RecordJson {

    static final String MODE = "record";
    static final String CLASSES = "record_classes";
    static final String ZONES = "record_zones";
    private static final int MAX_ZONE_NAME = 128;
    static final String PRE_ROLL = "pre_roll";
    static final String POST_ROLL = "post_roll";
    static final String MAX_CLIP = "max_clip";
    static final String SEGMENT = "segment";

    private RecordJson() {}

    /** The recording fields of a command; null when it gives none. */
    static RecordSettings read(JsonNode command) throws InvalidCommandException {
        RecordSettings.Mode mode = null;
        JsonNode m = given(command, MODE);
        if (m != null) {
            String text = m.isTextual() ? m.asText().strip().toUpperCase(Locale.ROOT) : "";
            try {
                mode = RecordSettings.Mode.valueOf(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidCommandException("record must be \"off\", \"events\" or \"continuous\", got " + shown(m));
            }
        }
        List<ClassRef> classes = command.has(CLASSES) ? StreamSettingsJson.classes(CLASSES, command.get(CLASSES)) : null;
        List<String> zones = command.has(ZONES) ? zones(command.get(ZONES)) : null;
        RecordSettings record = new RecordSettings(mode, classes, zones,
                seconds(command, PRE_ROLL, 0, RecordSettings.MAX_ROLL_SECONDS),
                seconds(command, POST_ROLL, 0, RecordSettings.MAX_ROLL_SECONDS),
                seconds(command, MAX_CLIP, RecordSettings.MIN_LENGTH_SECONDS, RecordSettings.MAX_LENGTH_SECONDS),
                seconds(command, SEGMENT, RecordSettings.MIN_LENGTH_SECONDS, RecordSettings.MAX_LENGTH_SECONDS));
        return record.isEmpty() ? null : record;
    }

    /** The given recording fields, as a command gives them. */
    static void write(RecordSettings r, ObjectNode json) {
        if (r.mode() != null) {
            json.put(MODE, r.mode().jsonName());
        }
        if (r.classes() != null) {
            ArrayNode classes = json.putArray(CLASSES);
            r.classes().forEach(c -> {
                if (c.isName()) {
                    classes.add(c.name());
                } else {
                    classes.add(c.id());
                }
            });
        }
        if (r.zones() != null) {
            ArrayNode zones = json.putArray(ZONES);
            r.zones().forEach(zones::add);
        }
        putSeconds(json, PRE_ROLL, r.preRollSeconds());
        putSeconds(json, POST_ROLL, r.postRollSeconds());
        putSeconds(json, MAX_CLIP, r.maxClipSeconds());
        putSeconds(json, SEGMENT, r.segmentSeconds());
    }

    // ------------------------------------------------------------------------------------------

    /** {@code record_zones}: zone names; null or an empty list is anywhere. */
    private static List<String> zones(JsonNode node) throws InvalidCommandException {
        List<String> zones = new java.util.ArrayList<>();
        if (node == null || node.isNull()) {
            return zones;
        }
        if (!node.isArray()) {
            throw new InvalidCommandException(ZONES + " must be a list of zone names, got " + shown(node));
        }
        for (JsonNode z : node) {
            if (!z.isTextual() || z.asText().isBlank() || z.asText().length() > MAX_ZONE_NAME) {
                throw new InvalidCommandException(ZONES + " must be a list of zone names, got " + shown(z));
            }
            zones.add(z.asText());
        }
        return zones;
    }

    private static Double seconds(JsonNode command, String field, double min, double max) throws InvalidCommandException {
        JsonNode n = given(command, field);
        if (n == null) {
            return null;
        }
        if (!n.isNumber() || !(n.asDouble() >= min && n.asDouble() <= max)) {
            throw new InvalidCommandException(field + " must be a number of seconds from " + (int) min + " to " + (int) max
                    + ", got " + shown(n));
        }
        return n.asDouble();
    }

    private static void putSeconds(ObjectNode json, String field, Double value) {
        if (value != null) {
            json.put(field, value);
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
