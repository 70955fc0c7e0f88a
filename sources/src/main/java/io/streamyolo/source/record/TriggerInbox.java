package io.streamyolo.source.record;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the detection stage told a camera's recorder since the decoder thread last looked: the
 * frames that showed tracks making clips, and how far detection got. The task thread adds, the
 * decoder thread takes; both under this object's lock (a few calls a frame, never contended long).
 */
final class TriggerInbox {

    /**
     * What was told since the last take.
     *
     * @param firstTriggerMillis the first triggering frame's time, or {@link Long#MIN_VALUE} if none
     * @param lastTriggerMillis the last triggering frame's time, or {@link Long#MIN_VALUE} if none
     * @param progressMillis the latest frame detection decided on (triggering or not), or {@link Long#MIN_VALUE}
     * @param tracks the triggering tracks
     */
    record Taken(long firstTriggerMillis, long lastTriggerMillis, long progressMillis, Set<Long> tracks) {

        boolean triggered() {
            return lastTriggerMillis != Long.MIN_VALUE;
        }
    }

    private long firstMillis = Long.MIN_VALUE;
    private long lastMillis = Long.MIN_VALUE;
    private long progressMillis = Long.MIN_VALUE;
    private final Set<Long> tracks = new LinkedHashSet<>();

    synchronized void trigger(long frameMillis, List<Long> trackIds) {
        if (firstMillis == Long.MIN_VALUE) {
            firstMillis = frameMillis;
        }
        lastMillis = Math.max(lastMillis, frameMillis);
        progressMillis = Math.max(progressMillis, frameMillis);
        tracks.addAll(trackIds);
    }

    synchronized void progress(long frameMillis) {
        progressMillis = Math.max(progressMillis, frameMillis);
    }

    /** Takes what was told, and starts afresh. */
    synchronized Taken take() {
        Taken taken = new Taken(firstMillis, lastMillis, progressMillis, new LinkedHashSet<>(tracks));
        firstMillis = Long.MIN_VALUE;
        lastMillis = Long.MIN_VALUE;
        progressMillis = Long.MIN_VALUE;
        tracks.clear();
        return taken;
    }
}
