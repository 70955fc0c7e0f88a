package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.control.settings.MotionSettings;
import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.source.event.CameraEvent;
import io.streamyolo.source.event.StreamSettingsUpdate;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.source.motion.Motion;
import io.streamyolo.testing.ShippedModels;
import io.streamyolo.track.TrackerConfig;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The detection operator with motion gating: still frames skip the model, are counted, and emit nothing. */
class DetectionOperatorMotionTest {

    private long now;

    private static OneInputStreamOperatorTestHarness<CameraEvent, DetectionResult> harness() throws Exception {
        DetectionOperator operator = new DetectionOperator(new DetectionSetup(
                DetectorConfig.builder().setModelPath(ShippedModels.path(ShippedModels.SHAPES)).optCpu().build(),
                new DetectionSettings(0.25f, null), 1, 10, 0, TrackerConfig.defaults(), false, 0, true));
        return new OneInputStreamOperatorTestHarness<>(operator, 16, 1, 0);
    }

    private static StreamRecord<CameraEvent> frame(long seq, long captureMillis, boolean moving) {
        return new StreamRecord<>(new VideoFrame("cam", seq, captureMillis, 0, 32, 32, new byte[32 * 32 * 3], null, null,
                new Motion(moving ? 0.1f : 0f, moving)));
    }

    @Test
    void testStillFramesSkipTheModelUntilKeepaliveAndTheCountSurvivesARestore() throws Exception {
        long t0 = 1_000_000;
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processElement(frame(0, t0, true));
            now = HarnessBatches.awaitDetections(h, now, 1);
            for (int i = 1; i <= 5; i++) {
                h.processElement(frame(i, t0 + 100L * i, false));
            }
            h.processElement(frame(6, t0 + 700, true));
            now = HarnessBatches.awaitDetections(h, now, 2);
            // Still again, until the default keepalive of 5 s since the last detection.
            h.processElement(frame(7, t0 + 5600, false));
            h.processElement(frame(8, t0 + 5700, false));
            now = HarnessBatches.awaitDetections(h, now, 3);
            assertThat(HarnessBatches.detections(h)).isEqualTo(3);
            assertThat(h.extractOutputValues()).noneMatch(r -> r.json().contains("\"frame_seq\":7"));
            StreamProgress p = ((DetectionOperator) h.getOperator()).savedProgress("cam");
            assertThat(p.framesSkippedNoMotion).isEqualTo(6);
            assertThat(p.framesDetected).isEqualTo(3);
            snapshot = h.snapshot(1, now);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            // Gating off for this camera: still frames go to the model.
            h.processElement(new StreamRecord<>(new StreamSettingsUpdate("cam", new StreamSettings(null, null, null, null, null,
                    null, null, null, new MotionSettings(MotionSettings.Mode.OFF, null, null, null, null)))));
            h.processElement(frame(0, t0 + 10_000, false));
            now = HarnessBatches.awaitDetections(h, now, 1);
            h.processElement(frame(1, t0 + 10_100, false));
            now = HarnessBatches.awaitDetections(h, now, 2);
            StreamProgress p = ((DetectionOperator) h.getOperator()).savedProgress("cam");
            assertThat(p.framesSkippedNoMotion).isEqualTo(6);
            assertThat(p.framesDetected).isEqualTo(5);
        }
    }
}
