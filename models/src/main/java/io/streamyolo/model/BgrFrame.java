package io.streamyolo.model;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A decoded frame as the detector reads it: packed BGR24 pixels (FFmpeg's and OpenCV's native
 * layout), its size and its row stride. The buffer is read with absolute indexing and not copied.
 *
 * @param letterboxed the frame already letterboxed into the model's input size ({@link
 *     io.streamyolo.model.preprocess.Letterbox#toPlanarRgb}: planar RGB floats, native byte order,
 *     from index 0), which the detector then copies instead of letterboxing; or null
 */
public record BgrFrame(ByteBuffer pixels, int width, int height, int rowStride, ByteBuffer letterboxed) {

    public BgrFrame(ByteBuffer pixels, int width, int height, int rowStride) {
        this(pixels, width, height, rowStride, null);
    }

    public BgrFrame {
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Frame size must be positive, got " + width + "x" + height);
        }
        if (rowStride < width * 3) {
            throw new IllegalArgumentException(
                    "Row stride " + rowStride + " is shorter than a BGR24 row of width " + width);
        }
    }

    /** A tightly packed frame ({@code rowStride = width * 3}). */
    public static BgrFrame of(byte[] bgr, int width, int height) {
        if (bgr.length < width * height * 3) {
            throw new IllegalArgumentException(
                    "BGR24 frame of " + width + "x" + height + " needs " + width * height * 3
                            + " bytes, got " + bgr.length);
        }
        return new BgrFrame(ByteBuffer.wrap(bgr), width, height, width * 3);
    }
}
