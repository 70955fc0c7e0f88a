package io.streamyolo.job.detect;

import io.streamyolo.control.settings.ClassRef;
import io.streamyolo.control.settings.RecordSettings;
import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.model.Detection;
import io.streamyolo.model.ModelMetadata;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.source.record.ClipRecorder;
import io.streamyolo.source.record.RecordedClip;
import io.streamyolo.track.TrackBox;
import io.streamyolo.track.TrackEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The detection side of recording: tells each camera's recorder (it travels with the camera's
 * frames) which frames show tracks that make clips, and passes on what the recorder completed or
 * could not do. The recorder, on the camera's decoder thread, writes the files.
 *
 * <p>A track makes clips when its class is among the camera's {@code record_classes} (none given:
 * every class the camera keeps) and, if the camera names {@code record_zones}, while it is in one
 * of them (from its zone events). Not thread-safe: the task thread owns it.
 */
final class ClipTriggers {

    /** A stopped camera's recorder completes its last clip when its decoder ends: it is asked this long after. */
    private static final long RETIRED_POLL_MILLIS = 30_000;

    private final Map<String, ClipRecorder> recorders = new HashMap<>();
    /** The record classes as model class ids, by stream; absent or null: every class. */
    private final Map<String, Set<Integer>> classes = new HashMap<>();
    private final Map<ClipRecorder, Long> retired = new HashMap<>();
    /** The record zones by stream (absent: anywhere), and the tracks in one of them now. */
    private final Map<String, Set<String>> zones = new HashMap<>();
    private final Map<String, Set<Long>> inZones = new HashMap<>();

    /** A frame came: where to reach its camera's recorder (a restarted camera has a new one). */
    void seen(VideoFrame frame) {
        if (frame.recorder() != null) {
            ClipRecorder previous = recorders.put(frame.streamId(), frame.recorder());
            if (previous != null && previous != frame.recorder()) {
                retired.put(previous, System.currentTimeMillis() + RETIRED_POLL_MILLIS);
            }
        }
    }

    /**
     * A START's or UPDATE's record classes, resolved with the stream's model.
     *
     * @throws IllegalArgumentException naming a class the model does not have (then nothing changes)
     */
    void settings(String streamId, StreamSettings update, String model, ModelMetadata metadata) {
        if (update.record() == null) {
            return;
        }
        if (update.record().zones() != null) {
            if (update.record().zones().isEmpty()) {
                zones.remove(streamId);
            } else {
                zones.put(streamId, Set.copyOf(update.record().zones()));
            }
        }
        if (update.record().classes() == null) {
            return;
        }
        Set<Integer> ids = new TreeSet<>();
        for (ClassRef c : update.record().classes()) {
            ids.add(DetectionSettings.classId(c, model, metadata));
        }
        classes.put(streamId, ids.isEmpty() ? null : ids);
    }

    /**
     * A detected frame's tracks as its result shows them (the boxes kept, and those predicted for
     * tracks missed in the frame): the ones that make clips keep the camera's clip going.
     */
    void tracked(VideoFrame frame, List<Detection> kept, long[] keptIds, List<TrackBox> predicted, List<TrackEvent> events) {
        // Zone membership is followed even while recording is off: it may be turned on.
        List<Long> ids = triggering(frame.streamId(), kept, keptIds, predicted, events);
        ClipRecorder recorder = frame.recorder();
        if (recorder == null || recorder.settings().mode() == RecordSettings.Mode.OFF) {
            return;
        }
        if (ids.isEmpty()) {
            recorder.progress(frame.captureTimeMillis());
        } else {
            recorder.trigger(frame.captureTimeMillis(), ids);
        }
    }

    /** The tracks of a detected frame that make clips: of the record classes, in a record zone if the camera names any. */
    List<Long> triggering(String streamId, List<Detection> kept, long[] keptIds, List<TrackBox> predicted, List<TrackEvent> events) {
        Set<String> wantedZones = zones.get(streamId);
        Set<Long> inZone = inZones.computeIfAbsent(streamId, id -> new HashSet<>());
        for (TrackEvent e : events) {
            if (e.kind() == TrackEvent.Kind.ZONE_ENTERED && wantedZones != null && wantedZones.contains(e.target())) {
                inZone.add(e.trackId());
            } else if ((e.kind() == TrackEvent.Kind.ZONE_LEFT && wantedZones != null && wantedZones.contains(e.target()))
                    || e.kind() == TrackEvent.Kind.OBJECT_LEFT) {
                inZone.remove(e.trackId());
            }
        }
        Set<Integer> wanted = classes.get(streamId);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            if (keptIds[i] > 0 && (wanted == null || wanted.contains(kept.get(i).classId()))
                    && (wantedZones == null || inZone.contains(keptIds[i]))) {
                ids.add(keptIds[i]);
            }
        }
        for (TrackBox b : predicted) {
            if ((wanted == null || wanted.contains(b.classId())) && (wantedZones == null || inZone.contains(b.trackId()))) {
                ids.add(b.trackId());
            }
        }
        return ids;
    }

    /** A frame of the stream skipped the model or was predicted: no clip starts or goes on for it. */
    void progress(String streamId, long frameMillis) {
        ClipRecorder recorder = recorders.get(streamId);
        if (recorder != null) {
            recorder.progress(frameMillis);
        }
    }

    /** The stream stopped: its recorder is asked a while longer for the clip its end completes. */
    void stopped(String streamId) {
        ClipRecorder recorder = recorders.remove(streamId);
        if (recorder != null) {
            retired.put(recorder, System.currentTimeMillis() + RETIRED_POLL_MILLIS);
        }
        classes.remove(streamId);
        zones.remove(streamId);
        inZones.remove(streamId);
    }

    /** Passes on the clips the recorders completed, and their problems (by stream id). */
    void poll(Consumer<RecordedClip> clips, BiConsumer<String, String> problems, long nowMillis) {
        recorders.forEach((id, r) -> take(id, r, clips, problems));
        for (Iterator<Map.Entry<ClipRecorder, Long>> it = retired.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<ClipRecorder, Long> e = it.next();
            take(null, e.getKey(), clips, problems);
            if (nowMillis > e.getValue()) {
                it.remove();
            }
        }
    }

    private static void take(String streamId, ClipRecorder r, Consumer<RecordedClip> clips,
            BiConsumer<String, String> problems) {
        r.takeClips().forEach(clips);
        for (String problem : r.takeProblems()) {
            problems.accept(streamId != null ? streamId : r.streamId(), problem);
        }
    }
}
