package io.streamyolo.job.detect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamyolo.model.Detection;
import io.streamyolo.model.DetectionJson;
import io.streamyolo.model.ModelMetadata;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.source.record.RecordedClip;
import io.streamyolo.track.TrackBox;
import java.util.List;

/**
 * The JSON of results: the original design's {@code {"stream_id", "event": "detections", "data":
 * [[[x1,y1,x2,y2], class_id, conf], ...]}} plus frame times, size and class names; and status
 * events ({@code started}, {@code stopped}, {@code reconnecting}, {@code error}, ...).
 */
public final class ResultJson {

    private ResultJson() {}

    /**
     * @param trackIds per detection, its track id ({@code -1}: not (yet) a confirmed track), as the
     *     parallel array {@code track_ids}; null leaves it out
     */
    public static DetectionResult detections(VideoFrame frame, List<Detection> detections, long[] trackIds, String model,
            ModelMetadata metadata, long emitMillis) {
        return detections(frame, detections, trackIds, List.of(), model, metadata, emitMillis);
    }

    /**
     * @param predicted the boxes of tracks missed in this frame for a moment, where the tracker
     *     predicts them: as {@code predicted}, {@code [{"track_id", "class", "class_id", "box"}]},
     *     beside the detections (left out when none)
     */
    public static DetectionResult detections(VideoFrame frame, List<Detection> detections, long[] trackIds,
            List<TrackBox> predicted, String model, ModelMetadata metadata, long emitMillis) {
        return new DetectionResult(frame.streamId(),
                frameJson(FrameTimes.of(frame), detections, trackIds, predicted, model, metadata, emitMillis).toString());
    }

    private static ObjectNode frameJson(FrameTimes frame, List<Detection> detections, long[] trackIds,
            List<TrackBox> predicted, String model, ModelMetadata metadata, long emitMillis) {
        ObjectNode json = DetectionJson.newObject();
        json.put("stream_id", frame.streamId());
        json.put("event", "detections");
        json.put("frame_seq", frame.sequence());
        json.put("capture_ts", frame.captureTimeMillis());
        json.put("emit_ts", emitMillis);
        json.put("pts_ms", frame.ptsMicros() / 1000);
        json.put("width", frame.width());
        json.put("height", frame.height());
        json.put("model", model);
        DetectionJson.put(json, detections, metadata);
        if (trackIds != null) {
            ArrayNode ids = json.putArray("track_ids");
            for (long id : trackIds) {
                ids.add(id);
            }
        }
        if (!predicted.isEmpty()) {
            ArrayNode boxes = json.putArray("predicted");
            for (TrackBox b : predicted) {
                ObjectNode box = boxes.addObject();
                box.put("track_id", b.trackId());
                box.put("class", metadata.className(b.classId()));
                box.put("class_id", b.classId());
                box.putArray("box").add(Math.round(b.box().x1() * 10) / 10.0).add(Math.round(b.box().y1() * 10) / 10.0)
                        .add(Math.round(b.box().x2() * 10) / 10.0).add(Math.round(b.box().y2() * 10) / 10.0);
            }
        }
        return json;
    }

    /**
     * The result of a frame the model did not see (the camera detects one frame in N): no
     * detections, {@code "detected": false}, and where the tracker predicts its tracks.
     */
    static DetectionResult predicted(FrameTimes frame, List<TrackBox> predicted, String model, ModelMetadata metadata,
            long emitMillis) {
        ObjectNode json = frameJson(frame, List.of(), new long[0], predicted, model, metadata, emitMillis);
        json.put("detected", false);
        return new DetectionResult(frame.streamId(), json.toString());
    }

    public static DetectionResult status(StreamStatus status) {
        return status(status.streamId(), status.kind().eventName(), status.message(), status.timeMillis());
    }

    public static DetectionResult status(String streamId, String event, String message, long timeMillis) {
        ObjectNode json = DetectionJson.newObject();
        if (streamId == null) {
            json.putNull("stream_id");
        } else {
            json.put("stream_id", streamId);
        }
        json.put("event", event);
        json.put(event.equals("error") || event.equals("reconnecting") ? "reason" : "message", message);
        json.put("ts", timeMillis);
        return new DetectionResult(streamId == null ? "" : streamId, json.toString());
    }

    /** A clip or segment the camera's recorder completed: the store keeps it, the dashboard plays it. */
    public static DetectionResult clip(RecordedClip clip, long emitMillis) {
        ObjectNode json = DetectionJson.newObject();
        json.put("stream_id", clip.streamId());
        json.put("event", "clip");
        json.put("kind", clip.kind());
        json.put("start_ms", clip.startMillis());
        json.put("end_ms", clip.endMillis());
        json.put("file", clip.file().toAbsolutePath().toString());
        json.put("size_bytes", clip.sizeBytes());
        json.put("codec", clip.codec());
        ArrayNode tracks = json.putArray("track_ids");
        clip.trackIds().forEach(tracks::add);
        json.put("ts", emitMillis);
        return new DetectionResult(clip.streamId(), json.toString());
    }
}
