package io.streamyolo.job.detect;

import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.job.metrics.DetectionMetrics;
import io.streamyolo.job.metrics.TrackingMetrics;
import io.streamyolo.job.track.CameraTrackers;
import io.streamyolo.job.track.TrackEventJson;
import io.streamyolo.job.view.CameraRecords;
import io.streamyolo.job.view.StoredEvents;
import io.streamyolo.job.view.TrackSnapshots;
import io.streamyolo.model.Detection;
import io.streamyolo.model.ModelMetadata;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.store.StoreRecord;
import io.streamyolo.store.StoredClip;
import io.streamyolo.track.FrameResult;
import io.streamyolo.track.TrackBox;
import io.streamyolo.track.TrackEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks each stream's detections and publishes what follows: the stream's settings applied
 * (classes, confidence), its objects tracked, the recorders told which frames make clips, and the
 * records emitted: the results as JSON
 * (detections with track ids, track events, status), and the event store's typed records (track
 * events, snapshots, previews, camera states, clips), made here once, where the frames are.
 * Knows nothing of Flink: records go to an {@link Emitter}.
 *
 * <p>The tracker sees the stream's classes at every confidence the model reports (low boxes keep
 * tracks alive); the results show those at the stream's threshold. Not thread-safe: the task
 * thread owns it.
 */
