package io.streamyolo.model;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A decoded frame as the detector reads it: packed BGR24 pixels (FFmpeg's and OpenCV's native
 * layout), its size and its row stride. The buffer is read with absolute indexing and not copied.
 */
public record BgrFrame(ByteBuffer pixels, int width, int height, int rowStride) {

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
