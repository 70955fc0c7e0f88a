package io.streamyolo.job.detect;

import io.streamyolo.job.metrics.DetectionMetrics;
import io.streamyolo.model.BgrFrame;
import io.streamyolo.model.Detection;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.model.DetectorException;
import io.streamyolo.model.YoloDetector;
import io.streamyolo.source.event.CameraEvent;
import io.streamyolo.source.event.StreamSettings;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.event.VideoFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs YOLO on the frames of the streams its source subtask reads, chained to that source (frames
 * never cross a network), in batches across streams: a batch goes to the model when it holds
 * {@code batchSize} frames or when its oldest frame has waited {@code batchTimeoutMillis} (the
 * idea of DeepStream's batched-push-timeout).
 *
 * <p>A batch holds at most one frame per stream: a newer frame of a stream replaces the waiting
 * one, which counts as dropped, so latency cannot build up. Status events pass straight through;
 * a stream's settings (confidence threshold, class filter) arrive in-band as {@link
 * StreamSettings} and are dropped with the stream when it stops.
 *
 * <p>One model instance (and one DJL predictor) per subtask, on the subtask's device.
 */
public final class DetectionOperator extends AbstractStreamOperator<DetectionResult>
        implements OneInputStreamOperator<CameraEvent, DetectionResult>, BoundedOneInput {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DetectionOperator.class);

    private final DetectorConfig detectorConfig;
    private final DetectionSettings defaultSettings;
    private final int batchSize;
    private final long batchTimeoutMillis;
    private final long summaryIntervalMillis;

    private transient YoloDetector detector;
    private transient Map<String, VideoFrame> batch;
    private transient Map<String, DetectionSettings> settings;
    /** Counts batches, so that a deadline timer only flushes the batch it was set for. */
    private transient long batchNumber;
    private transient boolean flushScheduled;
    private transient DetectionMetrics metrics;

    /**
     * @param detectorConfig the model; its device is replaced by the subtask's (see {@link DeviceSelector})
     * @param defaultSettings settings of a stream whose commands give none
     * @param summaryIntervalMillis how often a summary line per stream is logged (0: never)
     */
    public DetectionOperator(DetectorConfig detectorConfig, DetectionSettings defaultSettings, int batchSize,
            long batchTimeoutMillis, long summaryIntervalMillis) {
        this.detectorConfig = detectorConfig;
        this.defaultSettings = defaultSettings;
        this.batchSize = batchSize;
        this.batchTimeoutMillis = batchTimeoutMillis;
        this.summaryIntervalMillis = summaryIntervalMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        String device = DeviceSelector.select(getRuntimeContext().getExternalResourceInfos(DeviceSelector.GPU_RESOURCE), subtask);
        try {
            detector = YoloDetector.load(detectorConfig.toBuilder().optDevice(device).build());
        } catch (DetectorException e) {
            // Nothing can be detected without the model: fail the task with the reason, not a DJL trace.
            throw new IllegalStateException("Detection subtask " + subtask + " cannot load its model: " + e.getMessage(), e);
        }
        LOG.info("Detection subtask {} runs {} on {}, batch {} / {} ms", subtask,
                detectorConfig.modelPath().getFileName(), device, batchSize, batchTimeoutMillis);
        batch = new LinkedHashMap<>();
        settings = new HashMap<>();
        metrics = new DetectionMetrics(getMetricGroup(), detector.metadata());
        if (summaryIntervalMillis > 0) {
            scheduleSummary();
        }
    }

    @Override
    public void processElement(StreamRecord<CameraEvent> element) throws Exception {
        CameraEvent event = element.getValue();
        if (event instanceof VideoFrame frame) {
            if (batch.put(frame.streamId(), frame) != null) {
                metrics.droppedWaiting(frame.streamId());
            }
            if (batch.size() >= batchSize) {
                flush();
            } else if (!flushScheduled) {
                flushScheduled = true;
                long forBatch = batchNumber;
                long deadline = getProcessingTimeService().getCurrentProcessingTime() + batchTimeoutMillis;
                getProcessingTimeService().registerTimer(deadline, time -> {
                    if (flushScheduled && batchNumber == forBatch) {
                        flush();
                    }
                });
            }
        } else if (event instanceof StreamSettings update) {
            applySettings(update);
        } else if (event instanceof StreamStatus status) {
            if (status.kind() == StreamStatus.Kind.STOPPED && status.streamId() != null) {
                // STOP clears the stream's state: its waiting frame, settings and counters.
                batch.remove(status.streamId());
                settings.remove(status.streamId());
                metrics.forget(status.streamId());
            }
            output.collect(new StreamRecord<>(ResultJson.status(status)));
        }
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }

    @Override
    public void close() throws Exception {
        if (detector != null) {
            detector.close();
            detector = null;
        }
        super.close();
    }

    // ------------------------------------------------------------------------------------------

    private void flush() throws DetectorException {
        flushScheduled = false;
        batchNumber++;
        if (batch.isEmpty()) {
            return;
        }
        List<VideoFrame> frames = new ArrayList<>(batch.values());
        batch.clear();
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
            DetectionSettings s = settings.getOrDefault(frame.streamId(), defaultSettings);
            List<Detection> kept = new ArrayList<>();
            for (Detection d : results.get(i)) {
                if (s.keeps(d.classId(), d.confidence())) {
                    kept.add(d);
                }
            }
            metrics.detected(frame, kept, now);
            output.collect(new StreamRecord<>(ResultJson.detections(frame, kept, detector.metadata(), now)));
        }
    }

    private void applySettings(StreamSettings update) {
        DetectionSettings current = settings.getOrDefault(update.streamId(), defaultSettings);
        try {
            settings.put(update.streamId(), current.with(update.fields()));
        } catch (IllegalArgumentException e) {
            output.collect(new StreamRecord<>(ResultJson.status(update.streamId(), "error",
                    "settings not applied, the previous ones stay: " + e.getMessage(), System.currentTimeMillis())));
        }
    }

    private void scheduleSummary() {
        long next = getProcessingTimeService().getCurrentProcessingTime() + summaryIntervalMillis;
        getProcessingTimeService().registerTimer(next, time -> {
            metrics.logSummaries();
            scheduleSummary();
        });
    }
}
