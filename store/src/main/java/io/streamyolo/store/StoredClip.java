package io.streamyolo.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A video file the job recorded from a camera's own packets: an event clip ({@code kind} {@value
 * #KIND_EVENT}) or a continuous segment ({@value #KIND_SEGMENT}), from a {@code "event":"clip"}
 * line.
 *
 * @param id the store's row id, 0 for a clip not read from the store
 * @param startMs wall-clock time of the first packet, epoch milliseconds
 * @param endMs wall-clock time of the last packet, epoch milliseconds
 * @param file the MP4's absolute path (where the job wrote it)
 * @param codec {@value #CODEC_H264} or {@value #CODEC_HEVC}
 * @param trackIds the tracks the clip covers (none for most segments)
 */
public record StoredClip(long id, String streamId, String kind, long startMs, long endMs, String file, long sizeBytes,
        String codec, List<Long> trackIds) implements StoreRecord {

    public static final String EVENT = "clip";
    public static final String KIND_EVENT = "event";
    public static final String KIND_SEGMENT = "segment";
    public static final String CODEC_H264 = "h264";
    public static final String CODEC_HEVC = "hevc";

    /** Start times in file names: ISO 8601's basic form in UTC, sortable and free of ':'. */
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public StoredClip {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(codec, "codec");
        trackIds = trackIds == null ? List.of() : List.copyOf(trackIds);
    }

    /** Whether Chromium as Debian ships it can play the clip in a {@code <video>} (H.264 only). */
    public boolean playsInBrowser() {
        return CODEC_H264.equals(codec);
    }

    /**
     * A name for a copy or a download of the file: camera, start time, kind and row id, e.g.
     * {@code cam1_20251125T114300Z_event-12.mp4}. The id keeps two clips of one second apart;
     * characters other than letters, digits, '.', '_' and '-' become '_'.
     */
    public String fileName() {
        return streamId.replaceAll("[^A-Za-z0-9._-]", "_") + "_" + NAME_TIME.format(Instant.ofEpochMilli(startMs)) + "_" + kind
                + "-" + id + ".mp4";
    }

    /**
     * Parses a {@code "event":"clip"} line.
     *
     * @return the clip; empty for other lines
     * @throws IllegalArgumentException if the line is not a JSON object, or a clip lacks a required field
     */
    public static Optional<StoredClip> fromJson(String line) {
        return StoreJson.parse(line).filter(StoredClip.class::isInstance).map(StoredClip.class::cast);
    }
}
