package io.streamyolo.job.detect;

import io.streamyolo.source.event.VideoFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Holds a camera's frames between two detections ({@code detect_interval}) until its earlier frames
 * that are still being detected are out: so the camera's results stay in frame order, and each
 * prediction starts from the latest detection rather than the one before it. They wait without
 * their pixels ({@link FrameTimes}).
 *
 * <p>Not thread-safe: the detection subtask's task thread owns it.
 */
final class PredictedFrames {

    /**
     * A camera's frames wait at most this many: beyond it the oldest goes anyway (a frame whose
     * detection was lost must not hold its camera's predictions back for good).
     */
    static final int MAX_WAITING = 64;

    /** Per camera, the sequence numbers of its frames waiting for or in a batch. */
    private final Map<String, TreeSet<Long>> inDetection = new HashMap<>();
    /** Per camera, frames to predict, in order. */
    private final Map<String, ArrayDeque<FrameTimes>> waiting = new HashMap<>();

    /** A frame of the camera went to the batcher. */
    void offered(VideoFrame frame) {
        inDetection.computeIfAbsent(frame.streamId(), id -> new TreeSet<>()).add(frame.sequence());
    }

    /** A frame to predict: returns the frames due now (this one, unless an earlier frame is in detection). */
    List<FrameTimes> add(VideoFrame frame) {
        waiting.computeIfAbsent(frame.streamId(), id -> new ArrayDeque<>()).add(FrameTimes.of(frame));
        return due(frame.streamId());
    }

    /** A frame left detection (its result is out, or a newer frame replaced it): returns the frames due now. */
    List<FrameTimes> done(VideoFrame frame) {
        TreeSet<Long> seqs = inDetection.get(frame.streamId());
        if (seqs != null) {
            seqs.remove(frame.sequence());
        }
        return due(frame.streamId());
    }

    /** A stopped camera: its frames go. */
    void forget(String streamId) {
        inDetection.remove(streamId);
        waiting.remove(streamId);
    }

    private List<FrameTimes> due(String streamId) {
        ArrayDeque<FrameTimes> frames = waiting.get(streamId);
        if (frames == null || frames.isEmpty()) {
            return List.of();
        }
        TreeSet<Long> seqs = inDetection.get(streamId);
        long firstInDetection = seqs == null || seqs.isEmpty() ? Long.MAX_VALUE : seqs.first();
        List<FrameTimes> out = new ArrayList<>();
        while (!frames.isEmpty() && (frames.peek().sequence() < firstInDetection || frames.size() > MAX_WAITING)) {
            out.add(frames.poll());
        }
        return out;
    }
}
