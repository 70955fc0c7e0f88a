package io.streamyolo.job.detect;

import io.streamyolo.model.DetectorConfig;
import io.streamyolo.track.TrackerConfig;
import java.io.Serializable;

/**
 * How a detection subtask is set up: the job's options that {@link DetectionOperator} uses.
 *
 * @param detectorConfig the default model; its device is replaced by the subtask's (see {@link DeviceSelector})
 * @param defaultSettings settings of a stream whose commands give none
 * @param batchSize frames per forward pass, at most
 * @param batchTimeoutMillis how long the oldest waiting frame waits for a batch to fill, at most
 * @param summaryIntervalMillis how often a summary line per stream is logged (0: never)
 * @param trackerConfig how each stream's objects are tracked
 * @param storeRecords whether to emit snapshots, pictures and states for the event store
 * @param previewFps pictures per second per camera among them, at most
 * @param letterboxInDecoders whether the cameras' decoder threads letterbox the frames that a batch
 *     will likely take (into pooled direct buffers; {@link DecoderInputRequests}), or the inference
 *     thread letterboxes each batch's frames
 * @param detectInterval the {@code detect_interval} of a camera whose settings name none (the job's
 *     {@code --detect-interval}; 1: every kept frame)
 */
public record DetectionSetup(DetectorConfig detectorConfig, DetectionSettings defaultSettings, int batchSize,
        long batchTimeoutMillis, long summaryIntervalMillis, TrackerConfig trackerConfig, boolean storeRecords,
        double previewFps, boolean letterboxInDecoders, int detectInterval) implements Serializable {

    /** A setup whose cameras detect every kept frame unless their settings say otherwise. */
    public DetectionSetup(DetectorConfig detectorConfig, DetectionSettings defaultSettings, int batchSize,
            long batchTimeoutMillis, long summaryIntervalMillis, TrackerConfig trackerConfig, boolean storeRecords,
            double previewFps, boolean letterboxInDecoders) {
        this(detectorConfig, defaultSettings, batchSize, batchTimeoutMillis, summaryIntervalMillis, trackerConfig,
                storeRecords, previewFps, letterboxInDecoders, 1);
    }
}
