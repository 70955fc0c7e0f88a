package io.streamyolo.job.detect;

import io.streamyolo.control.settings.MotionSettings;
import io.streamyolo.source.event.VideoFrame;
import java.util.HashMap;
import java.util.Map;

/**
 * Which frames go to the model when a camera's motion gating is on ({@link MotionSettings}). A
 * frame goes when:
 *
 * <ul>
 *   <li>its decoder saw motion in it (or measured none: gating off, or a frame not from a decoder);
 *   <li>or the camera has not been detected for {@code keepalive} seconds (an object that arrived
 *       still, or between two checks, is found all the same);
 *   <li>or the camera had boxes within the tracker's lost timeout (and a third of it), and was not
 *       detected for a third of it: its tracks, live or lost, are seen again before the tracker
 *       would drop them, so an object standing still keeps its track (and a missed detection is
 *       forgiven twice), without detecting every frame of a scene where nothing moves; and a track
 *       whose object has gone ends on time.
 * </ul>
 *
 * <p>Times are capture times. Not thread-safe: the detection subtask's task thread owns it.
 */
final class MotionGate {

    private final long trackLostMillis;
    private final long trackRefreshMillis;
    private final Map<String, MotionSettings> settings = new HashMap<>();
    /** Capture time of each stream's last frame that went to the model. */
    private final Map<String, Long> lastAdmitted = new HashMap<>();
    /** Capture time of each stream's last frame whose detection kept boxes. */
    private final Map<String, Long> lastBoxes = new HashMap<>();

    /** @param trackLostMillis the tracker's lost timeout: a track unseen for longer is removed */
    MotionGate(long trackLostMillis) {
        this.trackLostMillis = trackLostMillis;
        this.trackRefreshMillis = Math.max(1, trackLostMillis / 3);
    }

    /** A START's or UPDATE's motion fields (null: none given). */
    void settings(String streamId, MotionSettings update) {
        settings.put(streamId, settings.getOrDefault(streamId, MotionSettings.NONE).then(update));
    }

    /** Whether the frame goes to the model; if it does, it counts as the stream's latest detection from now on. */
    boolean admits(VideoFrame frame) {
        String id = frame.streamId();
        long t = frame.captureTimeMillis();
        if (passes(frame, id, t)) {
            lastAdmitted.put(id, t);
            return true;
        }
        return false;
    }

    /** A frame of the stream was detected; {@code boxes}: the number of boxes its result kept. */
    void detected(String streamId, long captureMillis, int boxes) {
        if (boxes > 0) {
            lastBoxes.merge(streamId, captureMillis, Math::max);
        }
    }

    /** A stopped stream: its settings and times go. */
    void forget(String streamId) {
        settings.remove(streamId);
        lastAdmitted.remove(streamId);
        lastBoxes.remove(streamId);
    }

    // ------------------------------------------------------------------------------------------

    private boolean passes(VideoFrame frame, String id, long t) {
        MotionSettings s = settings.getOrDefault(id, MotionSettings.NONE).resolved();
        if (s.mode() == MotionSettings.Mode.OFF || frame.motion() == null || frame.motion().moving()) {
            return true;
        }
        Long admitted = lastAdmitted.get(id);
        if (admitted == null || t < admitted) {
            return true; // the stream's first frame, or a clock that went back: don't trust the times
        }
        long since = t - admitted;
        if (s.keepaliveSeconds() > 0 && since >= s.keepaliveSeconds() * 1000) {
            return true;
        }
        Long boxes = lastBoxes.get(id);
        // One refresh past the lost timeout too: the tracker ends a track that is gone (object_left)
        // only in a detected frame, which would otherwise wait for the keepalive.
        return boxes != null && t - boxes <= trackLostMillis + trackRefreshMillis && since >= trackRefreshMillis;
    }
}
