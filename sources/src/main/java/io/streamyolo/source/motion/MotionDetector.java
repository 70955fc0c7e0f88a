package io.streamyolo.source.motion;

import io.streamyolo.source.settings.MotionSettings;
import io.streamyolo.track.zone.Point;
import java.util.Arrays;
import java.util.List;

/**
 * A camera's motion detector: compares a small grey copy of each frame ({@link #WIDTH} pixels wide)
 * with a running average of the frames before it, and reports the fraction of the picture outside
 * the masks that changed.
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

    /** Width of the grey copy; its height keeps the frame's aspect ratio. */
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
    private float[] grey;
    private float[] blurred;
    private float[] rowMeans;
    private float[] background;
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
        blur();
        if (!hasBackground) {
            System.arraycopy(blurred, 0, background, 0, blurred.length);
            Arrays.fill(variance, 4f);
            hasBackground = true;
            return new Motion(1f, true);
        }
        float shift = medianDifference();
        int changed = 0;
        for (int i = 0; i < blurred.length; i++) {
            float d = blurred[i] - background[i];
            float e = d - shift;
            float e2 = e * e;
            if (!masked[i] && e2 > pixelDelta2 && e2 > NOISE_SIGMAS * NOISE_SIGMAS * variance[i]) {
                changed++;
            }
            background[i] += ALPHA * d;
            variance[i] += ALPHA * (Math.min(e2, MAX_VARIANCE) - variance[i]);
        }
        float score = unmasked == 0 ? 0f : (float) changed / unmasked;
        return new Motion(score, score >= threshold && changed > 0);
    }

    /** The grey copy's size, for tests and benchmarks. */
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
        grey = new float[w * h];
        blurred = new float[w * h];
        rowMeans = new float[w * h];
        background = new float[w * h];
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

    /** Each small pixel: the mean luma of a 2x2 grid of source pixels spread over its area. */
    private void shrink(byte[] bgr, int width, int height) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sum = 0;
                for (int j = 0; j < SAMPLES; j++) {
                    int row = rowOffsets[y * SAMPLES + j];
                    for (int i = 0; i < SAMPLES; i++) {
                        int p = row + columnOffsets[x * SAMPLES + i];
                        // ITU-R BT.601 luma in 1/256 steps: B, G, R weights 29, 150, 77.
                        sum += 29 * (bgr[p] & 0xff) + 150 * (bgr[p + 1] & 0xff) + 77 * (bgr[p + 2] & 0xff);
                    }
                }
                grey[y * w + x] = sum / (256f * SAMPLES * SAMPLES);
            }
        }
    }

    /** 3x3 box blur, edges clamped: rows into {@code rowMeans}, then columns. */
    private void blur() {
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
        for (int i = 0; i < blurred.length; i++) {
            if (!masked[i]) {
                histogram[Math.round(blurred[i] - background[i]) + 255]++;
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
