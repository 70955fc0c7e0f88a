package io.streamyolo.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.streamyolo.control.redact.Redaction;
import io.streamyolo.store.CameraState;
import io.streamyolo.store.EventRow;
import io.streamyolo.store.StoredClip;
import io.streamyolo.store.StoredEvent;
import io.streamyolo.store.TrackSummary;
import java.io.IOException;

/** The API's JSON: cameras and events as the browser reads them (snake_case, as the job's lines). */
final class ApiJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiJson() {}

    /** Answers with {@code body} as JSON, never cached. */
    static void respond(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").header("Cache-Control", "no-store").result(body.toString());
    }

    static ObjectNode camera(CameraState c, Long previewTs, long now) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("stream_id", c.streamId());
        n.put("ts", c.ts());
        n.put("age_ms", now - c.ts());
        n.put("state", c.state());
        n.put("stale", LiveView.isStale(c, now));
        // The job never puts a URL in a state, but a reason may quote one: mask it anyway.
        n.put("reason", Redaction.redact(c.reason()));
        putNumber(n, "fps", c.fps());
        // Jackson's boxed put writes null for null.
        n.put("dropped", c.dropped());
        n.put("skipped", c.skipped());
        n.put("predicted", c.predicted());
        n.put("objects", c.objects());
        n.put("model", c.model());
        n.set("settings", json(c.settings(), "{}"));
        n.set("zones", json(c.zones(), "[]"));
        n.set("lines", json(c.lines(), "[]"));
        n.set("zone_counts", json(c.zoneCounts(), "{}"));
        n.set("line_counts", json(c.lineCounts(), "{}"));
        if (previewTs != null) {
            n.put("preview_ts", previewTs);
        } else {
            n.putNull("preview_ts");
        }
        return n;
    }

    /** The state of a camera with a picture but no state yet: "unknown", as of its picture. */
    static CameraState unknownState(String streamId, long previewTs) {
        return new CameraState(streamId, previewTs, "unknown", null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A camera with a picture but no state yet. */
    static ObjectNode unknownCamera(String streamId, long previewTs) {
        return camera(unknownState(streamId, previewTs), previewTs, previewTs);
    }

    static ObjectNode event(EventRow row) {
        StoredEvent e = row.event();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", row.id());
        n.put("stream_id", e.streamId());
        n.put("track_id", e.trackId());
        n.put("kind", e.kind());
        if (e.isZoneEvent()) {
            n.put("zone", e.subject());
        } else if (e.isLineEvent()) {
            n.put("line", e.subject());
        }
        if (e.direction() != null) {
            n.put("direction", e.direction());
        }
        n.put("ts", e.ts());
        if (e.classId() != null) {
            n.put("class_id", e.classId());
        }
        n.put("label", e.label());
        putNumber(n, "conf", e.conf());
        if (e.box() != null) {
            n.putArray("box").add(e.box().x1()).add(e.box().y1()).add(e.box().x2()).add(e.box().y2());
        }
        TrackSummary t = e.track();
        if (t != null) {
            n.put("first_seen", t.firstSeen());
            n.put("last_seen", t.lastSeen());
            n.put("duration_ms", t.durationMs());
            putNumber(n, "best_conf", t.bestConf());
            ArrayNode zones = n.putArray("zones");
            t.zones().forEach(zones::add);
        }
        return n;
    }

    /**
     * A recorded clip or segment, with the URLs of its file; {@code plays_in_browser} is false for
     * HEVC, which the page offers as a download. The file's path on the server is not sent.
     *
     * @param present whether the file is still there (retention may have deleted it)
     */
    static ObjectNode clip(StoredClip c, boolean present) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", c.id());
        n.put("stream_id", c.streamId());
        n.put("kind", c.kind());
        n.put("start_ms", c.startMs());
        n.put("end_ms", c.endMs());
        n.put("duration_ms", c.endMs() - c.startMs());
        n.put("size_bytes", c.sizeBytes());
        n.put("codec", c.codec());
        n.put("plays_in_browser", c.playsInBrowser());
        n.put("present", present);
        ArrayNode tracks = n.putArray("track_ids");
        c.trackIds().forEach(tracks::add);
        n.put("url", "/api/clips/" + c.id() + ".mp4");
        n.put("download_url", "/api/clips/" + c.id() + ".mp4?download=1");
        n.put("file_name", c.fileName());
        return n;
    }

    static ObjectNode error(String message) {
        return MAPPER.createObjectNode().put("error", message);
    }

    private static void putNumber(ObjectNode n, String field, Double v) {
        if (v == null || v.isNaN() || v.isInfinite()) {
            n.putNull(field);
        } else {
            n.put(field, v);
        }
    }

    private static JsonNode json(String text, String empty) {
        try {
            JsonNode node = MAPPER.readTree(text == null ? empty : text);
            return node == null ? MAPPER.readTree(empty) : node;
        } catch (IOException e) {
            try {
                return MAPPER.readTree(empty);
            } catch (IOException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }
}
