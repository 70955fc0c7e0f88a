package io.streamyolo.source.input;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One camera's input preparation: which {@link InputFormat} the detector wants its next frames in,
 * from when, and a small pool of direct buffers to write them into. A frame that a newer one will
 * replace before a batch takes it should not be prepared: so the detection subtask asks for a
 * format only while the camera is likely in its next batch, and says when that batch is due to
 * start; the decoder thread then prepares a frame it keeps only when the camera's next frame would
 * come after that (or the time has passed), and never one that the frame-rate cap drops. Frames
 * not prepared go out as pixels; the detector letterboxes one itself if a batch takes it.
 *
 * <p>Thread-safe: the decoder thread prepares, the task and inference threads ask and release.
 */
public final class InputPreparation {

    /**
     * Idle buffers kept per camera. A camera's frame is at most in four places at once (being
     * written, the decoder's newest, waiting for a batch, in the running batch), so few are needed.
     */
    static final int MAX_IDLE = 3;
    /** How much earlier than strictly needed a frame before a due batch is prepared. */
    static final long SPARE_NANOS = 3_000_000;

    private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();
    private volatile InputFormat wanted;
    /** The last format wanted: released buffers of it stay pooled while none is wanted for a while. */
    private InputFormat pooled;
    private final AtomicLong prepared = new AtomicLong();
    /** {@link System#nanoTime()} at which the batch that takes this camera's next frame is due. */
    private volatile long dueNanos = Long.MIN_VALUE;
    /** Decoder thread only: when it last kept a frame, and the usual time between kept frames. */
    private long lastKeptNanos;
    private long frameIntervalNanos;

    /** The detector wants this camera's frames in {@code format} from now on (null: unprepared). */
    public void want(InputFormat format) {
        want(format, Long.MIN_VALUE);
    }

    /**
     * The detector wants in {@code format} (null: unprepared) the camera's last frame before a batch
     * due at {@code batchDueNanos} ({@link System#nanoTime()}), and every frame once it is due.
     */
    public void want(InputFormat format, long batchDueNanos) {
        if (format != null && !format.equals(wanted)) {
            synchronized (this) {
                pooled = format;
            }
        }
        dueNanos = batchDueNanos;
        wanted = format;
    }

    public InputFormat wanted() {
        return wanted;
    }

    /** Frames prepared so far. */
    public long prepared() {
        return prepared.get();
    }

    /**
     * The kept frame's input in the wanted format; null when none is wanted, or when the camera's
     * next frame will most likely come before the batch is due (and replace this one).
     */
    public PreparedInput prepare(ByteBuffer bgr, int width, int height, int rowStride) {
        long now = System.nanoTime();
        long interval = lastKeptNanos == 0 ? 0 : now - lastKeptNanos;
        frameIntervalNanos = frameIntervalNanos == 0 ? interval : (7 * frameIntervalNanos + interval) / 8;
        lastKeptNanos = now;
        InputFormat format = wanted;
        long due = dueNanos;
        // A few ms to spare: frames of a live stream do not come evenly, nor batches end on time.
        if (format == null || (due != Long.MIN_VALUE && now - due < -(frameIntervalNanos + SPARE_NANOS))) {
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
