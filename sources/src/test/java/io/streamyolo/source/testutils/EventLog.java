package io.streamyolo.source.testutils;

import io.streamyolo.source.event.CameraEvent;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.event.VideoFrame;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.util.CloseableIterator;

/**
 * Collects a running job's camera events (frames reduced to their metadata, since the pixels are
 * not needed) on a background thread, with the time each arrived, and waits for conditions.
 */
public final class EventLog implements AutoCloseable {

    /** A frame's or status event's fields, without pixels: what a test checks. */
    public record Entry(String streamId, boolean frame, long sequence, long captureTimeMillis, long ptsMicros,
            int width, StreamStatus.Kind kind, String message) implements Serializable {

        public static Entry of(CameraEvent event) {
            if (event instanceof VideoFrame f) {
                return new Entry(f.streamId(), true, f.sequence(), f.captureTimeMillis(), f.ptsMicros(), f.width(), null, null);
            }
            if (event instanceof StreamStatus s) {
                return new Entry(s.streamId(), false, -1, s.timeMillis(), -1, 0, s.kind(), s.message());
            }
            return new Entry(event.streamId(), false, -1, System.currentTimeMillis(), -1, 0, null, event.toString());
        }
    }

    /** An entry and when the test received it. */
    public record Received(Entry entry, long receivedMillis) {}

    private final List<Received> received = new ArrayList<>();
    private final CloseableIterator<Entry> iterator;
    private final Thread thread;
    private volatile boolean finished;
    private volatile Throwable failure;

    public EventLog(CloseableIterator<Entry> iterator) {
        this.iterator = iterator;
        this.thread = new Thread(this::consume, "event-log");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void consume() {
        try {
            while (iterator.hasNext()) {
                Entry e = iterator.next();
                synchronized (received) {
                    received.add(new Received(e, System.currentTimeMillis()));
                    received.notifyAll();
                }
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            finished = true;
            synchronized (received) {
                received.notifyAll();
            }
        }
    }

    /** True once the job ended and every result was read. */
    public boolean finished() {
        return finished;
    }

    public List<Received> snapshot() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    public List<Entry> frames(String streamId) {
        List<Entry> out = new ArrayList<>();
        for (Received r : snapshot()) {
            if (r.entry().frame() && r.entry().streamId().equals(streamId)) {
                out.add(r.entry());
            }
        }
        return out;
    }

    public List<Entry> statuses() {
        List<Entry> out = new ArrayList<>();
        for (Received r : snapshot()) {
            if (!r.entry().frame()) {
                out.add(r.entry());
            }
        }
        return out;
    }

    /** Waits until an entry received at or after {@code sinceMillis} matches; returns it. */
    public Received await(Predicate<Entry> condition, long sinceMillis, Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        int checked = 0;
        synchronized (received) {
            while (true) {
                for (; checked < received.size(); checked++) {
                    Received r = received.get(checked);
                    if (r.receivedMillis() >= sinceMillis && condition.test(r.entry())) {
                        return r;
                    }
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0 || finished) {
                    throw new AssertionError("Timed out after " + timeout + " waiting for an event"
                            + (failure == null ? "" : " (collect failed: " + failure + ")") + "; statuses so far: " + statuses());
                }
                received.wait(Math.min(left, 200));
            }
        }
    }

    public Received awaitFrame(String streamId, long sinceMillis, Duration timeout) throws InterruptedException {
        return await(e -> e.frame() && e.streamId().equals(streamId), sinceMillis, timeout);
    }

    public Received awaitStatus(String streamId, StreamStatus.Kind kind, long sinceMillis, Duration timeout)
            throws InterruptedException {
        return await(e -> !e.frame() && kind == e.kind() && (streamId == null || streamId.equals(e.streamId())), sinceMillis, timeout);
    }

    /** Waits for the job to end and the log to be complete. */
    public void awaitFinished(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (!finished) {
            throw new AssertionError("Job did not finish within " + timeout);
        }
    }

    @Override
    public void close() throws Exception {
        iterator.close();
    }

    public Iterator<Received> iterator() {
        return snapshot().iterator();
    }
}
