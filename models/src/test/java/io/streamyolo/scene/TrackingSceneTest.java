package io.streamyolo.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamyolo.scene.SceneEvent.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackingSceneTest {

    private static final int W = 640;
    private static final int H = 360;

    private static final TrackingScene SCENE = TrackingScene.standard(7, W, H, 600, 15);

    @Test
    void testSameSeedRendersTheSameFrame() {
        TrackingScene other = TrackingScene.standard(7, W, H, 600, 15);
        assertThat(other.render(195)).isEqualTo(SCENE.render(195));
        assertThat(other.groundTruth(195)).isEqualTo(SCENE.groundTruth(195));
        assertThat(other.name()).isEqualTo(SCENE.name());
        assertThat(TrackingScene.standard(8, W, H, 600, 15).render(195)).isNotEqualTo(SCENE.render(195));
        assertThat(SCENE.name()).startsWith("tracking-7-640x360-13obj-");
    }

    @Test
    void testObjectsEnterAndLeaveTheFrame() {
        Map<Integer, List<Integer>> framesOf = framesPerObject(SCENE);
        assertThat(framesOf).hasSize(SCENE.objectCount()).hasSize(13);
        for (Map.Entry<Integer, List<Integer>> e : framesOf.entrySet()) {
            List<Integer> frames = e.getValue();
            int first = frames.get(0);
            int last = frames.get(frames.size() - 1);
            assertThat(frames).as("object %d is in the frame without a break", e.getKey()).hasSize(last - first + 1);
            assertThat(first).isGreaterThan(0);
            assertThat(last).isLessThan(SCENE.frames() - 1);
            // It comes in through an edge and goes out through one, fully visible in between.
            assertThat(touchesEdge(box(SCENE, e.getKey(), first))).isTrue();
            assertThat(box(SCENE, e.getKey(), first).visible()).isFalse();
            assertThat(touchesEdge(box(SCENE, e.getKey(), last))).isTrue();
            assertThat(frames.stream().anyMatch(f -> box(SCENE, e.getKey(), f).visibility() == 1f)).isTrue();
        }
        // Ids count in order of entry.
        List<SceneEvent> entered = SCENE.objectEvents().stream().filter(e -> e.type() == Type.OBJECT_ENTERED).toList();
        assertThat(entered).extracting(SceneEvent::objectId).isSorted().hasSize(13);
        assertThat(SCENE.objectEvents()).filteredOn(e -> e.type() == Type.OBJECT_LEFT).hasSize(13);
    }

    @Test
    void testBoxesAreClippedAndSized() {
        int maxInView = 0;
        for (int f = 0; f < SCENE.frames(); f++) {
            List<TrackedBox> boxes = SCENE.groundTruth(f);
            maxInView = Math.max(maxInView, boxes.size());
            for (TrackedBox b : boxes) {
                assertThat(b.x1()).isGreaterThanOrEqualTo(0f).isLessThan(b.x2());
                assertThat(b.y1()).isGreaterThanOrEqualTo(0f).isLessThan(b.y2());
                assertThat(b.x2()).isLessThanOrEqualTo(W);
                assertThat(b.y2()).isLessThanOrEqualTo(H);
                assertThat(b.visibility()).isBetween(0f, 1f);
                if (b.visibility() == 1f) {
                    assertThat(b.width()).isBetween(0.1f * W, 0.16f * W);
                }
            }
        }
        assertThat(maxInView).isBetween(3, 4);
    }

    @Test
    void testCrossingsMatchABruteForceCheck() {
        for (BoxAnchor anchor : BoxAnchor.values()) {
            // The standard line x = 320, drawn downwards: IN when x goes from <= 320 to > 320.
            List<SceneEvent> expected = new ArrayList<>();
            Map<Integer, Float> previous = new HashMap<>();
            for (int f = 0; f < SCENE.frames(); f++) {
                for (TrackedBox b : SCENE.groundTruth(f)) {
                    float x = anchor.x(b);
                    Float before = previous.put(b.objectId(), x);
                    if (before != null && (before <= 320) != (x <= 320)) {
                        expected.add(new SceneEvent(b.objectId(), f, x > 320 ? Type.LINE_CROSSED_IN : Type.LINE_CROSSED_OUT, b.visible()));
                    }
                }
            }
            assertThat(SCENE.crossings(TrackingScene.STANDARD_LINE, anchor)).isEqualTo(expected);
        }
    }

    @Test
    void testHorizontalLineCountsUpwardsAsInAndDependsOnTheAnchor() {
        Map<BoxAnchor, List<SceneEvent>> byAnchor = new HashMap<>();
        for (BoxAnchor anchor : BoxAnchor.values()) {
            List<SceneEvent> expected = new ArrayList<>();
            Map<Integer, Float> previous = new HashMap<>();
            for (int f = 0; f < SCENE.frames(); f++) {
                for (TrackedBox b : SCENE.groundTruth(f)) {
                    float y = anchor.y(b);
                    Float before = previous.put(b.objectId(), y);
                    if (before != null && (before >= 180) != (y >= 180)) {
                        expected.add(new SceneEvent(b.objectId(), f, y < 180 ? Type.LINE_CROSSED_IN : Type.LINE_CROSSED_OUT, b.visible()));
                    }
                }
            }
            byAnchor.put(anchor, SCENE.crossings(SceneLine.horizontal(0.5), anchor));
            assertThat(byAnchor.get(anchor)).isEqualTo(expected).isNotEmpty();
        }
        assertThat(byAnchor.get(BoxAnchor.CENTER)).isNotEqualTo(byAnchor.get(BoxAnchor.BOTTOM_CENTER));
        // Reversing the line swaps the directions.
        List<SceneEvent> reversed = SCENE.crossings(new SceneLine(1, 0.5, 0, 0.5), BoxAnchor.CENTER);
        assertThat(reversed).extracting(SceneEvent::type).containsExactlyElementsOf(byAnchor.get(BoxAnchor.CENTER).stream()
                .map(e -> e.type() == Type.LINE_CROSSED_IN ? Type.LINE_CROSSED_OUT : Type.LINE_CROSSED_IN).toList());
    }

    @Test
    void testSegmentCountsOnlyWhatPassesThroughIt() {
        // The upper half of the standard line: only objects that cross above y = 180.
        List<SceneEvent> upper = SCENE.crossings(new SceneLine(0.5, 0, 0.5, 0.5), BoxAnchor.CENTER);
        List<SceneEvent> expected = SCENE.crossings(TrackingScene.STANDARD_LINE, BoxAnchor.CENTER).stream()
                .filter(e -> BoxAnchor.CENTER.y(box(SCENE, e.objectId(), e.frameIndex())) < 180)
                .toList();
        assertThat(upper).isEqualTo(expected).hasSize(4);
    }

    @Test
    void testStandardScenarioFacts() {
        for (BoxAnchor anchor : BoxAnchor.values()) {
            List<SceneEvent> crossings = SCENE.crossings(TrackingScene.STANDARD_LINE, anchor);
            assertThat(crossings).filteredOn(e -> e.type() == Type.LINE_CROSSED_IN).hasSize(6);
            assertThat(crossings).filteredOn(e -> e.type() == Type.LINE_CROSSED_OUT).hasSize(6);
            assertThat(crossings).allMatch(SceneEvent::visible);
            // Each object crosses at most once.
            assertThat(crossings).extracting(SceneEvent::objectId).doesNotHaveDuplicates();
        }
        // Occlusions: by the sign, and one object hidden behind another.
        List<Occlusion> occlusions = SCENE.occlusions();
        assertThat(occlusions).hasSize(5).allMatch(o -> o.frames() >= 3 && o.frames() <= 10);
        assertThat(occlusions).extracting(Occlusion::objectId).containsExactly(0, 7, 9, 10, 12);
        // Two pairs of objects cross each other's paths, the rear one staying visible in the first.
        assertThat(overlappingPairs(SCENE)).containsExactly("4-5", "10-11");
        // Zone events come in pairs per object.
        List<SceneEvent> zone = SCENE.zoneEvents(TrackingScene.STANDARD_ZONE, BoxAnchor.BOTTOM_CENTER);
        assertThat(zone).filteredOn(e -> e.type() == Type.ZONE_ENTERED).hasSize(8);
        assertThat(zone).filteredOn(e -> e.type() == Type.ZONE_LEFT).hasSize(8);
    }

    @Test
    void testZoneLeftWhenTheObjectLeavesTheFrameInside() {
        // A zone along the left edge: objects going out to the left leave it when they leave the frame.
        SceneRect edge = new SceneRect(0, 0, 0.2, 1);
        List<SceneEvent> events = SCENE.zoneEvents(edge, BoxAnchor.CENTER);
        for (SceneEvent e : events) {
            List<Integer> frames = framesPerObject(SCENE).get(e.objectId());
            int last = frames.get(frames.size() - 1);
            if (e.type() == Type.ZONE_LEFT && e.frameIndex() == last + 1) {
                assertThat(e.visible()).isFalse();
            } else {
                TrackedBox b = box(SCENE, e.objectId(), e.frameIndex());
                assertThat(edge.contains(BoxAnchor.CENTER.x(b), BoxAnchor.CENTER.y(b), W, H)).isEqualTo(e.type() == Type.ZONE_ENTERED);
            }
        }
        assertThat(events).anyMatch(e -> e.type() == Type.ZONE_LEFT && !e.visible());
    }

    @Test
    void testOccludedObjectsAreReallyHidden() {
        // Same seed without objects: same background, sign and sensor noise. Where the sign is,
        // frames must be identical: objects pass behind it.
        TrackingScene empty = new TrackingScene(7, W, H, 15, 600, List.of(), List.of(TrackingScene.STANDARD_OCCLUDER));
        int[] r = TrackingScene.STANDARD_OCCLUDER.pixels(W, H);
        for (Occlusion o : SCENE.occlusions()) {
            int f = (o.firstFrame() + o.lastFrame()) / 2;
            byte[] with = SCENE.render(f);
            byte[] without = empty.render(f);
            for (int y = r[1]; y < r[1] + r[3]; y++) {
                for (int x = r[0]; x < r[0] + r[2]; x++) {
                    int i = (y * W + x) * 3;
                    assertThat(with[i]).isEqualTo(without[i]);
                }
            }
        }
    }

    @Test
    void testVisibilityMatchesThePixelsShown() {
        // Count the pixels where an object changes the frame: a fully visible object shows its
        // whole area; a partly visible one, its visible fraction of that. Only boxes that overlap
        // no other box, so that every changed pixel in the box is the object's.
        TrackingScene empty = new TrackingScene(7, W, H, 15, 600, List.of(), List.of(TrackingScene.STANDARD_OCCLUDER));
        Map<Integer, Integer> fullArea = new HashMap<>();
        Map<Integer, TrackedBox> partial = new HashMap<>();
        Map<Integer, Integer> partialShown = new HashMap<>();
        for (int f = 0; f < SCENE.frames(); f += 3) {
            byte[] with = SCENE.render(f);
            byte[] without = empty.render(f);
            List<TrackedBox> boxes = SCENE.groundTruth(f);
            for (TrackedBox b : boxes) {
                if (boxes.stream().anyMatch(o -> o != b && overlap(o, b))) {
                    continue;
                }
                int shown = changedPixels(with, without, b);
                if (b.visibility() == 1f) {
                    fullArea.merge(b.objectId(), shown, Math::max);
                } else {
                    partial.put(f * 100 + b.objectId(), b);
                    partialShown.put(f * 100 + b.objectId(), shown);
                }
            }
        }
        for (Map.Entry<Integer, TrackedBox> e : partial.entrySet()) {
            TrackedBox b = e.getValue();
            double fraction = (double) partialShown.get(e.getKey()) / fullArea.get(b.objectId());
            assertThat(fraction).as("frame %d, %s", e.getKey() / 100, b).isCloseTo(b.visibility(), within(0.06));
        }
        assertThat(partial).hasSizeGreaterThan(50);
    }

    @Test
    void testScriptPlaysTheSameAtAnotherFrameRateAndSize() {
        TrackingScene fast = TrackingScene.standard(7, 1280, 720, 1200, 30);
        assertThat(fast.objectCount()).isEqualTo(13);
        List<SceneEvent> slow = SCENE.crossings(TrackingScene.STANDARD_LINE, BoxAnchor.CENTER);
        List<SceneEvent> crossings = fast.crossings(TrackingScene.STANDARD_LINE, BoxAnchor.CENTER);
        assertThat(crossings).extracting(SceneEvent::type).containsExactlyElementsOf(slow.stream().map(SceneEvent::type).toList());
        for (int i = 0; i < slow.size(); i++) {
            assertThat(crossings.get(i).frameIndex()).isCloseTo(2 * slow.get(i).frameIndex(), within(2));
        }
    }

    @Test
    void testRepeatsTheScriptToFillTheLength() {
        TrackingScene twice = TrackingScene.standard(7, W, H, 1200, 15);
        assertThat(twice.objectCount()).isEqualTo(26);
        List<SceneEvent> crossings = twice.crossings(TrackingScene.STANDARD_LINE, BoxAnchor.BOTTOM_CENTER);
        assertThat(crossings).hasSize(24);
        assertThat(crossings.get(12).objectId()).isEqualTo(crossings.get(0).objectId() + 13);
        assertThat(crossings.get(12).frameIndex()).isEqualTo(crossings.get(0).frameIndex() + 600);
        // A shorter scene keeps only what enters in time.
        assertThat(TrackingScene.standard(7, W, H, 150, 15).objectCount()).isEqualTo(5);
    }

    // ------------------------------------------------------------------------------------------

    private static Map<Integer, List<Integer>> framesPerObject(TrackingScene scene) {
        Map<Integer, List<Integer>> frames = new HashMap<>();
        for (int f = 0; f < scene.frames(); f++) {
            for (TrackedBox b : scene.groundTruth(f)) {
                frames.computeIfAbsent(b.objectId(), id -> new ArrayList<>()).add(f);
            }
        }
        return frames;
    }

    private static TrackedBox box(TrackingScene scene, int objectId, int frame) {
        return scene.groundTruth(frame).stream().filter(b -> b.objectId() == objectId).findFirst().orElseThrow();
    }

    private static boolean touchesEdge(TrackedBox b) {
        return b.x1() == 0 || b.y1() == 0 || b.x2() == W || b.y2() == H;
    }

    private static List<String> overlappingPairs(TrackingScene scene) {
        List<String> pairs = new ArrayList<>();
        for (int f = 0; f < scene.frames(); f++) {
            List<TrackedBox> boxes = scene.groundTruth(f);
            for (TrackedBox a : boxes) {
                for (TrackedBox b : boxes) {
                    boolean overlap = a.objectId() < b.objectId() && overlap(a, b);
                    String key = a.objectId() + "-" + b.objectId();
                    if (overlap && !pairs.contains(key)) {
                        pairs.add(key);
                    }
                }
            }
        }
        return pairs;
    }

    private static boolean overlap(TrackedBox a, TrackedBox b) {
        return Math.min(a.x2(), b.x2()) > Math.max(a.x1(), b.x1()) && Math.min(a.y2(), b.y2()) > Math.max(a.y1(), b.y1());
    }

    private static int changedPixels(byte[] with, byte[] without, TrackedBox b) {
        int count = 0;
        for (int y = (int) b.y1(); y < Math.min(H, (int) Math.ceil(b.y2())); y++) {
            for (int x = (int) b.x1(); x < Math.min(W, (int) Math.ceil(b.x2())); x++) {
                int i = (y * W + x) * 3;
                int diff = Math.abs(with[i] - without[i]) + Math.abs(with[i + 1] - without[i + 1]) + Math.abs(with[i + 2] - without[i + 2]);
                if (diff > 24) {
                    count++;
                }
            }
        }
        return count;
    }
}
