package io.streamyolo.bench;

import io.streamyolo.track.Scene;
import io.streamyolo.track.StreamTracker;
import io.streamyolo.track.TrackInput;
import io.streamyolo.track.TrackerConfig;
import io.streamyolo.track.TrackerStateCodec;
import io.streamyolo.track.zone.InSide;
import io.streamyolo.track.zone.Line;
import io.streamyolo.track.zone.Point;
import io.streamyolo.track.zone.Zone;

import java.util.Arrays;
import java.util.List;

/**
 * Tracker cost per frame with 0, 10, 50 and 200 objects, 2 zones and 2 lines; a plain {@code main}, not
 * a unit test, because timings on a shared CI machine are not assertions.
 *
 * <p>Run: {@code bin/bench-tracker [FRAMES]} (default 20,000).
 */
public final class TrackerBenchmark {

    private static final int WARMUP_FRAMES = 5_000;

    private TrackerBenchmark() {}

    public static void main(String[] args) {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        System.out.printf(
                "%8s %10s %10s %10s %10s %12s%n",
                "objects", "mean_us", "p50_us", "p99_us", "max_us", "state_bytes");
        for (int objects : new int[] {0, 10, 50, 200}) {
            run(objects, WARMUP_FRAMES, false);
            run(objects, frames, true);
        }
    }

    private static void run(int objects, int frames, boolean report) {
        Scene scene = new Scene(1920, 1080, 42).addRandom(objects, 200);
        StreamTracker tracker = new StreamTracker(TrackerConfig.defaults());
        tracker.setZones(
                List.of(
                        new Zone(
                                "left",
                                List.of(
                                        new Point(0, 0),
                                        new Point(0.4, 0),
                                        new Point(0.4, 1),
                                        new Point(0, 1))),
                        new Zone(
                                "centre",
                                List.of(
                                        new Point(0.3, 0.3),
                                        new Point(0.7, 0.3),
                                        new Point(0.8, 0.7),
                                        new Point(0.2, 0.7)))));
        tracker.setLines(
                List.of(
                        new Line("vertical", new Point(0.5, 0), new Point(0.5, 1), InSide.RIGHT),
                        new Line("horizontal", new Point(0, 0.5), new Point(1, 0.5), InSide.LEFT)));
        long[] nanos = new long[frames];
        long sink = 0;
        long time = 0;
        for (int f = 0; f < frames; f++) {
            List<TrackInput> dets = scene.observe(3, 0.1);
            long start = System.nanoTime();
            sink += tracker.update(time, scene.width, scene.height, dets).events().size();
            nanos[f] = System.nanoTime() - start;
            time += 33;
            scene.advance(33);
        }
        if (!report) {
            return;
        }
        int stateBytes = TrackerStateCodec.encode(tracker).length;
        long total = 0;
        for (long n : nanos) {
            total += n;
        }
        Arrays.sort(nanos);
        System.out.printf(
                "%8d %10.2f %10.2f %10.2f %10.2f %12d%n",
                objects,
                total / 1e3 / frames,
                nanos[frames / 2] / 1e3,
                nanos[(int) (frames * 0.99)] / 1e3,
                nanos[frames - 1] / 1e3,
                stateBytes);
        if (sink < 0) {
            System.out.println(sink); // keeps the JIT from discarding the work
        }
    }
}
