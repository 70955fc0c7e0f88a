package io.streamyolo.job.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.control.settings.StreamSettingsJson;
import io.streamyolo.job.track.CameraTrackers;
import io.streamyolo.model.Detection;
import io.streamyolo.model.DetectionJson;
import io.streamyolo.model.ModelMetadata;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.store.CameraState;
import io.streamyolo.store.Preview;
import io.streamyolo.track.LineCount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event store's records of each camera, which the dashboard shows: its newest picture ({@link
 * Preview}s, a JPEG at most {@code preview_fps} times a second, the camera's setting or else the
 * job's, with the frame's boxes as data so that the browser draws them) and its state ({@link
 * CameraState}s: live, reconnecting, error or stopped, detected fps, drops, frames that skipped the model (no motion, or predicted for the
 * detect_interval), objects, settings, zones, lines and their counts), on every change
 * of state and every time {@link #states} is called.
 *
 * <p>Pictures exist only in the detection subtask; they are encoded here, at a bounded rate, and
 * only the JPEG goes on. Called on the task thread only.
 */
public final class CameraRecords {

    private final double defaultPreviewFps;
    private final CameraTrackers tracking;
    private final Map<String, Camera> cameras = new LinkedHashMap<>();
    private long encodeNanos;
    private long encodes;

    /** A camera as the dashboard sees it. */
    private static final class Camera {
        String state = "live";
        String reason;
        String model;
        /** When the last preview was due (capture time; it went with the first frame at or after it). */
        double lastDueMillis = Double.NEGATIVE_INFINITY;
        long windowStartMillis = System.currentTimeMillis();
        int framesInWindow;
        int droppedInWindow;
        int skippedInWindow;
        int predictedInWindow;
        int objects;
        StreamSettings settings = StreamSettings.NONE;
    }

    /**
     * @param previewFps pictures per second of a camera without a {@code preview_fps} setting, at most (0: none)
     * @param tracking where zone and line counts come from
     */
    public CameraRecords(double previewFps, CameraTrackers tracking) {
        this.defaultPreviewFps = previewFps;
        this.tracking = tracking;
    }

    /** A detected frame: its preview when one is due, else null. */
    public Preview detected(VideoFrame frame, List<Detection> detections, long[] trackIds, String model, ModelMetadata metadata) {
        Camera c = camera(frame.streamId());
        c.framesInWindow++;
        c.objects = detections.size();
        c.model = model;
        if (!c.state.equals("live") && !c.state.equals("stopped")) {
            c.state = "live";
            c.reason = null;
        }
        long now = frame.captureTimeMillis();
        double fps = c.settings.previewFps() != null ? c.settings.previewFps() : defaultPreviewFps;
        double interval = fps > 0 ? 1000 / fps : 0;
        if (fps <= 0 || now < c.lastDueMillis + interval) {
            return null;
        }
        // Due times advance by the interval, not to the frame that was taken, so that the rate is
        // the one asked for on average (from frames every 200 ms, 2 fps takes 2 a second, not
        // every third frame); after a gap they start again from now.
        double due = c.lastDueMillis + interval;
        c.lastDueMillis = now - due > interval ? now : due;
        long start = System.nanoTime();
        byte[] jpeg = Jpeg.encode(Jpeg.image(frame));
        encodeNanos += System.nanoTime() - start;
        encodes++;
        // The boxes go as the JSON the dashboard draws from; nothing on the way reads them.
        ObjectNode boxes = DetectionJson.newObject();
        DetectionJson.put(boxes, detections, metadata);
        ArrayNode ids = boxes.putArray("track_ids");
        for (long id : trackIds) {
            ids.add(id);
        }
        return new Preview(frame.streamId(), frame.captureTimeMillis(), frame.sequence(), frame.width(), frame.height(), jpeg,
                boxes.toString());
    }

    /** A frame that was dropped while waiting for detection. */
    public void dropped(String streamId) {
        camera(streamId).droppedInWindow++;
    }

    /** A frame that skipped the model for lack of motion. */
    public void skippedNoMotion(String streamId) {
        camera(streamId).skippedInWindow++;
    }

    /** A frame that skipped the model for the camera's detect_interval (its boxes were predicted). */
    public void predicted(String streamId) {
        camera(streamId).predictedInWindow++;
    }

    /** A stream's settings from START or UPDATE: those given replace the camera's. */
    public void settings(String streamId, StreamSettings update) {
        Camera c = camera(streamId);
        c.settings = c.settings.then(update);
    }

    /** A status event: the camera's state when it changed, else null. */
    public CameraState status(StreamStatus status) {
        // A refused command changes no camera's state and makes no camera of a stream id that
        // never ran: its error goes out as an event, to where the command came from.
        if (status.streamId() == null || status.isRefusedCommand()) {
            return null;
        }
        String state = switch (status.kind()) {
            case STARTED -> "live";
            case STOPPED -> "stopped";
            case RECONNECTING -> "reconnecting";
            case ERROR -> "error";
            default -> null;
        };
        if (state == null) {
            return null;
        }
        Camera c = camera(status.streamId());
        c.state = state;
        c.reason = state.equals("live") ? null : status.message();
        if (state.equals("stopped")) {
            c.settings = StreamSettings.NONE;
        }
        return state(status.streamId(), c, status.timeMillis());
    }

    /** Every camera's state, by stream id, with its rates since the previous call. */
    public Map<String, CameraState> states(long nowMillis) {
        Map<String, CameraState> lines = new LinkedHashMap<>();
        for (Map.Entry<String, Camera> e : cameras.entrySet()) {
            lines.put(e.getKey(), state(e.getKey(), e.getValue(), nowMillis));
            e.getValue().windowStartMillis = nowMillis;
            e.getValue().framesInWindow = 0;
            e.getValue().droppedInWindow = 0;
            e.getValue().skippedInWindow = 0;
            e.getValue().predictedInWindow = 0;
        }
        return lines;
    }

    /** Previews encoded so far. */
    public long previewCount() {
        return encodes;
    }

    /** Mean milliseconds per preview JPEG so far; 0 before the first. */
    public double meanEncodeMillis() {
        return encodes == 0 ? 0 : encodeNanos / 1e6 / encodes;
    }

    // ------------------------------------------------------------------------------------------

    private Camera camera(String streamId) {
        return cameras.computeIfAbsent(streamId, id -> new Camera());
    }

    private CameraState state(String streamId, Camera c, long nowMillis) {
        double seconds = Math.max(0.001, (nowMillis - c.windowStartMillis) / 1000.0);
        ObjectNode settings = StreamSettingsJson.write(c.settings);
        settings.remove(List.of("zones", "lines"));
        ObjectNode zoneCounts = DetectionJson.newObject();
        tracking.zoneOccupancy(streamId).forEach(zoneCounts::put);
        ObjectNode lineCounts = DetectionJson.newObject();
        for (Map.Entry<String, LineCount> l : tracking.lineCounts(streamId).entrySet()) {
            lineCounts.putObject(l.getKey()).put("in", l.getValue().in()).put("out", l.getValue().out());
        }
        return new CameraState(streamId, nowMillis, c.state, c.reason, Math.round(c.framesInWindow / seconds * 10) / 10.0,
                (long) c.droppedInWindow, (long) c.skippedInWindow, (long) c.predictedInWindow, c.objects, c.model,
                settings.toString(),
                StreamSettingsJson.zones(c.settings.zones() == null ? List.of() : c.settings.zones()).toString(),
                StreamSettingsJson.lines(c.settings.lines() == null ? List.of() : c.settings.lines()).toString(),
                zoneCounts.toString(), lineCounts.toString());
    }
}
