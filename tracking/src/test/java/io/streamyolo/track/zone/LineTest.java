package io.streamyolo.track.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LineTest {

    /** Pointing right along y = 0.5: LEFT is the upper half of the frame on screen. */
    private static final Line LEFT_IN =
            new Line("l", new Point(0.2, 0.5), new Point(0.8, 0.5), InSide.LEFT);

    @Test
    void testSideFollowsScreenConvention() {
        assertThat(LEFT_IN.side(0.5, 0.3, 1000, 1000, 0)).isEqualTo(1);
        assertThat(LEFT_IN.side(0.5, 0.7, 1000, 1000, 0)).isEqualTo(-1);
        Line rightIn = new Line("r", LEFT_IN.a(), LEFT_IN.b(), InSide.RIGHT);
        assertThat(rightIn.side(0.5, 0.7, 1000, 1000, 0)).isEqualTo(1);
        // Reversing the direction swaps left and right.
        Line reversed = new Line("rev", LEFT_IN.b(), LEFT_IN.a(), InSide.LEFT);
        assertThat(reversed.side(0.5, 0.7, 1000, 1000, 0)).isEqualTo(1);
    }

    @Test
    void testPointsOnTheLineOrInTheMarginHaveNoSide() {
        assertThat(LEFT_IN.side(0.5, 0.5, 1000, 1000, 0)).isZero();
        // 4 px from the line with a 5 px margin; the margin is measured in pixels.
        assertThat(LEFT_IN.side(0.5, 0.504, 1000, 1000, 5)).isZero();
        assertThat(LEFT_IN.side(0.5, 0.504, 1000, 2000, 5)).isEqualTo(-1);
    }

    @Test
    void testPathCrossesSegmentOnlyBetweenItsEnds() {
        assertThat(LEFT_IN.pathCrossesSegment(0.5, 0.4, 0.5, 0.6)).isTrue();
        assertThat(LEFT_IN.pathCrossesSegment(0.9, 0.4, 0.9, 0.6)).isFalse();
        assertThat(LEFT_IN.pathCrossesSegment(0.1, 0.4, 0.3, 0.6)).isTrue();
    }

    @Test
    void testValidationMessagesNameTheLine() {
        Point p = new Point(0.5, 0.5);
        assertThatThrownBy(() -> new Line("door", p, new Point(0.5, 0.5), InSide.LEFT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Line 'door': end points a and b must differ");
        assertThatThrownBy(() -> new Line("door", p, new Point(-0.1, 0.5), InSide.LEFT))
                .hasMessageContaining("Line 'door': end points")
                .hasMessageContaining("in [0, 1]");
        assertThatThrownBy(() -> new Line("door?", p, new Point(0, 0), InSide.LEFT))
                .hasMessageContaining("Line name 'door?'");
        assertThatThrownBy(() -> new Line("door", null, p, InSide.LEFT))
                .hasMessage("Line 'door': end points must not be null");
        assertThat(new Line("door", p, new Point(0, 0), null).inSide()).isEqualTo(InSide.LEFT);
    }
}
