package io.streamyolo.model.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** YOLOX's pre-processing: top-left, 114 padding at the bottom and right, BGR 0-255. */
class YoloxLetterboxTest {

    @Test
    void testWideFrameSitsAtTheTopWithPaddingBelow() {
        // The shop camera: 1920x1080 into 416x416, as YOLOX's preproc computes it
        // (r = min(416 / 1080, 416 / 1920), size int(1920 r) x int(1080 r)).
        Letterbox lb = Letterbox.of(1920, 1080, 416, 416, Preprocessing.YOLOX);
        assertThat(lb.scale()).isEqualTo(416f / 1920f);
        assertThat(lb.scaledWidth()).isEqualTo(416);
        assertThat(lb.scaledHeight()).isEqualTo(234);
        assertThat(lb.padLeft()).isZero();
        assertThat(lb.padTop()).isZero();
        // The same frame under Ultralytics' letterbox is centred: 91 rows above.
        assertThat(Letterbox.of(1920, 1080, 416, 416).padTop()).isEqualTo(91);
    }

    @Test
    void testTallFrameSitsAtTheLeftWithPaddingRight() {
        Letterbox lb = Letterbox.of(1080, 1920, 416, 416, Preprocessing.YOLOX);
        assertThat(lb.scaledWidth()).isEqualTo(234);
        assertThat(lb.scaledHeight()).isEqualTo(416);
        assertThat(lb.padLeft()).isZero();
        assertThat(lb.toInputX(1080)).isCloseTo(234f, within(1e-3f));
    }

    @Test
    void testKnownBoxesMapBothWays() {
        Letterbox lb = Letterbox.of(1920, 1080, 416, 416, Preprocessing.YOLOX);
        // The frame's bottom-right quarter is input (208, 117)-(416, 234).
        assertThat(lb.toInputX(960)).isCloseTo(208f, within(1e-3f));
        assertThat(lb.toInputY(540)).isCloseTo(117f, within(1e-3f));
        assertThat(lb.toInputX(1920)).isCloseTo(416f, within(1e-3f));
        assertThat(lb.toInputY(1080)).isCloseTo(234f, within(1e-3f));
        // An input box (100, 50)-(300, 200) is that divided by r = 416 / 1920 in the frame.
        float r = 416f / 1920f;
        assertThat(lb.toSourceX(100)).isCloseTo(100 / r, within(1e-2f));
        assertThat(lb.toSourceY(50)).isCloseTo(50 / r, within(1e-2f));
        assertThat(lb.toSourceX(300)).isCloseTo(300 / r, within(1e-2f));
        assertThat(lb.toSourceY(200)).isCloseTo(200 / r, within(1e-2f));
        // No offset at all: input (0, 0) is the frame's corner; the bottom padding clips to the frame.
        assertThat(lb.toSourceX(0)).isZero();
        assertThat(lb.toSourceY(0)).isZero();
        assertThat(lb.toSourceY(300)).isEqualTo(1080f);
    }

    @Test
    void testPixelsStayBgrIn0To255AndPaddingIs114() {
        // 4x2 frame: left half pure blue, right half pure red (BGR in memory), into 4x4.
        int w = 4;
        int h = 2;
        byte[] bgr = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                bgr[o + (x < 2 ? 0 : 2)] = (byte) 255;
            }
        }
        Letterbox lb = Letterbox.of(w, h, 4, 4, Preprocessing.YOLOX);
        float[] out = new float[3 * 16];
        lb.toModelInput(bgr, out, 0);
        // Rows 0 and 1 hold the frame (top-left): plane 0 is blue, plane 2 red, values 0-255.
        for (int y = 0; y < 2; y++) {
            assertThat(out[y * 4]).isEqualTo(255f);
            assertThat(out[32 + y * 4]).isZero();
            assertThat(out[y * 4 + 3]).isZero();
            assertThat(out[32 + y * 4 + 3]).isEqualTo(255f);
        }
        // Rows 2 and 3 are padding, 114 in all planes.
        for (int c = 0; c < 3; c++) {
            for (int i = 8; i < 16; i++) {
                assertThat(out[c * 16 + i]).isEqualTo(114f);
            }
        }
    }

    @Test
    void testUltralyticsOnlyWriterRefusesAYoloxLetterbox() {
        Letterbox lb = Letterbox.of(4, 2, 4, 4, Preprocessing.YOLOX);
        assertThatThrownBy(() -> lb.toPlanarRgb(new byte[24], new float[48], 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("YOLOX");
    }
}
