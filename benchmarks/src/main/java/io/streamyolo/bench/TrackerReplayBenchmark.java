package io.streamyolo.bench;

import io.streamyolo.model.BgrFrame;
import io.streamyolo.model.Detection;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.testing.ShippedModels;
import io.streamyolo.model.YoloDetector;
import io.streamyolo.scene.BoxAnchor;
import io.streamyolo.scene.MotMetrics;
import io.streamyolo.scene.SceneEvent;
import io.streamyolo.scene.SceneRect;
import io.streamyolo.scene.SceneVideo;
import io.streamyolo.scene.TrackedBox;
import io.streamyolo.scene.TrackingScene;
import io.streamyolo.track.FrameResult;
import io.streamyolo.track.StreamTracker;
import io.streamyolo.track.TrackBox;
import io.streamyolo.track.TrackEvent;
import io.streamyolo.track.TrackInput;
import io.streamyolo.track.TrackerConfig;
import io.streamyolo.track.zone.InSide;
import io.streamyolo.track.zone.Line;
import io.streamyolo.track.zone.Point;
import io.streamyolo.track.zone.Zone;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Replays the shipped shapes model's detections of the standard tracking scene through a {@link
 * StreamTracker} and prints how well it tracks: MOTA, IDF1, ID switches (IDSW), fragmentations
 * (FM), false positives and negatives, {@code object_entered} against the true objects, line
 * crossings and zone entries against the scene's, the number of track ids, and {@code class}: of
 * the tracks, how many name the class of the true object they followed most in their {@code
 * object_entered} / {@code object_left}.
 *
 * <p>The first run detects each scene's 600 frames on the CPU (about a minute each) and caches the
 * boxes (confidence floor 0.1, as the job feeds the tracker) in the cache directory; later runs
 * replay in a second, so tracker changes can be compared quickly. Each scene is replayed at its
 * full 15 fps ({@code all}); with every other frame dropped ({@code every2}) and with 30% of the
 * frames dropped at random ({@code drop30}), as a busy job drops them; and as a camera with {@code
 * detect_interval} 2 and 3 ({@code interval2}, {@code interval3}): the tracker sees one frame in N
 * and the frames between are scored on the boxes {@link StreamTracker#predict} gives them, as the
 * job publishes them. The {@code oracle} row gives each detection the identity of the true object
 * it overlaps most: the best any tracker can do with these boxes. Hypotheses are the detections the
 * tracker gave a track id.
 *
 * <p>Run with {@code bin/bench-tracker --replay [CACHE_DIR]}. Options (system properties, through
 * {@code JAVA_OPTS}): {@code -Dseeds=7,11,3} (default 7 and 11), {@code -Dvideo=true} to detect on
 * the scene's H.264 video as a camera sends it rather than on rendered frames, and {@code
 * -Dtrack.minHits}, {@code -Dtrack.lostTimeoutMs}, {@code -Dtrack.classMismatchCost} to compare
 * settings. CACHE_DIR defaults to {@code target/tracker-replay} in the benchmarks module.
 */
public final class TrackerReplayBenchmark {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int FRAMES = 600;
    private static final int FPS = 15;
    /** The scene seeds: 7 and 11 unless {@code -Dseeds=7,11,3} says otherwise. */
    private static final long[] SEEDS = Arrays.stream(System.getProperty("seeds", "7,11").split(","))
            .mapToLong(Long::parseLong).toArray();
    private static final float CONFIDENCE_FLOOR = 0.1f;
    /** A cached detection run must find at least this share of the visible objects (any class). */
    private static final double MIN_RECALL = 0.9;

    /** The tracker's line: the scene's standard line, left-to-right is "in". */
    private static final Line LINE = new Line("mid", new Point(0.5, 0), new Point(0.5, 1), InSide.LEFT);

    /** The tracker's zone: the scene's standard zone. */
    private static final Zone ZONE = zone(TrackingScene.STANDARD_ZONE);

    private TrackerReplayBenchmark() {}

