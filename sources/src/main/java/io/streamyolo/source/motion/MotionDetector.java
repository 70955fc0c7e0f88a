package io.streamyolo.source.motion;

import io.streamyolo.control.settings.MotionSettings;
import io.streamyolo.track.zone.Point;
import java.util.Arrays;
import java.util.List;

/**
 * A camera's motion detector: compares a small copy of each frame ({@link #WIDTH} pixels wide, as
 * luma and two colour differences, so that an object as bright as the background but of another
 * colour is seen) with a running average of the frames before it, and reports the fraction of the
 * picture outside the masks that changed.
 *
 * <p>What it ignores, and how: sensor noise, by averaging source pixels into each small pixel and
 * a 3x3 blur, and by a per-pixel threshold that rises with that pixel's own running variance
 * (flicker, compression noise); slow light changes, since the background follows the picture (about
 * 20 frames' time constant) and a change of the whole picture's brightness (the median difference)
 * is taken off before thresholding; masked areas (a burnt-in clock). Something that stops moving
 * joins the background within a few seconds: it is the detection stage's part to keep objects it
 * has seen (recent boxes, keepalive).
 *
 * <p>Not thread-safe: the camera's decoder thread owns it. Its cost does not grow with the frame's
 * size: 4 source pixels are read per small pixel, whatever the resolution.
 */
public final class MotionDetector {

    /** Luma and two colour differences: an object of the background's brightness but another colour still moves. */
    private static final int PLANES = 3;
    /** Weight of the colour differences (B - Y, R - Y) against luma. */
    private static final float CHROMA_WEIGHT = 0.5f;

    /** Width of the small copy; its height keeps the frame's aspect ratio. */
    public static final int WIDTH = 160;
    /** Share of the difference the background takes in per frame. */
    static final float ALPHA = 0.05f;
    /** A pixel changed when its difference is above this many of its own standard deviations. */
    static final float NOISE_SIGMAS = 3;
    /** Cap of a pixel's variance (grey levels squared), so that motion does not blind a pixel for long. */
    static final float MAX_VARIANCE = 400;
    /** Samples per small pixel along each axis: 2 x 2 source pixels averaged, however large the frame (the blur averages 9 of those). */
    private static final int SAMPLES = 2;

    private float threshold;
    private float pixelDelta2;
    private List<List<Point>> masks;

    private int frameWidth = -1;
    private int frameHeight = -1;
    private int w;
    private int h;
    /** Per plane (luma, then the two colour differences): the small copy, blurred, and its background. */
    private final float[][] small = new float[PLANES][];
    private final float[][] blurred = new float[PLANES][];
    private final float[][] background = new float[PLANES][];
    private float[] rowMeans;
    private float[] variance;
    private boolean[] masked;
    private int[] columnOffsets;
    private int[] rowOffsets;
    private int unmasked;
    private boolean hasBackground;
    private final int[] histogram = new int[511];

    public MotionDetector(MotionSettings settings) {
        configure(settings);
    }

    /** New thresholds or masks; the background is kept (masks apply from the next frame). */
    public void configure(MotionSettings settings) {
        MotionSettings s = settings.resolved();
        this.threshold = s.threshold().floatValue();
        this.pixelDelta2 = (float) s.pixelDelta() * s.pixelDelta();
        if (!s.masks().equals(masks)) {
            this.masks = s.masks();
            if (masked != null) {
                rasterizeMasks();
            }
        }
    }

    /**
     * Measures one frame: packed BGR24, {@code width * height * 3} bytes. The first frame, and the
     * first after the frame size changed, is motion: there is no background to compare it with.
     */
    public Motion update(byte[] bgr, int width, int height) {
        if (bgr.length < width * height * 3) {
            throw new IllegalArgumentException("BGR24 frame " + width + "x" + height + " needs " + width * height * 3
                    + " bytes, got " + bgr.length);
        }
        if (width != frameWidth || height != frameHeight) {
            resize(width, height);
        }
        shrink(bgr, width, height);
        for (int p = 0; p < PLANES; p++) {
            blur(small[p], blurred[p]);
        }
        if (!hasBackground) {
            for (int p = 0; p < PLANES; p++) {
                System.arraycopy(blurred[p], 0, background[p], 0, w * h);
            }
            Arrays.fill(variance, 4f);
            hasBackground = true;
            return new Motion(1f, true);
        }
        float shift = medianDifference();
        float[] y = blurred[0];
        float[] cb = blurred[1];
        float[] cr = blurred[2];
        float[] by = background[0];
        float[] bcb = background[1];
        float[] bcr = background[2];
        int changed = 0;
        for (int i = 0; i < y.length; i++) {
            float dy = y[i] - by[i];
            float dcb = cb[i] - bcb[i];
            float dcr = cr[i] - bcr[i];
            // The distance to the background in luma and colour, the whole picture's light change taken off.
            float e = dy - shift;
            float e2 = e * e + dcb * dcb + dcr * dcr;
            if (!masked[i] && e2 > pixelDelta2 && e2 > NOISE_SIGMAS * NOISE_SIGMAS * variance[i]) {
                changed++;
            }
            by[i] += ALPHA * dy;
            bcb[i] += ALPHA * dcb;
            bcr[i] += ALPHA * dcr;
            variance[i] += ALPHA * (Math.min(e2, MAX_VARIANCE) - variance[i]);
        }
        float score = unmasked == 0 ? 0f : (float) changed / unmasked;
        return new Motion(score, score >= threshold && changed > 0);
    }

