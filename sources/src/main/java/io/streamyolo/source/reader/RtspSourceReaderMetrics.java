package io.streamyolo.source.reader;

import io.streamyolo.source.event.VideoFrame;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;

/**
 * Metrics of one reader subtask, shown in the Flink web UI: active streams, and per stream
 * ({@code stream_id} group): frames decoded, emitted (and emitted per second, over the last 10 s),
 * dropped because the job was behind or by the frame-rate cap, written into the detector's input
 * format by the decoder thread, reconnects, the time since the last decoded frame, and the motion
 * detector's frames and mean cost per frame (µs, on the decoder thread).
 */
final class RtspSourceReaderMetrics {

    static final String ACTIVE_STREAMS = "activeStreams";
    static final String STREAM_GROUP = "stream_id";
    static final String FRAMES_DECODED = "framesDecoded";
    static final String FRAMES_EMITTED = "framesEmitted";
    static final String FRAMES_EMITTED_PER_SECOND = "framesEmittedPerSecond";
    static final String FRAMES_DROPPED_BEHIND = "framesDroppedBehind";
    static final String FRAMES_DROPPED_RATE_CAP = "framesDroppedRateCap";
    static final String FRAMES_PREPARED = "framesPrepared";
    static final String RECONNECTS = "reconnects";
    static final String TIME_SINCE_LAST_FRAME_MS = "timeSinceLastFrameMs";
    static final String FRAMES_MOTION_MEASURED = "framesMotionMeasured";
    static final String MOTION_MICROS_PER_FRAME = "motionMicrosPerFrame";

    private final MetricGroup group;
    private final Map<String, RtspStreamDecoder> decoders;
    private final Map<String, Counter> emitted = new ConcurrentHashMap<>();

    RtspSourceReaderMetrics(MetricGroup group, Map<String, RtspStreamDecoder> decoders) {
        this.group = group;
        this.decoders = decoders;
        group.gauge(ACTIVE_STREAMS, decoders::size);
    }

    /** Registers a stream's metrics when it opens, so that a camera that never connects has them too. */
    void streamOpened(String streamId) {
        emitted.computeIfAbsent(streamId, this::register);
    }

    void frameEmitted(VideoFrame frame) {
        emitted.computeIfAbsent(frame.streamId(), this::register).inc();
    }

    /** Flink cannot remove one metric group; a stopped stream's gauges read 0 from then on. */
    private Counter register(String streamId) {
        MetricGroup stream = group.addGroup(STREAM_GROUP, streamId);
        stream.gauge(FRAMES_DECODED, () -> value(streamId, Field.DECODED));
        stream.gauge(FRAMES_DROPPED_BEHIND, () -> value(streamId, Field.BEHIND));
        stream.gauge(FRAMES_DROPPED_RATE_CAP, () -> value(streamId, Field.RATE));
        stream.gauge(FRAMES_PREPARED, () -> value(streamId, Field.PREPARED));
        stream.gauge(RECONNECTS, () -> value(streamId, Field.RECONNECTS));
        // What to alert on: a camera that is down or frozen stops lowering it.
        stream.gauge(TIME_SINCE_LAST_FRAME_MS, () -> value(streamId, Field.SINCE_LAST_FRAME));
        stream.gauge(FRAMES_MOTION_MEASURED, () -> value(streamId, Field.MOTION_FRAMES));
        stream.gauge(MOTION_MICROS_PER_FRAME, () -> value(streamId, Field.MOTION_MICROS));
        Counter counter = stream.counter(FRAMES_EMITTED);
        stream.meter(FRAMES_EMITTED_PER_SECOND, new MeterView(counter, 10));
        return counter;
    }

    private enum Field { DECODED, BEHIND, RATE, PREPARED, RECONNECTS, SINCE_LAST_FRAME, MOTION_FRAMES, MOTION_MICROS }

    private long value(String streamId, Field field) {
        RtspStreamDecoder d = decoders.get(streamId);
        if (d == null) {
            return 0L;
        }
        return switch (field) {
            case DECODED -> d.decoded.get();
            case BEHIND -> d.droppedBehind.get();
            case RATE -> d.droppedRateCap.get();
            case PREPARED -> d.preparation.prepared();
            case RECONNECTS -> d.reconnects.get();
            case SINCE_LAST_FRAME -> System.currentTimeMillis() - d.lastFrameMillis.get();
            case MOTION_FRAMES -> d.motionFrames.get();
            case MOTION_MICROS -> d.motionNanos.get() / Math.max(1, d.motionFrames.get()) / 1000;
        };
    }
}
