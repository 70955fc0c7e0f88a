package io.streamyolo.model.preprocess;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Letterbox geometry and resampling: scales a frame to fit a model input while keeping its aspect
 * ratio, pads the rest with grey, and maps boxes back to frame pixels.
 *
 * <p>The geometry follows the model family's {@link Preprocessing} so that a model sees the input
 * it was trained on: Ultralytics' {@code LetterBox} (centred, padding split evenly, RGB in [0, 1]),
 * or YOLOX's {@code preproc} (top-left, padding at the bottom and right, BGR 0-255). Pixels go
 * straight from a BGR frame buffer into the planar float layout the model reads, with no
 * intermediate image.
 */
public final class Letterbox {

    /** Grey used for the padding, as in Ultralytics (114 of 255). */
    public static final int PAD_VALUE = 114;

    private final int srcWidth;
    private final int srcHeight;
    private final int dstWidth;
    private final int dstHeight;
    private final float scale;
    private final int scaledWidth;
    private final int scaledHeight;
    private final int padLeft;
    private final int padTop;
    private final Preprocessing preprocessing;

    private Letterbox(int srcWidth, int srcHeight, int dstWidth, int dstHeight, Preprocessing preprocessing) {
        if (srcWidth <= 0 || srcHeight <= 0 || dstWidth <= 0 || dstHeight <= 0) {
            throw new IllegalArgumentException(
                    String.format(
                            "Letterbox sizes must be positive, got %dx%d -> %dx%d",
                            srcWidth, srcHeight, dstWidth, dstHeight));
        }
        this.srcWidth = srcWidth;
        this.srcHeight = srcHeight;
        this.dstWidth = dstWidth;
        this.dstHeight = dstHeight;
        this.preprocessing = preprocessing;
        if (preprocessing.centred()) {
            this.scale = Math.min((float) dstWidth / srcWidth, (float) dstHeight / srcHeight);
            this.scaledWidth = Math.max(1, Math.min(dstWidth, Math.round(srcWidth * scale)));
            this.scaledHeight = Math.max(1, Math.min(dstHeight, Math.round(srcHeight * scale)));
            // Ultralytics rounds the half padding with a -0.1 bias: the odd pixel goes right/bottom.
            this.padLeft = Math.round((dstWidth - scaledWidth) / 2f - 0.1f);
            this.padTop = Math.round((dstHeight - scaledHeight) / 2f - 0.1f);
        } else {
            // YOLOX: r = min(h_in / h, w_in / w) in double, sizes truncated by int() as cv2.resize gets them.
            double r = Math.min((double) dstHeight / srcHeight, (double) dstWidth / srcWidth);
            this.scale = (float) r;
            this.scaledWidth = Math.max(1, Math.min(dstWidth, (int) (srcWidth * r)));
            this.scaledHeight = Math.max(1, Math.min(dstHeight, (int) (srcHeight * r)));
            this.padLeft = 0;
            this.padTop = 0;
        }
    }

    /** Ultralytics' letterbox ({@link Preprocessing#ULTRALYTICS}). */
    public static Letterbox of(int srcWidth, int srcHeight, int dstWidth, int dstHeight) {
        return of(srcWidth, srcHeight, dstWidth, dstHeight, Preprocessing.ULTRALYTICS);
    }

