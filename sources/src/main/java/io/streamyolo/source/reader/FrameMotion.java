package io.streamyolo.source.reader;

import io.streamyolo.control.settings.MotionSettings;
import io.streamyolo.source.motion.Motion;
import io.streamyolo.source.motion.MotionDetector;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A camera's motion measurement on its decoder thread: each kept frame against the camera's
 * background ({@link MotionDetector}), with the settings of its START and UPDATEs; nothing is
 * measured while the camera's gating is off. {@link #update} is called by the task thread, the
 * rest by the decoder thread.
 */
final class FrameMotion {

    /** The camera's motion settings, merged from its START and UPDATEs. */
    private volatile MotionSettings settings;
    /** Decoder thread only: the detector, and the settings it was configured with. */
    private MotionDetector detector;
    private MotionSettings applied;
    /** Frames whose motion was measured, and the time that took. */
    final AtomicLong frames = new AtomicLong();
    final AtomicLong nanos = new AtomicLong();

    FrameMotion(MotionSettings initial) {
        this.settings = initial == null ? MotionSettings.NONE : initial;
    }

    /** An UPDATE's motion fields (null: none given); they apply from the next frame. */
    void update(MotionSettings update) {
        settings = settings.then(update);
    }

    /** The frame's motion, or null when the camera's gating is off (then nothing is measured). */
    Motion measure(byte[] pixels, int width, int height) {
        MotionSettings s = settings;
        if (!s.gates()) {
            detector = null; // a later 'gate' starts from a fresh background
            applied = null;
            return null;
        }
        if (detector == null) {
            detector = new MotionDetector(s);
        } else if (s != applied) {
            detector.configure(s);
        }
        applied = s;
        long start = System.nanoTime();
        Motion motion = detector.update(pixels, width, height);
        nanos.addAndGet(System.nanoTime() - start);
        frames.incrementAndGet();
        return motion;
    }
}
