package io.streamyolo.scene;

import io.streamyolo.model.Detection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * CLEAR-MOT and identity metrics of a tracker's output against ground truth with identities, as
 * MOTChallenge computes them (py-motmetrics, TrackEval).
 *
 * <p>Per frame, a ground-truth object and a track box may match when their IoU is at least the
 * threshold (0.5; same class too if class-aware). A pair matched in the object's previous matched
 * frame is kept while it still qualifies (the CLEAR-MOT continuation rule); the rest are paired by
 * a Hungarian assignment that maximises the total IoU. Then: an unmatched object is a false
 * negative, an unmatched track box a false positive, an object matched to another track than at
 * its previous match an identity switch, and each time an object's tracking stops and resumes
 * later (among the frames it is in the truth) a fragmentation. MOTA = 1 - (FN + FP + IDSW) / GT.
 * IDF1 comes from one global one-to-one assignment of object ids to track ids that maximises the
 * number of frames in which the paired boxes overlap by the threshold (IDTP): IDF1 = 2 IDTP / (2
 * IDTP + IDFP + IDFN).
 *
 * <p>Only the frames added count: add the frames the tracker processed (with an empty list when it
 * output nothing), in any order. Boxes that may be found but need not be (objects barely visible)
 * go in {@code ignored}: a track box that matches one is dropped from the frame before anything
 * else, so that it is neither a false positive nor a match (TrackEval's distractor rule).
 *
 * <pre>{@code
 * MotMetrics metrics = new MotMetrics();
 * for (int f : processedFrames) {
 *     metrics.addSceneFrame(f, scene.groundTruth(f), tracksOf(f));
 * }
 * MotMetrics.Result r = metrics.result();
 * assertThat(r.mota()).as("%s", r).isGreaterThan(0.8);
 * }</pre>
 */
public final class MotMetrics {

    /** A box with an identity: the ground-truth object id, or the track id. */
    public record Box(int id, int classId, float x1, float y1, float x2, float y2) {

        /** A ground-truth box of a {@link TrackingScene}, its object id as id. */
        public static Box of(TrackedBox box) {
            return new Box(box.objectId(), box.classId(), box.x1(), box.y1(), box.x2(), box.y2());
        }
    }

    /**
     * All figures. {@code gt} and {@code hypotheses} count boxes over the frames added (hypotheses
     * after dropping those on ignored boxes); {@code gtObjects} and {@code tracks} count distinct
     * ids. MT / PT / ML: objects tracked in at least 80%, 20 to 80%, at most 20% of their frames.
     * MOTP is the mean IoU of the matches (higher is better). MOTA and the ID ratios are NaN where
     * their denominator is 0.
     */
    public record Result(
            int frames, int gt, int hypotheses, int gtObjects, int tracks,
            int matches, int falseNegatives, int falsePositives, int idSwitches, int fragmentations,
            int mostlyTracked, int partiallyTracked, int mostlyLost,
            double mota, double motp, int idtp, int idfp, int idfn, double idf1, double idp, double idr) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "MOTA %.3f IDF1 %.3f MOTP %.3f | frames %d, GT %d (%d objects), hyp %d (%d tracks) | "
                            + "TP %d FN %d FP %d IDSW %d FM %d | MT %d PT %d ML %d | IDTP %d IDFP %d IDFN %d IDP %.3f IDR %.3f",
                    mota, idf1, motp, frames, gt, gtObjects, hypotheses, tracks,
                    matches, falseNegatives, falsePositives, idSwitches, fragmentations,
                    mostlyTracked, partiallyTracked, mostlyLost, idtp, idfp, idfn, idp, idr);
        }
    }

    private record Frame(List<Box> truth, List<Box> ignored, List<Box> hypotheses) {}

    private final float iouThreshold;
    private final boolean classAware;
    private final SortedMap<Integer, Frame> frames = new TreeMap<>();

    /** IoU threshold 0.5, class-agnostic (the MOTChallenge setting). */
    public MotMetrics() {
        this(0.5f, false);
    }

    /** @param classAware whether a box matches only a box of the same class */
    public MotMetrics(float iouThreshold, boolean classAware) {
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("IoU threshold must be in (0, 1], got " + iouThreshold);
        }
        this.iouThreshold = iouThreshold;
        this.classAware = classAware;
    }

    /** Adds a frame: the objects to find and the tracker's boxes. */
    public MotMetrics addFrame(int frameIndex, List<Box> truth, List<Box> hypotheses) {
        return addFrame(frameIndex, truth, List.of(), hypotheses);
    }

    /** Adds a frame with boxes that may be found but need not be (see the class comment). */
    public MotMetrics addFrame(int frameIndex, List<Box> truth, List<Box> ignored, List<Box> hypotheses) {
        checkUniqueIds(frameIndex, truth, "ground-truth");
        checkUniqueIds(frameIndex, hypotheses, "track");
        if (frames.putIfAbsent(frameIndex, new Frame(List.copyOf(truth), List.copyOf(ignored), List.copyOf(hypotheses))) != null) {
            throw new IllegalArgumentException("Frame " + frameIndex + " was added already");
        }
        return this;
    }

    /**
     * Adds a frame of a {@link TrackingScene}: its visible objects are the truth, the others (in
     * the frame but less than {@link TrackedBox#VISIBLE_FRACTION} visible) are ignored.
     */
    public MotMetrics addSceneFrame(int frameIndex, List<TrackedBox> groundTruth, List<Box> hypotheses) {
        List<Box> truth = new ArrayList<>();
        List<Box> ignored = new ArrayList<>();
        for (TrackedBox box : groundTruth) {
            (box.visible() ? truth : ignored).add(Box.of(box));
        }
        return addFrame(frameIndex, truth, ignored, hypotheses);
    }

    public Result result() {
        int gt = 0;
        int hyp = 0;
        int matches = 0;
        int fn = 0;
        int fp = 0;
        int idsw = 0;
        int fragmentations = 0;
        double iouSum = 0;
        Map<Integer, Integer> lastTrack = new HashMap<>();
        // Per object: whether it was matched in its previous frame in the truth.
        Map<Integer, Boolean> trackedBefore = new HashMap<>();
        Map<Integer, int[]> coverage = new LinkedHashMap<>();
        Set<Integer> trackIds = new HashSet<>();
        // IDF1: per (object, track) pair, the frames in which their boxes overlap enough.
        Map<Long, Integer> overlaps = new HashMap<>();
        for (Frame frame : frames.values()) {
            List<Box> truth = frame.truth;
            List<Box> hyps = dropIgnored(frame);
            gt += truth.size();
            hyp += hyps.size();
            hyps.forEach(h -> trackIds.add(h.id));
            for (Box g : truth) {
                for (Box h : hyps) {
                    if (iou(g, h) >= iouThreshold && sameClass(g, h)) {
                        overlaps.merge(pairKey(g.id, h.id), 1, Integer::sum);
                    }
                }
            }
            int[] match = match(truth, hyps, lastTrack);
            for (int i = 0; i < truth.size(); i++) {
                Box g = truth.get(i);
                int[] c = coverage.computeIfAbsent(g.id, id -> new int[2]);
                c[0]++;
                boolean matched = match[i] >= 0;
                Boolean before = trackedBefore.put(g.id, matched);
                if (!matched) {
                    fn++;
                    continue;
                }
                Box h = hyps.get(match[i]);
                c[1]++;
                matches++;
                iouSum += iou(g, h);
                Integer previous = lastTrack.put(g.id, h.id);
                if (previous != null && previous != h.id) {
                    idsw++;
                }
                // Tracked before, then lost, now tracked again.
                if (previous != null && before != null && !before) {
                    fragmentations++;
                }
            }
            fp += hyps.size() - (int) Arrays.stream(match).filter(j -> j >= 0).count();
        }
        int mt = 0;
        int ml = 0;
        for (int[] c : coverage.values()) {
            double ratio = (double) c[1] / c[0];
            if (ratio >= 0.8) {
                mt++;
            } else if (ratio <= 0.2) {
                ml++;
            }
        }
        int idtp = identityTruePositives(overlaps, coverage.keySet(), trackIds);
        int idfp = hyp - idtp;
        int idfn = gt - idtp;
        return new Result(frames.size(), gt, hyp, coverage.size(), trackIds.size(),
                matches, fn, fp, idsw, fragmentations, mt, coverage.size() - mt - ml, ml,
                gt == 0 ? Double.NaN : 1 - (double) (fn + fp + idsw) / gt,
                matches == 0 ? Double.NaN : iouSum / matches,
                idtp, idfp, idfn,
                gt + hyp == 0 ? Double.NaN : 2.0 * idtp / (gt + hyp),
                hyp == 0 ? Double.NaN : (double) idtp / hyp,
                gt == 0 ? Double.NaN : (double) idtp / gt);
    }

    // ------------------------------------------------------------------------------------------

    /** The frame's track boxes less those that a Hungarian match pairs with an ignored box. */
    private List<Box> dropIgnored(Frame frame) {
        if (frame.ignored.isEmpty() || frame.hypotheses.isEmpty()) {
            return frame.hypotheses;
        }
        List<Box> all = new ArrayList<>(frame.truth);
        all.addAll(frame.ignored);
        int[] match = HungarianAssignment.maximise(iouWeights(all, frame.hypotheses), frame.hypotheses.size());
        Set<Integer> dropped = new HashSet<>();
        for (int i = frame.truth.size(); i < all.size(); i++) {
            if (match[i] >= 0) {
                dropped.add(match[i]);
            }
        }
        List<Box> kept = new ArrayList<>();
        for (int j = 0; j < frame.hypotheses.size(); j++) {
            if (!dropped.contains(j)) {
                kept.add(frame.hypotheses.get(j));
            }
        }
        return kept;
    }

    /** Per truth box, the index of its matched track box or -1: continuation first, then Hungarian. */
    private int[] match(List<Box> truth, List<Box> hyps, Map<Integer, Integer> lastTrack) {
        int[] match = new int[truth.size()];
        Arrays.fill(match, -1);
        boolean[] taken = new boolean[hyps.size()];
        for (int i = 0; i < truth.size(); i++) {
            Integer previous = lastTrack.get(truth.get(i).id);
            for (int j = 0; previous != null && j < hyps.size(); j++) {
                Box h = hyps.get(j);
                if (!taken[j] && h.id == previous && iou(truth.get(i), h) >= iouThreshold && sameClass(truth.get(i), h)) {
                    match[i] = j;
                    taken[j] = true;
                    break;
                }
            }
        }
        double[][] weights = iouWeights(truth, hyps);
        for (int i = 0; i < truth.size(); i++) {
            for (int j = 0; j < hyps.size(); j++) {
                if (match[i] >= 0 || taken[j]) {
                    weights[i][j] = 0;
                }
            }
        }
        int[] assigned = HungarianAssignment.maximise(weights, hyps.size());
        for (int i = 0; i < truth.size(); i++) {
            if (match[i] < 0) {
                match[i] = assigned[i];
            }
        }
        return match;
    }

    /** IoU where a pair may match, else 0. */
    private double[][] iouWeights(List<Box> truth, List<Box> hyps) {
        double[][] weights = new double[truth.size()][hyps.size()];
        for (int i = 0; i < truth.size(); i++) {
            for (int j = 0; j < hyps.size(); j++) {
                float iou = iou(truth.get(i), hyps.get(j));
                weights[i][j] = iou >= iouThreshold && sameClass(truth.get(i), hyps.get(j)) ? iou : 0;
            }
        }
        return weights;
    }

    private static int identityTruePositives(Map<Long, Integer> overlaps, Set<Integer> objects, Set<Integer> tracks) {
        List<Integer> objectIds = new ArrayList<>(objects);
        List<Integer> trackIds = new ArrayList<>(tracks);
        double[][] weights = new double[objectIds.size()][trackIds.size()];
        for (int i = 0; i < objectIds.size(); i++) {
            for (int j = 0; j < trackIds.size(); j++) {
                weights[i][j] = overlaps.getOrDefault(pairKey(objectIds.get(i), trackIds.get(j)), 0);
            }
        }
        int[] assigned = HungarianAssignment.maximise(weights, trackIds.size());
        int idtp = 0;
        for (int i = 0; i < assigned.length; i++) {
            if (assigned[i] >= 0) {
                idtp += (int) weights[i][assigned[i]];
            }
        }
        return idtp;
    }

    private boolean sameClass(Box a, Box b) {
        return !classAware || a.classId == b.classId;
    }

    private static float iou(Box a, Box b) {
        return Detection.iou(a.x1, a.y1, a.x2, a.y2, b.x1, b.y1, b.x2, b.y2);
    }

    private static long pairKey(int objectId, int trackId) {
        return ((long) objectId << 32) | (trackId & 0xFFFFFFFFL);
    }

    private static void checkUniqueIds(int frameIndex, List<Box> boxes, String kind) {
        Set<Integer> ids = new HashSet<>();
        for (Box box : boxes) {
            if (!ids.add(box.id)) {
                throw new IllegalArgumentException("Frame " + frameIndex + " has " + kind + " id " + box.id + " twice");
            }
        }
    }
}
