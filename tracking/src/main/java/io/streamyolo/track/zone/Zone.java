package io.streamyolo.track.zone;

import java.util.List;
import java.util.Objects;

/**
 * A named polygon in frame-relative coordinates; a track is inside when its anchor point is.
 *
 * <p>Membership uses the even-odd rule, which is also well defined for self-intersecting polygons.
 * Two zones are the same zone when their names are equal: the name is part of the idempotency key
 * of zone events, and a zone re-set with the same name keeps its members.
 */
public record Zone(String name, List<Point> polygon, Anchor anchor) implements java.io.Serializable {

    public static final int MIN_POINTS = 3;
    public static final int MAX_POINTS = 64;

    /** Polygons with a smaller area (fraction of the frame) are collinear points, not regions. */
    private static final double MIN_AREA = 1e-9;

    public Zone {
        GeometryNames.check("Zone", name);
        if (polygon == null) {
            throw new IllegalArgumentException("Zone '" + name + "': polygon must not be null");
        }
        if (polygon.size() < MIN_POINTS || polygon.size() > MAX_POINTS) {
            throw new IllegalArgumentException(
                    "Zone '"
                            + name
                            + "': polygon needs "
                            + MIN_POINTS
                            + " to "
                            + MAX_POINTS
                            + " points, got "
                            + polygon.size());
        }
        for (int i = 0; i < polygon.size(); i++) {
            Point p = polygon.get(i);
            if (p == null) {
                throw new IllegalArgumentException("Zone '" + name + "': point " + i + " is null");
            }
            if (!p.inUnitSquare()) {
                throw new IllegalArgumentException(
                        "Zone '"
                                + name
                                + "': point "
                                + i
                                + " ("
                                + p.x()
                                + ", "
                                + p.y()
                                + ") is outside the frame; coordinates are relative, in [0, 1]");
            }
        }
        if (Math.abs(signedArea(polygon)) < MIN_AREA) {
            throw new IllegalArgumentException(
                    "Zone '"
                            + name
                            + "': polygon is degenerate (zero area); are its points collinear?");
        }
        polygon = List.copyOf(polygon);
        anchor = Objects.requireNonNullElse(anchor, Anchor.BOTTOM_CENTER);
    }

    /** A zone anchored at the bottom centre of boxes, where a person stands. */
    public Zone(String name, List<Point> polygon) {
        this(name, polygon, Anchor.BOTTOM_CENTER);
    }

    /** Whether the relative point (x, y) is inside the polygon (even-odd rule). */
    public boolean contains(double x, double y) {
        boolean inside = false;
        int n = polygon.size();
        Point prev = polygon.get(n - 1);
        for (int i = 0; i < n; i++) {
            Point cur = polygon.get(i);
            // Half-open test on y so that a ray through a vertex counts that vertex once.
            if ((cur.y() > y) != (prev.y() > y)) {
                double xCross =
                        cur.x() + (y - cur.y()) * (prev.x() - cur.x()) / (prev.y() - cur.y());
                if (x < xCross) {
                    inside = !inside;
                }
            }
            prev = cur;
        }
        return inside;
    }

    /**
     * Distance in pixels from the relative point (x, y) to the polygon's boundary, in a {@code
     * width x height} frame (whether the point is inside or not).
     */
    public double boundaryDistancePx(double x, double y, int width, int height) {
        double px = x * width;
        double py = y * height;
        double best = Double.MAX_VALUE;
        int n = polygon.size();
        Point prev = polygon.get(n - 1);
        for (int i = 0; i < n; i++) {
            Point cur = polygon.get(i);
            double ax = prev.x() * width;
            double ay = prev.y() * height;
            double dx = cur.x() * width - ax;
            double dy = cur.y() * height - ay;
            double len2 = dx * dx + dy * dy;
            double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
            t = Math.max(0, Math.min(1, t));
            double ex = ax + t * dx - px;
            double ey = ay + t * dy - py;
            best = Math.min(best, ex * ex + ey * ey);
            prev = cur;
        }
        return Math.sqrt(best);
    }

    private static double signedArea(List<Point> polygon) {
        double twice = 0;
        Point prev = polygon.get(polygon.size() - 1);
        for (Point cur : polygon) {
            twice += prev.x() * cur.y() - cur.x() * prev.y();
            prev = cur;
        }
        return twice / 2;
    }
}
