package io.streamyolo.scene;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;

/**
 * One object of a {@link TrackingScene} in pixels and frames: a fixed outline translated along a
 * straight line, and the frames of the scene in which its box overlaps the frame.
 */
final class SceneActor {

    final int scriptIndex;
    final int classId;
    final Shape outline;
    final Rectangle2D bounds;
    final double area;
    /** Centre at frame 0 and velocity, in pixels and pixels per frame. */
    final double x0;
    final double y0;
    final double vx;
    final double vy;
    /** The frames, within the scene, in which the box overlaps the frame; empty if first > last. */
    final int first;
    final int last;
    /** Set once by the TrackingScene constructor, before the scene is shared with anyone. */
    int id;
    Color color;

    SceneActor(int scriptIndex, ScriptedObject object, Shape outline, int width, int height, int fps, int frames) {
        this.scriptIndex = scriptIndex;
        this.classId = object.classId();
        this.outline = outline;
        this.bounds = outline.getBounds2D();
        this.area = area(outline);
        this.vx = object.vx() * width / fps;
        this.vy = object.vy() * height / fps;
        this.x0 = object.x() * width - vx * object.time() * fps;
        this.y0 = object.y() * height - vy * object.time() * fps;
        int[] span = {0, frames - 1};
        narrow(span, x0, vx, bounds.getMinX(), bounds.getMaxX(), width);
        narrow(span, y0, vy, bounds.getMinY(), bounds.getMaxY(), height);
        this.first = span[0];
        this.last = span[1];
    }

    /** The shape's origin (the centre of its outline) in frame pixels. */
    double[] centreAt(int frame) {
        return new double[] {x0 + vx * frame, y0 + vy * frame};
    }

    Shape shapeAt(int frame) {
        double[] c = centreAt(frame);
        return AffineTransform.getTranslateInstance(c[0], c[1]).createTransformedShape(outline);
    }

    boolean presentAt(int frame) {
        return frame >= first && frame <= last;
    }

    /** Area of a shape by the shoelace formula over its flattened outline. */
    static double area(Shape shape) {
        double sum = 0;
        double[] p = new double[6];
        double startX = 0;
        double startY = 0;
        double lastX = 0;
        double lastY = 0;
        for (PathIterator it = shape.getPathIterator(null, 0.05); !it.isDone(); it.next()) {
            switch (it.currentSegment(p)) {
                case PathIterator.SEG_MOVETO -> {
                    sum += lastX * startY - startX * lastY;
                    startX = lastX = p[0];
                    startY = lastY = p[1];
                }
                case PathIterator.SEG_LINETO -> {
                    sum += lastX * p[1] - p[0] * lastY;
                    lastX = p[0];
                    lastY = p[1];
                }
                case PathIterator.SEG_CLOSE -> {
                    sum += lastX * startY - startX * lastY;
                    lastX = startX;
                    lastY = startY;
                }
                default -> throw new IllegalStateException("A flattened path has only lines");
            }
        }
        sum += lastX * startY - startX * lastY;
        return Math.abs(sum) / 2;
    }

    // ------------------------------------------------------------------------------------------

    /**
     * Narrows [span[0], span[1]] to the frames in which the box {@code c + [lo, hi]}, c = c0 +
     * v * frame, overlaps (0, size) on one axis.
     */
    private static void narrow(int[] span, double c0, double v, double lo, double hi, int size) {
        if (v == 0) {
            if (!(c0 + hi > 0 && c0 + lo < size)) {
                span[0] = span[1] + 1;
            }
            return;
        }
        double a = (-hi - c0) / v;
        double b = (size - lo - c0) / v;
        // A margin of a frame, then the exact test: rounding must not decide presence.
        long from = (long) Math.floor(Math.min(a, b)) - 1;
        long to = (long) Math.ceil(Math.max(a, b)) + 1;
        span[0] = (int) Math.max(span[0], from);
        span[1] = (int) Math.min(span[1], to);
        while (span[0] <= span[1] && !overlaps(c0 + v * span[0], lo, hi, size)) {
            span[0]++;
        }
        while (span[1] >= span[0] && !overlaps(c0 + v * span[1], lo, hi, size)) {
            span[1]--;
        }
    }

    private static boolean overlaps(double c, double lo, double hi, int size) {
        return c + hi > 0 && c + lo < size;
    }
}
