package io.streamyolo.track;

/**
 * A stream's time as its {@link StreamTracker} counts it: the previous frame's capture time, the
 * usual interval between frames and the total outage time, so that time in which the camera sent
 * no frame at all (up to {@code outageLimitMs}) does not age the tracks. Checkpointed by {@link
 * TrackerStateCodec} as three of the tracker's fields. Not thread-safe: the tracker's thread only.
 */
final class FrameClock {

    static final long NO_FRAME = Long.MIN_VALUE;

    /** A gap between frames shorter than this is never an outage. */
    static final long OUTAGE_MIN_GAP_MS = 1000;

    /** A gap of more usual frame intervals than this may be an outage. */
    static final double OUTAGE_INTERVALS = 4;

    private final long outageLimitMs;

    /** Capture time of the previous frame, or {@link #NO_FRAME}. */
    long lastFrameMs = NO_FRAME;

    /** Total outage time of the stream so far (see {@link #noteFrame}). */
    long outageMs;

    /** Running average of the gaps between frames that were no outage (0: none yet). */
    double frameIntervalMs;

    FrameClock(long outageLimitMs) {
        this.outageLimitMs = outageLimitMs;
    }

    /**
     * Notes the gap since the previous frame. A gap longer than {@link #OUTAGE_MIN_GAP_MS} and
     * {@link #OUTAGE_INTERVALS} usual frame intervals is an outage (the camera sent nothing, e.g.
     * while reconnecting): up to outageLimitMs, its time past one usual interval does not age the
     * tracks, so that the objects still there when frames come back keep their ids. The usual
     * interval is a running average of the other gaps.
     */
    void noteFrame(long timeMs) {
        long gap = timeMs - lastFrameMs;
        boolean first = lastFrameMs == NO_FRAME;
        lastFrameMs = timeMs;
        if (first || gap <= 0) {
            return;
        }
        if (gap > Math.max(OUTAGE_MIN_GAP_MS, OUTAGE_INTERVALS * frameIntervalMs)) {
            if (gap <= outageLimitMs) {
                outageMs += gap - (long) frameIntervalMs;
            }
        } else {
            frameIntervalMs = frameIntervalMs == 0 ? gap : frameIntervalMs + 0.1 * (gap - frameIntervalMs);
        }
    }

    /** Forgets the previous frame (the camera stopped): the gap to the next one is no outage. */
    void forgetLastFrame() {
        lastFrameMs = NO_FRAME;
    }

    /** How long the track has been unseen at {@code timeMs}, outages excepted. */
    long unseenMs(Track t, long timeMs) {
        return timeMs - t.lastSeenMs - (outageMs - t.outageAtSeenMs);
    }
}
