package io.streamyolo.source.record;

import java.nio.file.Path;
import java.util.List;

/**
 * A complete MP4 file a camera's recorder wrote: an event clip or a continuous segment.
 *
 * @param kind {@value #EVENT} or {@value #SEGMENT}
 * @param startMillis wall-clock time of its first packet
 * @param endMillis wall-clock time of its last packet
 * @param codec {@code h264} or {@code hevc} (FFmpeg's codec name)
 * @param trackIds the tracks whose frames asked for it (none for a segment)
 */
public record RecordedClip(String streamId, String kind, long startMillis, long endMillis, Path file, long sizeBytes,
        String codec, List<Long> trackIds) {

    public static final String EVENT = "event";
    public static final String SEGMENT = "segment";

    public RecordedClip {
        trackIds = List.copyOf(trackIds);
    }
}
