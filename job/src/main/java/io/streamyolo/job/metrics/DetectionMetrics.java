package io.streamyolo.job.metrics;

import io.streamyolo.model.Detection;
import io.streamyolo.model.ModelMetadata;
import io.streamyolo.source.event.VideoFrame;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metrics of a detection subtask, shown in the Flink web UI (per subtask, and per stream in a
 * {@code stream_id} group), and the summary line per stream that the demo shows a person.
 */
public final class DetectionMetrics {

    /** Summary lines go to their own logger, which the cluster's logging sends to summary.log. */
    private static final Logger SUMMARY = LoggerFactory.getLogger("io.streamyolo.summary");

    public static final String FRAMES_DETECTED = "framesDetected";
    /** Over the last 10 s; its own count, so that a restored {@link #FRAMES_DETECTED} shows no jump. */
    public static final String FRAMES_DETECTED_PER_SECOND = "framesDetectedPerSecond";
    public static final String FRAMES_DROPPED_WAITING = "framesDroppedWaiting";
    /** Frames that skipped the model because their camera's motion gate found no motion in them. */
    public static final String FRAMES_SKIPPED_NO_MOTION = "framesSkippedNoMotion";
    /** Frames that skipped the model for their camera's detection interval: the tracker predicted their boxes. */
    public static final String FRAMES_PREDICTED = "framesPredicted";
    public static final String BATCH_SIZE = "batchSize";
    /**
     * Frames the inference thread letterboxed because their decoder thread had not (a stream's
     * first frames, those after a model switch, all with {@code --letterbox inference}).
     */
    public static final String FRAMES_LETTERBOXED_IN_BATCH = "framesLetterboxedInBatch";
    public static final String DETECT_TIME_MS = "detectTimeMsPerBatch";
    public static final String LATENCY_MS = "captureToEmitLatencyMs";
    public static final String OBJECTS = "objectsDetected";

    private final MetricGroup group;
    private final Counter framesDetected;
    private final Counter letterboxedInBatch;
    private final Counter framesPredicted;
    private final Meter detectedPerSecond;
    private final Histogram batchSize;
    private final Histogram detectTime;
    private final Histogram latency;
    private final Map<String, StreamCounters> streams = new HashMap<>();

    public DetectionMetrics(MetricGroup group) {
        this.group = group;
        this.framesDetected = group.counter(FRAMES_DETECTED);
        this.letterboxedInBatch = group.counter(FRAMES_LETTERBOXED_IN_BATCH);
        this.framesPredicted = group.counter(FRAMES_PREDICTED);
        this.detectedPerSecond = group.meter(FRAMES_DETECTED_PER_SECOND, new MeterView(10));
        this.batchSize = group.histogram(BATCH_SIZE, new DescriptiveStatisticsHistogram(1000));
        this.detectTime = group.histogram(DETECT_TIME_MS, new DescriptiveStatisticsHistogram(1000));
        this.latency = group.histogram(LATENCY_MS, new DescriptiveStatisticsHistogram(1000));
    }

    public void batch(int size, long detectNanos, int letterboxedHere) {
        batchSize.update(size);
        letterboxedInBatch.inc(letterboxedHere);
        detectTime.update(detectNanos / 1_000_000);
    }

    public void detected(VideoFrame frame, List<Detection> detections, ModelMetadata metadata, long emitMillis) {
        framesDetected.inc();
        detectedPerSecond.markEvent();
        long lat = emitMillis - frame.captureTimeMillis();
        latency.update(lat);
        StreamCounters s = stream(frame.streamId());
        s.detectedPerSecond.markEvent();
        s.window.frames++;
        s.window.latencies[s.window.latencyCount++ % s.window.latencies.length] = lat;
        for (Detection d : detections) {
            s.window.byClass.merge(metadata.className(d.classId()), 1, Integer::sum);
        }
    }

    public void droppedWaiting(String streamId) {
        stream(streamId).window.dropped++;
    }

    /** A frame of the stream skipped the model: no motion in it. */
    public void skippedNoMotion(String streamId) {
        stream(streamId).window.skipped++;
    }

    /** A frame of the stream skipped the model for its detection interval. */
    public void predicted(String streamId) {
        framesPredicted.inc();
        stream(streamId).window.predicted++;
    }

