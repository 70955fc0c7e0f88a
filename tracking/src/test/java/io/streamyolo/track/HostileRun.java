package io.streamyolo.track;

import io.streamyolo.scene.MotMetrics;
import io.streamyolo.track.zone.Line;
import io.streamyolo.track.zone.Zone;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Runs a {@link BoxWorld} through a {@link StreamTracker} and measures what came out against the
 * world's identities: CLEAR-MOT and IDF1 ({@link MotMetrics}, on the detections the tracker gave
 * an id, and again with the predicted boxes of briefly lost tracks added), the ids each body got,
 * the events, and confirmed tracks that followed no body (false tracks).
 */
final class HostileRun {

    /** What one run gave. */
    static final class Figures {
        MotMetrics.Result mot;
        MotMetrics.Result motWithPredicted;
        int entered;
        int left;
        int lineIn;
        int lineOut;
        int zoneEntered;
        int zoneLeft;
        int falseTracks;
        /** Detections of bodies, and of those how many got an id. */
        int bodyDetections;

        int bodyDetectionsWithId;
        /** Per body, the distinct ids its detections got. */
        final Map<Integer, Set<Long>> idsOfBody = new HashMap<>();

        final List<TrackEvent> events = new ArrayList<>();

        int bodiesWithSeveralIds() {
            int n = 0;
            for (Set<Long> ids : idsOfBody.values()) {
                n += ids.size() > 1 ? 1 : 0;
            }
            return n;
        }

        int distinctIds() {
            Set<Long> all = new HashSet<>();
            idsOfBody.values().forEach(all::addAll);
            return all.size();
        }
    }

    private final BoxWorld world;
    private final StreamTracker tracker;
    private int fps = 15;
    private IntPredicate sent = f -> true;
    private boolean closeAtEnd = true;

    HostileRun(BoxWorld world, TrackerConfig config) {
        this.world = world;
        this.tracker = new StreamTracker(config);
    }

    HostileRun lines(List<Line> lines) {
        tracker.setLines(lines);
        return this;
    }

    HostileRun zones(List<Zone> zones) {
        tracker.setZones(zones);
        return this;
    }

    HostileRun fps(int fps) {
        this.fps = fps;
        return this;
    }

    /** Which frames the camera sends at all (the others: an outage, the tracker sees nothing). */
    HostileRun sent(IntPredicate sent) {
        this.sent = sent;
        return this;
    }

    HostileRun keepOpen() {
        closeAtEnd = false;
        return this;
    }

    StreamTracker tracker() {
        return tracker;
    }

    Figures run(int frames) {
        Figures fig = new Figures();
        MotMetrics mot = new MotMetrics();
        MotMetrics motPredicted = new MotMetrics();
        // Per confirmed id: detections of bodies and of false positives.
        Map<Long, int[]> sources = new HashMap<>();
        double dt = 1.0 / fps;
        long timeMs = 0;
        for (int f = 0; f < frames; f++) {
            timeMs = 1_000_000L + Math.round(f * 1000.0 / fps);
            if (sent.test(f)) {
                List<BoxWorld.Observed> obs = world.observe();
                List<TrackInput> inputs = new ArrayList<>(obs.size());
                for (BoxWorld.Observed o : obs) {
                    inputs.add(o.box());
                }
                FrameResult r = tracker.update(timeMs, world.width, world.height, inputs);
                List<MotMetrics.Box> truth = new ArrayList<>();
                for (double[] t : world.truth()) {
                    truth.add(
                            new MotMetrics.Box(
                                    (int) t[0], 0, (float) t[1], (float) t[2], (float) t[3],
                                    (float) t[4]));
                }
                List<MotMetrics.Box> hyp = new ArrayList<>();
                for (int i = 0; i < obs.size(); i++) {
                    long id = r.trackIds()[i];
                    int body = obs.get(i).body();
                    if (body >= 0) {
                        fig.bodyDetections++;
                    }
                    if (id < 0) {
                        continue;
                    }
                    TrackInput d = obs.get(i).box();
                    hyp.add(new MotMetrics.Box((int) id, 0, d.x1(), d.y1(), d.x2(), d.y2()));
                    sources.computeIfAbsent(id, k -> new int[2])[body >= 0 ? 0 : 1]++;
                    if (body >= 0) {
                        fig.bodyDetectionsWithId++;
                        fig.idsOfBody.computeIfAbsent(body, k -> new HashSet<>()).add(id);
                    }
                }
                mot.addFrame(f, truth, hyp);
                List<MotMetrics.Box> withPredicted = new ArrayList<>(hyp);
                withPredicted.addAll(predicted(r));
                motPredicted.addFrame(f, truth, withPredicted);
                fig.events.addAll(r.events());
            }
            world.step(f * dt, dt);
        }
        if (closeAtEnd) {
            fig.events.addAll(tracker.closeAll(timeMs));
        }
        for (TrackEvent e : fig.events) {
            switch (e.kind()) {
                case OBJECT_ENTERED -> fig.entered++;
                case OBJECT_LEFT -> fig.left++;
                case ZONE_ENTERED -> fig.zoneEntered++;
                case ZONE_LEFT -> fig.zoneLeft++;
                case LINE_CROSSED -> {
                    if (e.direction() == TrackEvent.Direction.IN) {
                        fig.lineIn++;
                    } else {
                        fig.lineOut++;
                    }
                }
            }
            if (e.kind() == TrackEvent.Kind.OBJECT_ENTERED) {
                int[] s = sources.getOrDefault(e.trackId(), new int[2]);
                fig.falseTracks += s[0] <= s[1] ? 1 : 0;
            }
        }
        fig.mot = mot.result();
        fig.motWithPredicted = motPredicted.result();
        return fig;
    }

    /**
     * The predicted boxes of the frame, where the tracker reports them ({@code
     * FrameResult.boxes()}, with {@code TrackBox.predicted()}); looked up by name so that the same
     * scenes also measure trackers that have none.
     */
    private static List<MotMetrics.Box> predicted(FrameResult r) {
        List<MotMetrics.Box> out = new ArrayList<>();
        try {
            Method boxes = FrameResult.class.getMethod("boxes");
            for (Object o : (List<?>) boxes.invoke(r)) {
                Method predicted = o.getClass().getMethod("predicted");
                if (!(Boolean) predicted.invoke(o)) {
                    continue;
                }
                long id = (Long) o.getClass().getMethod("trackId").invoke(o);
                Box b = (Box) o.getClass().getMethod("box").invoke(o);
                out.add(new MotMetrics.Box((int) id, 0, b.x1(), b.y1(), b.x2(), b.y2()));
            }
        } catch (NoSuchMethodException e) {
            return out;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
