package io.streamyolo.scene;

/** The point of a box that line crossings and zone membership are computed from. */
public enum BoxAnchor {
    /** The centre of the box. */
    CENTER,
    /** The middle of the box's bottom edge: where an object stands on the ground. */
    BOTTOM_CENTER;

    /** The anchor's x in frame pixels. */
    public float x(TrackedBox box) {
        return (box.x1() + box.x2()) / 2;
    }

    /** The anchor's y in frame pixels. */
    public float y(TrackedBox box) {
        return this == CENTER ? (box.y1() + box.y2()) / 2 : box.y2();
    }
}