    /**
     * A way of feeding the tracker: which frame indices it gets ({@code keeps}), and whether the
     * frames it does not get are scored on its predictions (a camera's {@code detectInterval} above
     * 1, which the tracker is told) or not at all (1: frames a busy job dropped).
     */
    private record Variant(String name, IntPredicate keeps, int detectInterval) {
        boolean predicts() {
            return detectInterval > 1;
        }
    }

    /**
     * The figures of one replay. {@code enteredClassOk} and {@code leftClassOk}: tracks whose
     * {@code object_entered} and {@code object_left} name the class of the true object the track
     * followed most.
     */
    private record Row(MotMetrics.Result mot, int entered, int in, int out, int zoneEntered, int enteredClassOk,
            int leftClassOk) {}

    public static void main(String[] args) throws Exception {
        Path cache = Path.of(args.length > 0 ? args[0] : "target/tracker-replay");
        boolean video = Boolean.getBoolean("video");
        TrackerConfig config = config();
        System.out.println("tracker " + config);
        for (long seed : SEEDS) {
            TrackingScene scene = TrackingScene.standard(seed, WIDTH, HEIGHT, FRAMES, FPS);
            List<List<Detection>> detections = detections(scene, cache, video);
            List<SceneEvent> crossings = scene.crossings(TrackingScene.STANDARD_LINE, BoxAnchor.BOTTOM_CENTER);
            long trueIn = crossings.stream().filter(e -> e.type() == SceneEvent.Type.LINE_CROSSED_IN).count();
            long trueOut = crossings.stream().filter(e -> e.type() == SceneEvent.Type.LINE_CROSSED_OUT).count();
            long trueZone = scene.zoneEvents(TrackingScene.STANDARD_ZONE, BoxAnchor.BOTTOM_CENTER).stream()
                    .filter(e -> e.type() == SceneEvent.Type.ZONE_ENTERED).count();
            System.out.printf(Locale.ROOT,
                    "%nseed %d (%s frames): %d objects, crossings in %d / out %d, zone entered %d%n", seed,
                    video ? "video" : "rendered", scene.objectCount(), trueIn, trueOut, trueZone);
            System.out.printf(Locale.ROOT, "%-8s %6s %6s %5s %5s %5s %5s %8s %8s %5s %6s %9s%n",
                    "variant", "MOTA", "IDF1", "IDSW", "FM", "FP", "FN", "entered", "in/out", "zone", "tracks",
                    "class");
            Random random = new Random(seed);
            boolean[] randomKeep = new boolean[FRAMES];
            for (int i = 0; i < FRAMES; i++) {
                randomKeep[i] = i == 0 || random.nextDouble() >= 0.3;
            }
            List<Variant> variants = List.of(
                    new Variant("oracle", i -> true, 1),
                    new Variant("all", i -> true, 1),
                    new Variant("every2", i -> i % 2 == 0, 1),
                    new Variant("drop30", i -> randomKeep[i], 1),
                    new Variant("interval2", i -> i % 2 == 0, 2),
                    new Variant("interval3", i -> i % 3 == 0, 3));
            for (Variant v : variants) {
                Row r = v.name.equals("oracle") ? oracle(scene, detections)
                        : replay(scene, detections, v, config);
                System.out.printf(Locale.ROOT, "%-8s %6.3f %6.3f %5d %5d %5d %5d %8s %8s %5d %6d %9s%n", v.name,
                        r.mot.mota(), r.mot.idf1(), r.mot.idSwitches(), r.mot.fragmentations(),
                        r.mot.falsePositives(), r.mot.falseNegatives(), r.entered + "/" + scene.objectCount(),
                        r.in + "/" + r.out, r.zoneEntered, r.mot.tracks(), r.enteredClassOk + "/" + r.leftClassOk);
            }
        }
    }

