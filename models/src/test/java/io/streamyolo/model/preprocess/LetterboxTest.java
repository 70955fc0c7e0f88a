package io.streamyolo.model.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LetterboxTest {

    @Test
    void testWideFrameIsPaddedAboveAndBelow() {
        Letterbox lb = Letterbox.of(1280, 720, 640, 640);
        assertThat(lb.scale()).isEqualTo(0.5f);
        assertThat(lb.padLeft()).isZero();
        assertThat(lb.padTop()).isEqualTo(140);
    }

    @Test
    void testTallFrameIsPaddedLeftAndRight() {
        Letterbox lb = Letterbox.of(480, 640, 320, 320);
        assertThat(lb.scale()).isEqualTo(0.5f);
        assertThat(lb.padLeft()).isEqualTo(40);
        assertThat(lb.padTop()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"1280,720,640,640", "640,480,320,320", "333,1001,320,320", "1920,1080,640,384", "101,99,64,64"})
    void testBoxRoundTripsThroughInputCoordinates(int w, int h, int dw, int dh) {
        Letterbox lb = Letterbox.of(w, h, dw, dh);
        float[][] points = {{0, 0}, {w, h}, {w * 0.3f, h * 0.7f}, {w - 1, 1}};
        for (float[] p : points) {
            float ix = lb.toInputX(p[0]);
            float iy = lb.toInputY(p[1]);
            assertThat(ix).isBetween(0f, (float) dw + 0.01f);
            assertThat(iy).isBetween(0f, (float) dh + 0.01f);
            assertThat(lb.toSourceX(ix)).isCloseTo(p[0], within(1e-2f * Math.max(1, w / 100f)));
            assertThat(lb.toSourceY(iy)).isCloseTo(p[1], within(1e-2f * Math.max(1, h / 100f)));
        }
    }

    @Test
    void testSourceCoordinatesAreClippedToTheFrame() {
        Letterbox lb = Letterbox.of(1280, 720, 640, 640);
        assertThat(lb.toSourceX(-20)).isZero();
        assertThat(lb.toSourceY(10)).isZero(); // inside the top padding
        assertThat(lb.toSourceX(700)).isEqualTo(1280f);
        assertThat(lb.toSourceY(630)).isEqualTo(720f); // inside the bottom padding
    }

    @Test
    void testPixelsGoToRgbPlanesAndPaddingIsGrey() {
        // 4x2 frame, left half pure blue, right half pure red (BGR order in memory).
        int w = 4;
        int h = 2;
        byte[] bgr = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                if (x < 2) {
                    bgr[o] = (byte) 255; // blue
                } else {
                    bgr[o + 2] = (byte) 255; // red
                }
            }
        }
        Letterbox lb = Letterbox.of(w, h, 4, 4); // scale 1, one padding row above and below
        float[] out = new float[3 * 16];
        lb.toPlanarRgb(bgr, out, 0);
        float grey = 114 / 255f;
        // Row 0 and row 3 are padding in all planes.
        for (int c = 0; c < 3; c++) {
            for (int x = 0; x < 4; x++) {
                assertThat(out[c * 16 + x]).isCloseTo(grey, within(1e-6f));
                assertThat(out[c * 16 + 12 + x]).isCloseTo(grey, within(1e-6f));
            }
        }
        // Row 1: x=0 is blue -> planes R=0, B=1; x=3 is red -> R=1, B=0.
        assertThat(out[0 * 16 + 4]).isCloseTo(0f, within(1e-6f));
        assertThat(out[2 * 16 + 4]).isCloseTo(1f, within(1e-6f));
        assertThat(out[0 * 16 + 7]).isCloseTo(1f, within(1e-6f));
        assertThat(out[2 * 16 + 7]).isCloseTo(0f, within(1e-6f));
    }

    @Test
    void testRowStrideAndBatchOffsetAreHonoured() {
        int w = 3;
        int h = 3;
        int stride = 16; // FFmpeg-style padded rows
        ByteBuffer buf = ByteBuffer.allocate(stride * h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                buf.put(y * stride + x * 3 + 1, (byte) (y * 100)); // green channel encodes the row
            }
            for (int pad = w * 3; pad < stride; pad++) {
                buf.put(y * stride + pad, (byte) 255); // garbage that must never be read
            }
        }
        Letterbox lb = Letterbox.of(w, h, 3, 3);
        FloatBuffer out = FloatBuffer.allocate(2 * 27);
        lb.toPlanarRgb(buf, stride, out, 27);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertThat(out.get(27 + 9 + y * 3 + x)).isCloseTo(y * 100 / 255f, within(1e-5f));
                assertThat(out.get(27 + y * 3 + x)).isZero();
            }
        }
        assertThat(out.get(0)).isZero(); // first image's slot untouched
    }

    @Test
    void testTooSmallBufferIsRejected() {
        Letterbox lb = Letterbox.of(10, 10, 32, 32);
        assertThatThrownBy(() -> lb.toPlanarRgb(new byte[10], new float[3 * 32 * 32], 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10x10");
    }
}
