package io.streamyolo.model.accuracy;

import io.streamyolo.model.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Matches detections to labelled boxes as PASCAL VOC does: most confident detection first, each
 * to the free labelled box it overlaps most at IoU 0.5 or more. Class is not compared: the caller
 * keeps only the detections of the classes that the labels name. A detection that matches no free
 * box but overlaps a {@code difficult} one is ignored, as is a difficult box left unmatched.
 */
final class BoxMatcher {

    static final float IOU_THRESHOLD = 0.5f;

    /** What the matching of one frame (or the sum of several) found. */
    record Result(int truePositives, int falsePositives, int misses, List<Detection> falseDetections,
            List<TruthBox> missed) {

        static final Result EMPTY = new Result(0, 0, 0, List.of(), List.of());

        Result plus(Result other) {
            List<Detection> fp = new ArrayList<>(falseDetections);
            fp.addAll(other.falseDetections);
            List<TruthBox> fn = new ArrayList<>(missed);
            fn.addAll(other.missed);
            return new Result(truePositives + other.truePositives, falsePositives + other.falsePositives,
                    misses + other.misses, fp, fn);
        }

        /** True positives over detections; 1 when nothing was detected (no detection was wrong). */
        double precision() {
            int detections = truePositives + falsePositives;
            return detections == 0 ? 1.0 : (double) truePositives / detections;
        }

        /** True positives over labelled objects; 1 when there was nothing to find. */
        double recall() {
            int objects = truePositives + misses;
            return objects == 0 ? 1.0 : (double) truePositives / objects;
        }
    }

    private BoxMatcher() {}

    static Result match(List<TruthBox> truth, List<Detection> detections) {
        boolean[] used = new boolean[truth.size()];
        List<Detection> sorted = new ArrayList<>(detections);
        sorted.sort(Comparator.comparingDouble(Detection::confidence).reversed());
        int truePositives = 0;
        List<Detection> falseDetections = new ArrayList<>();
        for (Detection d : sorted) {
            int best = -1;
            float bestIou = IOU_THRESHOLD;
            boolean onDifficult = false;
            for (int t = 0; t < truth.size(); t++) {
                TruthBox g = truth.get(t);
                float iou = Detection.iou(g.x1(), g.y1(), g.x2(), g.y2(), d.x1(), d.y1(), d.x2(), d.y2());
                if (g.difficult()) {
                    onDifficult |= iou >= IOU_THRESHOLD;
                } else if (!used[t] && iou >= bestIou) {
                    best = t;
                    bestIou = iou;
                }
            }
            if (best >= 0) {
                used[best] = true;
                truePositives++;
            } else if (!onDifficult) {
                falseDetections.add(d);
            }
        }
        List<TruthBox> missed = new ArrayList<>();
        for (int t = 0; t < truth.size(); t++) {
            if (!used[t] && !truth.get(t).difficult()) {
                missed.add(truth.get(t));
            }
        }
        return new Result(truePositives, falseDetections.size(), missed.size(), falseDetections, missed);
    }
}