    /**
     * The tracker's defaults, with any of {@code -Dtrack.minHits}, {@code -Dtrack.lostTimeoutMs} and
     * {@code -Dtrack.classMismatchCost} to compare settings.
     */
    private static TrackerConfig config() {
        TrackerConfig.Builder builder = TrackerConfig.builder();
        if (System.getProperty("track.minHits") != null) {
            builder.setMinHits(Integer.getInteger("track.minHits"));
        }
        if (System.getProperty("track.lostTimeoutMs") != null) {
            builder.setLostTimeoutMs(Long.getLong("track.lostTimeoutMs"));
        }
        if (System.getProperty("track.classMismatchCost") != null) {
            builder.setClassMismatchCost(Float.parseFloat(System.getProperty("track.classMismatchCost")));
        }
        return builder.build();
    }

    /**
     * Replays the kept frames at their capture times through a fresh tracker with the line and zone
     * set; with {@code variant.predicts()}, the other frames are scored on the tracker's predictions.
     */
    private static Row replay(TrackingScene scene, List<List<Detection>> detections, Variant variant,
            TrackerConfig config) {
        StreamTracker tracker = new StreamTracker(config);
        tracker.setLines(List.of(LINE));
        tracker.setZones(List.of(ZONE));
        tracker.setDetectInterval(variant.detectInterval);
        MotMetrics metrics = new MotMetrics();
        int entered = 0;
        int in = 0;
        int out = 0;
        int zoneEntered = 0;
        Map<Long, Integer> enteredClass = new HashMap<>();
        Map<Long, Integer> leftClass = new HashMap<>();
        // Per track: how often its boxes matched each true object (IoU 0.5), to find its object.
        Map<Long, Map<Integer, Integer>> objectVotes = new HashMap<>();
        long lastTime = 0;
        int lastKept = scene.frames() - 1;
        while (!variant.keeps.test(lastKept)) {
            lastKept--;
        }
        for (int f = 0; f < scene.frames(); f++) {
            if (!variant.keeps.test(f)) {
                if (variant.predicts()) {
                    List<MotMetrics.Box> predicted = new ArrayList<>();
                    for (TrackBox b : tracker.predict(captureMillis(f))) {
                        predicted.add(new MotMetrics.Box((int) b.trackId(), b.classId(), b.box().x1(), b.box().y1(),
                                b.box().x2(), b.box().y2()));
                    }
                    metrics.addSceneFrame(f, scene.groundTruth(f), predicted);
                }
                continue;
            }
            List<Detection> dets = detections.get(f);
            List<TrackInput> inputs = new ArrayList<>(dets.size());
            for (Detection d : dets) {
                inputs.add(new TrackInput(d.x1(), d.y1(), d.x2(), d.y2(), d.classId(), d.confidence()));
            }
            lastTime = captureMillis(f);
            FrameResult r = tracker.update(lastTime, scene.width(), scene.height(), inputs);
            List<TrackedBox> truth = scene.groundTruth(f);
            List<MotMetrics.Box> hypotheses = new ArrayList<>();
            for (int i = 0; i < dets.size(); i++) {
                long id = r.trackId(i);
                if (id >= 0) {
                    Detection d = dets.get(i);
                    hypotheses.add(new MotMetrics.Box((int) id, d.classId(), d.x1(), d.y1(), d.x2(), d.y2()));
                    for (TrackedBox g : truth) {
                        if (Detection.iou(g.x1(), g.y1(), g.x2(), g.y2(), d.x1(), d.y1(), d.x2(), d.y2()) >= 0.5f) {
                            objectVotes.computeIfAbsent(id, k -> new HashMap<>()).merge(g.objectId(), 1, Integer::sum);
                        }
                    }
                }
            }
            metrics.addSceneFrame(f, truth, hypotheses);
            List<TrackEvent> events = new ArrayList<>(r.events());
            if (f == lastKept) {
                events.addAll(tracker.closeAll(lastTime));
            }
            for (TrackEvent e : events) {
                if (e.kind() == TrackEvent.Kind.OBJECT_LEFT) {
                    leftClass.put(e.trackId(), e.classId());
                } else if (e.kind() == TrackEvent.Kind.OBJECT_ENTERED) {
                    entered++;
                    enteredClass.put(e.trackId(), e.classId());
                } else if (e.kind() == TrackEvent.Kind.ZONE_ENTERED) {
                    zoneEntered++;
                } else if (e.kind() == TrackEvent.Kind.LINE_CROSSED) {
                    if (e.direction() == TrackEvent.Direction.IN) {
                        in++;
                    } else {
                        out++;
                    }
                }
            }
        }
        int enteredOk = 0;
        int leftOk = 0;
        for (Map.Entry<Long, Integer> e : enteredClass.entrySet()) {
            Map<Integer, Integer> votes = objectVotes.getOrDefault(e.getKey(), Map.of());
            int object = votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(-1);
            int trueClass = object < 0 ? -1 : classOf(scene, object);
            enteredOk += e.getValue() == trueClass ? 1 : 0;
            leftOk += leftClass.getOrDefault(e.getKey(), -2) == trueClass ? 1 : 0;
        }
        return new Row(metrics.result(), entered, in, out, zoneEntered, enteredOk, leftOk);
    }

