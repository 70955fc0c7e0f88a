package io.streamyolo.source.input;

import java.nio.ByteBuffer;

/**
 * What a detector reads instead of a frame's pixels (for YOLO: the frame letterboxed into the
 * model's input size, as planar RGB floats), and how to write it. The job supplies it; a camera's
 * decoder thread writes each frame it keeps into it, so the detection subtask only assembles
 * batches. Implementations are immutable, and equal when they write the same input.
 */
public interface InputFormat {

    /** Size of one frame's input, in bytes. */
    int bytes();

    /**
     * Writes a packed BGR24 frame's input into {@code target} (absolute indexing from 0, native
     * byte order).
     *
     * @param rowStride bytes per row of {@code bgr} (FFmpeg may pad rows beyond {@code width * 3})
     */
    void write(ByteBuffer bgr, int width, int height, int rowStride, ByteBuffer target);
}
