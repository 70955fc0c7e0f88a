package io.streamyolo.store;

import java.util.Optional;

/** What the store keeps from the job's results stream: a track event or a track snapshot. */
public sealed interface StoreRecord permits StoredEvent, StoredSnapshot {

    String streamId();

    long trackId();

    /**
     * Parses one line of the job's results stream.
     *
     * @return the event or snapshot; empty for lines that are neither (per-frame
     *     {@code "detections"}, stream status such as {@code "started"})
     * @throws IllegalArgumentException if the line is not a JSON object, or a track event or
     *     snapshot lacks a required field
     */
    static Optional<StoreRecord> fromJson(String line) {
        return StoreJson.parse(line);
    }
}
