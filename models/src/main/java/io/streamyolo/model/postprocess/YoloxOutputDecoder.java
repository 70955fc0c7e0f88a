package io.streamyolo.model.postprocess;

import io.streamyolo.model.Detection;
import io.streamyolo.model.preprocess.Letterbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decodes one image's slice of a YOLOX output, {@code (N, 5 + nc)}: per cell cx, cy, w, h, then
 * objectness and one score per class (both after a sigmoid). The boxes are either raw (an export
 * without the decode inside, YOLOX's default: the grid decode is done here) or already in input
 * pixels. A cell's confidence is objectness times its best class score, as in YOLOX's {@code
 * postprocess}; then thresholding, the class filter, class-aware NMS and the mapping back to frame
 * pixels through the letterbox (which, for YOLOX, has the frame at the top-left).
 */
public final class YoloxOutputDecoder implements OutputDecoder {

    /**
     * Correlation between the boxes' centres and their cells' centres above which an output is
     * taken as decoded (see {@link #looksDecoded}).
     */
    static final double DECODED_CORRELATION = 0.5;

    private final int classCount;
    private final int cells;
    private final YoloxGrid grid;
    private final boolean decoded;
    private final float confidenceThreshold;
    private final float iouThreshold;
    private final int maxDetections;
    private final boolean[] keepClass;

    /**
     * @param grid the output's cells; only read when the boxes are raw, and then its cell count must
     *     be {@code cells}
     * @param decoded whether the boxes come out in input pixels (else raw, decoded here)
     * @param classFilter class ids to keep, or null for all
     */
    public YoloxOutputDecoder(
            int classCount, int cells, YoloxGrid grid, boolean decoded, float confidenceThreshold,
            float iouThreshold, int maxDetections, Set<Integer> classFilter) {
        if (!decoded && grid.cells() != cells) {
            throw new IllegalArgumentException("A YOLOX output of " + cells + " cells does not match the grid of strides "
                    + grid.strides() + " (" + grid.cells() + " cells)");
        }
        this.classCount = classCount;
        this.cells = cells;
        this.grid = grid;
        this.decoded = decoded;
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
        return (5 + classCount) * cells;
    }

    public boolean decoded() {
        return decoded;
    }

    @Override
    public List<Detection> decode(float[] output, int image, Letterbox letterbox) {
        int per = 5 + classCount;
        int base = image * imageStride();
        List<Detection> candidates = new ArrayList<>();
        for (int i = 0; i < cells; i++) {
            int o = base + i * per;
            float objectness = output[o + 4];
            // Class scores are at most 1: a cell whose objectness is below the threshold cannot pass.
            if (objectness < confidenceThreshold || objectness <= 0f) {
                continue;
            }
            int best = 0;
            float bestScore = output[o + 5];
            for (int c = 1; c < classCount; c++) {
                float s = output[o + 5 + c];
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            float score = objectness * bestScore;
            if (score < confidenceThreshold || score <= 0f || !keepClass[best]) {
                continue;
            }
            float cx = output[o];
            float cy = output[o + 1];
            float w = output[o + 2];
            float h = output[o + 3];
            if (!decoded) {
                int stride = grid.stride(i);
                cx = (cx + grid.column(i)) * stride;
                cy = (cy + grid.row(i)) * stride;
                w = (float) Math.exp(w) * stride;
                h = (float) Math.exp(h) * stride;
            }
            float x1 = letterbox.toSourceX(cx - w / 2f);
            float y1 = letterbox.toSourceY(cy - h / 2f);
            float x2 = letterbox.toSourceX(cx + w / 2f);
            float y2 = letterbox.toSourceY(cy + h / 2f);
            if (x2 > x1 && y2 > y1) {
                candidates.add(new Detection(x1, y1, x2, y2, best, score));
            }
        }
        return NonMaxSuppression.apply(candidates, iouThreshold, maxDetections);
    }

    /**
     * Tells a decoded YOLOX output from a raw one by its values, for files whose metadata does not
     * say. A decoded box centre is {@code (offset + cell) * stride}: across the cells it follows the
     * cell's position almost exactly (correlation 0.99 on the shipped model's output, decoded). A
     * raw centre is the offset alone, small and unrelated to where the cell is (correlation -0.2 on
     * the same output, raw). The output is taken as decoded when the correlation of the centres with
     * the cells' centres is above {@value #DECODED_CORRELATION} in both x and y; a constant output
     * (correlation undefined) counts as raw.
     *
     * @param output floats of at least one image's {@code (N, 5 + nc)} output; image 0 is read
     * @param grid the cells; its cell count must be the output's
     */
    public static boolean looksDecoded(float[] output, int classCount, YoloxGrid grid) {
        int per = 5 + classCount;
        int n = grid.cells();
        if (output.length < n * per) {
            throw new IllegalArgumentException("A YOLOX output of " + output.length + " floats is shorter than "
                    + n + " cells of " + per);
        }
        double[] x = new double[n];
        double[] gx = new double[n];
        double[] y = new double[n];
        double[] gy = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = output[i * per];
            y[i] = output[i * per + 1];
            gx[i] = (grid.column(i) + 0.5) * grid.stride(i);
            gy[i] = (grid.row(i) + 0.5) * grid.stride(i);
        }
        return Math.min(correlation(x, gx), correlation(y, gy)) > DECODED_CORRELATION;
    }

    // ------------------------------------------------------------------------------------------

    /** Pearson's correlation; 0 when either side is constant (or not finite). */
    static double correlation(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - ma;
            double db = b[i] - mb;
            cov += da * db;
            va += da * da;
            vb += db * db;
        }
        double r = cov / Math.sqrt(va * vb);
        return Double.isFinite(r) ? r : 0;
    }
}
