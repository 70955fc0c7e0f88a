package io.streamyolo.store;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The newest picture of a camera, for a live view: a JPEG of the raw frame (no boxes drawn) and
 * the boxes detected in it. A newer preview of the same camera replaces the stored one; an older
 * one (a replay) changes nothing.
 *
 * @param ts capture time of the frame, epoch milliseconds
 * @param frameSeq the stream's frame number, or -1 when the line had none
 * @param detections the JSON object {@code {"data":[[[x1,y1,x2,y2],class_id,conf],...],"labels":[...],"track_ids":[...]}},
 *     box coordinates in frame pixels
 */
public record Preview(String streamId, long ts, long frameSeq, int width, int height, byte[] jpeg, String detections)
        implements StoreRecord {

    public static final String EVENT = "preview";

    public Preview {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(jpeg, "jpeg");
        detections = detections == null || detections.isBlank() ? "{}" : detections;
    }

    /**
     * Parses a {@code "event":"preview"} line (the JPEG is base64 in {@code "jpeg"}).
     *
     * @return the preview; empty for other lines
     * @throws IllegalArgumentException if the line is not a JSON object, or a preview lacks a
     *     required field or holds bad base64
     */
    public static Optional<Preview> fromJson(String line) {
        return StoreJson.parse(line).filter(Preview.class::isInstance).map(Preview.class::cast);
    }

    // Arrays compare by content, and bytes stay out of toString (logs).

    @Override
    public boolean equals(Object o) {
        return o instanceof Preview p
                && streamId.equals(p.streamId)
                && ts == p.ts
                && frameSeq == p.frameSeq
                && width == p.width
                && height == p.height
                && Arrays.equals(jpeg, p.jpeg)
                && detections.equals(p.detections);
    }

    @Override
    public int hashCode() {
        return Objects.hash(streamId, ts, frameSeq, width, height, Arrays.hashCode(jpeg), detections);
    }

    @Override
    public String toString() {
        return "Preview[streamId=" + streamId + ", ts=" + ts + ", frameSeq=" + frameSeq + ", " + width + "x" + height
                + ", jpeg=" + jpeg.length + " bytes, detections=" + detections.length() + " chars]";
    }
}
