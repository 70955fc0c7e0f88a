package io.streamyolo.scene;

/**
 * A ground-truth tracking event of a {@link TrackingScene}: what a perfect tracker that sees every
 * frame would report, and at which frame.
 *
 * @param frameIndex the first frame in which the new state holds (see {@link Type})
 * @param visible whether the object is visible ({@link TrackedBox#visible()}) at that frame; for
 *     {@code OBJECT_LEFT} and for a zone left by leaving the frame, false
 */
public record SceneEvent(int objectId, int frameIndex, Type type, boolean visible) {

    /** Event types, named after the job's events. */
    public enum Type {
        /** The object's first visible frame. */
        OBJECT_ENTERED,
        /** The frame after the object's last visible frame (only if that frame is in the scene). */
        OBJECT_LEFT,
        /** The first frame with the anchor inside the zone (edges included). */
        ZONE_ENTERED,
        /** The first frame with the anchor outside again, or the frame after the object's last in frame. */
        ZONE_LEFT,
        /** The first frame with the anchor on the IN side, having moved there through the segment. */
        LINE_CROSSED_IN,
        /** The first frame with the anchor back on the other side, through the segment. */
        LINE_CROSSED_OUT
    }
}
