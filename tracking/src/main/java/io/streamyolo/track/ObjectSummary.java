package io.streamyolo.track;

import java.util.List;

/**
 * What an {@code object_left} event says about the whole track: when it was first and last seen
 * (capture times, ms), how long that is, its best confidence and the zones it entered, in order.
 */
public record ObjectSummary(
        long firstSeenMs,
        long lastSeenMs,
        long durationMs,
        float bestConfidence,
        List<String> zonesVisited) {

    public ObjectSummary {
        zonesVisited = List.copyOf(zonesVisited);
    }
}
