package io.streamyolo.source.reader;

/**
 * One connection's timing of its frames: a file plays at its own frame rate, as a camera would
 * (a live camera paces itself), and the frame-rate cap keeps a frame only once its interval since
 * the last kept one has passed. Decoder thread only.
 */
final class FramePacing {

    /** Frames of a live stream do not come evenly: a frame this much early still counts as due. */
    private static final long CAP_SLACK_NANOS = 2_000_000;

    private final boolean paced;
    private final long startNanos = System.nanoTime();
    private long firstPts = Long.MIN_VALUE;
    private long lastKeptNanos;

    /** @param paced whether frames are played at their timestamps (a file, not a live camera) */
    FramePacing(boolean paced) {
        this.paced = paced;
    }

    /** A file's frame: the {@link System#nanoTime()} at which it is due; for a live stream, now. */
    long dueNanos(long ptsMicros) {
        if (!paced) {
            return Long.MIN_VALUE;
        }
        firstPts = firstPts == Long.MIN_VALUE ? ptsMicros : firstPts;
        return startNanos + (ptsMicros - firstPts) * 1000;
    }

    /** Whether the cap drops a frame at {@code nowNanos}; a kept one starts the next interval. */
    boolean dropsAt(long nowNanos, double maxFps) {
        if (maxFps > 0 && lastKeptNanos != 0 && nowNanos - lastKeptNanos < (long) (1e9 / maxFps) - CAP_SLACK_NANOS) {
            return true;
        }
        lastKeptNanos = nowNanos;
        return false;
    }
}
