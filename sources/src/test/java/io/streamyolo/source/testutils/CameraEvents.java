package io.streamyolo.source.testutils;

import io.streamyolo.source.event.CameraEvent;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.testing.BackgroundLog;
import java.io.Serializable;
import java.util.function.Predicate;
import org.apache.flink.util.CloseableIterator;

/**
 * A running job's camera events for a {@link BackgroundLog}: frames reduced to their metadata
 * (the pixels are not needed), and conditions on them.
 */
public final class CameraEvents {

    private CameraEvents() {}

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

    /** Collects the entries on a background thread; a timeout's message lists the statuses so far. */
    public static BackgroundLog<Entry> collect(CloseableIterator<Entry> entries) {
        return new BackgroundLog<>("event-log", entries, entries, statuses());
    }

    /** A frame of the stream. */
    public static Predicate<Entry> frameOf(String streamId) {
        return e -> e.frame() && e.streamId().equals(streamId);
    }

    /** A status of this kind, of the stream or, with a null stream id, of any. */
    public static Predicate<Entry> statusOf(String streamId, StreamStatus.Kind kind) {
        return e -> !e.frame() && kind == e.kind() && (streamId == null || streamId.equals(e.streamId()));
    }

    /** Any status event (not a frame). */
    public static Predicate<Entry> statuses() {
        return e -> !e.frame();
    }
}
