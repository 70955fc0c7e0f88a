package io.streamyolo.job.detect;

import io.streamyolo.job.metrics.DetectionMetrics;
import io.streamyolo.job.metrics.TrackingMetrics;
import io.streamyolo.job.track.CameraTrackers;
import io.streamyolo.source.event.CameraEvent;
import io.streamyolo.source.event.JobSettingsUpdate;
import io.streamyolo.source.event.StreamSettingsUpdate;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.store.StoreRecord;
import io.streamyolo.store.sink.StoreRecordTypeInfo;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
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
 * batchSize} frames wait (or one of every stream) or when the oldest has waited {@code
 * batchTimeoutMillis} (the idea of DeepStream's batched-push-timeout). This is the Flink side
 * (state, timers, output) over plain classes: {@link FrameBatcher} (which frames wait and form a
 * batch), {@link BatchCycle} (when a batch starts and finishes, on the {@link InferenceThread}
 * while the task thread goes on), {@link ModelRouter} (which model each stream uses), {@link
 * TrackingPublisher} (settings, tracking, records), {@link MotionGate} (which frames skip the model
 * for lack of motion: no record is emitted for them, they are counted), {@link DetectInterval}
 * (which frames skip it for the camera's detection interval: their results carry the tracker's
 * predicted boxes), {@link DecoderInputRequests} (which cameras' decoders letterbox their next frames) and
 * {@link StreamProgress} (a stream's frame_seq and counts).
 *
 * <p>Tracking runs here, not after a keyBy, because only here is the frame at hand (snapshots,
 * previews). State: each stream's {@link StreamProgress}, tracker included, as union list state,
 * since after rescaling the source may hand a stream to any subtask; so tracks go on across
 * restores at any parallelism and no event repeats. The rest is rebuilt from the source, which
 * re-sends a stream's settings when it opens the stream.
 */
public final class DetectionOperator extends AbstractStreamOperator<DetectionResult>
        implements OneInputStreamOperator<CameraEvent, DetectionResult>, BoundedOneInput {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DetectionOperator.class);
    /**
     * Records for the event store, typed (JPEGs as bytes): track events, snapshots of tracked
     * objects, camera pictures and states, clips. The same events go to the results as JSON.
     */
    public static final OutputTag<StoreRecord> STORE_RECORDS = new OutputTag<>("store-records", StoreRecordTypeInfo.INSTANCE);
    /** How often each camera's state goes to the store. */
    private static final long CAMERA_STATE_INTERVAL_MILLIS = 2000;
    /** How often the cameras' recorders are asked for the clips they completed: a clip is in the store within this of its end. */
    private static final long RECORDINGS_POLL_MILLIS = 1000;

    private final DetectionSetup setup;

    private transient ListState<StreamProgress> progressState;
    private transient StreamProgressTable progress;
    private transient CameraTrackers tracking;
    private transient ModelRouter models;
    private transient BatchCycle batches;
    private transient FrameBatcher batcher;
    private transient TrackingPublisher out;
    private transient DecoderInputRequests decoderInputs;
    private transient MotionGate motionGate;
    private transient DetectInterval detectInterval;
    private transient PredictedFrames predictedFrames;
    private transient DetectionMetrics metrics;
    private transient TrackingMetrics trackingMetrics;
    private transient boolean framesSeen;

    public DetectionOperator(DetectionSetup setup) {
        this.setup = setup;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        progressState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("stream-progress", StreamProgress.class));
        progress = new StreamProgressTable(progressState.get());
        tracking = new CameraTrackers(setup.trackerConfig(), setup.detectInterval());
        for (StreamProgress p : progress.all()) {
            tracking.restore(p.streamId, p.trackerState);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        progressState.update(progress.snapshot(tracking::snapshot));
    }

    @Override
    public void open() throws Exception {
        super.open();
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        String device = DeviceSelector.select(getRuntimeContext().getExternalResourceInfos(DeviceSelector.GPU_RESOURCE), subtask);
        models = ModelRouter.open(setup.detectorConfig().toBuilder().optDevice(device).build(), subtask);
        // --classes that the model does not have would silently detect nothing: refuse to start.
        setup.defaultSettings().checkClasses(models.defaultModel(), models.detector(models.defaultModel()).metadata());
        LOG.info("Detection subtask {} runs {} on {}, batch {} / {} ms", subtask,
                setup.detectorConfig().modelPath().getFileName(), device, setup.batchSize(), setup.batchTimeoutMillis());
        batcher = new FrameBatcher(setup.batchSize(), setup.batchTimeoutMillis());
        metrics = new DetectionMetrics(getMetricGroup());
        trackingMetrics = new TrackingMetrics(getMetricGroup());
        out = new TrackingPublisher(setup.defaultSettings(), tracking, metrics, trackingMetrics, setup.storeRecords(), setup.previewFps(),
                new TrackingPublisher.Emitter(r -> output.collect(new StreamRecord<>(r)),
                        r -> output.collect(STORE_RECORDS, new StreamRecord<>(r))));
        decoderInputs = new DecoderInputRequests();
        motionGate = new MotionGate(setup.trackerConfig().lostTimeoutMs());
        detectInterval = new DetectInterval(setup.detectInterval());
        predictedFrames = new PredictedFrames();
        batches = new BatchCycle(batcher, models, new InferenceThread(subtask), out::priority,
                (delay, task) -> getProcessingTimeService().registerTimer(
                        getProcessingTimeService().getCurrentProcessingTime() + delay, time -> task.run()),
                this::switchLoadedModels, this::finished,
                due -> decoderInputs.likelyNext(due, id -> models.detector(models.modelOf(id)).metadata()));
        every(RECORDINGS_POLL_MILLIS, () -> out.recordings(System.currentTimeMillis()));
        if (setup.storeRecords()) {
            every(CAMERA_STATE_INTERVAL_MILLIS, () -> out.cameraStates(System.currentTimeMillis()));
        }
        if (setup.summaryIntervalMillis() > 0) {
            every(setup.summaryIntervalMillis(), () -> {
                switchLoadedModels();
                metrics.logSummaries(trackingMetrics::summary);
            });
        }
    }

    @Override
    public void processElement(StreamRecord<CameraEvent> element) throws Exception {
        batches.finishIfDone();
        switchLoadedModels();
        CameraEvent event = element.getValue();
        if (event instanceof VideoFrame sourceFrame) {
            framesSeen = true;
            StreamProgress stream = progress.own(sourceFrame.streamId(), p -> metrics.mirror(p.streamId,
                    () -> p.framesDetected, () -> p.objectsDetected, () -> p.framesDroppedWaiting, () -> p.framesSkippedNoMotion));
            VideoFrame frame = sourceFrame.withSequence(stream.sequenceOf(sourceFrame.sequence()));
            if (setup.letterboxInDecoders()) {
                decoderInputs.seen(frame);
            }
            if (!detectInterval.detects(frame)) {
                // Between two detections the tracker carries the boxes (DeepStream's 'interval').
                frame.releaseInput();
                metrics.predicted(frame.streamId());
                predict(predictedFrames.add(frame));
                batcher.skipped(frame.streamId());
                batches.scheduleNext();
                return;
            }
            if (!motionGate.admits(frame)) {
                // No record for it: the camera's last result stands (a result without boxes would
                // read as "nothing there" while a still object is there).
                frame.releaseInput();
                stream.skippedNoMotion();
                out.skippedNoMotion(frame);
                batcher.skipped(frame.streamId());
                batches.scheduleNext(); // the waiting frames need not wait for this stream any more
                return;
            }
            VideoFrame replaced = batcher.offer(frame, System.currentTimeMillis());
            if (detectInterval.interval(frame.streamId()) > 1) {
                predictedFrames.offered(frame); // only such cameras have frames to hold back
            }
            if (replaced != null) {
                predict(predictedFrames.done(replaced));
                replaced.releaseInput();
                stream.droppedWaiting();
                out.dropped(frame.streamId());
            }
            // A full batch is detected as soon as the source's current round of frames is in (a
            // timer due now runs right after it), so that priorities choose among all of them.
            batches.scheduleNext();
        } else if (event instanceof StreamSettingsUpdate update) {
            String streamId = update.streamId();
            // Settings before the stream's first frame open it: its frames wait for its model.
            models.request(ModelUser.stream(streamId), ModelRegistry.key(update.settings().model(), update.settings().modelType()),
                    !batcher.hasSeen(streamId));
            String model = models.modelOf(streamId);
            out.settings(streamId, update.settings(), model, models.detector(model).metadata());
            motionGate.settings(streamId, update.settings().motion());
            detectInterval.settings(streamId, update.settings().detectInterval());
        } else if (event instanceof JobSettingsUpdate update) {
            models.request(ModelUser.JOB, ModelRegistry.key(update.settings().model(), update.settings().modelType()), !framesSeen);
        } else if (event instanceof StreamStatus status) {
            if (status.kind() == StreamStatus.Kind.STOPPED && status.streamId() != null) {
                String streamId = status.streamId();
                VideoFrame waiting = batcher.forget(streamId);
                if (waiting != null) {
                    waiting.releaseInput();
                }
                out.stopped(streamId, status.timeMillis(), models.detector(models.modelOf(streamId)).metadata());
                models.forget(streamId);
                decoderInputs.forget(streamId);
                motionGate.forget(streamId);
                detectInterval.forget(streamId);
                predictedFrames.forget(streamId);
            }
            out.status(status);
        }
    }

    @Override
    public void endInput() throws Exception {
        models.stopWaiting();
        batches.drain();
    }

    @Override
    public void close() throws Exception {
        // Also called when the task is cancelled before open() finished: fields may be null.
        if (out != null && out.pictureCosts() != null) {
            LOG.info("Pictures for the event store: {}", out.pictureCosts());
        }
        if (batches != null) {
            batches.close(); // waits for a running batch: its models close next
        }
        if (models != null) {
            models.close();
            models = null;
        }
        super.close();
    }

    /** A stream's progress as the next checkpoint would save it; null if this subtask knows none. */
    StreamProgress savedProgress(String streamId) {
        return progress.get(streamId);
    }

    // ------------------------------------------------------------------------------------------

    /** A finished batch's results go out. */
    private void finished(InferenceThread.Batch batch, long now) {
        metrics.batch(batch.size(), batch.detectNanos(), batch.letterboxedHere());
        for (InferenceThread.Group g : batch.groups()) {
            for (int i = 0; i < g.frames().size(); i++) {
                VideoFrame frame = g.frames().get(i);
                int boxes = out.detected(frame, g.results().get(i), g.model(), g.detector().metadata(),
                        progress.get(frame.streamId()), now);
                motionGate.detected(frame.streamId(), frame.captureTimeMillis(), boxes);
                predict(predictedFrames.done(frame));
            }
        }
    }

    /** Results for frames between detections, from the tracker's predictions. */
    private void predict(List<FrameTimes> frames) {
        for (FrameTimes frame : frames) {
            if (models.waitsForModel(frame.streamId())) {
                // Its own model is loading: a result now would name another one (the stream's
                // detected frames wait for the model; these have no tracks to predict yet).
                continue;
            }
            String model = models.modelOf(frame.streamId());
            out.predicted(frame, model, models.detector(model).metadata(), System.currentTimeMillis());
        }
    }

    /** Switches streams (or the job) to models whose load finished, and says so (or why not). */
    private void switchLoadedModels() {
        if (batches.busy()) {
            return; // the running batch uses its detectors: switch when it is done
        }
        List<ModelRouter.Outcome> outcomes = models.poll();
        for (ModelRouter.Outcome o : outcomes) {
            output.collect(new StreamRecord<>(ResultJson.status(o.user().streamId(), o.failed() ? "error" : "info",
                    o.message(), System.currentTimeMillis())));
        }
        if (!outcomes.isEmpty()) {
            batches.scheduleNext(); // frames that waited for a model may go now
        }
    }

    /** Runs {@code task} on the task thread every {@code intervalMillis}. */
    private void every(long intervalMillis, Runnable task) {
        long next = getProcessingTimeService().getCurrentProcessingTime() + intervalMillis;
        getProcessingTimeService().registerTimer(next, time -> {
            task.run();
            every(intervalMillis, task);
        });
    }
}
