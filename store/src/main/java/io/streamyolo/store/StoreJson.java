package io.streamyolo.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamyolo.track.TrackEventNames;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * JSON lines to store records and back, in the layout of the job's results (field names as the job
 * writes them): where JSON enters, such as lines that tests and tools write, and the events CLI's
 * output. The job itself hands the store typed records.
 */
final class StoreJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static final String SNAPSHOT = "snapshot";

    private StoreJson() {}

    static Optional<StoreRecord> parse(String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("Not a JSON object");
        }
        String event = text(node, "event");
        if (event == null) {
            return Optional.empty();
        }
        if (SNAPSHOT.equals(event)) {
            return Optional.of(snapshot(node));
        }
        if (Preview.EVENT.equals(event)) {
            return Optional.of(preview(node));
        }
        if (CameraState.EVENT.equals(event)) {
            return Optional.of(cameraState(node));
        }
        if (StoredClip.EVENT.equals(event)) {
            return Optional.of(clip(node));
        }
        // Track events are the tracker's kinds; per-frame "detections" and stream status lines
        // ("started", "stopped", ...) are none.
        if (!TrackEventNames.ALL.contains(event)) {
            return Optional.empty();
        }
        return Optional.of(event(node, event));
    }

    static String toJson(StoredEvent e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("stream_id", e.streamId());
        n.put("event", e.kind());
        if (e.isZoneEvent()) {
            n.put("zone", e.subject());
        } else if (e.isLineEvent()) {
            n.put("line", e.subject());
        } else if (!e.subject().isEmpty()) {
            n.put("subject", e.subject());
        }
        if (e.direction() != null) {
            n.put("direction", e.direction());
        }
        n.put("track_id", e.trackId());
        if (e.classId() != null) {
            n.put("class_id", e.classId());
        }
        if (e.label() != null) {
            n.put("label", e.label());
        }
        n.put("ts", e.ts());
        TrackSummary t = e.track();
        if (t != null) {
            n.put("first_seen", t.firstSeen());
            n.put("last_seen", t.lastSeen());
            n.put("duration_ms", t.durationMs());
            if (t.bestConf() != null) {
                n.put("best_conf", t.bestConf());
            }
            ArrayNode zones = n.putArray("zones");
            t.zones().forEach(zones::add);
        }
        if (e.box() != null) {
            n.putArray("box").add(e.box().x1()).add(e.box().y1()).add(e.box().x2()).add(e.box().y2());
        }
        if (e.conf() != null) {
            n.put("conf", e.conf());
        }
        n.put("occurrence", e.occurrence());
        return n.toString();
    }

    // ------------------------------------------------------------------------------------------

    private static StoredEvent event(JsonNode n, String kind) {
        String streamId = required(n, "stream_id", kind);
        long trackId = requiredLong(n, "track_id", kind);
        long ts = requiredLong(n, "ts", kind);
        String subject = text(n, "zone");
        if (subject == null) {
            subject = text(n, "line");
        }
        if (subject == null) {
            subject = text(n, "subject");
        }
        Double conf = number(n, "conf");
        TrackSummary summary = null;
        if (StoredEvent.OBJECT_LEFT.equals(kind)) {
            long first = n.hasNonNull("first_seen") ? n.get("first_seen").asLong() : ts;
            long last = n.hasNonNull("last_seen") ? n.get("last_seen").asLong() : ts;
            long duration = n.hasNonNull("duration_ms") ? n.get("duration_ms").asLong() : last - first;
            Double best = n.hasNonNull("best_conf") ? number(n, "best_conf") : conf;
            List<String> zones = new ArrayList<>();
            if (n.get("zones") instanceof ArrayNode array) {
                array.forEach(z -> zones.add(z.asText()));
            }
            summary = new TrackSummary(first, last, duration, best, zones);
        }
        return new StoredEvent(
                streamId,
                trackId,
                kind,
                subject,
                n.hasNonNull("occurrence") ? n.get("occurrence").asInt() : 0,
                text(n, "direction"),
                ts,
                n.hasNonNull("class_id") ? n.get("class_id").asInt() : null,
                text(n, "label"),
                conf,
                box(n),
                summary);
    }

    private static StoredSnapshot snapshot(JsonNode n) {
        String streamId = required(n, "stream_id", SNAPSHOT);
        long trackId = requiredLong(n, "track_id", SNAPSHOT);
        long ts = requiredLong(n, "ts", SNAPSHOT);
        byte[] jpeg = base64(required(n, "jpeg", SNAPSHOT), "jpeg");
        if (jpeg.length == 0) {
            throw new IllegalArgumentException("\"snapshot\" line with an empty \"jpeg\"");
        }
        String thumb = text(n, "thumb");
        return new StoredSnapshot(streamId, trackId, ts, number(n, "conf"), box(n), jpeg, thumb == null ? null : base64(thumb, "thumb"));
    }

    private static Preview preview(JsonNode n) {
        String streamId = required(n, "stream_id", Preview.EVENT);
        long ts = requiredLong(n, "ts", Preview.EVENT);
        byte[] jpeg = base64(required(n, "jpeg", Preview.EVENT), "jpeg");
        if (jpeg.length == 0) {
            throw new IllegalArgumentException("\"preview\" line with an empty \"jpeg\"");
        }
        // The boxes go on as the job wrote them: the dashboard draws them, nothing here reads them.
        ObjectNode detections = MAPPER.createObjectNode();
        for (String field : new String[] {"data", "labels", "track_ids"}) {
            JsonNode v = n.get(field);
            if (v != null && v.isArray()) {
                detections.set(field, v);
            }
        }
        return new Preview(streamId, ts, n.path("frame_seq").asLong(-1), n.path("width").asInt(0), n.path("height").asInt(0),
                jpeg, detections.toString());
    }

    private static CameraState cameraState(JsonNode n) {
        String streamId = required(n, "stream_id", CameraState.EVENT);
        long ts = requiredLong(n, "ts", CameraState.EVENT);
        String state = required(n, "state", CameraState.EVENT);
        Double fps = number(n, "fps");
        JsonNode objects = n.get("objects");
        return new CameraState(streamId, ts, state, text(n, "reason"), fps,
                count(n, "dropped"), count(n, "skipped"), count(n, "predicted"),
                objects != null && objects.canConvertToInt() ? objects.asInt() : null,
                text(n, "model"), json(n, "settings"), json(n, "zones"), json(n, "lines"), json(n, "zone_counts"),
                json(n, "line_counts"));
    }

    /** A whole number field, or null when absent or not one. */
    private static Long count(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.canConvertToLong() ? v.asLong() : null;
    }

    private static StoredClip clip(JsonNode n) {
        String k = StoredClip.EVENT;
        String kind = required(n, "kind", k);
        if (!StoredClip.KIND_EVENT.equals(kind) && !StoredClip.KIND_SEGMENT.equals(kind)) {
            throw new IllegalArgumentException("\"clip\" line with kind '" + kind + "', expected event or segment");
        }
        String file = required(n, "file", k);
        if (!file.startsWith("/")) {
            throw new IllegalArgumentException("\"clip\" line whose \"file\" is not an absolute path: " + file);
        }
        List<Long> tracks = new ArrayList<>();
        if (n.get("track_ids") instanceof ArrayNode array) {
            array.forEach(t -> tracks.add(t.asLong()));
        }
        String codec = text(n, "codec");
        return new StoredClip(0, required(n, "stream_id", k), kind, requiredLong(n, "start_ms", k), requiredLong(n, "end_ms", k),
                file, requiredLong(n, "size_bytes", k), codec == null ? StoredClip.CODEC_H264 : codec, tracks);
    }

    /** A field's JSON text (object or list), or null when absent. */
    private static String json(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.toString();
    }

    private static byte[] base64(String text, String field) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Bad base64 in \"" + field + "\": " + e.getMessage(), e);
        }
    }

    private static Box box(JsonNode n) {
        JsonNode b = n.get("box");
        if (b == null || !b.isArray() || b.size() != 4) {
            return null;
        }
        return new Box(b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isNumber() ? null : v.asDouble();
    }

    private static String required(JsonNode n, String field, String kind) {
        String v = text(n, field);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("\"" + kind + "\" line without \"" + field + "\"");
        }
        return v;
    }

    private static long requiredLong(JsonNode n, String field, String kind) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new IllegalArgumentException("\"" + kind + "\" line without a numeric \"" + field + "\"");
        }
        return v.asLong();
    }
}
