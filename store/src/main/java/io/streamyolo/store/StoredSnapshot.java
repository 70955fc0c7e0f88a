package io.streamyolo.store;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The best picture of a track so far: a JPEG of the frame with the box drawn, and a small
 * thumbnail. A newer snapshot of the same (streamId, trackId) replaces the stored one.
 *
 * @param ts capture time of the frame, epoch milliseconds
 * @param thumbnail a small JPEG, or null
 */
public record StoredSnapshot(String streamId, long trackId, long ts, Double conf, Box box, byte[] jpeg, byte[] thumbnail)
        implements StoreRecord {

    public StoredSnapshot {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(jpeg, "jpeg");
    }

    /**
     * Parses a {@code "event":"snapshot"} line: the JPEG and thumbnail are base64 in the
     * {@code "jpeg"} and {@code "thumb"} fields.
     *
     * @return the snapshot; empty for other lines
     * @throws IllegalArgumentException if the line is not a JSON object, or a snapshot lacks a
     *     required field or holds bad base64
     */
    public static Optional<StoredSnapshot> fromJson(String line) {
        return StoreJson.parse(line).filter(StoredSnapshot.class::isInstance).map(StoredSnapshot.class::cast);
    }

    // Arrays compare by content, and bytes stay out of toString (logs).

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredSnapshot s
                && streamId.equals(s.streamId)
                && trackId == s.trackId
                && ts == s.ts
                && Objects.equals(conf, s.conf)
                && Objects.equals(box, s.box)
                && Arrays.equals(jpeg, s.jpeg)
                && Arrays.equals(thumbnail, s.thumbnail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(streamId, trackId, ts, conf, box, Arrays.hashCode(jpeg), Arrays.hashCode(thumbnail));
    }

    @Override
    public String toString() {
        return "StoredSnapshot[streamId=" + streamId + ", trackId=" + trackId + ", ts=" + ts + ", conf=" + conf
                + ", box=" + box + ", jpeg=" + jpeg.length + " bytes, thumbnail="
                + (thumbnail == null ? "none" : thumbnail.length + " bytes") + "]";
    }
}
