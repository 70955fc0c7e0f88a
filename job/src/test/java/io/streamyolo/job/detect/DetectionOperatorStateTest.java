package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.testing.ShippedModels;
import io.streamyolo.source.event.CameraEvent;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.track.TrackerConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The detection operator's state: frame_seq and per-stream counters go on after restores and rescaling. */
class DetectionOperatorStateTest {

    private static final int MAX_PARALLELISM = 16;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private long now;

    private static OneInputStreamOperatorTestHarness<CameraEvent, DetectionResult> harness(int parallelism, int subtask)
            throws Exception {
        DetectionOperator operator = new DetectionOperator(new DetectionSetup(
                DetectorConfig.builder().setModelPath(ShippedModels.path(ShippedModels.SHAPES)).optCpu().build(),
                new DetectionSettings(0.25f, null), 1, 10, 0, TrackerConfig.defaults(), false, 0, true));
        return new OneInputStreamOperatorTestHarness<>(operator, MAX_PARALLELISM, parallelism, subtask);
    }

    private static StreamRecord<CameraEvent> frame(String streamId, long sourceSequence) {
        return new StreamRecord<>(new VideoFrame(streamId, sourceSequence, System.currentTimeMillis(), 0, 32, 32, new byte[32 * 32 * 3]));
    }

    /** Sends frames, each detected before the next comes. */
    private void detect(OneInputStreamOperatorTestHarness<CameraEvent, DetectionResult> h, String streamId, long... sourceSequences)
            throws Exception {
        for (long seq : sourceSequences) {
            int before = HarnessBatches.detections(h);
            h.processElement(frame(streamId, seq));
            now = HarnessBatches.awaitDetections(h, now, before + 1);
        }
    }

    private static List<Long> frameSeqs(OneInputStreamOperatorTestHarness<CameraEvent, DetectionResult> h, String streamId)
            throws Exception {
        List<Long> seqs = new ArrayList<>();
        for (DetectionResult r : h.extractOutputValues()) {
            if (r.streamId().equals(streamId)) {
                seqs.add(MAPPER.readTree(r.json()).path("frame_seq").asLong());
            }
        }
        return seqs;
    }

    @Test
    void testTaskCancelledBeforeOpenClosesCleanly() throws Exception {
        // A task cancelled while it initializes is closed without open(): nothing may fail then
        // (an exception in close() there is fatal to the whole TaskManager).
        DetectionOperator operator = new DetectionOperator(new DetectionSetup(
                DetectorConfig.builder().setModelPath(ShippedModels.path(ShippedModels.SHAPES)).optCpu().build(),
                new DetectionSettings(0.25f, null), 1, 10, 0, TrackerConfig.defaults(), true, 2, true));
        var h = new OneInputStreamOperatorTestHarness<CameraEvent, DetectionResult>(operator, MAX_PARALLELISM, 1, 0);
        h.initializeEmptyState();
        h.close();
    }

    @Test
    void testFrameSeqAndCountersGoOnAfterRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(1, 0)) {
            h.open();
            detect(h, "a", 0, 1, 2);
            // Two frames before a detection: the older is dropped.
            h.processElement(frame("a", 3));
            detect(h, "a", 4);
            assertThat(frameSeqs(h, "a")).containsExactly(0L, 1L, 2L, 4L);
            snapshot = h.snapshot(1, now);
        }
        try (var h = harness(1, 0)) {
            h.initializeState(snapshot);
            h.open();
            // The restored source counts from 0 again; the stream's numbers go on.
            detect(h, "a", 0, 1);
            assertThat(frameSeqs(h, "a")).containsExactly(5L, 6L);
            StreamProgress a = ((DetectionOperator) h.getOperator()).savedProgress("a");
            assertThat(a.framesDetected).isEqualTo(6);
            assertThat(a.framesDroppedWaiting).isEqualTo(1);
            assertThat(a.nextSequence).isEqualTo(7);
        }
    }

    @Test
    void testStreamsKeepTheirProgressOnAnySubtaskAfterRescaling() throws Exception {
        OperatorSubtaskState first;
        OperatorSubtaskState second;
        try (var h = harness(2, 0)) {
            h.open();
            detect(h, "a", 0, 1, 2);
            first = h.snapshot(1, now);
        }
        try (var h = harness(2, 1)) {
            h.open();
            detect(h, "b", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            second = h.snapshot(1, now);
        }
        OperatorSubtaskState both = AbstractStreamOperatorTestHarness.repackageState(first, second);
        // Down to one subtask, which gets both streams.
        try (var h = harness(1, 0)) {
            h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(both, MAX_PARALLELISM, 2, 1, 0));
            h.open();
            detect(h, "b", 0);
            detect(h, "a", 0);
            assertThat(frameSeqs(h, "b")).containsExactly(10L);
            assertThat(frameSeqs(h, "a")).containsExactly(3L);
        }
        // Up to three subtasks: whichever gets stream b goes on with its numbers.
        for (int subtask = 0; subtask < 3; subtask++) {
            try (var h = harness(3, subtask)) {
                h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(both, MAX_PARALLELISM, 2, 3, subtask));
                h.open();
                detect(h, "b", 0);
                assertThat(frameSeqs(h, "b")).containsExactly(10L);
                assertThat(((DetectionOperator) h.getOperator()).savedProgress("b").framesDetected).isEqualTo(11);
            }
        }
    }
}
