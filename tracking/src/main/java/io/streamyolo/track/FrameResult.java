package io.streamyolo.track;

import java.util.List;

/**
 * The tracker's answer for one frame: {@code trackIds[i]} is the track of the i-th input detection
 * (-1 when it belongs to no confirmed track), the events the frame caused, in order, and {@code
 * boxes}: every confirmed track's box in this frame, matched or (lost for at most {@link
 * TrackerConfig#predictedBoxMs()}) predicted, in track creation order.
 *
 * <p>The array is handed over, not copied: the tracker keeps no reference to it.
 */
public record FrameResult(long[] trackIds, List<TrackEvent> events, List<TrackBox> boxes) {

    /** A result without track boxes. */
    public FrameResult(long[] trackIds, List<TrackEvent> events) {
        this(trackIds, events, List.of());
    }

    /** The track id of the i-th input detection, or -1. */
    public long trackId(int i) {
        return trackIds[i];
    }
}