    /** The class of a true object, from the first frame it is in. */
    private static int classOf(TrackingScene scene, int objectId) {
        for (int f = 0; f < scene.frames(); f++) {
            for (TrackedBox g : scene.groundTruth(f)) {
                if (g.objectId() == objectId) {
                    return g.classId();
                }
            }
        }
        return -1;
    }

    /**
     * Every frame, each detection with the id of the true object it overlaps most (IoU at least 0.5,
     * each object once, best pairs first): perfect identities on the detector's boxes.
     */
    private static Row oracle(TrackingScene scene, List<List<Detection>> detections) {
        MotMetrics metrics = new MotMetrics();
        for (int f = 0; f < scene.frames(); f++) {
            List<TrackedBox> truth = scene.groundTruth(f);
            List<Detection> dets = detections.get(f);
            List<MotMetrics.Box> hypotheses = new ArrayList<>();
            boolean[] usedTruth = new boolean[truth.size()];
            boolean[] usedDet = new boolean[dets.size()];
            while (true) {
                int bestT = -1;
                int bestD = -1;
                float best = 0.5f;
                for (int t = 0; t < truth.size(); t++) {
                    for (int d = 0; d < dets.size(); d++) {
                        if (!usedTruth[t] && !usedDet[d]) {
                            TrackedBox g = truth.get(t);
                            Detection x = dets.get(d);
                            float iou = Detection.iou(g.x1(), g.y1(), g.x2(), g.y2(), x.x1(), x.y1(), x.x2(), x.y2());
                            if (iou >= best) {
                                best = iou;
                                bestT = t;
                                bestD = d;
                            }
                        }
                    }
                }
                if (bestT < 0) {
                    break;
                }
                usedTruth[bestT] = true;
                usedDet[bestD] = true;
                Detection x = dets.get(bestD);
                hypotheses.add(new MotMetrics.Box(truth.get(bestT).objectId(), x.classId(), x.x1(), x.y1(), x.x2(),
                        x.y2()));
            }
            metrics.addSceneFrame(f, truth, hypotheses);
        }
        return new Row(metrics.result(), scene.objectCount(), 0, 0, 0, scene.objectCount(), scene.objectCount());
    }

    private static Zone zone(SceneRect r) {
        return new Zone("pen", List.of(new Point(r.x1(), r.y1()), new Point(r.x2(), r.y1()), new Point(r.x2(), r.y2()),
                new Point(r.x1(), r.y2())));
    }

    private static long captureMillis(int frame) {
        return 1_000_000L + frame * 1000L / FPS;
    }

    // ------------------------------------------------------------------------------------------

