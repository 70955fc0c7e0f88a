package io.streamyolo.job.track;

import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.model.Detection;
import io.streamyolo.track.FrameResult;
import io.streamyolo.track.LineCount;
import io.streamyolo.track.StreamTracker;
import io.streamyolo.track.TrackBox;
import io.streamyolo.track.TrackEvent;
import io.streamyolo.track.TrackInput;
import io.streamyolo.track.TrackerConfig;
import io.streamyolo.track.TrackerStateCodec;
import io.streamyolo.track.zone.Line;
import io.streamyolo.track.zone.Zone;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows each stream's objects across frames: one {@link StreamTracker} per stream, its zones and
 * lines from the stream's settings, its whole state as bytes for the detection operator's
 * checkpoint. Plain Java: the operator calls it on its task thread, tests call it directly.
 *
 * <p>A stream's tracker is made on its first frame, from restored bytes when a checkpoint had it,
 * so that its tracks go on under the same ids and no {@code object_entered} repeats. Zones and
 * lines may arrive before that (a restored stream's settings come before its frames).
 */
public final class CameraTrackers {

    private static final Logger LOG = LoggerFactory.getLogger(CameraTrackers.class);

    private final TrackerConfig config;
    private final Map<String, StreamTracker> trackers = new HashMap<>();
    private final Map<String, byte[]> restored = new HashMap<>();
    private final Map<String, List<Zone>> zones = new HashMap<>();
    private final Map<String, List<Line>> lines = new HashMap<>();
    private final Map<String, Integer> detectIntervals = new HashMap<>();
    private final int defaultDetectInterval;

    /** Tracking of cameras that detect every kept frame unless their settings say otherwise. */
    public CameraTrackers(TrackerConfig config) {
        this(config, 1);
    }

    /** @param defaultDetectInterval the {@code detect_interval} of a camera whose settings name none */
    public CameraTrackers(TrackerConfig config, int defaultDetectInterval) {
        this.config = config;
        this.defaultDetectInterval = defaultDetectInterval;
    }

    /**
     * Tracks one detected frame.
     *
     * @param detections the frame's boxes of the classes the stream keeps, at any confidence the
     *     detector reports: low ones keep tracks alive (ByteTrack's second round), never start one
     * @return a track id per detection (-1: no confirmed track) and the frame's events
     */
    public FrameResult track(String streamId, long captureMillis, int width, int height, List<Detection> detections) {
        List<TrackInput> inputs = new ArrayList<>(detections.size());
        for (Detection d : detections) {
            inputs.add(new TrackInput(d.x1(), d.y1(), d.x2(), d.y2(), d.classId(), d.confidence()));
        }
        return tracker(streamId).update(captureMillis, width, height, inputs);
    }

    /** Where the stream's tracks are at {@code captureMillis}, for a frame the model did not see; changes nothing. */
    public List<TrackBox> predict(String streamId, long captureMillis) {
        return tracker(streamId).predict(captureMillis);
    }

    /**
     * Applies the {@code zones}, {@code lines} and {@code detect_interval} of a START or UPDATE
     * (the other settings are not tracking's).
     */
    public void applySettings(String streamId, StreamSettings settings) {
        List<Zone> newZones = settings.zones();
        List<Line> newLines = settings.lines();
        if (newZones != null) {
            zones.put(streamId, newZones);
        }
        if (newLines != null) {
            lines.put(streamId, newLines);
        }
        if (settings.detectInterval() != null) {
            detectIntervals.put(streamId, settings.detectInterval());
        }
        StreamTracker t = trackers.get(streamId);
        if (t != null) {
            if (settings.detectInterval() != null) {
                t.setDetectInterval(settings.detectInterval());
            }
            if (newZones != null) {
                t.setZones(newZones);
            }
            if (newLines != null) {
                t.setLines(newLines);
            }
        }
    }

    /**
     * A stopped stream: every open track ends ({@code object_left}), its zones and lines go with its
     * other settings. Its track ids go on if the same stream id is started again.
     */
    public List<TrackEvent> stop(String streamId, long nowMillis) {
        zones.remove(streamId);
        lines.remove(streamId);
        detectIntervals.remove(streamId);
        StreamTracker t = trackers.get(streamId);
        if (t == null) {
            return List.of();
        }
        List<TrackEvent> left = t.closeAll(nowMillis);
        t.setZones(List.of());
        t.setLines(List.of());
        return left;
    }

    /** Restored state of a stream, used when its first frame comes (this subtask may never get it). */
    public void restore(String streamId, byte[] state) {
        if (state != null && !trackers.containsKey(streamId)) {
            restored.put(streamId, state);
        }
    }

    /** The stream's tracker state for a checkpoint, or null when this subtask tracks it not. */
    public byte[] snapshot(String streamId) {
        StreamTracker t = trackers.get(streamId);
        return t == null ? null : TrackerStateCodec.encode(t);
    }

    /** Objects in each zone of the stream now; empty when it has none. */
    public Map<String, Integer> zoneOccupancy(String streamId) {
        StreamTracker t = trackers.get(streamId);
        return t == null ? Map.of() : t.zoneOccupancy();
    }

    /** Crossings of each line of the stream since its tracking began. */
    public Map<String, LineCount> lineCounts(String streamId) {
        StreamTracker t = trackers.get(streamId);
        return t == null ? Map.of() : t.lineCounts();
    }

    // ------------------------------------------------------------------------------------------

    private StreamTracker tracker(String streamId) {
        StreamTracker t = trackers.get(streamId);
        if (t != null) {
            return t;
        }
        byte[] state = restored.remove(streamId);
        if (state != null) {
            try {
                t = TrackerStateCodec.decode(state, config);
            } catch (IOException e) {
                // Tracks start anew (new ids, entered events again) rather than the stream stop.
                LOG.warn("Stream {}: tracker state could not be restored, tracking starts anew: {}", streamId, e.getMessage());
            }
        }
        if (t == null) {
            t = new StreamTracker(config);
        }
        // Set after a restore too: unchanged zones and lines emit nothing, changed ones apply;
        // without settings of its own, a restored tracker keeps the ones in its state.
        if (zones.containsKey(streamId)) {
            t.setZones(zones.get(streamId));
        }
        if (lines.containsKey(streamId)) {
            t.setLines(lines.get(streamId));
        }
        t.setDetectInterval(detectIntervals.getOrDefault(streamId, defaultDetectInterval));
        trackers.put(streamId, t);
        return t;
    }
}
