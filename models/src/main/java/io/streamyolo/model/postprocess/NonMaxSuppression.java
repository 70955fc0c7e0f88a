package io.streamyolo.model.postprocess;

import io.streamyolo.model.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Class-aware greedy non-maximum suppression: boxes of different classes never suppress each other. */
public final class NonMaxSuppression {

    private NonMaxSuppression() {}

    /**
     * Keeps the most confident boxes, dropping any box that overlaps a kept box of the same class
     * by more than {@code iouThreshold}.
     *
     * @return at most {@code maxDetections} boxes, most confident first
     */
    public static List<Detection> apply(List<Detection> candidates, float iouThreshold, int maxDetections) {
        List<Detection> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Detection::confidence).reversed());
        List<Detection> kept = new ArrayList<>();
        boolean[] suppressed = new boolean[sorted.size()];
        for (int i = 0; i < sorted.size() && kept.size() < maxDetections; i++) {
            if (suppressed[i]) {
                continue;
            }
            Detection best = sorted.get(i);
            kept.add(best);
            for (int j = i + 1; j < sorted.size(); j++) {
                Detection other = sorted.get(j);
                if (!suppressed[j] && other.classId() == best.classId() && best.iou(other) > iouThreshold) {
                    suppressed[j] = true;
                }
            }
        }
        return kept;
    }
}