    /** The scene's detections per frame, from the cache or detected now (and cached). */
    private static List<List<Detection>> detections(TrackingScene scene, Path cache, boolean video) throws Exception {
        String source = video ? "-video" : "-rendered";
        Path file = cache.resolve(scene.name() + source + "-floor" + CONFIDENCE_FLOOR + ".tsv");
        if (!Files.isRegularFile(file)) {
            detect(scene, file, video);
        }
        List<List<Detection>> perFrame = new ArrayList<>();
        for (int f = 0; f < scene.frames(); f++) {
            perFrame.add(new ArrayList<>());
        }
        for (String line : Files.readAllLines(file)) {
            String[] p = line.split("\t");
            perFrame.get(Integer.parseInt(p[0])).add(new Detection(Float.parseFloat(p[1]), Float.parseFloat(p[2]),
                    Float.parseFloat(p[3]), Float.parseFloat(p[4]), Integer.parseInt(p[5]), Float.parseFloat(p[6])));
        }
        return perFrame;
    }

    /**
     * Runs the shipped shapes model on every frame, rendered or decoded from the scene's H.264 video
     * (as a camera would send it), one frame per forward pass, and writes one line per box: frame,
     * box, class, confidence. Refuses to cache a run whose recall of the visible objects is
     * implausibly low: on this CPU build, batches of 8 frames once made the detector return no boxes
     * at all after a few dozen frames.
     */
    private static void detect(TrackingScene scene, Path file, boolean video) throws Exception {
        Files.createDirectories(file.getParent());
        System.out.printf("detecting %d frames of %s (cached in %s)%n", scene.frames(), scene.name(), file);
        DetectorConfig config = DetectorConfig.builder().setModelPath(ShippedModels.path(ShippedModels.SHAPES)).optCpu()
                .optConfidenceThreshold(CONFIDENCE_FLOOR).build();
        StringBuilder lines = new StringBuilder();
        int visible = 0;
        int found = 0;
        try (YoloDetector detector = YoloDetector.load(config);
                FFmpegFrameGrabber grabber = video
                        ? new FFmpegFrameGrabber(SceneVideo.write(scene, file.getParent()).toFile()) : null) {
            if (grabber != null) {
                grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
                grabber.start();
            }
            for (int f = 0; f < scene.frames(); f++) {
                List<Detection> boxes = detector.detect(grabber != null ? decoded(grabber, f)
                        : BgrFrame.of(scene.render(f), scene.width(), scene.height()));
                for (Detection d : boxes) {
                    lines.append(String.format(Locale.ROOT, "%d\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%.4f%n", f, d.x1(), d.y1(),
                            d.x2(), d.y2(), d.classId(), d.confidence()));
                }
                for (TrackedBox g : scene.groundTruth(f)) {
                    if (g.visible()) {
                        visible++;
                        found += boxes.stream().anyMatch(d -> Detection.iou(g.x1(), g.y1(), g.x2(), g.y2(),
                                d.x1(), d.y1(), d.x2(), d.y2()) >= 0.5f) ? 1 : 0;
                    }
                }
            }
        }
        double recall = (double) found / Math.max(1, visible);
        System.out.printf(Locale.ROOT, "recall of visible objects (any class, IoU 0.5): %.3f%n", recall);
        if (recall < MIN_RECALL) {
            throw new IllegalStateException("Detector recall " + recall + " is below " + MIN_RECALL
                    + ": the detector misbehaved, not caching " + file);
        }
        Files.writeString(file, lines);
    }

    /** The video's next frame, which must be frame {@code index} of the scene. */
    private static BgrFrame decoded(FFmpegFrameGrabber grabber, int index) throws Exception {
        Frame frame = grabber.grabImage();
        if (frame == null) {
            throw new IllegalStateException("The scene's video ends before frame " + index);
        }
        // Copy: the grabber reuses its frame buffer on the next grab.
        ByteBuffer source = (ByteBuffer) frame.image[0];
        byte[] copy = new byte[frame.imageHeight * frame.imageStride];
        source.duplicate().position(0).get(copy, 0, Math.min(copy.length, source.capacity()));
        return new BgrFrame(ByteBuffer.wrap(copy), frame.imageWidth, frame.imageHeight, frame.imageStride);
    }
}