    /**
     * Registers a stream's counters, which show counts that the caller owns and keeps in its
     * state (so that they go on across restores). Called before anything is counted for the
     * stream; a stream's counters exist once.
     */
    public void mirror(String streamId, LongSupplier framesDetected, LongSupplier objectsDetected,
            LongSupplier framesDroppedWaiting) {
        mirror(streamId, framesDetected, objectsDetected, framesDroppedWaiting, () -> 0);
    }

    /** As {@link #mirror(String, LongSupplier, LongSupplier, LongSupplier)}, with the frames skipped for lack of motion. */
    public void mirror(String streamId, LongSupplier framesDetected, LongSupplier objectsDetected,
            LongSupplier framesDroppedWaiting, LongSupplier framesSkippedNoMotion) {
        if (!streams.containsKey(streamId)) {
            MetricGroup g = group.addGroup("stream_id", streamId);
            g.counter(FRAMES_DETECTED, new MirrorCounter(framesDetected));
            g.counter(OBJECTS, new MirrorCounter(objectsDetected));
            g.counter(FRAMES_DROPPED_WAITING, new MirrorCounter(framesDroppedWaiting));
            g.counter(FRAMES_SKIPPED_NO_MOTION, new MirrorCounter(framesSkippedNoMotion));
            streams.put(streamId, new StreamCounters(g));
        }
    }

    /** A stopped stream: it leaves the summary until it is started again. */
    public void forget(String streamId) {
        StreamCounters s = streams.get(streamId);
        if (s != null) {
            s.window = new Window();
        }
    }

    /**
     * Logs one line per active stream with what happened since the last summary, then resets.
     *
     * @param more what else to say of a stream at the end of its line (e.g. its tracks)
     */
    public void logSummaries(Function<String, String> more) {
        long now = System.currentTimeMillis();
        for (Map.Entry<String, StreamCounters> e : new TreeMap<>(streams).entrySet()) {
            Window w = e.getValue().window;
            if (w.frames == 0 && w.dropped == 0 && w.skipped == 0 && w.predicted == 0) {
                continue;
            }
            double seconds = Math.max(0.001, (now - w.startMillis) / 1000.0);
            long[] lat = Arrays.copyOf(w.latencies, Math.min(w.latencyCount, w.latencies.length));
            Arrays.sort(lat);
            String objects = w.byClass.isEmpty() ? "none" : w.byClass.entrySet().stream()
                    .map(c -> c.getKey() + " " + c.getValue()).reduce((a, b) -> a + ", " + b).orElse("");
            SUMMARY.info(String.format(Locale.ROOT,
                    "%-12s %5.1f fps detected | objects: %s | dropped %d | skipped %d (no motion)%s | latency p50 %d ms, max %d ms",
                    e.getKey(), w.frames / seconds, objects, w.dropped, w.skipped,
                    w.predicted == 0 ? "" : String.format(Locale.ROOT, ", %d (interval, boxes predicted)", w.predicted),
                    lat.length == 0 ? 0 : lat[lat.length / 2], lat.length == 0 ? 0 : lat[lat.length - 1]) + more.apply(e.getKey()));
            e.getValue().window = new Window();
        }
    }

    // ------------------------------------------------------------------------------------------

    private StreamCounters stream(String streamId) {
        StreamCounters s = streams.get(streamId);
        if (s == null) {
            throw new IllegalStateException("stream " + streamId + " has no counters: mirror() it first");
        }
        return s;
    }

    private static final class StreamCounters {
        final Meter detectedPerSecond;
        Window window = new Window();

        StreamCounters(MetricGroup g) {
            detectedPerSecond = g.meter(FRAMES_DETECTED_PER_SECOND, new MeterView(10));
        }
    }

    /** A counter that shows a count kept elsewhere; nothing counts through it. */
    private record MirrorCounter(LongSupplier count) implements Counter {
        @Override
        public void inc() {
            throw new UnsupportedOperationException("a mirror: count at the source");
        }

        @Override
        public void inc(long n) {
            throw new UnsupportedOperationException("a mirror: count at the source");
        }

        @Override
        public void dec() {
            throw new UnsupportedOperationException("a mirror: count at the source");
        }

        @Override
        public void dec(long n) {
            throw new UnsupportedOperationException("a mirror: count at the source");
        }

        @Override
        public long getCount() {
            return count.getAsLong();
        }
    }

    /** What a summary line reports: counts since the previous line. */
    private static final class Window {
        final long startMillis = System.currentTimeMillis();
        final long[] latencies = new long[512];
        final Map<String, Integer> byClass = new TreeMap<>();
        int latencyCount;
        long frames;
        long dropped;
        long skipped;
        long predicted;
    }
}
