package io.streamyolo.job.detect;

import io.streamyolo.job.metrics.DetectionMetrics;
import io.streamyolo.job.metrics.TrackingMetrics;
import io.streamyolo.job.track.StreamTracking;
import io.streamyolo.job.track.TrackEventJson;
import io.streamyolo.job.view.CameraViews;
import io.streamyolo.job.view.TrackSnapshots;
import io.streamyolo.model.BgrFrame;
import io.streamyolo.model.Detection;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.model.DetectorException;
import io.streamyolo.model.YoloDetector;
import io.streamyolo.source.command.InvalidCommandException;
import io.streamyolo.source.event.CameraEvent;
import io.streamyolo.source.event.StreamSettings;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.track.FrameResult;
import io.streamyolo.track.TrackEvent;
import io.streamyolo.track.TrackerConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs YOLO on the frames of the streams its source subtask reads, chained to that source (frames
 * never cross a network), in batches across streams: a batch goes to the model when {@code
 * batchSize} frames wait or when the oldest has waited {@code batchTimeoutMillis} (the idea of
 * DeepStream's batched-push-timeout).
 *
 * <p>At most one frame per stream waits: a newer frame replaces it, and the replaced one counts
 * as dropped, so latency cannot build up. When more streams wait than a batch holds, those of
 * higher {@code priority} go first; a stream's priority rises the longer it waits, so that lower
 * ones drop more but never starve.
 *
 * <p>A stream's settings (threshold, classes, priority, model) arrive in-band as {@link
 * StreamSettings} and go with the stream when it stops. Status events pass straight through.
 * Models: one instance each per subtask, on the subtask's device; see {@link ModelRegistry}.
 *
 * <p>Each stream's boxes are tracked here ({@link StreamTracking}): a track id per box, and events
 * (objects entering and leaving, zones, lines) beside the detections. Tracking runs in the
 * detection subtask rather than after a keyBy because the frame is at hand only here (snapshots
 * and previews of tracked objects); its state goes with the stream's progress, so the guarantees
 * of keyed state hold: tracks go on across restores at any parallelism, no event repeats.
 *
 * <p>State: each stream's {@link StreamProgress} (frame_seq, counters, tracker), as union list state,
 * because after rescaling the source may hand a stream to any subtask. Everything else is rebuilt
 * from the source, which re-sends every stream's settings when it opens the stream.
 */
