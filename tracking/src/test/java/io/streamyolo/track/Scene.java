package io.streamyolo.track;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic scene for tests and the benchmark: boxes moving at constant velocity (px/s), bouncing
 * off the frame edges, observed with Gaussian box noise and random misses.
 */
public final class Scene {

    /** One ground-truth object. */
    public static final class Actor {
        public double cx;
        public double cy;
        public double vx;
        public double vy;
        public final double w;
        public final double h;
        public final int classId;

        public Actor(double cx, double cy, double vx, double vy, double w, double h, int classId) {
            this.cx = cx;
            this.cy = cy;
            this.vx = vx;
            this.vy = vy;
            this.w = w;
            this.h = h;
            this.classId = classId;
        }
    }

    public final int width;
    public final int height;
    public final List<Actor> actors = new ArrayList<>();

    /** For each detection of the latest {@link #observe} call, the index of its actor. */
    public final List<Integer> truth = new ArrayList<>();

    private final Random random;

    public Scene(int width, int height, long seed) {
        this.width = width;
        this.height = height;
        this.random = new Random(seed);
    }

    /**
     * Adds {@code n} actors at random places with random velocities up to {@code maxSpeed} px/s.
     */
    public Scene addRandom(int n, double maxSpeed) {
        for (int i = 0; i < n; i++) {
            double w = 40 + random.nextDouble() * 60;
            double h = w * (1.8 + random.nextDouble() * 0.8);
            double cx = w + random.nextDouble() * (width - 2 * w);
            double cy = h + random.nextDouble() * (height - 2 * h);
            double angle = random.nextDouble() * 2 * Math.PI;
            double speed = maxSpeed * (0.2 + 0.8 * random.nextDouble());
            actors.add(
                    new Actor(cx, cy, speed * Math.cos(angle), speed * Math.sin(angle), w, h, 0));
        }
        return this;
    }

    /** Moves every actor {@code dtMs} ahead, reflecting at the frame edges. */
    public void advance(long dtMs) {
        double dt = dtMs / 1000.0;
        for (Actor a : actors) {
            a.cx += a.vx * dt;
            a.cy += a.vy * dt;
            if (a.cx < a.w / 2 || a.cx > width - a.w / 2) {
                a.vx = -a.vx;
                a.cx = Math.max(a.w / 2, Math.min(width - a.w / 2, a.cx));
            }
            if (a.cy < a.h / 2 || a.cy > height - a.h / 2) {
                a.vy = -a.vy;
                a.cy = Math.max(a.h / 2, Math.min(height - a.h / 2, a.cy));
            }
        }
    }

    /**
     * Detections of the actors now: box noise of {@code noisePx} (sd), each missed with {@code
     * missRate}.
     */
    public List<TrackInput> observe(double noisePx, double missRate) {
        List<TrackInput> out = new ArrayList<>(actors.size());
        truth.clear();
        for (int i = 0; i < actors.size(); i++) {
            Actor a = actors.get(i);
            if (random.nextDouble() < missRate) {
                continue;
            }
            double cx = a.cx + random.nextGaussian() * noisePx;
            double cy = a.cy + random.nextGaussian() * noisePx;
            double w = a.w + random.nextGaussian() * noisePx;
            double h = a.h + random.nextGaussian() * noisePx;
            float conf = (float) (0.65 + 0.3 * random.nextDouble());
            out.add(box(cx, cy, w, h, a.classId, conf));
            truth.add(i);
        }
        return out;
    }

    /** A detection from centre and size. */
    public static TrackInput box(
            double cx, double cy, double w, double h, int classId, double conf) {
        return new TrackInput(
                (float) (cx - w / 2),
                (float) (cy - h / 2),
                (float) (cx + w / 2),
                (float) (cy + h / 2),
                classId,
                (float) conf);
    }
}
