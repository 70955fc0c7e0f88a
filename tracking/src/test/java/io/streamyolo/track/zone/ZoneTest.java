package io.streamyolo.track.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZoneTest {

    private static final List<Point> SQUARE =
            List.of(
                    new Point(0.2, 0.2),
                    new Point(0.6, 0.2),
                    new Point(0.6, 0.6),
                    new Point(0.2, 0.6));

    @Test
    void testContainsUsesEvenOddRule() {
        Zone z = new Zone("square", SQUARE);
        assertThat(z.anchor()).isEqualTo(Anchor.BOTTOM_CENTER);
        assertThat(z.contains(0.4, 0.4)).isTrue();
        assertThat(z.contains(0.1, 0.4)).isFalse();
        assertThat(z.contains(0.4, 0.7)).isFalse();
        // A concave L shape: the notch is outside.
        Zone l =
                new Zone(
                        "L",
                        List.of(
                                new Point(0, 0),
                                new Point(0.2, 0),
                                new Point(0.2, 0.8),
                                new Point(0.6, 0.8),
                                new Point(0.6, 1),
                                new Point(0, 1)));
        assertThat(l.contains(0.1, 0.5)).isTrue();
        assertThat(l.contains(0.4, 0.5)).isFalse();
        assertThat(l.contains(0.4, 0.9)).isTrue();
    }

    @Test
    void testAnchorPoints() {
        assertThat(Anchor.BOTTOM_CENTER.x(10, 20, 30, 60)).isEqualTo(20);
        assertThat(Anchor.BOTTOM_CENTER.y(10, 20, 30, 60)).isEqualTo(60);
        assertThat(Anchor.CENTER.y(10, 20, 30, 60)).isEqualTo(40);
    }

    @Test
    void testValidationMessagesNameTheZone() {
        assertThatThrownBy(() -> new Zone("", SQUARE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Zone name ''");
        assertThatThrownBy(() -> new Zone("a/b", SQUARE))
                .hasMessageContaining("Zone name 'a/b' must be 1-64");
        assertThatThrownBy(() -> new Zone("x".repeat(65), SQUARE))
                .hasMessageContaining("must be 1-64");
        assertThatThrownBy(() -> new Zone(null, SQUARE)).hasMessage("Zone name must not be null");
        assertThatThrownBy(() -> new Zone("door", SQUARE.subList(0, 2)))
                .hasMessage("Zone 'door': polygon needs 3 to 64 points, got 2");
        assertThatThrownBy(() -> new Zone("door", Collections.nCopies(65, new Point(0.5, 0.5))))
                .hasMessage("Zone 'door': polygon needs 3 to 64 points, got 65");
        assertThatThrownBy(
                        () ->
                                new Zone(
                                        "door",
                                        List.of(
                                                new Point(0, 0),
                                                new Point(1.2, 0),
                                                new Point(0, 1))))
                .hasMessageContaining("Zone 'door': point 1 (1.2, 0.0) is outside the frame");
        assertThatThrownBy(
                        () ->
                                new Zone(
                                        "door",
                                        List.of(
                                                new Point(0, 0),
                                                new Point(0.5, 0.5),
                                                new Point(1, 1))))
                .hasMessageContaining("Zone 'door': polygon is degenerate");
        assertThatThrownBy(() -> new Point(Double.NaN, 0)).hasMessageContaining("finite");
    }

    @Test
    void testPolygonIsCopied() {
        java.util.ArrayList<Point> points = new java.util.ArrayList<>(SQUARE);
        Zone z = new Zone("copy", points);
        points.clear();
        assertThat(z.polygon()).hasSize(4);
        assertThat(z).isEqualTo(new Zone("copy", SQUARE, Anchor.BOTTOM_CENTER));
    }
}
