package io.streamyolo.job.detect;

import io.streamyolo.source.event.VideoFrame;
import java.util.HashMap;
import java.util.Map;

/**
 * Which kept frames go to the model when a camera detects one frame in N ({@code detect_interval}):
 * the others get the tracker's predicted boxes instead. Counting is per camera, over the frames that
 * reach the detection subtask.
 *
 * <p>Each camera starts at its own phase: cameras with the same N take turns (the k-th of them in
 * this subtask detects frames k, k+N, k+2N, ...), so that every batch holds about the same number
 * of frames. Skipping by arrival order instead would let the cameras that happen to come first
 * fill every detected round (DL Streamer's documentation warns of this for inference-interval).
 *
 * <p>Not thread-safe: the detection subtask's task thread owns it.
 */
final class DetectInterval {

    private static final class Camera {
        int interval = 1;
        long counter;
    }

    private final int defaultInterval;
    private final Map<String, Camera> cameras = new HashMap<>();
    /** Per interval, how many cameras took a phase of it so far (the next one takes the next phase). */
    private final Map<Integer, Integer> phasesGiven = new HashMap<>();

    /** @param defaultInterval the interval of a camera whose settings name none (the job's --detect-interval) */
    DetectInterval(int defaultInterval) {
        if (defaultInterval < 1) {
            throw new IllegalArgumentException("detect interval must be at least 1, got " + defaultInterval);
        }
        this.defaultInterval = defaultInterval;
    }

    /** A START's or UPDATE's interval (null: not given, the camera keeps its own, a new one the default). */
    void settings(String streamId, Integer interval) {
        Camera c = cameras.get(streamId);
        if (c == null) {
            newCamera(streamId, interval != null ? interval : defaultInterval);
        } else if (interval != null && c.interval != interval) {
            setInterval(c, interval);
        }
    }

    /** Whether the frame goes to the model (true for every frame of a camera at interval 1). */
    boolean detects(VideoFrame frame) {
        Camera c = camera(frame.streamId());
        if (c.interval == 1) {
            return true;
        }
        return c.counter++ % c.interval == 0;
    }

    /** The camera's interval. */
    int interval(String streamId) {
        Camera c = cameras.get(streamId);
        return c == null ? defaultInterval : c.interval;
    }

    /** A stopped camera: its interval and turn go. */
    void forget(String streamId) {
        cameras.remove(streamId);
    }

    /** The camera, new at the default interval when its frames come before any settings. */
    private Camera camera(String streamId) {
        Camera c = cameras.get(streamId);
        return c != null ? c : newCamera(streamId, defaultInterval);
    }

    private Camera newCamera(String streamId, int interval) {
        Camera c = new Camera();
        cameras.put(streamId, c);
        if (interval > 1) {
            setInterval(c, interval);
        }
        return c;
    }

    private void setInterval(Camera c, int interval) {
        c.interval = interval;
        // The camera's k-th frame from now is its first detected one: k is its phase.
        int phase = (phasesGiven.merge(interval, 1, Integer::sum) - 1) % interval;
        c.counter = (interval - phase) % interval;
    }
}
