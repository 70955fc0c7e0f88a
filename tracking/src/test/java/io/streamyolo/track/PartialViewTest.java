package io.streamyolo.track;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartialViewTest {

    // A full size of 80 predicted at centre 500: edges at 460 and 540.

    @Test
    void testWholeOrJitteryBoxIsNotCut() {
        assertThat(PartialView.cutSide(460, 540, 500, 80)).isZero();
        assertThat(PartialView.cutSide(463, 537, 500, 80)).isZero();
        // Shifted, not smaller: the prediction is off, the box is whole.
        assertThat(PartialView.cutSide(480, 560, 500, 80)).isZero();
    }

    @Test
    void testOneEdgeInsideOtherAgreeingIsCut() {
        // Stopped at an occluder on the right: the high side is cut, the low edge agrees.
        assertThat(PartialView.cutSide(461, 510, 500, 80)).isEqualTo(1);
        // Coming out on the right of an occluder: the low side is cut.
        assertThat(PartialView.cutSide(515, 539, 500, 80)).isEqualTo(-1);
    }

    @Test
    void testEvenShrinkIsNotCut() {
        // Both edges inside by the same amount: moving away, or a disc cut on the other axis.
        assertThat(PartialView.cutSide(475, 525, 500, 80)).isZero();
        // One edge a little further in than the other, both well inside: still no cut.
        assertThat(PartialView.cutSide(470, 522, 500, 80)).isZero();
    }

    @Test
    void testUnknownFullSizeIsNeverCut() {
        assertThat(PartialView.cutSide(461, 480, 500, 0)).isZero();
    }
}
