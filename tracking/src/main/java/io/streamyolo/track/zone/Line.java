package io.streamyolo.track.zone;

import java.util.Objects;

/**
 * A named counting line: a directed segment a→b in frame-relative coordinates, with an "in" side.
 *
 * <p>See {@link InSide} for the convention. Crossing towards the in side is direction {@code in}.
 * The {@link Anchor} point of a track's box is what crosses (default: bottom centre). Side tests
 * run on relative coordinates (a side is invariant under scaling each axis), only the dead band
 * around the line is measured in pixels.
 */
public record Line(String name, Point a, Point b, InSide inSide, Anchor anchor) implements java.io.Serializable {

    public Line {
        GeometryNames.check("Line", name);
        if (a == null || b == null) {
            throw new IllegalArgumentException("Line '" + name + "': end points must not be null");
        }
        if (!a.inUnitSquare() || !b.inUnitSquare()) {
            throw new IllegalArgumentException(
                    "Line '"
                            + name
                            + "': end points "
                            + a
                            + " and "
                            + b
                            + " must lie in the frame; coordinates are relative, in [0, 1]");
        }
        if (a.equals(b)) {
            throw new IllegalArgumentException(
                    "Line '" + name + "': end points a and b must differ, both are " + a);
        }
        inSide = Objects.requireNonNullElse(inSide, InSide.LEFT);
        anchor = Objects.requireNonNullElse(anchor, Anchor.BOTTOM_CENTER);
    }

    /** A line crossed by the bottom centre of boxes: where a person's feet cross it. */
    public Line(String name, Point a, Point b, InSide inSide) {
        this(name, a, b, inSide, Anchor.BOTTOM_CENTER);
    }

    /**
     * Which side of the (infinite) line the relative point (x, y) is on: +1 the in side, -1 the out
     * side, 0 when it is closer than {@code marginPx} pixels to the line.
     */
    public int side(double x, double y, int width, int height, double marginPx) {
        double dx = b.x() - a.x();
        double dy = b.y() - a.y();
        // Cross product in pixels: negative is the left side on screen (y points down).
        double crossPx = (dx * (y - a.y()) - dy * (x - a.x())) * width * height;
        double lengthPx = Math.hypot(dx * width, dy * height);
        double distancePx = crossPx / lengthPx;
        if (Math.abs(distancePx) <= marginPx) {
            return 0;
        }
        boolean left = distancePx < 0;
        return left == (inSide == InSide.LEFT) ? 1 : -1;
    }

    /**
     * Whether the path (x0, y0)→(x1, y1), whose ends lie on opposite sides of the infinite line,
     * passes through the segment a-b itself rather than beside one of its ends.
     */
    public boolean pathCrossesSegment(double x0, double y0, double x1, double y1) {
        double dx = b.x() - a.x();
        double dy = b.y() - a.y();
        double c0 = dx * (y0 - a.y()) - dy * (x0 - a.x());
        double c1 = dx * (y1 - a.y()) - dy * (x1 - a.x());
        if (c0 == c1) {
            return false; // parallel path: cannot change side
        }
        double t = c0 / (c0 - c1);
        double qx = x0 + t * (x1 - x0);
        double qy = y0 + t * (y1 - y0);
        // q lies on the line, so its parameter along a→b is exact and invariant under axis scaling.
        double s = ((qx - a.x()) * dx + (qy - a.y()) * dy) / (dx * dx + dy * dy);
        return s >= 0 && s <= 1;
    }
}
