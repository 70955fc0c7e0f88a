package io.streamyolo.store;

import io.streamyolo.track.TrackEventNames;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One track event as stored: entered, left, zone entered/left, line crossed. Its idempotency key
 * is (streamId, trackId, kind, subject, occurrence).
 *
 * @param kind the wire name of the tracker's {@code TrackEvent.Kind} (the job's {@code "event"}
 *     field), e.g. {@code zone_entered}
 * @param subject the zone or line name; {@code ""} for events of the whole frame
 * @param occurrence how many times before this track had the same event on the same subject
 * @param direction {@code in}/{@code out} for {@code line_crossed}, else null
 * @param ts capture time of the frame, epoch milliseconds
 * @param track the whole track's summary, for {@code object_left} only (else null)
 */
public record StoredEvent(
        String streamId,
        long trackId,
        String kind,
        String subject,
        int occurrence,
        String direction,
        long ts,
        Integer classId,
        String label,
        Double conf,
        Box box,
        TrackSummary track)
        implements StoreRecord {

    // The tracker's kinds (TrackEvent.Kind), by their wire names.
    public static final String OBJECT_ENTERED = TrackEventNames.OBJECT_ENTERED;
    public static final String OBJECT_LEFT = TrackEventNames.OBJECT_LEFT;
    public static final String ZONE_ENTERED = TrackEventNames.ZONE_ENTERED;
    public static final String ZONE_LEFT = TrackEventNames.ZONE_LEFT;
    public static final String LINE_CROSSED = TrackEventNames.LINE_CROSSED;

    public StoredEvent {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(kind, "kind");
        subject = subject == null ? "" : subject;
    }

    /**
     * Parses one line of the job's results stream.
     *
     * @return the event; empty for lines that are not track events (detections, stream status,
     *     snapshots)
     * @throws IllegalArgumentException if the line is not a JSON object, or a track event lacks
     *     its stream id, track id or time
     */
    public static Optional<StoredEvent> fromJson(String line) {
        return StoreJson.parse(line).filter(StoredEvent.class::isInstance).map(StoredEvent.class::cast);
    }

    /** The event as one line of JSON, in the job's layout (so {@link #fromJson} reads it back). */
    public String toJson() {
        return StoreJson.toJson(this);
    }

    /**
     * The {@code counts_per_minute} kind this event adds one to: {@code line_in}/{@code line_out}
     * for a line crossing (from its direction), {@code zone_entered}; empty for the others.
     */
    public Optional<String> countKind() {
        if (ZONE_ENTERED.equals(kind)) {
            return Optional.of(ZONE_ENTERED);
        }
        if (LINE_CROSSED.equals(kind) && direction != null && !direction.isBlank()) {
            return Optional.of("line_" + direction.strip().toLowerCase(Locale.ROOT));
        }
        return Optional.empty();
    }

    /** The start of the event's minute, epoch milliseconds. */
    public long minute() {
        return ts - Math.floorMod(ts, 60_000L);
    }

    /** Whether the subject is a zone (zone events) or a line (line events). */
    public boolean isZoneEvent() {
        return ZONE_ENTERED.equals(kind) || ZONE_LEFT.equals(kind);
    }

    public boolean isLineEvent() {
        return LINE_CROSSED.equals(kind);
    }
}
