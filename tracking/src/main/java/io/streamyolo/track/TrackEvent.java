package io.streamyolo.track;

import java.util.Objects;

/**
 * Something that happened to a track in one frame: it was confirmed, it left, it entered or left a
 * zone, or it crossed a line.
 *
 * <p>{@code (stream id, trackId, kind, target, occurrence)} is the event's idempotency key: a sink
 * upserts on it, so a replay after a failover writes nothing twice. {@code target} is the zone or
 * line name and {@code ""} (never null, because SQL unique keys treat NULLs as distinct) for object
 * events. {@code occurrence} is 0 for object events and, for zone and line events, counts this
 * track's earlier events of the same kind for the same target (0, 1, 2, ...); it is part of the
 * tracker's checkpointed state, so a restored tracker numbers on where it stopped.
 *
 * <p>{@code timeMs} is the capture time of the frame in which the event happened; for {@code
 * object_left}, of the frame (or {@code closeAll} call) in which the timeout was decided. {@code
 * box} and {@code confidence} are those of the track's last matched detection; {@code classId} is
 * the track's class, the confidence-weighted vote of its boxes so far (a detector's passing
 * misclassification of one box does not change it). {@code direction} is set for {@code
 * line_crossed} only, {@code summary} for {@code object_left} only.
 */
public record TrackEvent(
        Kind kind,
        long trackId,
        int classId,
        long timeMs,
        Box box,
        float confidence,
        String target,
        Direction direction,
        int occurrence,
        ObjectSummary summary) {

    /** Event kinds with their wire names (JSON, database), from {@link TrackEventNames}. */
    public enum Kind {
        OBJECT_ENTERED(TrackEventNames.OBJECT_ENTERED),
        OBJECT_LEFT(TrackEventNames.OBJECT_LEFT),
        ZONE_ENTERED(TrackEventNames.ZONE_ENTERED),
        ZONE_LEFT(TrackEventNames.ZONE_LEFT),
        LINE_CROSSED(TrackEventNames.LINE_CROSSED);

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** Direction of a line crossing: towards the line's in side, or away from it. */
    public enum Direction {
        IN("in"),
        OUT("out");

        private final String wireName;

        Direction(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public TrackEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(target, "target");
        if ((kind == Kind.LINE_CROSSED) != (direction != null)) {
            throw new IllegalArgumentException(
                    "direction is required for line_crossed and only there");
        }
        if ((kind == Kind.OBJECT_LEFT) != (summary != null)) {
            throw new IllegalArgumentException(
                    "summary is required for object_left and only there");
        }
    }
}
