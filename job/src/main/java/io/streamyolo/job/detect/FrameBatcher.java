package io.streamyolo.job.detect;

import io.streamyolo.source.event.VideoFrame;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The frames that wait for detection, at most one per stream, and which of them form the next
 * batch. A newer frame of a stream replaces the one waiting (the caller counts it as dropped), so
 * latency cannot build up. When more streams wait than a batch holds, those of higher priority go
 * first; a stream's priority rises by one for every {@link #PRIORITY_AGING_MILLIS} since its last
 * detection, so that lower ones drop more but never starve.
 *
 * <p>A stream whose last frame skipped the model (no motion, {@link MotionGate}) is idle until its
 * next frame comes: a batch does not wait for it, and it is not among the likely next streams (its
 * decoder need not letterbox frames that will likely skip the model too).
 *
 * <p>Not thread-safe: the detection subtask's task thread owns it.
 */
final class FrameBatcher {

    /** Waiting this long raises a stream's priority by one. */
    static final double PRIORITY_AGING_MILLIS = 1000;

    private final int batchSize;
    private final long timeoutMillis;
    private final Map<String, VideoFrame> waiting = new LinkedHashMap<>();
    /** Since when each stream has had a frame waiting (a newer frame replacing it keeps the time). */
    private final Map<String, Long> waitingSince = new HashMap<>();
    /** When each stream was last detected; from its first frame on, when it first waited. */
    private final Map<String, Long> lastDetected = new HashMap<>();
    /** Streams whose last frame skipped the model. */
    private final Set<String> idle = new HashSet<>();

    FrameBatcher(int batchSize, long timeoutMillis) {
        this.batchSize = batchSize;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Adds a frame that arrived at {@code nowMillis}; returns the frame of the same stream that it
     * replaces (dropped), or null.
     */
    VideoFrame offer(VideoFrame frame, long nowMillis) {
        // A stream waits from its first frame on, however often newer frames replace it.
        lastDetected.putIfAbsent(frame.streamId(), frame.captureTimeMillis());
        waitingSince.putIfAbsent(frame.streamId(), nowMillis);
        idle.remove(frame.streamId());
        return waiting.put(frame.streamId(), frame);
    }

    /** A frame of the stream skipped the model: the stream is idle until its next frame is offered. */
    void skipped(String streamId) {
        if (!waiting.containsKey(streamId)) {
            idle.add(streamId);
        }
    }

    /** Whether a frame of the stream came since it started (or since it was forgotten). */
    boolean hasSeen(String streamId) {
        return lastDetected.containsKey(streamId);
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /**
     * Takes the next batch: of the frames whose stream is {@code ready}, the {@code batchSize}
     * that rank highest; the others keep waiting.
     */
    List<VideoFrame> take(Predicate<String> ready, ToIntFunction<String> priority, long nowMillis) {
        List<VideoFrame> batch = new ArrayList<>();
        for (VideoFrame f : waiting.values()) {
            if (ready.test(f.streamId())) {
                batch.add(f);
            }
        }
        if (batch.size() > batchSize) {
            batch.sort(Comparator.comparingDouble((VideoFrame f) -> -rank(f.streamId(), priority, nowMillis)));
            batch = new ArrayList<>(batch.subList(0, batchSize));
        }
        for (VideoFrame f : batch) {
            waiting.remove(f.streamId());
            waitingSince.remove(f.streamId());
        }
        return batch;
    }

    /**
     * The streams likely to form the next two batches after one that has just started with {@code
     * running}: the ready streams in rank order, those of the running batch after all others (they
     * were detected last), {@code batchSize} per batch. Where a batch has room for every stream, the
     * next holds all of them.
     */
    List<Set<String>> likelyNext(Collection<String> running, Predicate<String> ready, ToIntFunction<String> priority,
            long nowMillis) {
        Comparator<String> order = Comparator.comparing((String id) -> running.contains(id))
                .thenComparingDouble(id -> -rank(id, priority, nowMillis));
        List<String> ranked = lastDetected.keySet().stream().filter(ready).filter(id -> !idle.contains(id)).sorted(order)
                .limit(2L * batchSize).toList();
        List<Set<String>> batches = new ArrayList<>();
        for (int from = 0; from < ranked.size(); from += batchSize) {
            batches.add(new LinkedHashSet<>(ranked.subList(from, Math.min(ranked.size(), from + batchSize))));
        }
        return batches;
    }

    /** A stream's frame was detected at {@code nowMillis}: its priority starts aging from there. */
    void detected(String streamId, long nowMillis) {
        lastDetected.put(streamId, nowMillis);
    }

    /**
     * When the next batch is due, in milliseconds from {@code nowMillis}: 0 when a full batch of
     * ready frames waits (or a frame of every ready stream: waiting longer could only replace
     * frames, not add any), else when the ready frame waiting longest has waited the batch timeout;
     * -1 when no ready frame waits.
     */
    long nextBatchDelay(Predicate<String> ready, long nowMillis) {
        int count = 0;
        long oldest = Long.MAX_VALUE;
        for (String streamId : waiting.keySet()) {
            if (ready.test(streamId)) {
                count++;
                oldest = Math.min(oldest, waitingSince.get(streamId));
            }
        }
        if (count == 0) {
            return -1;
        }
        boolean full = count >= batchSize
                || count >= lastDetected.keySet().stream().filter(ready).filter(id -> !idle.contains(id)).count();
        return full ? 0 : Math.max(0, timeoutMillis - (nowMillis - oldest));
    }

    /**
     * A stopped stream: its waiting frame goes (returned, or null), and its aging starts anew if it
     * comes back.
     */
    VideoFrame forget(String streamId) {
        waitingSince.remove(streamId);
        lastDetected.remove(streamId);
        idle.remove(streamId);
        return waiting.remove(streamId);
    }

    /** Priority plus one per {@link #PRIORITY_AGING_MILLIS} since the stream's last detection. */
    private double rank(String streamId, ToIntFunction<String> priority, long nowMillis) {
        return priority.applyAsInt(streamId) + (nowMillis - lastDetected.get(streamId)) / PRIORITY_AGING_MILLIS;
    }
}
