package io.streamyolo.scene;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticSceneTest {

    @Test
    void testSameSeedRendersTheSameFrame() {
        SyntheticScene a = new SyntheticScene(7, 640, 360);
        SyntheticScene b = new SyntheticScene(7, 640, 360);
        assertThat(a.render(12)).isEqualTo(b.render(12));
        assertThat(a.groundTruth(12)).isEqualTo(b.groundTruth(12));
    }

    @Test
    void testObjectsMoveAndStayInsideTheFrame() {
        SyntheticScene scene = new SyntheticScene(3, 640, 360, 5);
        assertThat(scene.objectCount()).isEqualTo(5);
        List<GroundTruthBox> first = scene.groundTruth(0);
        List<GroundTruthBox> later = scene.groundTruth(30);
        assertThat(later).isNotEqualTo(first);
        for (int frame = 0; frame < 3000; frame += 97) {
            for (GroundTruthBox box : scene.groundTruth(frame)) {
                assertThat(box.x1()).isGreaterThanOrEqualTo(0f);
                assertThat(box.y1()).isGreaterThanOrEqualTo(0f);
                assertThat(box.x2()).isLessThanOrEqualTo(640f);
                assertThat(box.y2()).isLessThanOrEqualTo(360f);
                assertThat(box.width()).isGreaterThan(20f);
            }
        }
    }

    @Test
    void testObjectPixelsDifferFromTheBackground() {
        SyntheticScene empty = new SyntheticScene(11, 640, 360, 0);
        SyntheticScene full = new SyntheticScene(11, 640, 360, 3);
        byte[] without = empty.render(0);
        byte[] with = full.render(0);
        for (GroundTruthBox box : full.groundTruth(0)) {
            int cx = (int) ((box.x1() + box.x2()) / 2);
            int cy = (int) ((box.y1() + box.y2()) / 2);
            int o = (cy * 640 + cx) * 3;
            int diff = Math.abs((with[o] & 0xFF) - (without[o] & 0xFF))
                    + Math.abs((with[o + 1] & 0xFF) - (without[o + 1] & 0xFF))
                    + Math.abs((with[o + 2] & 0xFF) - (without[o + 2] & 0xFF));
            assertThat(diff).as("contrast at the centre of %s", box).isGreaterThan(30);
        }
    }

    @Test
    void testRandomScenesUseCameraResolutions() {
        for (long seed = 0; seed < 20; seed++) {
            SyntheticScene scene = SyntheticScene.random(seed);
            assertThat(scene.width()).isGreaterThanOrEqualTo(640);
            assertThat(scene.render(0)).hasSize(scene.width() * scene.height() * 3);
        }
    }
}
