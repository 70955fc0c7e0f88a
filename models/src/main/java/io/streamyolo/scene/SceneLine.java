package io.streamyolo.scene;

/**
 * A counting line segment from A = ({@code ax}, {@code ay}) to B = ({@code bx}, {@code by}) in
 * relative frame coordinates (0 to 1, origin top left, y down).
 *
 * <p>Direction convention: with d = B - A in pixels, a point P lies on the IN side when {@code
 * side(P) = (Px - Ax) * dy - (Py - Ay) * dx > 0}; an anchor crosses IN when it moves from {@code
 * side <= 0} to {@code side > 0} through the segment, and OUT the other way. So IN is towards the
 * right of the screen for a line drawn top to bottom, and towards the top for a line drawn left to
 * right: {@link #vertical vertical(0.5)} counts left-to-right as IN, {@link #horizontal
 * horizontal(0.5)} counts bottom-to-top as IN. Reversing A and B swaps IN and OUT.
 */
public record SceneLine(double ax, double ay, double bx, double by) {

    public SceneLine {
        if (ax == bx && ay == by) {
            throw new IllegalArgumentException("A line needs two distinct end points, got " + ax + "," + ay + " twice");
        }
    }

    /** A full-height line at relative x, drawn top to bottom: IN is left to right. */
    public static SceneLine vertical(double x) {
        return new SceneLine(x, 0, x, 1);
    }

    /** A full-width line at relative y, drawn left to right: IN is bottom to top. */
    public static SceneLine horizontal(double y) {
        return new SceneLine(0, y, 1, y);
    }

    /** The signed side of a pixel point in a frame of the given size: positive on the IN side. */
    public double side(double px, double py, int width, int height) {
        double dx = (bx - ax) * width;
        double dy = (by - ay) * height;
        return (px - ax * width) * dy - (py - ay * height) * dx;
    }

    /**
     * Whether the move from pixel point Q to pixel point P passes through the segment (end points
     * included), given that Q and P lie on different sides.
     */
    boolean hitBy(double qx, double qy, double px, double py, int width, int height) {
        double sq = side(qx, qy, width, height);
        double sp = side(px, py, width, height);
        double t = sq / (sq - sp);
        double x = qx + t * (px - qx) - ax * width;
        double y = qy + t * (py - qy) - ay * height;
        double dx = (bx - ax) * width;
        double dy = (by - ay) * height;
        double u = (x * dx + y * dy) / (dx * dx + dy * dy);
        return u >= 0 && u <= 1;
    }
}
