package io.streamyolo.model.postprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.model.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {

    @Test
    void testOverlappingBoxesOfOneClassKeepTheMostConfident() {
        Detection a = new Detection(0, 0, 10, 10, 0, 0.6f);
        Detection b = new Detection(1, 1, 11, 11, 0, 0.9f);
        Detection c = new Detection(50, 50, 60, 60, 0, 0.5f);
        assertThat(NonMaxSuppression.apply(List.of(a, b, c), 0.45f, 300)).containsExactly(b, c);
    }

    @Test
    void testDifferentClassesDoNotSuppressEachOther() {
        Detection a = new Detection(0, 0, 10, 10, 0, 0.6f);
        Detection b = new Detection(0, 0, 10, 10, 1, 0.9f);
        assertThat(NonMaxSuppression.apply(List.of(a, b), 0.45f, 300)).containsExactly(b, a);
    }

    @Test
    void testBoxesBelowTheIouThresholdSurvive() {
        // IoU of these two is 25/175 = 0.14.
        Detection a = new Detection(0, 0, 10, 10, 0, 0.6f);
        Detection b = new Detection(5, 5, 15, 15, 0, 0.9f);
        assertThat(NonMaxSuppression.apply(List.of(a, b), 0.45f, 300)).hasSize(2);
        assertThat(NonMaxSuppression.apply(List.of(a, b), 0.1f, 300)).containsExactly(b);
    }

    @Test
    void testMaxDetectionsCapsTheResult() {
        Detection a = new Detection(0, 0, 10, 10, 0, 0.6f);
        Detection b = new Detection(20, 20, 30, 30, 0, 0.9f);
        Detection c = new Detection(40, 40, 50, 50, 0, 0.7f);
        assertThat(NonMaxSuppression.apply(List.of(a, b, c), 0.45f, 2)).containsExactly(b, c);
    }

    @Test
    void testIou() {
        assertThat(new Detection(0, 0, 10, 10, 0, 1).iou(new Detection(0, 0, 10, 10, 0, 1))).isEqualTo(1f);
        assertThat(new Detection(0, 0, 10, 10, 0, 1).iou(new Detection(10, 10, 20, 20, 0, 1))).isZero();
        assertThat(new Detection(0, 0, 10, 10, 0, 1).iou(new Detection(0, 5, 10, 15, 0, 1))).isEqualTo(50f / 150f);
    }
}
