package io.streamyolo.track;

import java.util.List;

/**
 * The tracker's answer for one frame: {@code trackIds[i]} is the track of the i-th input detection
 * (-1 when it belongs to no confirmed track), and the events the frame caused, in order.
 *
 * <p>The array is handed over, not copied: the tracker keeps no reference to it.
 */
public record FrameResult(long[] trackIds, List<TrackEvent> events) {

    /** The track id of the i-th input detection, or -1. */
    public long trackId(int i) {
        return trackIds[i];
    }
}
