package io.streamyolo.scene;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Derives tracking events and occlusions from per-frame ground truth, frame by frame over {@code 0
 * .. frames - 1}: the definitions the javadoc of {@link SceneEvent} states, with no shortcut, so
 * that what a scene claims is what its boxes show.
 */
final class TrackingFacts {

    private static final Comparator<SceneEvent> ORDER =
            Comparator.comparingInt(SceneEvent::frameIndex).thenComparingInt(SceneEvent::objectId);

    private final IntFunction<List<TrackedBox>> truth;
    private final int frames;
    private final int width;
    private final int height;

    TrackingFacts(IntFunction<List<TrackedBox>> truth, int frames, int width, int height) {
        this.truth = truth;
        this.frames = frames;
        this.width = width;
        this.height = height;
    }

    List<SceneEvent> objectEvents() {
        List<SceneEvent> events = new ArrayList<>();
        for (int[] span : visibleSpans().values()) {
            events.add(new SceneEvent(span[0], span[1], SceneEvent.Type.OBJECT_ENTERED, true));
            if (span[2] + 1 < frames) {
                events.add(new SceneEvent(span[0], span[2] + 1, SceneEvent.Type.OBJECT_LEFT, false));
            }
        }
        events.sort(ORDER);
        return events;
    }

    List<SceneEvent> crossings(SceneLine line, BoxAnchor anchor) {
        List<SceneEvent> events = new ArrayList<>();
        Map<Integer, float[]> previous = new HashMap<>();
        for (int f = 0; f < frames; f++) {
            for (TrackedBox box : truth.apply(f)) {
                float[] p = {anchor.x(box), anchor.y(box)};
                float[] q = previous.put(box.objectId(), p);
                if (q == null) {
                    continue;
                }
                boolean wasIn = line.side(q[0], q[1], width, height) > 0;
                boolean isIn = line.side(p[0], p[1], width, height) > 0;
                if (wasIn != isIn && line.hitBy(q[0], q[1], p[0], p[1], width, height)) {
                    SceneEvent.Type type = isIn ? SceneEvent.Type.LINE_CROSSED_IN : SceneEvent.Type.LINE_CROSSED_OUT;
                    events.add(new SceneEvent(box.objectId(), f, type, box.visible()));
                }
            }
        }
        return events;
    }

    List<SceneEvent> zoneEvents(SceneRect zone, BoxAnchor anchor) {
        List<SceneEvent> events = new ArrayList<>();
        // Objects whose anchor is in the zone, and the last frame each was in the scene.
        Map<Integer, Integer> inside = new LinkedHashMap<>();
        for (int f = 0; f < frames; f++) {
            for (TrackedBox box : truth.apply(f)) {
                boolean in = zone.contains(anchor.x(box), anchor.y(box), width, height);
                boolean was = inside.containsKey(box.objectId());
                if (in) {
                    inside.put(box.objectId(), f);
                    if (!was) {
                        events.add(new SceneEvent(box.objectId(), f, SceneEvent.Type.ZONE_ENTERED, box.visible()));
                    }
                } else if (was) {
                    inside.remove(box.objectId());
                    events.add(new SceneEvent(box.objectId(), f, SceneEvent.Type.ZONE_LEFT, box.visible()));
                }
            }
            // An object that left the frame from inside the zone leaves the zone with it.
            final int frame = f;
            inside.entrySet().removeIf(e -> {
                if (e.getValue() < frame) {
                    events.add(new SceneEvent(e.getKey(), frame, SceneEvent.Type.ZONE_LEFT, false));
                    return true;
                }
                return false;
            });
        }
        events.sort(ORDER);
        return events;
    }

    List<Occlusion> occlusions() {
        List<Occlusion> occlusions = new ArrayList<>();
        Map<Integer, Integer> lastVisible = new HashMap<>();
        for (int f = 0; f < frames; f++) {
            for (TrackedBox box : truth.apply(f)) {
                if (!box.visible()) {
                    continue;
                }
                Integer last = lastVisible.put(box.objectId(), f);
                if (last != null && last < f - 1) {
                    occlusions.add(new Occlusion(box.objectId(), last + 1, f - 1));
                }
            }
        }
        return occlusions;
    }

    // ------------------------------------------------------------------------------------------

    /** Per object in order of first visibility: {objectId, first visible frame, last visible frame}. */
    private Map<Integer, int[]> visibleSpans() {
        Map<Integer, int[]> spans = new LinkedHashMap<>();
        for (int f = 0; f < frames; f++) {
            for (TrackedBox box : truth.apply(f)) {
                if (box.visible()) {
                    int frame = f;
                    spans.computeIfAbsent(box.objectId(), id -> new int[] {id, frame, frame})[2] = f;
                }
            }
        }
        return spans;
    }
}
