package io.streamyolo.store;

import java.util.Optional;

/**
 * What the store keeps from the job's results stream: a track event, a track snapshot, a camera's
 * newest picture or its newest state, or a recorded video file.
 */
public sealed interface StoreRecord permits StoredEvent, StoredSnapshot, Preview, CameraState, StoredClip {

    String streamId();

    /**
     * Parses one line of the job's results stream.
     *
     * @return the event, snapshot, preview, camera state or clip; empty for other lines (per-frame
     *     {@code "detections"}, stream status such as {@code "started"})
     * @throws IllegalArgumentException if the line is not a JSON object, or a record lacks a
     *     required field
     */
    static Optional<StoreRecord> fromJson(String line) {
        return StoreJson.parse(line);
    }
}
