package io.streamyolo.track;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Box-level world for hostile tracking scenes: scripted objects with known identities, observed
 * frame by frame as a detector would report them (uniform jitter on each box edge, confidence
 * 0.6-0.9, missed detections, single-frame false positives, boxes clipped to the frame, and a
 * greedy non-maximum suppression that merges heavily overlapping objects as a real detector does).
 *
 * <p>Each {@link Body} moves by its own {@link Motion}; a body outside its life span or marked
 * hidden is in the truth only when {@link Body#inTruth} says so.
 */
final class BoxWorld {

    /** How a body moves in one step of {@code dt} seconds (may change velocity, hide it, ...). */
    interface Motion {
        void step(Body b, double t, double dt, BoxWorld world);
    }

    /** One true object: centre, size and velocity in pixels (per second). */
    static final class Body {
        final int id;
        double cx;
        double cy;
        double vx;
        double vy;
        double w;
        double h;
        int classId;
        /** Not detected while hidden (occluded); still in the truth when {@link #hiddenInTruth}. */
        boolean hidden;

        boolean hiddenInTruth;
        /** Present in the scene at all (entered and not yet gone). */
        boolean present = true;

        Motion motion;

        Body(int id, double cx, double cy, double vx, double vy, double w, double h) {
            this.id = id;
            this.cx = cx;
            this.cy = cy;
            this.vx = vx;
            this.vy = vy;
            this.w = w;
            this.h = h;
        }

        boolean inTruth(int width, int height) {
            return present
                    && (!hidden || hiddenInTruth)
                    && cx + w / 2 > 0
                    && cx - w / 2 < width
                    && cy + h / 2 > 0
                    && cy - h / 2 < height;
        }
    }

    /** A detection and the body it came from (-1: a false positive). */
    record Observed(TrackInput box, int body) {}

    final int width;
    final int height;
    final Random random;
    final List<Body> bodies = new ArrayList<>();

    /** Jitter of each box edge, uniform in [-jitterPx, +jitterPx]. */
    double jitterPx = 2;

    double missRate;

    /** Per frame, expected number of false positives per present body. */
    double falsePositiveRate;

    /** Boxes overlapping more than this are merged into the more confident one (NMS). */
    double nmsIou = 0.7;

    BoxWorld(int width, int height, long seed) {
        this.width = width;
        this.height = height;
        this.random = new Random(seed);
    }

    Body add(double cx, double cy, double vx, double vy, double w, double h, Motion motion) {
        Body b = new Body(bodies.size(), cx, cy, vx, vy, w, h);
        b.motion = motion;
        bodies.add(b);
        return b;
    }

    /** Moves every body {@code dt} seconds on, at scene time {@code t}. */
    void step(double t, double dt) {
        for (Body b : bodies) {
            if (b.motion != null) {
                b.motion.step(b, t, dt, this);
            } else {
                b.cx += b.vx * dt;
                b.cy += b.vy * dt;
            }
        }
    }

    /** Constant velocity, reversing at the frame edges (a body turning back at a wall). */
    static void bounce(Body b, double dt, int width, int height) {
        b.cx += b.vx * dt;
        b.cy += b.vy * dt;
        if (b.cx - b.w / 2 < 0 && b.vx < 0 || b.cx + b.w / 2 > width && b.vx > 0) {
            b.vx = -b.vx;
        }
        if (b.cy - b.h / 2 < 0 && b.vy < 0 || b.cy + b.h / 2 > height && b.vy > 0) {
            b.vy = -b.vy;
        }
    }

    /** The true boxes of the bodies in the truth now, clipped to the frame. */
    List<double[]> truth() {
        List<double[]> out = new ArrayList<>();
        for (Body b : bodies) {
            if (b.inTruth(width, height)) {
                double[] box = clip(b.cx - b.w / 2, b.cy - b.h / 2, b.cx + b.w / 2, b.cy + b.h / 2);
                if (box != null) {
                    out.add(new double[] {b.id, box[0], box[1], box[2], box[3]});
                }
            }
        }
        return out;
    }

    /** This frame's detections. */
    List<Observed> observe() {
        List<Observed> raw = new ArrayList<>();
        int present = 0;
        for (Body b : bodies) {
            if (!b.present) {
                continue;
            }
            present++;
            if (b.hidden || random.nextDouble() < missRate) {
                continue;
            }
            double[] box =
                    clip(
                            b.cx - b.w / 2 + jitter(),
                            b.cy - b.h / 2 + jitter(),
                            b.cx + b.w / 2 + jitter(),
                            b.cy + b.h / 2 + jitter());
            if (box == null || box[2] - box[0] < 2 || box[3] - box[1] < 2) {
                continue;
            }
            raw.add(new Observed(input(box, b.classId, 0.6 + 0.3 * random.nextDouble()), b.id));
        }
        for (int k = 0; k < present; k++) {
            if (random.nextDouble() < falsePositiveRate) {
                double w = 15 + random.nextDouble() * 45;
                double h = w * (1.5 + random.nextDouble());
                double x = random.nextDouble() * (width - w);
                double y = random.nextDouble() * (height - h);
                raw.add(
                        new Observed(
                                input(
                                        new double[] {x, y, x + w, y + h},
                                        0,
                                        0.6 + 0.3 * random.nextDouble()),
                                -1));
            }
        }
        return nms(raw);
    }

    // ---------------------------------------------------------------- helpers

    private double jitter() {
        return (random.nextDouble() * 2 - 1) * jitterPx;
    }

    private double[] clip(double x1, double y1, double x2, double y2) {
        x1 = Math.max(0, x1);
        y1 = Math.max(0, y1);
        x2 = Math.min(width, x2);
        y2 = Math.min(height, y2);
        return x2 > x1 && y2 > y1 ? new double[] {x1, y1, x2, y2} : null;
    }

    private static TrackInput input(double[] b, int classId, double conf) {
        return new TrackInput(
                (float) b[0], (float) b[1], (float) b[2], (float) b[3], classId, (float) conf);
    }

    private List<Observed> nms(List<Observed> raw) {
        List<Observed> sorted = new ArrayList<>(raw);
        sorted.sort((a, b) -> Float.compare(b.box().confidence(), a.box().confidence()));
        List<Observed> kept = new ArrayList<>();
        for (Observed o : sorted) {
            boolean keep = true;
            for (Observed k : kept) {
                if (iou(o.box(), k.box()) > nmsIou) {
                    keep = false;
                    break;
                }
            }
            if (keep) {
                kept.add(o);
            }
        }
        // Detector output order carries no identity: shuffle.
        java.util.Collections.shuffle(kept, random);
        return kept;
    }

    static double iou(TrackInput a, TrackInput b) {
        double ix = Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
        double iy = Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        double inter = ix * iy;
        double ua =
                (a.x2() - a.x1()) * (a.y2() - a.y1()) + (b.x2() - b.x1()) * (b.y2() - b.y1());
        return inter / (ua - inter);
    }
}