public final class DetectionOperator extends AbstractStreamOperator<DetectionResult>
        implements OneInputStreamOperator<CameraEvent, DetectionResult>, BoundedOneInput {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DetectionOperator.class);
    /** Waiting this long raises a stream's priority by one. */
    private static final double PRIORITY_AGING_MILLIS = 1000;
    /**
     * Records for the event store only: snapshots of tracked objects ({@link TrackSnapshots}),
     * camera pictures and states ({@link CameraViews}).
     */
    public static final OutputTag<DetectionResult> STORE_RECORDS =
            new OutputTag<>("store-records", TypeInformation.of(DetectionResult.class));
    /** How often each camera's state goes to the store. */
    private static final long CAMERA_STATE_INTERVAL_MILLIS = 2000;

    private final DetectorConfig detectorConfig;
    private final DetectionSettings defaultSettings;
    private final int batchSize;
    private final long batchTimeoutMillis;
    private final long summaryIntervalMillis;
    private final TrackerConfig trackerConfig;
    private final boolean storeRecords;
    private final double previewFps;

    private transient ModelRegistry models;
    private transient Map<String, VideoFrame> waiting;
    private transient Map<String, DetectionSettings> settings;
    /** Model per stream where a MODEL command chose one; the job's choice is under ALL_STREAMS. */
    private transient Map<String, String> modelChoice;
    private transient Map<String, Long> lastDetected;
    /** Streams (or ALL_STREAMS) opened with a model that is still loading; see {@link #waitsForModel}. */
    private transient Set<String> awaitingModel;
    private transient boolean framesSeen;
    private transient ListState<StreamProgress> progressState;
    /** Every stream's progress this subtask knows of: its own, and the others' from a restore. */
    private transient Map<String, StreamProgress> progress;
    /** Streams whose frames this subtask has had in this run (their counters are in {@link #metrics}). */
    private transient Set<String> ownStreams;
    private transient long batchNumber;
    private transient boolean flushScheduled;
    private transient DetectionMetrics metrics;
    private transient StreamTracking tracking;
    private transient TrackingMetrics trackingMetrics;
    private transient TrackSnapshots trackSnapshots;
    private transient CameraViews views;

    /**
     * @param detectorConfig the default model; its device is replaced by the subtask's (see {@link DeviceSelector})
     * @param defaultSettings settings of a stream whose commands give none
     * @param summaryIntervalMillis how often a summary line per stream is logged (0: never)
     * @param trackerConfig how each stream's objects are tracked
     * @param storeRecords whether to emit snapshots, pictures and states to {@link #STORE_RECORDS}
     * @param previewFps pictures per second per camera among them, at most
     */
    public DetectionOperator(DetectorConfig detectorConfig, DetectionSettings defaultSettings, int batchSize,
            long batchTimeoutMillis, long summaryIntervalMillis, TrackerConfig trackerConfig, boolean storeRecords,
            double previewFps) {
        this.detectorConfig = detectorConfig;
        this.defaultSettings = defaultSettings;
        this.batchSize = batchSize;
        this.batchTimeoutMillis = batchTimeoutMillis;
        this.summaryIntervalMillis = summaryIntervalMillis;
        this.trackerConfig = trackerConfig;
        this.storeRecords = storeRecords;
        this.previewFps = previewFps;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        progressState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("stream-progress", StreamProgress.class));
        progress = new HashMap<>();
        ownStreams = new HashSet<>();
        for (StreamProgress p : progressState.get()) {
            progress.merge(p.streamId, p, StreamProgress::furthest);
        }
        tracking = new StreamTracking(trackerConfig);
        for (StreamProgress p : progress.values()) {
            tracking.restore(p.streamId, p.trackerState);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        for (String streamId : ownStreams) {
            StreamProgress p = progress.get(streamId);
            saveCounts(p);
            byte[] tracker = tracking.snapshot(streamId);
            if (tracker != null) {
                p.trackerState = tracker;
            }
        }
        progressState.update(new ArrayList<>(progress.values()));
    }

    @Override
    public void open() throws Exception {
        super.open();
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        String device = DeviceSelector.select(getRuntimeContext().getExternalResourceInfos(DeviceSelector.GPU_RESOURCE), subtask);
        try {
            models = new ModelRegistry(detectorConfig.toBuilder().optDevice(device).build());
        } catch (DetectorException e) {
            // Nothing can be detected without the model: fail the task with the reason, not a DJL trace.
            throw new IllegalStateException("Detection subtask " + subtask + " cannot load its model: " + e.getMessage(), e);
        }
        // --classes that the model does not have would silently detect nothing: refuse to start.
        defaultSettings.checkClasses(models.defaultName(), models.get(models.defaultName()).metadata());
        LOG.info("Detection subtask {} runs {} on {}, batch {} / {} ms", subtask,
                detectorConfig.modelPath().getFileName(), device, batchSize, batchTimeoutMillis);
        waiting = new LinkedHashMap<>();
        settings = new HashMap<>();
        modelChoice = new HashMap<>();
        lastDetected = new HashMap<>();
        awaitingModel = new HashSet<>();
        metrics = new DetectionMetrics(getMetricGroup());
        trackingMetrics = new TrackingMetrics(getMetricGroup());
        if (storeRecords) {
            trackSnapshots = new TrackSnapshots();
            views = new CameraViews(previewFps, tracking);
            scheduleCameraStates();
        }
        if (summaryIntervalMillis > 0) {
            scheduleSummary();
        }
    }

    @Override
    public void processElement(StreamRecord<CameraEvent> element) throws Exception {
        switchLoadedModels();
        CameraEvent event = element.getValue();
        if (event instanceof VideoFrame sourceFrame) {
            framesSeen = true;
            StreamProgress stream = progressOf(sourceFrame.streamId());
            VideoFrame frame = sourceFrame.withSequence(stream.sequenceOf(sourceFrame.sequence()));
            // A stream waits from its first frame on, however often newer frames replace it.
            lastDetected.putIfAbsent(frame.streamId(), frame.captureTimeMillis());
            if (waiting.put(frame.streamId(), frame) != null) {
                metrics.droppedWaiting(frame.streamId());
                if (views != null) {
                    views.dropped(frame.streamId());
                }
            }
            // A full batch is detected as soon as the source's current round of frames is in (a
            // timer due now runs right after it), so that priorities choose among all of them.
            scheduleFlushOfDetectable();
        } else if (event instanceof StreamSettings update) {
            applySettings(update);
        } else if (event instanceof StreamStatus status) {
            if (status.kind() == StreamStatus.Kind.STOPPED && status.streamId() != null) {
                // STOP clears the stream's settings, model and waiting frame; its frame_seq and
                // counters go on if it is started again.
                waiting.remove(status.streamId());
                String stoppedModel = modelOf(status.streamId());
                for (TrackEvent left : tracking.stop(status.streamId(), status.timeMillis())) {
                    output.collect(new StreamRecord<>(new DetectionResult(status.streamId(),
                            TrackEventJson.of(status.streamId(), left, -1, models.get(stoppedModel).metadata()))));
                }
                settings.remove(status.streamId());
                if (trackSnapshots != null) {
                    trackSnapshots.forget(status.streamId());
                }
                lastDetected.remove(status.streamId());
                if (modelChoice.remove(status.streamId()) != null) {
                    models.retainOnly(modelChoice.values());
                }
                metrics.forget(status.streamId());
            }
            output.collect(new StreamRecord<>(ResultJson.status(status)));
            if (views != null) {
                toStore(status.streamId(), views.status(status));
            }
        }
    }

    @Override
    public void endInput() throws Exception {
        awaitingModel.clear(); // the last frames go with the models loaded by now
        while (!waiting.isEmpty()) {
            flush();
        }
    }

    @Override
    public void close() throws Exception {
        // Also called when the task is cancelled before open() finished: fields may be null.
        if (trackSnapshots != null && views != null) {
            LOG.info("Pictures for the event store: {} track snapshots, {} ms each; {} previews, {} ms each",
                    trackSnapshots.count(), String.format(Locale.ROOT, "%.1f", trackSnapshots.meanEncodeMillis()),
                    views.previewCount(), String.format(Locale.ROOT, "%.1f", views.meanEncodeMillis()));
        }
        if (models != null) {
            models.close();
            models = null;
        }
        super.close();
    }

    // ------------------------------------------------------------------------------------------

    /** Flushes the current batch after {@code delayMillis}, unless it was flushed before. */
    private void scheduleFlush(long delayMillis) {
        if (flushScheduled && delayMillis > 0) {
            return; // the deadline of this batch is set already
        }
        flushScheduled = true;
        long forBatch = batchNumber;
        long due = getProcessingTimeService().getCurrentProcessingTime() + delayMillis;
        getProcessingTimeService().registerTimer(due, time -> {
            if (batchNumber == forBatch) {
                flush();
            }
        });
    }

    /** Detects the waiting frames that rank highest, up to a batch; the others wait for the next. */
    private void flush() throws DetectorException {
        flushScheduled = false;
        batchNumber++;
        if (waiting.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        List<VideoFrame> batch = new ArrayList<>();
        for (VideoFrame f : waiting.values()) {
            if (!waitsForModel(f.streamId())) {
                batch.add(f);
            }
        }
        if (batch.size() > batchSize) {
            batch.sort(Comparator.comparingDouble((VideoFrame f) -> -rank(f, now)));
            batch = batch.subList(0, batchSize);
        }
        for (VideoFrame f : batch) {
            waiting.remove(f.streamId());
        }
        // One forward pass per model in use (usually one).
        Map<String, List<VideoFrame>> byModel = new LinkedHashMap<>();
        for (VideoFrame f : batch) {
            byModel.computeIfAbsent(modelOf(f.streamId()), m -> new ArrayList<>()).add(f);
        }
        for (Map.Entry<String, List<VideoFrame>> group : byModel.entrySet()) {
            detect(group.getKey(), group.getValue());
        }
        scheduleFlushOfDetectable();
    }

    /** Schedules the next flush if frames can be detected: at once for a full batch, else after the timeout. */
    private void scheduleFlushOfDetectable() {
        long detectable = awaitingModel.isEmpty() ? waiting.size()
                : waiting.keySet().stream().filter(id -> !waitsForModel(id)).count();
        if (detectable > 0) {
            scheduleFlush(detectable >= batchSize ? 0 : batchTimeoutMillis);
        }
    }

    /**
     * Whether a stream's frames wait for the model it was opened with (after a START with a model,
     * or a restore of a stream or job that had switched): they wait, the newest frame replacing
     * the older, rather than be detected by a model the stream did not ask for.
     */
    private boolean waitsForModel(String streamId) {
        return awaitingModel.contains(streamId)
                || (awaitingModel.contains(StreamSettings.ALL_STREAMS) && !modelChoice.containsKey(streamId));
    }

    private void detect(String model, List<VideoFrame> frames) throws DetectorException {
        YoloDetector detector = models.get(model);
        List<BgrFrame> inputs = new ArrayList<>(frames.size());
        for (VideoFrame f : frames) {
            inputs.add(new BgrFrame(ByteBuffer.wrap(f.pixels()), f.width(), f.height(), f.width() * 3));
        }
        long start = System.nanoTime();
        List<List<Detection>> results = detector.detect(inputs);
        long detectNanos = System.nanoTime() - start;
        long now = System.currentTimeMillis();
        metrics.batch(frames.size(), detectNanos);
        for (int i = 0; i < frames.size(); i++) {
            VideoFrame frame = frames.get(i);
            String streamId = frame.streamId();
            DetectionSettings s = settings.getOrDefault(streamId, defaultSettings);
            // The tracker sees the stream's classes at every confidence the model reports (low
            // boxes keep tracks alive); the results show those at the stream's threshold.
            List<Detection> ofClasses = new ArrayList<>();
            for (Detection d : results.get(i)) {
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
            lastDetected.put(streamId, now);
            metrics.detected(frame, kept, detector.metadata(), now);
            long[] keptIds = Arrays.copyOf(trackIds, kept.size());
            output.collect(new StreamRecord<>(ResultJson.detections(frame, kept, keptIds, model,
                    detector.metadata(), now)));
            for (TrackEvent e : tracked.events()) {
                output.collect(new StreamRecord<>(new DetectionResult(streamId,
                        TrackEventJson.of(streamId, e, frame.sequence(), detector.metadata()))));
            }
            if (storeRecords) {
                for (String snapshot : trackSnapshots.take(frame, kept, keptIds, tracked.events())) {
                    toStore(streamId, snapshot);
                }
                toStore(streamId, views.detected(frame, kept, keptIds, model, detector.metadata()));
            }
            trackingMetrics.tracked(streamId, tracked.events(), tracking.zoneOccupancy(streamId), tracking.lineCounts(streamId));
        }
    }

    /** A stream's progress as the next checkpoint would save it; null if this subtask knows none. */
    StreamProgress savedProgress(String streamId) {
        StreamProgress p = progress.get(streamId);
        if (p != null && ownStreams.contains(streamId)) {
            saveCounts(p);
        }
        return p;
    }

    private void saveCounts(StreamProgress p) {
        DetectionMetrics.StreamCounts counts = metrics.counts(p.streamId);
        if (counts != null) {
            p.setCounts(counts);
        }
    }

    private StreamProgress progressOf(String streamId) {
        StreamProgress p = progress.computeIfAbsent(streamId, StreamProgress::new);
        if (ownStreams.add(streamId)) {
            metrics.continueFrom(streamId, p.counts());
        }
        return p;
    }

    /** Priority, raised by one for every {@link #PRIORITY_AGING_MILLIS} since the stream's last detection. */
    private double rank(VideoFrame frame, long now) {
        int priority = settings.getOrDefault(frame.streamId(), defaultSettings).priority();
        long since = lastDetected.get(frame.streamId());
        return priority + (now - since) / PRIORITY_AGING_MILLIS;
    }

    private String modelOf(String streamId) {
        String chosen = modelChoice.getOrDefault(streamId, modelChoice.get(StreamSettings.ALL_STREAMS));
        return chosen != null && models.isLoaded(chosen) ? chosen : models.defaultName();
    }

    private void applySettings(StreamSettings update) {
        String target = update.streamId();
        String modelField = update.fields().get("model");
        if (modelField != null) {
            String name = modelField.length() > 1 && modelField.startsWith("\"") ? modelField.substring(1, modelField.length() - 1) : modelField;
            // Settings that come before the stream's (or, for the job, any) first frame open it:
            // its frames wait for the model. A switch at run time keeps the old model until then.
            boolean opening = target.equals(StreamSettings.ALL_STREAMS) ? !framesSeen : !lastDetected.containsKey(target);
            if (opening && !models.isLoaded(name)) {
                awaitingModel.add(target);
            }
            models.request(target, name);
        }
        if (target.equals(StreamSettings.ALL_STREAMS)) {
            return;
        }
        DetectionSettings current = settings.getOrDefault(target, defaultSettings);
        String model = modelOf(target);
        try {
            // Both checked before either applies: a bad value leaves all settings as they were.
            DetectionSettings updated = current.with(update.fields(), model, models.get(model).metadata());
            tracking.applySettings(target, update.fields());
            settings.put(target, updated);
            if (views != null) {
                views.settings(target, update.fields());
            }
        } catch (IllegalArgumentException | InvalidCommandException e) {
            output.collect(new StreamRecord<>(ResultJson.status(target, "error",
                    "settings not applied, the previous ones stay: " + e.getMessage(), System.currentTimeMillis())));
        }
    }

    /** Switches streams (or the job) to models whose load finished, or reports why one failed. */
    private void switchLoadedModels() {
        for (ModelRegistry.Loaded l : models.poll()) {
            if (awaitingModel.remove(l.requestedBy())) {
                scheduleFlushOfDetectable();
            }
            String stream = l.requestedBy().equals(StreamSettings.ALL_STREAMS) ? null : l.requestedBy();
            long now = System.currentTimeMillis();
            if (l.error() != null) {
                String keeping = modelOf(stream == null ? StreamSettings.ALL_STREAMS : stream);
                output.collect(new StreamRecord<>(ResultJson.status(stream, "error",
                        "model switch to '" + l.name() + "' failed, keeping " + keeping + ": " + l.error(), now)));
                continue;
            }
            modelChoice.put(l.requestedBy(), l.name());
            Set<String> inUse = new HashSet<>(modelChoice.values());
            models.retainOnly(inUse);
            output.collect(new StreamRecord<>(ResultJson.status(stream, "info", "now detecting with model " + l.name(), now)));
        }
    }

    /** A record for the event store only; null is nothing. */
    private void toStore(String streamId, String json) {
        if (json != null) {
            output.collect(STORE_RECORDS, new StreamRecord<>(new DetectionResult(streamId, json)));
        }
    }

    private void scheduleCameraStates() {
        long next = getProcessingTimeService().getCurrentProcessingTime() + CAMERA_STATE_INTERVAL_MILLIS;
        getProcessingTimeService().registerTimer(next, time -> {
            views.states(System.currentTimeMillis()).forEach(this::toStore);
            scheduleCameraStates();
        });
    }

    private void scheduleSummary() {
        long next = getProcessingTimeService().getCurrentProcessingTime() + summaryIntervalMillis;
        getProcessingTimeService().registerTimer(next, time -> {
            switchLoadedModels();
            metrics.logSummaries(trackingMetrics::summary);
            scheduleSummary();
        });
    }
}