    /** The letterbox of a model family's pre-processing. */
    public static Letterbox of(int srcWidth, int srcHeight, int dstWidth, int dstHeight, Preprocessing preprocessing) {
        return new Letterbox(srcWidth, srcHeight, dstWidth, dstHeight, preprocessing);
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    public int srcWidth() {
        return srcWidth;
    }

    public int srcHeight() {
        return srcHeight;
    }

    public int dstWidth() {
        return dstWidth;
    }

    public int dstHeight() {
        return dstHeight;
    }

    public float scale() {
        return scale;
    }

    public int padLeft() {
        return padLeft;
    }

    public int padTop() {
        return padTop;
    }

    /** Width of the resized frame inside the input, in input pixels. */
    public int scaledWidth() {
        return scaledWidth;
    }

    /** Height of the resized frame inside the input, in input pixels. */
    public int scaledHeight() {
        return scaledHeight;
    }

    /** Maps an x coordinate from model input pixels to source pixels, clipped to the frame. */
    public float toSourceX(float x) {
        return clamp((x - padLeft) / scale, srcWidth);
    }

    /** Maps a y coordinate from model input pixels to source pixels, clipped to the frame. */
    public float toSourceY(float y) {
        return clamp((y - padTop) / scale, srcHeight);
    }

    /** Maps an x coordinate from source pixels to model input pixels. */
    public float toInputX(float x) {
        return x * scale + padLeft;
    }

    /** Maps a y coordinate from source pixels to model input pixels. */
    public float toInputY(float y) {
        return y * scale + padTop;
    }

    /**
     * Resamples a packed BGR24 frame (bilinear, pixel centres aligned as in OpenCV's INTER_LINEAR)
     * into planar RGB floats in [0, 1], padding included: the input of an Ultralytics model. Use
     * {@link #toModelInput} where the model may be of another family; the parameters are its.
     *
     * @throws IllegalStateException if this letterbox is not {@link Preprocessing#ULTRALYTICS}
     */
    public void toPlanarRgb(ByteBuffer bgr, int rowStride, FloatBuffer dst, int dstOffset) {
        if (preprocessing != Preprocessing.ULTRALYTICS) {
            throw new IllegalStateException("toPlanarRgb writes Ultralytics' input, but this letterbox is " + preprocessing);
        }
        toModelInput(bgr, rowStride, dst, dstOffset);
    }

    /**
     * Resamples a packed BGR24 frame (bilinear, pixel centres aligned as in OpenCV's INTER_LINEAR)
     * into the model's planar float input, padding included, as the {@link #preprocessing()} says:
     * RGB in [0, 1] for Ultralytics, BGR in 0-255 for YOLOX.
     *
     * @param bgr the frame; row {@code y} starts at {@code y * rowStride} from the buffer's start
     *     (absolute indexing: the buffer's position is ignored and left unchanged)
     * @param rowStride bytes per source row (FFmpeg may pad rows beyond {@code width * 3})
     * @param dst destination of {@code 3 * dstWidth * dstHeight} floats, three planes (absolute
     *     indexing; for a model input this is a view of a direct buffer that the tensor wraps)
     * @param dstOffset index in {@code dst} of the first float
     */
    public void toModelInput(ByteBuffer bgr, int rowStride, FloatBuffer dst, int dstOffset) {
        if (rowStride < srcWidth * 3 || bgr.limit() < (srcHeight - 1) * rowStride + srcWidth * 3) {
            throw new IllegalArgumentException(
                    String.format(
                            "Frame buffer too small for %dx%d BGR24 with row stride %d: %d bytes",
                            srcWidth, srcHeight, rowStride, bgr.limit()));
        }
        int plane = dstWidth * dstHeight;
        fillPadding(dst, dstOffset, plane);

        // Horizontal taps are the same for every row: compute them once per frame.
        int[] xOffset0 = new int[scaledWidth];
        int[] xOffset1 = new int[scaledWidth];
        int[] xWeight = new int[scaledWidth];
        float inv = 1f / scale;
        for (int x = 0; x < scaledWidth; x++) {
            float sx = Math.max(0f, (x + 0.5f) * inv - 0.5f);
            int x0 = Math.min((int) sx, srcWidth - 1);
            int x1 = Math.min(x0 + 1, srcWidth - 1);
            xOffset0[x] = x0 * 3;
            xOffset1[x] = x1 * 3;
            xWeight[x] = Math.round((sx - x0) * 256f);
        }
        final float norm = 1f / (preprocessing.divisor() * 256f * 256f);
        // Ultralytics: BGR in, RGB planes out (channel k of the source goes to plane 2 - k).
        final boolean swap = preprocessing.rgb();
        for (int y = 0; y < scaledHeight; y++) {
            float sy = Math.max(0f, (y + 0.5f) * inv - 0.5f);
            int y0 = Math.min((int) sy, srcHeight - 1);
            int y1 = Math.min(y0 + 1, srcHeight - 1);
            int wy = Math.round((sy - y0) * 256f);
            int row0 = y0 * rowStride;
            int row1 = y1 * rowStride;
            int out = dstOffset + (y + padTop) * dstWidth + padLeft;
            for (int x = 0; x < scaledWidth; x++, out++) {
                int a = row0 + xOffset0[x];
                int b = row0 + xOffset1[x];
                int c = row1 + xOffset0[x];
                int d = row1 + xOffset1[x];
                int wx = xWeight[x];
                for (int k = 0; k < 3; k++) {
                    int top = (bgr.get(a + k) & 0xFF) * (256 - wx) + (bgr.get(b + k) & 0xFF) * wx;
                    int bottom = (bgr.get(c + k) & 0xFF) * (256 - wx) + (bgr.get(d + k) & 0xFF) * wx;
                    dst.put(out + (swap ? 2 - k : k) * plane, (top * (256 - wy) + bottom * wy) * norm);
                }
            }
        }
    }

    /** Convenience for a tightly packed BGR24 array. */
    public void toPlanarRgb(byte[] bgr, float[] dst, int dstOffset) {
        toPlanarRgb(ByteBuffer.wrap(bgr), srcWidth * 3, FloatBuffer.wrap(dst), dstOffset);
    }

    /** Convenience for a tightly packed BGR24 array. */
    public void toModelInput(byte[] bgr, float[] dst, int dstOffset) {
        toModelInput(ByteBuffer.wrap(bgr), srcWidth * 3, FloatBuffer.wrap(dst), dstOffset);
    }

    @Override
    public String toString() {
        return String.format(
                "Letterbox[%dx%d -> %dx%d, %s, scale=%.4f, pad=(%d,%d)]",
                srcWidth, srcHeight, dstWidth, dstHeight, preprocessing, scale, padLeft, padTop);
    }

    // ------------------------------------------------------------------------------------------

    private void fillPadding(FloatBuffer dst, int dstOffset, int plane) {
        // Only the bands above and below, or left and right, of the image: the rest is overwritten.
        float[] row = new float[dstWidth];
        Arrays.fill(row, PAD_VALUE / preprocessing.divisor());
        for (int c = 0; c < 3; c++) {
            int base = dstOffset + c * plane;
            for (int y = 0; y < dstHeight; y++) {
                int start = base + y * dstWidth;
                if (y < padTop || y >= padTop + scaledHeight) {
                    dst.put(start, row, 0, dstWidth);
                } else {
                    dst.put(start, row, 0, padLeft);
                    int right = padLeft + scaledWidth;
                    dst.put(start + right, row, 0, dstWidth - right);
                }
            }
        }
    }

    private static float clamp(float v, int max) {
        return v < 0f ? 0f : Math.min(v, max);
    }
}
