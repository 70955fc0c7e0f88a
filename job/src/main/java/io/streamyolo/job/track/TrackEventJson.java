package io.streamyolo.job.track;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamyolo.model.DetectionJson;
import io.streamyolo.model.ModelMetadata;
import io.streamyolo.track.ObjectSummary;
import io.streamyolo.track.TrackEvent;

/**
 * The JSON of track events, on the results sink beside the detections:
 *
 * <pre>
 * {"stream_id":"cam1","event":"object_entered","track_id":7,"class_id":1,"label":"square","ts":1764071000123,
 *  "frame_seq":412,"box":[12.5,40.0,88.1,120.7],"conf":0.91,"occurrence":0}
 * {"stream_id":"cam1","event":"zone_entered","zone":"gate",...}      (zone_left the same)
 * {"stream_id":"cam1","event":"line_crossed","line":"door","direction":"in",...}
 * {"stream_id":"cam1","event":"object_left",...,"first_seen":...,"last_seen":...,"duration_ms":5400,
 *  "best_conf":0.95,"zones":["gate"]}
 * </pre>
 *
 * <p>{@code (stream_id, track_id, event, zone or line, occurrence)} identifies an event: a store
 * upserts on it, so one replayed after a failover is written once.
 */
public final class TrackEventJson {

    private TrackEventJson() {}

    /**
     * @param frameSeq the frame in which it happened, or -1 (a STOP, where no frame is at hand)
     */
    public static String of(String streamId, TrackEvent e, long frameSeq, ModelMetadata metadata) {
        ObjectNode json = DetectionJson.newObject();
        json.put("stream_id", streamId);
        json.put("event", e.kind().wireName());
        switch (e.kind()) {
            case ZONE_ENTERED, ZONE_LEFT -> json.put("zone", e.target());
            case LINE_CROSSED -> json.put("line", e.target()).put("direction", e.direction().wireName());
            default -> { }
        }
        json.put("track_id", e.trackId());
        json.put("class_id", e.classId());
        json.put("label", metadata.className(e.classId()));
        json.put("ts", e.timeMs());
        if (frameSeq >= 0) {
            json.put("frame_seq", frameSeq);
        }
        json.putArray("box").add(round1(e.box().x1())).add(round1(e.box().y1())).add(round1(e.box().x2())).add(round1(e.box().y2()));
        json.put("conf", round3(e.confidence()));
        json.put("occurrence", e.occurrence());
        ObjectSummary s = e.summary();
        if (s != null) {
            json.put("first_seen", s.firstSeenMs());
            json.put("last_seen", s.lastSeenMs());
            json.put("duration_ms", s.durationMs());
            json.put("best_conf", round3(s.bestConfidence()));
            ArrayNode zones = json.putArray("zones");
            s.zonesVisited().forEach(zones::add);
        }
        return json.toString();
    }

    private static float round1(float v) {
        return Math.round(v * 10f) / 10f;
    }

    private static float round3(float v) {
        return Math.round(v * 1000f) / 1000f;
    }
}
