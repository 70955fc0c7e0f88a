package io.streamyolo.job.view;

import io.streamyolo.model.ModelMetadata;
import io.streamyolo.store.Box;
import io.streamyolo.store.StoredEvent;
import io.streamyolo.store.TrackSummary;
import io.streamyolo.track.ObjectSummary;
import io.streamyolo.track.TrackEvent;

/**
 * The tracker's events as the event store keeps them, with the values the results' JSON of the
 * same event shows ({@code TrackEventJson}): box coordinates to one decimal, confidences to three.
 */
public final class StoredEvents {

    private StoredEvents() {}

    public static StoredEvent of(String streamId, TrackEvent e, ModelMetadata metadata) {
        String subject = switch (e.kind()) {
            case ZONE_ENTERED, ZONE_LEFT, LINE_CROSSED -> e.target();
            default -> "";
        };
        ObjectSummary s = e.summary();
        TrackSummary summary = s == null ? null
                : new TrackSummary(s.firstSeenMs(), s.lastSeenMs(), s.durationMs(), StoreValues.decimal(round3(s.bestConfidence())),
                        s.zonesVisited());
        Box box = new Box(StoreValues.decimal(round1(e.box().x1())), StoreValues.decimal(round1(e.box().y1())),
                StoreValues.decimal(round1(e.box().x2())), StoreValues.decimal(round1(e.box().y2())));
        return new StoredEvent(streamId, e.trackId(), e.kind().wireName(), subject, e.occurrence(),
                e.direction() == null ? null : e.direction().wireName(), e.timeMs(), e.classId(), metadata.className(e.classId()),
                StoreValues.decimal(round3(e.confidence())), box, summary);
    }

    private static float round1(float v) {
        return Math.round(v * 10f) / 10f;
    }

    private static float round3(float v) {
        return Math.round(v * 1000f) / 1000f;
    }
}