final class TrackingPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(TrackingPublisher.class);

    /**
     * Where the records go.
     *
     * @param results the job's results
     * @param store records for the event store
     */
    record Emitter(Consumer<DetectionResult> results, Consumer<StoreRecord> store) {}

    private final DetectionSettings defaultSettings;
    private final Map<String, DetectionSettings> settings = new HashMap<>();
    private final CameraTrackers tracking;
    private final DetectionMetrics metrics;
    private final TrackingMetrics trackingMetrics;
    /** Both null when nothing goes to the event store. */
    private final TrackSnapshots trackSnapshots;
    private final CameraRecords views;
    private final Emitter emit;
    private final ClipTriggers clips = new ClipTriggers();

    /**
     * @param storeRecords whether to emit snapshots, previews and camera states for the event store
     * @param previewFps previews per second per camera among them, at most
     */
    TrackingPublisher(DetectionSettings defaultSettings, CameraTrackers tracking, DetectionMetrics metrics,
            TrackingMetrics trackingMetrics, boolean storeRecords, double previewFps, Emitter emit) {
        this.defaultSettings = defaultSettings;
        this.tracking = tracking;
        this.metrics = metrics;
        this.trackingMetrics = trackingMetrics;
        this.trackSnapshots = storeRecords ? new TrackSnapshots() : null;
        this.views = storeRecords ? new CameraRecords(previewFps, tracking) : null;
        this.emit = emit;
    }

    /** The stream's priority under overload. */
    int priority(String streamId) {
        return settings.getOrDefault(streamId, defaultSettings).priority();
    }

    /**
     * A START's or UPDATE's settings; a value the stream's model refuses (a class it does not
     * have) gives an error record, and then no setting changes.
     */
    void settings(String streamId, StreamSettings update, String model, ModelMetadata metadata) {
        DetectionSettings current = settings.getOrDefault(streamId, defaultSettings);
        DetectionSettings updated;
        try {
            updated = current.with(update, model, metadata);
            clips.settings(streamId, update, model, metadata);
        } catch (IllegalArgumentException e) {
            emit.results().accept(ResultJson.status(streamId, "error",
                    "settings not applied, the previous ones stay: " + e.getMessage(), System.currentTimeMillis()));
            return;
        }
        tracking.applySettings(streamId, update);
        settings.put(streamId, updated);
        if (views != null) {
            views.settings(streamId, update);
        }
    }

    /** A frame's detections by the stream's model; returns the number of boxes its result shows. */
    int detected(VideoFrame frame, List<Detection> detections, String model, ModelMetadata metadata,
            StreamProgress progress, long nowMillis) {
        String streamId = frame.streamId();
        DetectionSettings s = settings.getOrDefault(streamId, defaultSettings);
        List<Detection> ofClasses = new ArrayList<>();
        for (Detection d : detections) {
            if (s.keepsClass(d.classId())) {
                ofClasses.add(d);
            }
        }
        FrameResult tracked = tracking.track(streamId, frame.captureTimeMillis(), frame.width(), frame.height(), ofClasses);
        List<Detection> kept = new ArrayList<>(ofClasses.size());
        long[] trackIds = new long[ofClasses.size()];
        for (int j = 0; j < ofClasses.size(); j++) {
            if (ofClasses.get(j).confidence() >= s.confidence()) {
                trackIds[kept.size()] = tracked.trackId(j);
                kept.add(ofClasses.get(j));
            }
        }
        long[] keptIds = Arrays.copyOf(trackIds, kept.size());
        progress.detected(kept.size());
        metrics.detected(frame, kept, metadata, nowMillis);
        List<TrackBox> predicted = tracked.boxes().stream().filter(TrackBox::predicted).toList();
        clips.seen(frame);
        clips.tracked(frame, kept, keptIds, predicted, tracked.events());
        emit.results().accept(ResultJson.detections(frame, kept, keptIds, predicted, model, metadata, nowMillis));
        for (TrackEvent e : tracked.events()) {
            event(streamId, e, frame.sequence(), metadata);
        }
        if (views != null) {
            trackSnapshots.take(frame, kept, keptIds, tracked.events()).forEach(emit.store());
            store(views.detected(frame, kept, keptIds, model, metadata));
        }
        trackingMetrics.tracked(streamId, tracked.events(), tracking.zoneOccupancy(streamId), tracking.lineCounts(streamId));
        return kept.size();
    }

    /**
     * A frame the model skipped for the camera's detection interval: its result has no detections,
     * {@code "detected": false} and the tracker's predicted boxes of the stream's tracks (as {@code
     * predicted}). Tracks, events, snapshots and previews come from detected frames only.
     */
    void predicted(FrameTimes frame, String model, ModelMetadata metadata, long nowMillis) {
        List<TrackBox> boxes = tracking.predict(frame.streamId(), frame.captureTimeMillis());
        clips.progress(frame.streamId(), frame.captureTimeMillis());
        emit.results().accept(ResultJson.predicted(frame, boxes, model, metadata, nowMillis));
        if (views != null) {
            views.predicted(frame.streamId());
        }
    }

    /** A frame of the stream skipped the model for lack of motion (it gets no result). */
    void skippedNoMotion(VideoFrame frame) {
        String streamId = frame.streamId();
        clips.seen(frame);
        clips.progress(streamId, frame.captureTimeMillis());
        metrics.skippedNoMotion(streamId);
        if (views != null) {
            views.skippedNoMotion(streamId);
        }
    }

    /** A frame of the stream was replaced by a newer one while it waited. */
    void dropped(String streamId) {
        metrics.droppedWaiting(streamId);
        if (views != null) {
            views.dropped(streamId);
        }
    }

    /**
     * A stream stopped: its open tracks end ({@code object_left}); its settings go. Its frame_seq,
     * counts and track ids go on if it is started again.
     */
    void stopped(String streamId, long timeMillis, ModelMetadata metadata) {
        for (TrackEvent left : tracking.stop(streamId, timeMillis)) {
            event(streamId, left, -1, metadata);
        }
        settings.remove(streamId);
        clips.stopped(streamId);
        if (trackSnapshots != null) {
            trackSnapshots.forget(streamId);
        }
        metrics.forget(streamId);
    }

    /** A status event of the source, passed on (and to the camera's state). */
    void status(StreamStatus status) {
        emit.results().accept(ResultJson.status(status));
        if (views != null) {
            store(views.status(status));
        }
    }

    /**
     * The clips and segments the cameras' recorders completed (to the results and the event
     * store), and what they could not record (error results; detection goes on).
     */
    void recordings(long nowMillis) {
        clips.poll(clip -> {
            emit.results().accept(ResultJson.clip(clip, nowMillis));
            emit.store().accept(new StoredClip(0, clip.streamId(), clip.kind(), clip.startMillis(), clip.endMillis(),
                    clip.file().toAbsolutePath().toString(), clip.sizeBytes(),
                    clip.codec() == null ? StoredClip.CODEC_H264 : clip.codec(), clip.trackIds()));
        }, (streamId, problem) -> {
            LOG.warn("Recording: {}", problem);
            emit.results().accept(ResultJson.status(streamId, "error", "recording: " + problem, nowMillis));
        }, nowMillis);
    }

    /** Every camera's state, for the event store (nothing without one). */
    void cameraStates(long nowMillis) {
        if (views != null) {
            views.states(nowMillis).values().forEach(this::store);
        }
    }

    /** What the pictures for the event store cost so far; null without a store. */
    String pictureCosts() {
        if (views == null) {
            return null;
        }
        return String.format(Locale.ROOT, "%d track snapshots, %.1f ms each; %d previews, %.1f ms each",
                trackSnapshots.count(), trackSnapshots.meanEncodeMillis(), views.previewCount(), views.meanEncodeMillis());
    }

    /**
     * A track event: its JSON to the results, and the same event, typed, to the event store (which
     * keeps events even when no snapshots and pictures are asked for).
     *
     * @param frameSeq the frame in which it happened, or -1
     */
    private void event(String streamId, TrackEvent e, long frameSeq, ModelMetadata metadata) {
        emit.results().accept(new DetectionResult(streamId, TrackEventJson.of(streamId, e, frameSeq, metadata)));
        emit.store().accept(StoredEvents.of(streamId, e, metadata));
    }

    private void store(StoreRecord record) {
        if (record != null) {
            emit.store().accept(record);
        }
    }
}
