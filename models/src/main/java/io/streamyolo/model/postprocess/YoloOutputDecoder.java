package io.streamyolo.model.postprocess;

import io.streamyolo.model.Detection;
import io.streamyolo.model.preprocess.Letterbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decodes one image's slice of a YOLO output in the Ultralytics v8/YOLO11 layout, {@code (4 + nc,
 * N)}: rows 0-3 hold cx, cy, w, h in input pixels, rows 4.. hold per-class scores after a sigmoid.
 * Each cell keeps its best class (as Ultralytics does by default), then thresholding, the class
 * filter, class-aware NMS, and the mapping back to frame pixels through the letterbox.
 */
public final class YoloOutputDecoder implements OutputDecoder {

    private final int classCount;
    private final int cells;
    private final float confidenceThreshold;
    private final float iouThreshold;
    private final int maxDetections;
    private final boolean[] keepClass;

    /**
     * @param classFilter class ids to keep, or null for all
     */
    public YoloOutputDecoder(
            int classCount, int cells, float confidenceThreshold, float iouThreshold, int maxDetections,
            Set<Integer> classFilter) {
        this.classCount = classCount;
        this.cells = cells;
        this.confidenceThreshold = confidenceThreshold;
        this.iouThreshold = iouThreshold;
        this.maxDetections = maxDetections;
        this.keepClass = new boolean[classCount];
        for (int c = 0; c < classCount; c++) {
            keepClass[c] = classFilter == null || classFilter.contains(c);
        }
    }

    @Override
    public int imageStride() {
        return (4 + classCount) * cells;
    }

    /**
     * @param output the whole output tensor's floats, row-major (B, 4 + nc, N)
     * @param image index of the image in the batch
     * @param letterbox how that image was fitted into the input
     */
    @Override
    public List<Detection> decode(float[] output, int image, Letterbox letterbox) {
        int base = image * imageStride();
        // Best class per cell, scanning rows (classes) in memory order for cache-friendliness.
        float[] bestScore = new float[cells];
        int[] bestClass = new int[cells];
        java.util.Arrays.fill(bestScore, -1f);
        for (int c = 0; c < classCount; c++) {
            int row = base + (4 + c) * cells;
            for (int i = 0; i < cells; i++) {
                float s = output[row + i];
                if (s > bestScore[i]) {
                    bestScore[i] = s;
                    bestClass[i] = c;
                }
            }
        }
        List<Detection> candidates = new ArrayList<>();
        for (int i = 0; i < cells; i++) {
            float score = bestScore[i];
            if (score < confidenceThreshold || score <= 0f || !keepClass[bestClass[i]]) {
                continue;
            }
            float cx = output[base + i];
            float cy = output[base + cells + i];
            float halfW = output[base + 2 * cells + i] / 2f;
            float halfH = output[base + 3 * cells + i] / 2f;
            float x1 = letterbox.toSourceX(cx - halfW);
            float y1 = letterbox.toSourceY(cy - halfH);
            float x2 = letterbox.toSourceX(cx + halfW);
            float y2 = letterbox.toSourceY(cy + halfH);
            if (x2 > x1 && y2 > y1) {
                candidates.add(new Detection(x1, y1, x2, y2, bestClass[i], score));
            }
        }
        return NonMaxSuppression.apply(candidates, iouThreshold, maxDetections);
    }
}
