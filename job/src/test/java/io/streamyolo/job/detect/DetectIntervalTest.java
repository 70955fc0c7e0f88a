package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamyolo.source.event.VideoFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectIntervalTest {

    private static VideoFrame frame(String id, long seq) {
        return new VideoFrame(id, seq, 1000 + seq, 0, 2, 2, new byte[12]);
    }

    private static List<Long> detected(DetectInterval d, String id, int frames) {
        List<Long> out = new ArrayList<>();
        for (long i = 0; i < frames; i++) {
            if (d.detects(frame(id, i))) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void testIntervalOneAndUnknownCamerasDetectEveryFrame() {
        DetectInterval d = new DetectInterval(1);
        assertThat(detected(d, "new", 5)).containsExactly(0L, 1L, 2L, 3L, 4L);
        d.settings("a", null);
        assertThat(detected(d, "a", 3)).containsExactly(0L, 1L, 2L);
        d.settings("a", 1);
        assertThat(detected(d, "a", 3)).containsExactly(0L, 1L, 2L);
    }

    @Test
    void testCamerasWithTheSameIntervalTakeTurns() {
        DetectInterval d = new DetectInterval(1);
        for (String id : List.of("a", "b", "c", "d")) {
            d.settings(id, 3);
        }
        assertThat(detected(d, "a", 7)).containsExactly(0L, 3L, 6L);
        assertThat(detected(d, "b", 7)).containsExactly(1L, 4L);
        assertThat(detected(d, "c", 7)).containsExactly(2L, 5L);
        assertThat(detected(d, "d", 7)).containsExactly(0L, 3L, 6L);
        assertThat(d.interval("b")).isEqualTo(3);
    }

    @Test
    void testAnUpdateWithoutAnIntervalKeepsTheCamerasTurnAndAStopForgetsIt() {
        DetectInterval d = new DetectInterval(1);
        d.settings("a", 2);
        assertThat(detected(d, "a", 3)).containsExactly(0L, 2L);
        d.settings("a", null);
        assertThat(d.detects(frame("a", 3))).isFalse(); // frames 0 and 2 were detected, 4 is next
        d.settings("a", 2);
        assertThat(d.detects(frame("a", 4))).isTrue(); // the same interval again: the turn stays
        d.forget("a");
        assertThat(d.interval("a")).isEqualTo(1);
        assertThat(d.detects(frame("a", 5))).isTrue();
    }

    @Test
    void testTheJobsDefaultAppliesToCamerasWithoutAnIntervalOfTheirOwn() {
        DetectInterval d = new DetectInterval(2);
        d.settings("a", null);
        d.settings("b", null);
        d.settings("own", 1);
        assertThat(detected(d, "a", 4)).containsExactly(0L, 2L);
        assertThat(detected(d, "b", 4)).containsExactly(1L, 3L);
        assertThat(detected(d, "own", 3)).containsExactly(0L, 1L, 2L);
        // Frames before any settings: the default too.
        assertThat(d.interval("unset")).isEqualTo(2);
        assertThat(detected(d, "unset", 4)).hasSize(2);
        assertThatThrownBy(() -> new DetectInterval(0)).hasMessageContaining("at least 1");
    }
}
