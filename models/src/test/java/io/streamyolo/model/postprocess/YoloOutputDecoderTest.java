package io.streamyolo.model.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamyolo.model.Detection;
import io.streamyolo.model.preprocess.Letterbox;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class YoloOutputDecoderTest {

    private static final int CLASSES = 3;
    private static final int CELLS = 5;

    /** Builds a (batch, 4 + 3, 5) output; each cell is {cx, cy, w, h, s0, s1, s2}. */
    private static float[] output(float[][]... images) {
        float[] out = new float[images.length * (4 + CLASSES) * CELLS];
        for (int b = 0; b < images.length; b++) {
            for (int cell = 0; cell < images[b].length; cell++) {
                for (int row = 0; row < 4 + CLASSES; row++) {
                    out[b * (4 + CLASSES) * CELLS + row * CELLS + cell] = images[b][cell][row];
                }
            }
        }
        return out;
    }

    private static float[][] cells(float[]... given) {
        float[][] all = new float[CELLS][4 + CLASSES];
        System.arraycopy(given, 0, all, 0, given.length);
        return all;
    }

    @Test
    void testBestClassAboveThresholdIsMappedBackToFramePixels() {
        // Input 640x640 holding a 1280x720 frame: scale 0.5, 140 px of padding on top.
        Letterbox lb = Letterbox.of(1280, 720, 640, 640);
        float[] out = output(cells(
                new float[] {320, 320, 100, 50, 0.1f, 0.8f, 0.3f},
                new float[] {100, 100, 20, 20, 0.2f, 0.1f, 0.1f})); // below threshold
        YoloOutputDecoder decoder = new YoloOutputDecoder(CLASSES, CELLS, 0.25f, 0.45f, 300, null);
        List<Detection> dets = decoder.decode(out, 0, lb);
        assertThat(dets).hasSize(1);
        Detection d = dets.get(0);
        assertThat(d.classId()).isEqualTo(1);
        assertThat(d.confidence()).isEqualTo(0.8f);
        assertThat(d.x1()).isCloseTo(540f, within(1e-3f));
        assertThat(d.x2()).isCloseTo(740f, within(1e-3f));
        assertThat(d.y1()).isCloseTo((295 - 140) * 2f, within(1e-3f));
        assertThat(d.y2()).isCloseTo((345 - 140) * 2f, within(1e-3f));
    }

    @Test
    void testBoxesAreClippedToTheFrame() {
        Letterbox lb = Letterbox.of(640, 640, 640, 640);
        float[] out = output(cells(new float[] {5, 630, 40, 40, 0.9f, 0, 0}));
        List<Detection> dets = new YoloOutputDecoder(CLASSES, CELLS, 0.25f, 0.45f, 300, null).decode(out, 0, lb);
        assertThat(dets).singleElement().satisfies(d -> {
            assertThat(d.x1()).isZero();
            assertThat(d.y2()).isEqualTo(640f);
        });
    }

    @Test
    void testClassFilterDropsOtherClasses() {
        Letterbox lb = Letterbox.of(640, 640, 640, 640);
        float[] out = output(cells(
                new float[] {100, 100, 20, 20, 0.9f, 0, 0},
                new float[] {300, 300, 20, 20, 0, 0, 0.9f}));
        List<Detection> dets = new YoloOutputDecoder(CLASSES, CELLS, 0.25f, 0.45f, 300, Set.of(2)).decode(out, 0, lb);
        assertThat(dets).extracting(Detection::classId).containsExactly(2);
    }

    @Test
    void testDuplicatesAreMergedByNms() {
        Letterbox lb = Letterbox.of(640, 640, 640, 640);
        float[] out = output(cells(
                new float[] {100, 100, 40, 40, 0.7f, 0, 0},
                new float[] {102, 101, 40, 40, 0.9f, 0, 0},
                new float[] {102, 101, 40, 40, 0, 0.6f, 0}));
        List<Detection> dets = new YoloOutputDecoder(CLASSES, CELLS, 0.25f, 0.45f, 300, null).decode(out, 0, lb);
        assertThat(dets).extracting(Detection::confidence).containsExactly(0.9f, 0.6f);
    }

    @Test
    void testEachImageOfABatchIsDecodedFromItsOwnSlice() {
        Letterbox lb = Letterbox.of(640, 640, 640, 640);
        float[] out = output(
                cells(new float[] {100, 100, 20, 20, 0.9f, 0, 0}),
                cells(new float[] {200, 200, 20, 20, 0, 0, 0.8f}, new float[] {400, 400, 20, 20, 0, 0.7f, 0}));
        YoloOutputDecoder decoder = new YoloOutputDecoder(CLASSES, CELLS, 0.25f, 0.45f, 300, null);
        assertThat(decoder.decode(out, 0, lb)).extracting(Detection::classId).containsExactly(0);
        assertThat(decoder.decode(out, 1, lb)).extracting(Detection::classId).containsExactly(2, 1);
    }
}
