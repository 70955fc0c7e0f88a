package io.streamyolo.track;

import io.streamyolo.track.zone.InSide;
import io.streamyolo.track.zone.Line;
import io.streamyolo.track.zone.Point;
import io.streamyolo.track.zone.Zone;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hostile box-level scenes, one per way a tracker fails on real cameras, at 640x360 and 15 fps
 * with known identities; each is run over several seeds and summed. {@link HostileScenesTest}
 * asserts on them; {@link #main} prints them all, so that two trackers can be compared.
 */
final class HostileScenes {

    static final int W = 640;
    static final int H = 360;
    static final int FPS = 15;

    /** Horizontal line across the middle of the frame; its upper side is "in". */
    static final Line MIDDLE = new Line("middle", new Point(0.05, 0.5), new Point(0.95, 0.5), InSide.LEFT);

    /** The lower half of the frame: its upper border is the middle line. */
    static final Zone LOWER =
            new Zone(
                    "lower",
                    List.of(new Point(0, 0.5), new Point(1, 0.5), new Point(1, 1), new Point(0, 1)));

    /** Vertical line across the middle; crossing left to right is "in". */
    static final Line VERTICAL = new Line("vertical", new Point(0.5, 0), new Point(0.5, 1), InSide.RIGHT);

    private HostileScenes() {}

    /** Figures summed over seeds. */
    static final class Sum {
        int runs;
        int entered;
        int left;
        int lineIn;
        int lineOut;
        int zoneEntered;
        int zoneLeft;
        int falseTracks;
        int idSwitches;
        int bodiesSwitched;
        int distinctIds;
        int bodyDetections;
        int bodyDetectionsWithId;
        int worstIdSwitches;
        int worstEnteredExcess;
        double mota;
        double idf1;
        double motaPredicted;
        double idf1Predicted;

        void add(HostileRun.Figures f, int trueObjects) {
            runs++;
            entered += f.entered;
            left += f.left;
            lineIn += f.lineIn;
            lineOut += f.lineOut;
            zoneEntered += f.zoneEntered;
            zoneLeft += f.zoneLeft;
            falseTracks += f.falseTracks;
            idSwitches += f.mot.idSwitches();
            worstIdSwitches = Math.max(worstIdSwitches, f.mot.idSwitches());
            worstEnteredExcess = Math.max(worstEnteredExcess, Math.abs(f.entered - trueObjects));
            bodiesSwitched += f.bodiesWithSeveralIds();
            distinctIds += f.distinctIds();
            bodyDetections += f.bodyDetections;
            bodyDetectionsWithId += f.bodyDetectionsWithId;
            mota += nan0(f.mot.mota());
            idf1 += nan0(f.mot.idf1());
            motaPredicted += nan0(f.motWithPredicted.mota());
            idf1Predicted += nan0(f.motWithPredicted.idf1());
        }

        double withId() {
            return bodyDetections == 0 ? 0 : (double) bodyDetectionsWithId / bodyDetections;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "runs %d | entered %d left %d | line in %d out %d | zone in %d out %d | ids %d,"
                            + " bodies switched %d, IDSW %d (worst %d) | false tracks %d | with id"
                            + " %.3f | MOTA %.3f IDF1 %.3f | +predicted MOTA %.3f IDF1 %.3f",
                    runs, entered, left, lineIn, lineOut, zoneEntered, zoneLeft, distinctIds,
                    bodiesSwitched, idSwitches, worstIdSwitches, falseTracks, withId(),
                    mota / runs, idf1 / runs, motaPredicted / runs, idf1Predicted / runs);
        }

        private static double nan0(double v) {
            return Double.isNaN(v) ? 0 : v;
        }
    }

    // ------------------------------------------------------------------ 1. standing on a line

    /**
     * A {@code w x h} box walks down to the middle line and stands with its bottom edge 1 px above
     * it for 5 s, then walks back up; beside it a second box of the same size walks down across the
     * line and on. Edges jitter ±{@code jitter} px, and in 5 % of frames the bottom edge of each box
     * is off by up to 3 jitters (a shadow, a detector's bad frame). Truth per run: one crossing
     * (in→out... the crosser goes from the in side to the out side), one zone entry.
     */
    static Sum standingOnLine(double w, double h, double jitter, int seeds) {
        return standingOnLine(w, h, jitter, seeds, TrackerConfig.defaults());
    }

    static Sum standingOnLine(double w, double h, double jitter, int seeds, TrackerConfig config) {
        Sum sum = new Sum();
        for (long seed = 1; seed <= seeds; seed++) {
            BoxWorld world = new BoxWorld(W, H, seed * 7919 + (long) w);
            world.jitterPx = jitter;
            world.missRate = 0.03;
            double line = H * 0.5;
            double start = 30 + h / 2;
            BoxWorld.Motion stander =
                    (b, t, dt, wd) -> {
                        if (t < 8) {
                            double bottomGoal = line - 1;
                            b.cy = Math.min(b.cy + 40 * dt, bottomGoal - b.h / 2);
                        } else if (t >= 8) {
                            b.cy -= 40 * dt;
                        }
                    };
            BoxWorld.Motion crosser = (b, t, dt, wd) -> b.cy = Math.min(b.cy + 40 * dt, H - b.h / 2 - 5);
            world.add(200, start, 0, 0, w, h, stander);
            world.add(440, start, 0, 0, w, h, crosser);
            spikes(world, jitter);
            HostileRun.Figures f =
                    new HostileRun(world, config)
                            .lines(List.of(MIDDLE))
                            .zones(List.of(LOWER))
                            .run(FPS * 11);
            sum.add(f, 2);
        }
        return sum;
    }

    /** Wraps the world's bodies' motions so that 5 % of frames move a body's box by a spike. */
    private static void spikes(BoxWorld world, double jitter) {
        for (BoxWorld.Body b : world.bodies) {
            BoxWorld.Motion inner = b.motion;
            double[] offset = {0};
            b.motion =
                    (body, t, dt, wd) -> {
                        body.cy -= offset[0];
                        inner.step(body, t, dt, wd);
                        offset[0] =
                                wd.random.nextDouble() < 0.05
                                        ? (wd.random.nextDouble() * 2 - 1) * 3 * jitter
                                        : 0;
                        body.cy += offset[0];
                    };
        }
    }

    // ------------------------------------------------------------------ 2. fast objects

    /**
     * Four boxes cross the frame one after the other at about {@code widths} of their own width per
     * frame (±20 %), alternately left to right and right to left, across the vertical line: 40x90,
     * 20x45, 30x60 (a little diagonal) and 60x40. Truth per run: 4 objects, 4 crossings, one id
     * each.
     */
    static Sum fastObjects(double widths, int seeds) {
        Sum sum = new Sum();
        double[][] sizes = {{40, 90}, {20, 45}, {30, 60}, {60, 40}};
        for (long seed = 1; seed <= seeds; seed++) {
            BoxWorld world = new BoxWorld(W, H, seed * 104729);
            world.missRate = 0.05;
            for (int k = 0; k < sizes.length; k++) {
                double w = sizes[k][0];
                double h = sizes[k][1];
                double speed = widths * w * FPS * (0.8 + 0.4 * world.random.nextDouble());
                boolean right = k % 2 == 0;
                double enterAt = k * 1.5;
                double y = 60 + k * 70;
                double vy = k == 2 ? speed * 0.15 : 0;
                BoxWorld.Body b = world.add(right ? -w : W + w, y, right ? speed : -speed, vy, w, h, null);
                b.present = false;
                b.motion =
                        (body, t, dt, wd) -> {
                            body.present = t >= enterAt;
                            if (body.present) {
                                body.cx += body.vx * dt;
                                body.cy += body.vy * dt;
                            }
                        };
            }
            HostileRun.Figures f =
                    new HostileRun(world, TrackerConfig.defaults()).lines(List.of(VERTICAL)).run(FPS * 8);
            sum.add(f, 4);
        }
        return sum;
    }

    // ------------------------------------------------------------------ 3. long occlusions

    /**
     * One box ({@code w x h}) walks at 60-110 px/s in a direction within 20° of horizontal and is
     * hidden (no detection, not in the truth) for {@code hiddenS} seconds from t = 2.5 s, with the
     * lost timeout {@code lostMs}. Truth per run: one id, one entered, one left.
     */
    static Sum occlusion(double w, double h, double hiddenS, long lostMs, int seeds) {
        Sum sum = new Sum();
        for (long seed = 1; seed <= seeds; seed++) {
            BoxWorld world = new BoxWorld(W, H, seed * 15485863L);
            world.missRate = 0.03;
            double speed = 60 + 50 * world.random.nextDouble();
            double angle = Math.toRadians(-20 + 40 * world.random.nextDouble());
            BoxWorld.Body b =
                    world.add(w, H * 0.5, speed * Math.cos(angle), speed * Math.sin(angle), w, h, null);
            b.motion =
                    (body, t, dt, wd) -> {
                        body.cx += body.vx * dt;
                        body.cy += body.vy * dt;
                        body.hidden = t >= 2.5 && t < 2.5 + hiddenS;
                    };
            TrackerConfig config = TrackerConfig.builder().setLostTimeoutMs(lostMs).build();
            HostileRun.Figures f = new HostileRun(world, config).run(FPS * 7);
            sum.add(f, 1);
        }
        return sum;
    }

    // ------------------------------------------------------------------ 4. a lost track takes a live box

    /**
     * A 30x70 box walks, stops, and after a second standing is hidden for good (its track is lost,
     * its prediction stands there); 0.2-0.6 s later a 17x37 box walks into that place from the
     * left at 60-90 px/s and turns there, up or down, by 60-120°. Two such pairs per run. Truth:
     * the small boxes keep one id each.
     */
    static Sum staleTrack(int seeds) {
        Sum sum = new Sum();
        for (long seed = 1; seed <= seeds; seed++) {
            BoxWorld world = new BoxWorld(W, H, seed * 32452843L);
            world.missRate = 0.03;
            for (int k = 0; k < 2; k++) {
                double px = 220 + 240 * k;
                double py = 120 + 120 * k;
                double hideAt = 2.0;
                double arrive = hideAt + 0.2 + 0.4 * world.random.nextDouble();
                BoxWorld.Body big = world.add(px - 60, py, 0, 0, 30, 70, null);
                big.motion =
                        (b, t, dt, wd) -> {
                            if (t < 1) {
                                b.cx += 60 * dt;
                            }
                            b.hidden = t >= hideAt;
                            b.present = t < hideAt;
                        };
                double speed = 60 + 30 * world.random.nextDouble();
                double turn = Math.toRadians((world.random.nextBoolean() ? 1 : -1) * (60 + 60 * world.random.nextDouble()));
                double startX = px - speed * arrive;
                BoxWorld.Body small = world.add(startX, py + 8, speed, 0, 17, 37, null);
                double[] turned = {0};
                small.motion =
                        (b, t, dt, wd) -> {
                            if (turned[0] == 0 && t >= arrive) {
                                double vx = b.vx * Math.cos(turn) - b.vy * Math.sin(turn);
                                double vy = b.vx * Math.sin(turn) + b.vy * Math.cos(turn);
                                b.vx = vx;
                                b.vy = vy;
                                turned[0] = 1;
                            }
                            BoxWorld.bounce(b, dt, wd.width, wd.height);
                        };
            }
            HostileRun.Figures f = new HostileRun(world, TrackerConfig.defaults()).run(FPS * 6);
            sum.add(f, 4);
        }
        return sum;
    }

    // ------------------------------------------------------------------ 5. reconnect

    /**
     * Six standing boxes (20x45 to 60x130) and one walking at 8 px/s; the camera sends 8 s of
     * frames, nothing for {@code outageS} seconds (reconnecting), then 8 s more of the same
     * objects. Truth per run: 7 objects; for outages up to the limit (10 s), none leaves or enters
     * at the reconnect.
     */
    static Sum reconnect(double outageS, int seeds) {
        Sum sum = new Sum();
        for (long seed = 1; seed <= seeds; seed++) {
            BoxWorld world = new BoxWorld(W, H, seed * 49979687L);
            world.missRate = 0.05;
            for (int k = 0; k < 6; k++) {
                double w = 20 + 40 * world.random.nextDouble();
                world.add(60 + k * 95, 100 + world.random.nextDouble() * 160, 0, 0, w, w * 2.2, null);
            }
            world.add(100, 300, 8, 0, 30, 50, null);
            int before = FPS * 8;
            int gap = (int) Math.round(outageS * FPS);
            HostileRun.Figures f =
                    new HostileRun(world, TrackerConfig.defaults())
                            .sent(fr -> fr < before || fr >= before + gap)
                            .keepOpen()
                            .run(before + gap + FPS * 8);
            sum.add(f, 7);
        }
        return sum;
    }

    // ------------------------------------------------------------------ 6. first frame

    /**
     * A stream's first frame has 5 real (standing or walking) boxes and 3 false positives that never
     * come again. Truth per run: 5 tracks, no false one.
     */
    static Sum firstFrame(int seeds) {
        Sum sum = new Sum();
        for (long seed = 1; seed <= seeds; seed++) {
            BoxWorld world = new BoxWorld(W, H, seed * 86028121L);
            world.missRate = 0.03;
            for (int k = 0; k < 5; k++) {
                double w = 20 + 30 * world.random.nextDouble();
                world.add(70 + k * 120, 180, world.random.nextDouble() * 40 - 20, 0, w, w * 2.2, null);
            }
            world.falsePositiveRate = 3.0 / 5;
            BoxWorld.Body first = world.bodies.get(0);
            first.motion =
                    (b, t, dt, wd) -> {
                        wd.falsePositiveRate = 0;
                        b.cx += b.vx * dt;
                    };
            HostileRun.Figures f = new HostileRun(world, TrackerConfig.defaults()).run(FPS * 3);
            sum.add(f, 5);
        }
        return sum;
    }

    // ------------------------------------------------------------------ 7. crowd

    /**
     * {@code objects} boxes (17x40 up to 45x105; a fifth of them 17x40) move at 30-120 px/s in all
     * directions for 20 s, turn back at the frame edges and turn sharply (60-150° within 0.3 s)
     * every 1-4 s; 5 % of detections are missed, 2 % false positives are added, overlapping boxes
     * are merged by NMS. Truth per run: {@code objects} objects.
     */
    static Sum crowd(int objects, int seeds, TrackerConfig config) {
        return crowd(objects, seeds, config, 120, 1, 3, true);
    }

    /**
     * The crowd of the goals: 30-80 px/s, sharp turns every 3-9 s, turning back at the frame
     * edges, misses and false positives; boxes of objects that overlap are all reported (no NMS:
     * where NMS merges two objects' boxes into one, no tracker that sees boxes only can tell which
     * object the box is, and every such merge may swap ids).
     */
    static Sum goalCrowd(int objects, int seeds, TrackerConfig config) {
        Sum sum = new Sum();
        for (long seed = 1; seed <= seeds; seed++) {
            BoxWorld world = crowdWorld(objects, seed, 80, 3, 6);
            world.nmsIou = 1.01;
            sum.add(new HostileRun(world, config).run(FPS * 20), objects);
        }
        return sum;
    }

    /**
     * The crowd with its knobs: top speed (px/s), sharp turns every {@code turnMin} to {@code
     * turnMin + turnSpread} s, and whether the 2 % false positives are added.
     */
    static Sum crowd(
            int objects,
            int seeds,
            TrackerConfig config,
            double maxSpeed,
            double turnMin,
            double turnSpread,
            boolean falsePositives) {
        Sum sum = new Sum();
        for (long seed = 1; seed <= seeds; seed++) {
            BoxWorld world = crowdWorld(objects, seed, maxSpeed, turnMin, turnSpread);
            if (!falsePositives) {
                world.falsePositiveRate = 0;
            }
            HostileRun.Figures f = new HostileRun(world, config).run(FPS * 20);
            sum.add(f, objects);
        }
        return sum;
    }

    static BoxWorld crowdWorld(
            int objects, long seed, double maxSpeed, double turnMin, double turnSpread) {
        BoxWorld world = new BoxWorld(W, H, seed * 122949829L);
        world.missRate = 0.05;
        world.falsePositiveRate = 0.02;
        for (int k = 0; k < objects; k++) {
            double w = k % 5 == 0 ? 17 : 17 + 28 * world.random.nextDouble();
            double h = k % 5 == 0 ? 40 : w * (2.0 + 0.4 * world.random.nextDouble());
            double speed = 30 + (maxSpeed - 30) * world.random.nextDouble();
            double angle = world.random.nextDouble() * 2 * Math.PI;
            BoxWorld.Body b =
                    world.add(
                            w / 2 + world.random.nextDouble() * (W - w),
                            h / 2 + world.random.nextDouble() * (H - h),
                            speed * Math.cos(angle),
                            speed * Math.sin(angle),
                            w,
                            h,
                            null);
            double[] nextTurn = {turnMin + turnSpread * world.random.nextDouble()};
            double[] turning = {0, 0}; // radians per second, until
            b.motion =
                    (body, t, dt, wd) -> {
                        if (t >= nextTurn[0]) {
                            double total = Math.toRadians(60 + 90 * wd.random.nextDouble());
                            turning[0] = (wd.random.nextBoolean() ? 1 : -1) * total / 0.3;
                            turning[1] = t + 0.3;
                            nextTurn[0] = t + turnMin + turnSpread * wd.random.nextDouble();
                        }
                        if (t < turning[1]) {
                            double a = turning[0] * dt;
                            double vx = body.vx * Math.cos(a) - body.vy * Math.sin(a);
                            double vy = body.vx * Math.sin(a) + body.vy * Math.cos(a);
                            body.vx = vx;
                            body.vy = vy;
                        }
                        BoxWorld.bounce(body, dt, wd.width, wd.height);
                    };
        }
        return world;
    }

    // ------------------------------------------------------------------ report

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<String> rows = new ArrayList<>();
        for (double[] s : new double[][] {{20, 40, 3}, {30, 60, 3}, {60, 120, 3}, {20, 40, 5}}) {
            rows.add(
                    String.format(
                            Locale.ROOT,
                            "1 line   %3.0fx%-3.0f ±%.0f px (truth/run: in 0 out 1, zone in 1)   %s",
                            s[0], s[1], s[2], standingOnLine(s[0], s[1], s[2], seeds)));
        }
        for (double widths : new double[] {1.0, 1.5}) {
            rows.add(
                    String.format(
                            Locale.ROOT,
                            "2 fast   %.1f widths/frame (truth/run: 4 objects, 4 crossings)   %s",
                            widths, fastObjects(widths, seeds)));
        }
        double[][] occlusions = {{1.0, 1500}, {1.4, 1500}, {2.0, 3000}, {2.8, 3000}};
        for (double[] o : occlusions) {
            for (double[] size : new double[][] {{40, 90}, {20, 45}}) {
                rows.add(
                        String.format(
                                Locale.ROOT,
                                "3 occl   %3.0fx%-3.0f hidden %.1f s lost %4.0f ms (truth/run: 1 id, 1 entered,"
                                        + " 1 left)   %s",
                                size[0], size[1], o[0], o[1],
                                occlusion(size[0], size[1], o[0], (long) o[1], seeds)));
            }
        }
        rows.add("4 stale  (truth/run: 4 objects, 4 ids)   " + staleTrack(seeds * 2));
        for (double gap : new double[] {1, 3, 6, 9.5, 12}) {
            rows.add(
                    String.format(
                            Locale.ROOT,
                            "5 outage %4.1f s (truth/run: 7 entered, 0 left up to 10 s)   %s",
                            gap, reconnect(gap, seeds)));
        }
        rows.add("6 first  (truth/run: 5 entered, 0 false)   " + firstFrame(seeds));
        rows.add(
                "7 goal   30 objects 20 s, 30-80 px/s, turns every 3-9 s, no NMS   "
                        + goalCrowd(30, seeds, TrackerConfig.defaults()));
        rows.add(
                "7 crowd  30 objects 20 s, 30-80 px/s, turns every 3-9 s   "
                        + crowd(30, seeds, TrackerConfig.defaults(), 80, 3, 6, true));
        rows.add(
                "7 crowd  30 objects 20 s, 30-60 px/s, no turns   "
                        + crowd(30, seeds, TrackerConfig.defaults(), 60, 100, 1, true));
        rows.add("7 crowd  30 objects 20 s, 30-120 px/s, turns every 1-4 s   " + crowd(30, seeds, TrackerConfig.defaults()));
        rows.add("7 crowd  50 objects 20 s   " + crowd(50, seeds, TrackerConfig.defaults()));
        rows.forEach(System.out::println);
    }
}
