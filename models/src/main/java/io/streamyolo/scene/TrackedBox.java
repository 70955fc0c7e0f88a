package io.streamyolo.scene;

/**
 * A known object in a frame of a {@link TrackingScene}: its stable identity, class and box (frame
 * pixels, clipped to the frame), and how much of it can be seen.
 *
 * @param objectId the object's identity, the same in every frame it appears in
 * @param visibility the fraction of the object's area that is inside the frame and not covered by
 *     an occluder or by an object drawn in front of it, 0 to 1
 */
public record TrackedBox(int objectId, int classId, float x1, float y1, float x2, float y2, float visibility) {

    /** Below this visible fraction an object counts as not visible: a detector need not find it. */
    public static final float VISIBLE_FRACTION = 0.6f;

    /** Whether at least {@link #VISIBLE_FRACTION} of the object can be seen. */
    public boolean visible() {
        return visibility >= VISIBLE_FRACTION;
    }

    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }

    /** The same box without identity, for code that compares detections with {@link SyntheticScene}. */
    public GroundTruthBox box() {
        return new GroundTruthBox(classId, x1, y1, x2, y2);
    }
}