    /** The small copy's size, for tests and benchmarks. */
    int width() {
        return w;
    }

    int height() {
        return h;
    }

    // ------------------------------------------------------------------------------------------

    private void resize(int width, int height) {
        frameWidth = width;
        frameHeight = height;
        w = Math.min(WIDTH, width);
        h = Math.max(1, Math.round((float) height * w / width));
        for (int p = 0; p < PLANES; p++) {
            small[p] = new float[w * h];
            blurred[p] = new float[w * h];
            background[p] = new float[w * h];
        }
        rowMeans = new float[w * h];
        variance = new float[w * h];
        masked = new boolean[w * h];
        // Where the samples lie in the source frame: evenly spread, centred in each small pixel.
        columnOffsets = new int[w * SAMPLES];
        for (int x = 0; x < w * SAMPLES; x++) {
            columnOffsets[x] = (int) (((long) (2 * x + 1) * width) / (2L * w * SAMPLES)) * 3;
        }
        rowOffsets = new int[h * SAMPLES];
        for (int y = 0; y < h * SAMPLES; y++) {
            rowOffsets[y] = (int) (((long) (2 * y + 1) * height) / (2L * h * SAMPLES)) * width * 3;
        }
        hasBackground = false;
        rasterizeMasks();
    }

    /**
     * Each small pixel: the mean of a 2x2 grid of source pixels spread over its area, as luma
     * (ITU-R BT.601) and the weighted colour differences B - Y and R - Y.
     */
    private void shrink(byte[] bgr, int width, int height) {
        float[] luma = small[0];
        float[] cb = small[1];
        float[] cr = small[2];
        float n = SAMPLES * SAMPLES;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int b = 0;
                int g = 0;
                int r = 0;
                for (int j = 0; j < SAMPLES; j++) {
                    int row = rowOffsets[y * SAMPLES + j];
                    for (int i = 0; i < SAMPLES; i++) {
                        int p = row + columnOffsets[x * SAMPLES + i];
                        b += bgr[p] & 0xff;
                        g += bgr[p + 1] & 0xff;
                        r += bgr[p + 2] & 0xff;
                    }
                }
                float lum = (0.114f * b + 0.587f * g + 0.299f * r) / n;
                int k = y * w + x;
                luma[k] = lum;
                cb[k] = CHROMA_WEIGHT * (b / n - lum);
                cr[k] = CHROMA_WEIGHT * (r / n - lum);
            }
        }
    }

    /** 3x3 box blur of {@code grey} into {@code blurred}, edges clamped: rows into {@code rowMeans}, then columns. */
    private void blur(float[] grey, float[] blurred) {
        for (int y = 0; y < h; y++) {
            int r = y * w;
            for (int x = 0; x < w; x++) {
                float sum = grey[r + x];
                int n = 1;
                if (x > 0) {
                    sum += grey[r + x - 1];
                    n++;
                }
                if (x < w - 1) {
                    sum += grey[r + x + 1];
                    n++;
                }
                rowMeans[r + x] = sum / n;
            }
        }
        for (int y = 0; y < h; y++) {
            int r = y * w;
            boolean up = y > 0;
            boolean down = y < h - 1;
            float n = 1 + (up ? 1 : 0) + (down ? 1 : 0);
            for (int x = 0; x < w; x++) {
                float sum = rowMeans[r + x] + (up ? rowMeans[r - w + x] : 0) + (down ? rowMeans[r + w + x] : 0);
                blurred[r + x] = sum / n;
            }
        }
    }

    /**
     * The median of the differences to the background over the unmasked pixels, to whole grey
     * levels: a change of the whole picture's light (a cloud, the camera's exposure), not motion.
     */
    private float medianDifference() {
        Arrays.fill(histogram, 0);
        for (int i = 0; i < masked.length; i++) {
            if (!masked[i]) {
                histogram[Math.round(blurred[0][i] - background[0][i]) + 255]++;
            }
        }
        int half = unmasked / 2;
        int seen = 0;
        for (int b = 0; b < histogram.length; b++) {
            seen += histogram[b];
            if (seen > half) {
                return b - 255;
            }
        }
        return 0;
    }

    /** Marks the small pixels whose centre lies in a mask polygon (even-odd rule). */
    private void rasterizeMasks() {
        unmasked = 0;
        for (int y = 0; y < h; y++) {
            double py = (y + 0.5) / h;
            for (int x = 0; x < w; x++) {
                double px = (x + 0.5) / w;
                boolean in = false;
                for (List<Point> polygon : masks) {
                    in |= contains(polygon, px, py);
                }
                masked[y * w + x] = in;
                unmasked += in ? 0 : 1;
            }
        }
    }

    private static boolean contains(List<Point> polygon, double x, double y) {
        boolean inside = false;
        for (int i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
            Point a = polygon.get(i);
            Point b = polygon.get(j);
            if ((a.y() > y) != (b.y() > y) && x < (b.x() - a.x()) * (y - a.y()) / (b.y() - a.y()) + a.x()) {
                inside = !inside;
            }
        }
        return inside;
    }
}
