package io.streamyolo.control.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.control.InvalidCommandException;
import io.streamyolo.control.redact.Redaction;
import io.streamyolo.track.zone.Anchor;
import io.streamyolo.track.zone.InSide;
import io.streamyolo.track.zone.Line;
import io.streamyolo.track.zone.Point;
import io.streamyolo.track.zone.Zone;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code zones} and {@code lines} of START and UPDATE, in coordinates relative to the frame:
 *
 * <pre>
 * "zones": [{"name": "gate", "polygon": [[0.1, 0.5], [0.4, 0.5], [0.4, 0.9], [0.1, 0.9]], "anchor": "bottom_center"}]
 * "lines": [{"name": "door", "a": [0.5, 0.0], "b": [0.5, 1.0], "in": "left", "anchor": "bottom_center"}]
 * </pre>
 *
 * <p>{@code in} is the side of the directed line a→b, as seen on the picture, that counts as
 * inside ({@code left} by default); {@code anchor} is the point of a box that counts
 * ({@code bottom_center}, where a person stands, by default; or {@code center}). A list replaces the
 * stream's previous one; an empty list removes them all. Read once, where commands are parsed.
 */
public final class GeometryJson {

    public static final int MAX_ZONES = 32;
    public static final int MAX_LINES = 32;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> ZONE_FIELDS = Set.of("name", "polygon", "anchor");
    private static final Set<String> LINE_FIELDS = Set.of("name", "a", "b", "in", "anchor");

    private GeometryJson() {}

    /** A {@code zones} field: null or absent is no zones. */
    public static List<Zone> zones(JsonNode node) throws InvalidCommandException {
        List<Zone> zones = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode z : list(node, "zones", MAX_ZONES)) {
            checkFields(z, "zones", ZONE_FIELDS);
            String name = name(z, "zones");
            String shown = shown(name);
            JsonNode polygon = z.get("polygon");
            if (polygon == null || !polygon.isArray()) {
                throw new InvalidCommandException("zone '" + shown + "' needs a 'polygon': [[x, y], ...] relative to the frame");
            }
            List<Point> points = new ArrayList<>();
            for (JsonNode p : polygon) {
                points.add(point(p, "zone '" + shown + "'"));
            }
            try {
                zones.add(new Zone(name, points, anchor(z, "zone '" + shown + "'")));
            } catch (IllegalArgumentException e) {
                throw new InvalidCommandException(Redaction.redactAndTruncate(e.getMessage(), 200));
            }
            if (!names.add(name)) {
                throw new InvalidCommandException("zone '" + shown + "' is given twice");
            }
        }
        return zones;
    }

    /** A {@code lines} field: null or absent is no lines. */
    public static List<Line> lines(JsonNode node) throws InvalidCommandException {
        List<Line> lines = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode l : list(node, "lines", MAX_LINES)) {
            checkFields(l, "lines", LINE_FIELDS);
            String name = name(l, "lines");
            String what = "line '" + shown(name) + "'";
            if (l.get("a") == null || l.get("b") == null) {
                throw new InvalidCommandException(what + " needs end points 'a' and 'b': [x, y] relative to the frame");
            }
            InSide in = InSide.LEFT;
            JsonNode side = l.get("in");
            if (side != null && !side.isNull()) {
                if (!side.isTextual() || !(side.asText().equalsIgnoreCase("left") || side.asText().equalsIgnoreCase("right"))) {
                    throw new InvalidCommandException(what + ": 'in' must be \"left\" or \"right\" (of a→b as seen on the picture), got " + Redaction.redactAndTruncate(side.toString(), 30));
                }
                in = InSide.valueOf(side.asText().toUpperCase(Locale.ROOT));
            }
            try {
                lines.add(new Line(name, point(l.get("a"), what), point(l.get("b"), what), in, anchor(l, what)));
            } catch (IllegalArgumentException e) {
                throw new InvalidCommandException(Redaction.redactAndTruncate(e.getMessage(), 200));
            }
            if (!names.add(name)) {
                throw new InvalidCommandException(what + " is given twice");
            }
        }
        return lines;
    }

    // ------------------------------------------------------------------------------------------

    private static JsonNode list(JsonNode node, String field, int max) throws InvalidCommandException {
        if (node == null || node.isNull()) {
            return MAPPER.createArrayNode();
        }
        if (!node.isArray()) {
            throw new InvalidCommandException("'" + field + "' must be a list of objects, got " + Redaction.redactAndTruncate(node.toString(), 60));
        }
        if (node.size() > max) {
            throw new InvalidCommandException("'" + field + "' has " + node.size() + " entries; at most " + max);
        }
        return node;
    }

    private static void checkFields(JsonNode entry, String field, Set<String> known) throws InvalidCommandException {
        if (!entry.isObject()) {
            throw new InvalidCommandException("each of '" + field + "' must be an object, got " + Redaction.redactAndTruncate(entry.toString(), 60));
        }
        for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw new InvalidCommandException("unknown field '" + Redaction.redactAndTruncate(name, 30) + "' in '" + field
                        + "' (expected " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    /** A zone's or line's name as echoed in an error: cut, one line. */
    private static String shown(String name) {
        return Redaction.redactAndTruncate(name, 40);
    }

    private static String name(JsonNode entry, String field) throws InvalidCommandException {
        JsonNode name = entry.get("name");
        if (name == null || !name.isTextual()) {
            throw new InvalidCommandException("each of '" + field + "' needs a 'name' (a string)");
        }
        return name.asText(); // its characters and length are checked with the zone or line
    }

    private static Point point(JsonNode p, String what) throws InvalidCommandException {
        if (p == null || !p.isArray() || p.size() != 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
            throw new InvalidCommandException(what + ": a point must be [x, y] with numbers from 0 to 1, got "
                    + Redaction.redactAndTruncate(String.valueOf(p), 40));
        }
        try {
            return new Point(p.get(0).asDouble(), p.get(1).asDouble());
        } catch (IllegalArgumentException e) {
            throw new InvalidCommandException(what + ": " + e.getMessage());
        }
    }

    private static Anchor anchor(JsonNode entry, String what) throws InvalidCommandException {
        JsonNode a = entry.get("anchor");
        if (a == null || a.isNull()) {
            return Anchor.BOTTOM_CENTER;
        }
        if (a.isTextual()) {
            switch (a.asText().toLowerCase(Locale.ROOT)) {
                case "bottom_center" -> {
                    return Anchor.BOTTOM_CENTER;
                }
                case "center" -> {
                    return Anchor.CENTER;
                }
                default -> { }
            }
        }
        throw new InvalidCommandException(what + ": 'anchor' must be \"bottom_center\" or \"center\", got " + Redaction.redactAndTruncate(a.toString(), 30));
    }
}
