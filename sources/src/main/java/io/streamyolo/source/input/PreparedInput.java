package io.streamyolo.source.input;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A frame's input, written by its decoder thread into a pooled direct buffer. Whoever ends the
 * frame's way releases it (once it has been read, or when a newer frame replaced it); the buffer
 * goes back to its camera's pool. One that is never released is garbage collected like any buffer.
 */
public final class PreparedInput {

    private final InputFormat format;
    private final ByteBuffer buffer;
    private final InputPreparation pool;
    private final AtomicBoolean released = new AtomicBoolean();

    PreparedInput(InputFormat format, ByteBuffer buffer, InputPreparation pool) {
        this.format = format;
        this.buffer = buffer;
        this.pool = pool;
    }

    public InputFormat format() {
        return format;
    }

    /** The input, {@link InputFormat#bytes()} long from index 0; not to be read after {@link #release()}. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Gives the buffer back to the pool; later calls do nothing. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            pool.giveBack(format, buffer);
        }
    }
}
