package io.streamyolo.job.detect;

import io.streamyolo.source.event.CameraEvent;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

/**
 * Drives a {@link DetectionOperator} in Flink's test harness until its batches are done: they run
 * on the inference thread, and the operator looks for their results on processing-time timers.
 */
final class HarnessBatches {

    private HarnessBatches() {}

    /**
     * Advances processing time a millisecond at a time until the harness has {@code count}
     * detection results.
     *
     * @return the processing time reached
     */
    static long awaitDetections(OneInputStreamOperatorTestHarness<CameraEvent, DetectionResult> h, long now, int count)
            throws Exception {
        for (long end = System.currentTimeMillis() + 30_000; detections(h) < count; ) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("no " + count + "th detection result within 30 s; got " + detections(h));
            }
            h.setProcessingTime(++now);
            Thread.sleep(1);
        }
        return now;
    }

    static int detections(OneInputStreamOperatorTestHarness<CameraEvent, DetectionResult> h) {
        int n = 0;
        for (DetectionResult r : h.extractOutputValues()) {
            if (r.json().contains("\"event\":\"detections\"")) {
                n++;
            }
        }
        return n;
    }
}
