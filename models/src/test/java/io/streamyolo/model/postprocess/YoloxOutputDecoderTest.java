package io.streamyolo.model.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamyolo.model.Detection;
import io.streamyolo.model.preprocess.Letterbox;
import io.streamyolo.model.preprocess.Preprocessing;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class YoloxOutputDecoderTest {

    private static final int CLASSES = 3;
    private static final int PER = 5 + CLASSES;
    /** A 64x64 input: grids 8x8 (stride 8), 4x4 (16), 2x2 (32). */
    private static final YoloxGrid GRID = new YoloxGrid(64, 64, List.of(8, 16, 32));
    private static final int CELLS = 64 + 16 + 4;

    /** A 128x64 frame into the 64x64 input, YOLOX style: scale 0.5, at the top, 32 rows of padding below. */
    private static final Letterbox LB = Letterbox.of(128, 64, 64, 64, Preprocessing.YOLOX);

    private static void put(float[] out, int image, int cell, float... values) {
        System.arraycopy(values, 0, out, (image * CELLS + cell) * PER, values.length);
    }

    private static YoloxOutputDecoder decoder(boolean decoded, Set<Integer> classes) {
        return new YoloxOutputDecoder(CLASSES, CELLS, GRID, decoded, 0.25f, 0.45f, 300, classes);
    }

    @Test
    void testGridCellsComeInYoloxOrder() {
        assertThat(GRID.cells()).isEqualTo(CELLS);
        assertThat(YoloxGrid.cellCount(416, 416, List.of(8, 16, 32))).isEqualTo(3549);
        // Cell 8 * 2 + 3 of the stride-8 grid is column 3, row 2; cell 64 starts the stride-16 grid.
        assertThat(GRID.column(19)).isEqualTo(3);
        assertThat(GRID.row(19)).isEqualTo(2);
        assertThat(GRID.stride(19)).isEqualTo(8);
        assertThat(GRID.stride(64)).isEqualTo(16);
        assertThat(GRID.column(64)).isZero();
        assertThat(GRID.stride(CELLS - 1)).isEqualTo(32);
        assertThat(GRID.column(CELLS - 1)).isEqualTo(1);
        assertThat(GRID.row(CELLS - 1)).isEqualTo(1);
    }

    @Test
    void testRawBoxIsDecodedOnItsGridCellAndMappedBackToTheFrame() {
        float[] out = new float[CELLS * PER];
        // Stride-8 cell at column 3, row 2: offsets (0.5, 0.5), log sizes ln 4 and ln 2.
        // Input box: centre (3.5 * 8, 2.5 * 8) = (28, 20), size 32 x 16 -> (12, 12)-(44, 28).
        put(out, 0, 19, 0.5f, 0.5f, (float) Math.log(4), (float) Math.log(2), 0.8f, 0.1f, 0.9f, 0.2f);
        List<Detection> dets = decoder(false, null).decode(out, 0, LB);
        assertThat(dets).singleElement().satisfies(d -> {
            assertThat(d.classId()).isEqualTo(1);
            assertThat(d.confidence()).isCloseTo(0.72f, within(1e-6f)); // objectness 0.8 x class 0.9
            // Frame pixels: input / 0.5, no offset (top-left).
            assertThat(d.x1()).isCloseTo(24f, within(1e-3f));
            assertThat(d.y1()).isCloseTo(24f, within(1e-3f));
            assertThat(d.x2()).isCloseTo(88f, within(1e-3f));
            assertThat(d.y2()).isCloseTo(56f, within(1e-3f));
        });
    }

    @Test
    void testDecodedBoxIsTakenAsInputPixels() {
        float[] out = new float[CELLS * PER];
        put(out, 0, 19, 28f, 20f, 32f, 16f, 0.8f, 0.1f, 0.9f, 0.2f);
        List<Detection> dets = decoder(true, null).decode(out, 0, LB);
        assertThat(dets).singleElement().satisfies(d -> {
            assertThat(d.x1()).isCloseTo(24f, within(1e-3f));
            assertThat(d.y2()).isCloseTo(56f, within(1e-3f));
        });
    }

    @Test
    void testConfidenceIsObjectnessTimesClassScore() {
        float[] out = new float[CELLS * PER];
        // A sure class on an unlikely object (0.2 x 0.95 = 0.19) and the reverse (0.95 x 0.2): both below 0.25.
        put(out, 0, 5, 0.5f, 0.5f, 0f, 0f, 0.2f, 0.95f, 0f, 0f);
        put(out, 0, 40, 0.5f, 0.5f, 0f, 0f, 0.95f, 0.2f, 0f, 0f);
        // 0.6 x 0.5 = 0.30 passes.
        put(out, 0, 70, 0.5f, 0.5f, 0f, 0f, 0.6f, 0f, 0f, 0.5f);
        List<Detection> dets = decoder(false, null).decode(out, 0, LB);
        assertThat(dets).singleElement().satisfies(d -> {
            assertThat(d.classId()).isEqualTo(2);
            assertThat(d.confidence()).isCloseTo(0.30f, within(1e-6f));
        });
    }

    @Test
    void testClassFilterNmsAndBatchIndex() {
        float[] out = new float[2 * CELLS * PER];
        // Image 1: two overlapping boxes of class 0 (one kept), one of class 2 (filtered out).
        put(out, 1, 19, 0.5f, 0.5f, 1f, 1f, 0.9f, 0.9f, 0f, 0f);
        put(out, 1, 20, -0.5f, 0.5f, 1f, 1f, 0.9f, 0.8f, 0f, 0f);
        put(out, 1, 30, 0.5f, 0.5f, 1f, 1f, 0.9f, 0f, 0f, 0.9f);
        YoloxOutputDecoder decoder = decoder(false, Set.of(0));
        assertThat(decoder.decode(out, 0, LB)).isEmpty();
        assertThat(decoder.decode(out, 1, LB)).singleElement()
                .satisfies(d -> assertThat(d.confidence()).isCloseTo(0.81f, within(1e-6f)));
    }

    @Test
    void testRawOutputMustMatchTheGrid() {
        assertThatThrownBy(() -> new YoloxOutputDecoder(CLASSES, 3549, GRID, false, 0.25f, 0.45f, 300, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3549").hasMessageContaining("84");
        // Decoded boxes need no grid.
        assertThat(new YoloxOutputDecoder(CLASSES, 3549, GRID, true, 0.25f, 0.45f, 300, null).imageStride())
                .isEqualTo(3549 * PER);
    }

    @Test
    void testDecodedOutputIsToldFromRawByItsValues() {
        Random random = new Random(3);
        float[] raw = new float[CELLS * PER];
        float[] decoded = new float[CELLS * PER];
        for (int i = 0; i < CELLS; i++) {
            // Offsets of a trained model: about -0.5..1.5 cells, log sizes about -1..3.
            float[] box = {random.nextFloat() * 2 - 0.5f, random.nextFloat() * 2 - 0.5f,
                random.nextFloat() * 4 - 1, random.nextFloat() * 4 - 1};
            put(raw, 0, i, box);
            int s = GRID.stride(i);
            put(decoded, 0, i, (box[0] + GRID.column(i)) * s, (box[1] + GRID.row(i)) * s,
                    (float) Math.exp(box[2]) * s, (float) Math.exp(box[3]) * s);
        }
        assertThat(YoloxOutputDecoder.looksDecoded(raw, CLASSES, GRID)).isFalse();
        assertThat(YoloxOutputDecoder.looksDecoded(decoded, CLASSES, GRID)).isTrue();
        // A constant output (a grey frame through some models) has no correlation: raw.
        assertThat(YoloxOutputDecoder.looksDecoded(new float[CELLS * PER], CLASSES, GRID)).isFalse();
    }
}
