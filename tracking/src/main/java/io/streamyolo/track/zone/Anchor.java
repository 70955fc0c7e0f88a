package io.streamyolo.track.zone;

/** Which point of a track's box decides whether the track is inside a zone. */
public enum Anchor {
    /** Middle of the bottom edge: where a person or a vehicle touches the ground. */
    BOTTOM_CENTER,
    /** Centre of the box: for objects that are not on the ground plane, or top-down cameras. */
    CENTER;

    /** The anchor's x of the box {@code (x1, y1, x2, y2)}. */
    public double x(double x1, double y1, double x2, double y2) {
        return (x1 + x2) * 0.5;
    }

    /** The anchor's y of the box {@code (x1, y1, x2, y2)}. */
    public double y(double x1, double y1, double x2, double y2) {
        return this == BOTTOM_CENTER ? y2 : (y1 + y2) * 0.5;
    }
}
