package io.streamyolo.job.detect;

import io.streamyolo.source.event.VideoFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The frames that wait for detection, at most one per stream, and which of them form the next
 * batch. A newer frame of a stream replaces the one waiting (the caller counts it as dropped), so
 * latency cannot build up. When more streams wait than a batch holds, those of higher priority go
 * first; a stream's priority rises by one for every {@link #PRIORITY_AGING_MILLIS} since its last
 * detection, so that lower ones drop more but never starve.
 *
 * <p>Not thread-safe: the detection subtask's task thread owns it.
 */
final class FrameBatcher {

    /** Waiting this long raises a stream's priority by one. */
    static final double PRIORITY_AGING_MILLIS = 1000;

    private final int batchSize;
    private final long timeoutMillis;
    private final Map<String, VideoFrame> waiting = new LinkedHashMap<>();
    /** When each stream was last detected; from its first frame on, when it first waited. */
    private final Map<String, Long> lastDetected = new HashMap<>();

    FrameBatcher(int batchSize, long timeoutMillis) {
        this.batchSize = batchSize;
        this.timeoutMillis = timeoutMillis;
    }

    /** Adds a frame; returns the frame of the same stream that it replaces (dropped), or null. */
    VideoFrame offer(VideoFrame frame) {
        // A stream waits from its first frame on, however often newer frames replace it.
        lastDetected.putIfAbsent(frame.streamId(), frame.captureTimeMillis());
        return waiting.put(frame.streamId(), frame);
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
        }
        return batch;
    }

    /** A stream's frame was detected at {@code nowMillis}: its priority starts aging from there. */
    void detected(String streamId, long nowMillis) {
        lastDetected.put(streamId, nowMillis);
    }

    /**
     * When the next batch is due, in milliseconds from now: 0 when a full batch of ready frames
     * waits, the batch timeout when fewer do, -1 when none does.
     */
    long nextBatchDelay(Predicate<String> ready) {
        long count = waiting.keySet().stream().filter(ready).count();
        return count == 0 ? -1 : count >= batchSize ? 0 : timeoutMillis;
    }

    /** A stopped stream: its waiting frame goes, and its aging starts anew if it comes back. */
    void forget(String streamId) {
        waiting.remove(streamId);
        lastDetected.remove(streamId);
    }

    /** Priority plus one per {@link #PRIORITY_AGING_MILLIS} since the stream's last detection. */
    private double rank(String streamId, ToIntFunction<String> priority, long nowMillis) {
        return priority.applyAsInt(streamId) + (nowMillis - lastDetected.get(streamId)) / PRIORITY_AGING_MILLIS;
    }
}
