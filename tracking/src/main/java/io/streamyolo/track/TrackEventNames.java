package io.streamyolo.track;

import java.util.Set;

/**
 * The wire names of {@link TrackEvent.Kind}s (JSON results, the event store's rows and queries),
 * defined once. Constants rather than the enum alone so that other modules can use them where Java
 * needs constants (annotations, as in the events CLI's options).
 */
public final class TrackEventNames {

    public static final String OBJECT_ENTERED = "object_entered";
    public static final String OBJECT_LEFT = "object_left";
    public static final String ZONE_ENTERED = "zone_entered";
    public static final String ZONE_LEFT = "zone_left";
    public static final String LINE_CROSSED = "line_crossed";

    /** Every kind's wire name. */
    public static final Set<String> ALL = Set.of(OBJECT_ENTERED, OBJECT_LEFT, ZONE_ENTERED, ZONE_LEFT, LINE_CROSSED);

    private TrackEventNames() {}
}
