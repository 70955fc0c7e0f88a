package io.streamyolo.source.input;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One camera's input preparation: which {@link InputFormat} the detector wants its next frames in,
 * and a small pool of direct buffers to write them into. The detection subtask asks for a format
 * while the camera's frames are likely to go into its next batch, and for none otherwise (under
 * overload most frames are replaced before a batch takes them: they should not be letterboxed).
 * The decoder thread prepares only the frames it keeps: those the frame-rate cap drops are never
 * written. While no format is wanted, frames go out unprepared.
 *
 * <p>Thread-safe: the decoder thread prepares, the task and inference threads ask and release.
 */
public final class InputPreparation {

    /**
     * Idle buffers kept per camera. A camera's frame is at most in four places at once (being
     * written, the decoder's newest, waiting for a batch, in the running batch), so few are needed.
     */
    static final int MAX_IDLE = 3;

    private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();
    private volatile InputFormat wanted;
    /** The last format wanted: released buffers of it stay pooled while none is wanted for a while. */
    private InputFormat pooled;
    private final AtomicLong prepared = new AtomicLong();

    /** The detector wants this camera's next frames in {@code format} (null: unprepared). */
    public void want(InputFormat format) {
        if (format != null && !format.equals(wanted)) {
            synchronized (this) {
                pooled = format;
            }
        }
        wanted = format;
    }

    public InputFormat wanted() {
        return wanted;
    }

    /** Frames prepared so far. */
    public long prepared() {
        return prepared.get();
    }

    /** The frame's input in the wanted format, or null when none is wanted. */
    public PreparedInput prepare(ByteBuffer bgr, int width, int height, int rowStride) {
        InputFormat format = wanted;
        if (format == null) {
            return null;
        }
        ByteBuffer buffer = take(format.bytes());
        format.write(bgr, width, height, rowStride, buffer);
        prepared.incrementAndGet();
        return new PreparedInput(format, buffer, this);
    }

    /** Idle buffers now in the pool (for tests). */
    synchronized int idleBuffers() {
        return idle.size();
    }

    synchronized void giveBack(InputFormat format, ByteBuffer buffer) {
        // Buffers of a format no longer wanted (a model switch) are left to the garbage collector.
        if (idle.size() < MAX_IDLE && format.equals(pooled)) {
            idle.push(buffer);
        }
    }

    private ByteBuffer take(int bytes) {
        synchronized (this) {
            while (!idle.isEmpty()) {
                ByteBuffer b = idle.pop();
                if (b.capacity() == bytes) {
                    return b;
                }
            }
        }
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
}
