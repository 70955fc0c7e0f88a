package io.streamyolo.control.settings;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * A camera's recording, one component of {@link StreamSettings}: whether the decoder writes its
 * camera's own packets to MP4 files, for which events, and how long. A null field was not given (a
 * command changes only the fields it names); {@link #resolved()} fills in the defaults.
 *
 * @param mode {@code off}; {@code events}: a clip per event, from {@code preRollSeconds} before
 *     the first frame with a triggering track to {@code postRollSeconds} after the last;
 *     {@code continuous}: back-to-back segments of {@code segmentSeconds}
 * @param classes the classes whose tracks make clips (empty: every class the camera keeps)
 * @param zones the zones a track must be in to make clips (empty: anywhere in the picture)
 * @param preRollSeconds video kept before an event, 0 to {@value #MAX_ROLL_SECONDS}
 * @param postRollSeconds video kept after an event's last frame, 0 to {@value #MAX_ROLL_SECONDS}
 * @param maxClipSeconds a longer event's clip is cut into parts of about this length (at keyframes)
 * @param segmentSeconds the length of a continuous segment (cut at the next keyframe)
 */
public record RecordSettings(Mode mode, List<ClassRef> classes, List<String> zones, Double preRollSeconds, Double postRollSeconds,
        Double maxClipSeconds, Double segmentSeconds) implements Serializable {

    /** What the camera records. */
    public enum Mode {
        OFF, EVENTS, CONTINUOUS;

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final double DEFAULT_PRE_ROLL_SECONDS = 5;
    public static final double DEFAULT_POST_ROLL_SECONDS = 5;
    public static final double DEFAULT_MAX_CLIP_SECONDS = 300;
    public static final double DEFAULT_SEGMENT_SECONDS = 60;
    public static final double MAX_ROLL_SECONDS = 60;
    public static final double MIN_LENGTH_SECONDS = 1;
    public static final double MAX_LENGTH_SECONDS = 3600;

    /** No field given. */
    public static final RecordSettings NONE = new RecordSettings(null, null, null, null, null, null, null);

    public RecordSettings {
        classes = classes == null ? null : List.copyOf(classes);
        zones = zones == null ? null : List.copyOf(zones);
        checkRange("pre_roll", preRollSeconds, 0, MAX_ROLL_SECONDS);
        checkRange("post_roll", postRollSeconds, 0, MAX_ROLL_SECONDS);
        checkRange("max_clip", maxClipSeconds, MIN_LENGTH_SECONDS, MAX_LENGTH_SECONDS);
        checkRange("segment", segmentSeconds, MIN_LENGTH_SECONDS, MAX_LENGTH_SECONDS);
    }

    /** These settings with the defaults where a field is not given (recording off by default). */
    public RecordSettings resolved() {
        return new RecordSettings(mode != null ? mode : Mode.OFF, classes != null ? classes : List.of(), zones != null ? zones : List.of(),
                preRollSeconds != null ? preRollSeconds : DEFAULT_PRE_ROLL_SECONDS,
                postRollSeconds != null ? postRollSeconds : DEFAULT_POST_ROLL_SECONDS,
                maxClipSeconds != null ? maxClipSeconds : DEFAULT_MAX_CLIP_SECONDS,
                segmentSeconds != null ? segmentSeconds : DEFAULT_SEGMENT_SECONDS);
    }

    /** These settings with those that {@code later} gives replacing theirs; a null {@code later} changes nothing. */
    public RecordSettings then(RecordSettings later) {
        if (later == null) {
            return this;
        }
        return new RecordSettings(later.mode != null ? later.mode : mode, later.classes != null ? later.classes : classes,
                later.zones != null ? later.zones : zones,
                later.preRollSeconds != null ? later.preRollSeconds : preRollSeconds,
                later.postRollSeconds != null ? later.postRollSeconds : postRollSeconds,
                later.maxClipSeconds != null ? later.maxClipSeconds : maxClipSeconds,
                later.segmentSeconds != null ? later.segmentSeconds : segmentSeconds);
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    private static void checkRange(String field, Double value, double min, double max) {
        if (value != null && !(value >= min && value <= max)) {
            throw new IllegalArgumentException(field + " must be from " + (int) min + " to " + (int) max + " seconds, got " + value);
        }
    }
}
