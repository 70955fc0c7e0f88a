package io.streamyolo.model;

import io.streamyolo.model.preprocess.Preprocessing;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A decoded frame as the detector reads it: packed BGR24 pixels (FFmpeg's and OpenCV's native
 * layout), its size and its row stride. The buffer is read with absolute indexing and not copied.
 *
 * @param letterboxed the frame already letterboxed into the model's input size ({@link
 *     io.streamyolo.model.preprocess.Letterbox#toModelInput}: planar floats, native byte order,
 *     from index 0), which the detector then copies instead of letterboxing; or null
 * @param letterboxedAs the pre-processing that wrote {@code letterboxed}: a detector whose model
 *     wants another one ignores the buffer and letterboxes the pixels itself
 */
public record BgrFrame(
        ByteBuffer pixels, int width, int height, int rowStride, ByteBuffer letterboxed, Preprocessing letterboxedAs) {

    public BgrFrame(ByteBuffer pixels, int width, int height, int rowStride) {
        this(pixels, width, height, rowStride, null, Preprocessing.ULTRALYTICS);
    }

    /** A frame with an input letterboxed by {@link Preprocessing#ULTRALYTICS} (or none). */
    public BgrFrame(ByteBuffer pixels, int width, int height, int rowStride, ByteBuffer letterboxed) {
        this(pixels, width, height, rowStride, letterboxed, Preprocessing.ULTRALYTICS);
    }

    public BgrFrame {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(letterboxedAs, "letterboxedAs");
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
