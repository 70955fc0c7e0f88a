package io.streamyolo.model.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.model.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoxMatcherTest {

    private static TruthBox person(int x1, int y1, int x2, int y2) {
        return new TruthBox("person", x1, y1, x2, y2, false);
    }

    private static Detection detection(float x1, float y1, float x2, float y2, float confidence) {
        return new Detection(x1, y1, x2, y2, 0, confidence);
    }

    @Test
    void testOverlapAtHalfIsAMatchAndBelowIsAFalsePositiveAndAMiss() {
        // 100x100 box; a detection shifted by 33 px overlaps 67x100 = IoU 6700/13300 = 0.504.
        BoxMatcher.Result hit = BoxMatcher.match(List.of(person(0, 0, 100, 100)), List.of(detection(33, 0, 133, 100, 0.9f)));
        assertThat(hit.truePositives()).isEqualTo(1);
        assertThat(hit.falsePositives()).isZero();
        assertThat(hit.misses()).isZero();
        // Shifted by 34 px: IoU 6600/13400 = 0.493.
        BoxMatcher.Result miss = BoxMatcher.match(List.of(person(0, 0, 100, 100)), List.of(detection(34, 0, 134, 100, 0.9f)));
        assertThat(miss.truePositives()).isZero();
        assertThat(miss.falsePositives()).isEqualTo(1);
        assertThat(miss.misses()).isEqualTo(1);
        assertThat(miss.precision()).isZero();
        assertThat(miss.recall()).isZero();
    }

    @Test
    void testADuplicateDetectionIsAFalsePositiveAndTheMoreConfidentOneMatches() {
        Detection weak = detection(2, 2, 100, 100, 0.4f);
        Detection strong = detection(10, 10, 100, 100, 0.8f);
        BoxMatcher.Result r = BoxMatcher.match(List.of(person(0, 0, 100, 100)), List.of(weak, strong));
        assertThat(r.truePositives()).isEqualTo(1);
        assertThat(r.falseDetections()).containsExactly(weak);
        assertThat(r.precision()).isEqualTo(0.5);
        assertThat(r.recall()).isEqualTo(1.0);
    }

    @Test
    void testEachDetectionTakesTheFreeBoxItOverlapsMost() {
        // Two people side by side; the confident detection sits on the right one, the other on the left.
        TruthBox left = person(0, 0, 100, 200);
        TruthBox right = person(80, 0, 180, 200);
        BoxMatcher.Result r = BoxMatcher.match(List.of(left, right),
                List.of(detection(78, 0, 178, 200, 0.9f), detection(5, 0, 105, 200, 0.6f)));
        assertThat(r.truePositives()).isEqualTo(2);
        assertThat(r.falsePositives()).isZero();
        assertThat(r.misses()).isZero();
    }

    @Test
    void testDifficultBoxesAreNeitherMissedNorMakeFalsePositives() {
        TruthBox hidden = new TruthBox("person", 300, 0, 340, 60, true);
        BoxMatcher.Result found = BoxMatcher.match(List.of(person(0, 0, 100, 100), hidden),
                List.of(detection(0, 0, 100, 100, 0.9f), detection(300, 0, 340, 60, 0.3f), detection(302, 0, 340, 58, 0.2f)));
        assertThat(found.truePositives()).isEqualTo(1);
        assertThat(found.falsePositives()).isZero();
        assertThat(found.misses()).isZero();
        BoxMatcher.Result notFound = BoxMatcher.match(List.of(hidden), List.of());
        assertThat(notFound.misses()).isZero();
        assertThat(notFound.recall()).isEqualTo(1.0);
    }

    @Test
    void testAnEmptyFrameMakesEveryDetectionAFalsePositive() {
        BoxMatcher.Result r = BoxMatcher.match(List.of(), List.of(detection(0, 0, 50, 50, 0.5f)));
        assertThat(r.falsePositives()).isEqualTo(1);
        assertThat(r.precision()).isZero();
        assertThat(r.recall()).isEqualTo(1.0);
        BoxMatcher.Result sum = r.plus(BoxMatcher.match(List.of(person(0, 0, 10, 10)), List.of()));
        assertThat(sum.falsePositives()).isEqualTo(1);
        assertThat(sum.misses()).isEqualTo(1);
        assertThat(sum.recall()).isZero();
    }
}
