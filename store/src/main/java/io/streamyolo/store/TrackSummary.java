package io.streamyolo.store;

import java.util.List;

/** What an ended track's {@code object_left} event says about the whole track. */
public record TrackSummary(long firstSeen, long lastSeen, long durationMs, Double bestConf, List<String> zones) {

    public TrackSummary {
        zones = List.copyOf(zones);
    }
}
