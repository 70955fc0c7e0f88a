package io.streamyolo.source.motion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamyolo.control.settings.MotionSettings;
import io.streamyolo.track.zone.Point;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MotionDetectorTest {

    private static final int W = 640;
    private static final int H = 360;

    /** A textured still scene: soft gradients and a few rectangles, in grey. */
    private static int[] scene() {
        int[] grey = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int v = 60 + x * 80 / W + y * 60 / H;
                if ((x / 80 + y / 60) % 3 == 0) {
                    v += 40;
                }
                grey[y * W + x] = v;
            }
        }
        return grey;
    }

    /** BGR24 of a grey picture plus {@code gain}, Gaussian noise of {@code sigma}, and a dark box at (bx, by) when bx >= 0. */
    private static byte[] frame(int[] grey, double gain, double sigma, Random random, int bx, int by, int bw, int bh) {
        byte[] bgr = new byte[W * H * 3];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double v = grey[y * W + x] + gain + sigma * random.nextGaussian();
                if (bx >= 0 && x >= bx && x < bx + bw && y >= by && y < by + bh) {
                    v = 20 + sigma * random.nextGaussian();
                }
                int c = (int) Math.max(0, Math.min(255, Math.round(v)));
                int p = (y * W + x) * 3;
                bgr[p] = (byte) c;
                bgr[p + 1] = (byte) c;
                bgr[p + 2] = (byte) c;
            }
        }
        return bgr;
    }

    @Test
    void testFirstFrameIsMotionThenAStillSceneIsNot() {
        MotionDetector detector = new MotionDetector(MotionSettings.NONE);
        int[] grey = scene();
        Random random = new Random(1);
        assertThat(detector.update(frame(grey, 0, 0, random, -1, 0, 0, 0), W, H).moving()).isTrue();
        assertThat(detector.width()).isEqualTo(MotionDetector.WIDTH);
        assertThat(detector.height()).isEqualTo(90);
        for (int i = 0; i < 20; i++) {
            Motion m = detector.update(frame(grey, 0, 0, random, -1, 0, 0, 0), W, H);
            assertThat(m.moving()).isFalse();
            assertThat(m.score()).isZero();
        }
    }

    @Test
    void testSensorNoiseIsNotMotion() {
        MotionDetector detector = new MotionDetector(MotionSettings.NONE);
        int[] grey = scene();
        Random random = new Random(2);
        int moving = 0;
        float worst = 0;
        for (int i = 0; i < 100; i++) {
            Motion m = detector.update(frame(grey, 0, 12, random, -1, 0, 0, 0), W, H);
            if (i > 0) {
                moving += m.moving() ? 1 : 0;
                worst = Math.max(worst, m.score());
            }
        }
        // Noise of sigma 12 grey levels per pixel (a poor sensor at night) is well below the threshold.
        assertThat(moving).isZero();
        assertThat(worst).isLessThan((float) MotionSettings.DEFAULT_THRESHOLD / 3);
    }

    @Test
    void testSlowAndSuddenWholePictureLightChangesAreNotMotion() {
        MotionDetector detector = new MotionDetector(MotionSettings.NONE);
        int[] grey = scene();
        Random random = new Random(3);
        detector.update(frame(grey, 0, 3, random, -1, 0, 0, 0), W, H);
        // Dusk: 60 grey levels darker over 200 frames (20 s at 10 fps), then the lights go on at once (+40).
        for (int i = 1; i <= 200; i++) {
            assertThat(detector.update(frame(grey, -0.3 * i, 3, random, -1, 0, 0, 0), W, H).moving()).as("frame %d", i).isFalse();
        }
        assertThat(detector.update(frame(grey, -20, 3, random, -1, 0, 0, 0), W, H).moving()).isFalse();
    }

    @Test
    void testAMovingBoxIsMotionWhereverItIs() {
        MotionDetector detector = new MotionDetector(MotionSettings.NONE);
        int[] grey = scene();
        Random random = new Random(4);
        for (int i = 0; i < 10; i++) {
            detector.update(frame(grey, 0, 4, random, -1, 0, 0, 0), W, H);
        }
        // A 24x48 box (0.5 % of the picture, a person far off) walks across, 8 px per frame.
        for (int i = 0; i < 60; i++) {
            Motion m = detector.update(frame(grey, 0, 4, random, 40 + 8 * i, 200, 24, 48), W, H);
            assertThat(m.moving()).as("frame %d", i).isTrue();
            assertThat(m.score()).isBetween(0.002f, 0.02f);
        }
        // It leaves: the background it left behind heals within about three seconds at 10 fps.
        int stillAfter = -1;
        for (int i = 0; i < 60 && stillAfter < 0; i++) {
            if (!detector.update(frame(grey, 0, 4, random, -1, 0, 0, 0), W, H).moving()) {
                stillAfter = i;
            }
        }
        assertThat(stillAfter).isBetween(0, 30);
    }

    @Test
    void testAnObjectThatStopsJoinsTheBackground() {
        MotionDetector detector = new MotionDetector(MotionSettings.NONE);
        int[] grey = scene();
        Random random = new Random(5);
        detector.update(frame(grey, 0, 4, random, -1, 0, 0, 0), W, H);
        boolean movingAtFirst = detector.update(frame(grey, 0, 4, random, 300, 100, 60, 120), W, H).moving();
        Motion later = null;
        for (int i = 0; i < 100; i++) {
            later = detector.update(frame(grey, 0, 4, random, 300, 100, 60, 120), W, H);
        }
        assertThat(movingAtFirst).isTrue();
        assertThat(later.moving()).isFalse();
    }

    @Test
    void testAnObjectAsBrightAsTheBackgroundButOfAnotherColourMoves() {
        // Grey 128 everywhere, and a magenta box of the same luma (BT.601: 0.114 B + 0.587 G + 0.299 R = 128).
        byte[] plain = new byte[W * H * 3];
        java.util.Arrays.fill(plain, (byte) 128);
        MotionDetector detector = new MotionDetector(MotionSettings.NONE);
        detector.update(plain, W, H);
        assertThat(detector.update(plain, W, H).moving()).isFalse();
        byte[] withBox = plain.clone();
        for (int y = 100; y < 160; y++) {
            for (int x = 200; x < 260; x++) {
                int p = (y * W + x) * 3;
                withBox[p] = (byte) 200;
                withBox[p + 1] = (byte) 77;
                withBox[p + 2] = (byte) 200;
            }
        }
        Motion m = detector.update(withBox, W, H);
        assertThat(m.moving()).isTrue();
        assertThat(m.score()).isGreaterThan(0.01f);
    }

    @Test
    void testChangeInsideAMaskIsIgnored() {
        List<Point> topRight = List.of(new Point(0.6, 0), new Point(1, 0), new Point(1, 0.2), new Point(0.6, 0.2));
        MotionDetector masked = new MotionDetector(new MotionSettings(null, null, null, List.of(topRight), null));
        MotionDetector open = new MotionDetector(MotionSettings.NONE);
        int[] grey = scene();
        Random random = new Random(6);
        byte[] still = frame(grey, 0, 2, random, -1, 0, 0, 0);
        masked.update(still, W, H);
        open.update(still, W, H);
        // A clock: a box in the masked corner that changes every frame.
        for (int i = 0; i < 20; i++) {
            byte[] f = frame(grey, 0, 2, random, 400 + (i % 2) * 100, 10, 80, 40);
            assertThat(masked.update(f, W, H).moving()).isFalse();
            assertThat(open.update(f, W, H).moving()).isTrue();
        }
        // Outside the mask, the same change is motion.
        assertThat(masked.update(frame(grey, 0, 2, random, 100, 200, 80, 40), W, H).moving()).isTrue();
    }

    @Test
    void testThresholdAndPixelDeltaApplyAndNewSettingsKeepTheBackground() {
        MotionDetector detector = new MotionDetector(MotionSettings.NONE);
        int[] grey = scene();
        Random random = new Random(7);
        detector.update(frame(grey, 0, 0, random, -1, 0, 0, 0), W, H);
        // A box of 1 % of the picture is motion at the default threshold ...
        assertThat(detector.update(frame(grey, 0, 0, random, 100, 100, 60, 40), W, H).moving()).isTrue();
        // ... and not at 5 %; the background is not reset by new settings (no "first frame").
        detector.configure(new MotionSettings(null, 0.05, null, null, null));
        Motion m = detector.update(frame(grey, 0, 0, random, 200, 100, 60, 40), W, H);
        assertThat(m.moving()).isFalse();
        assertThat(m.score()).isBetween(0.005f, 0.05f);
        // A faint change (10 grey levels) passes the default pixel delta of 20 unseen, but not 5.
        MotionDetector faint = new MotionDetector(new MotionSettings(null, null, 5, null, null));
        MotionDetector blunt = new MotionDetector(MotionSettings.NONE);
        int[] brighter = grey.clone();
        for (int y = 100; y < 200; y++) {
            for (int x = 100; x < 200; x++) {
                brighter[y * W + x] += 10;
            }
        }
        byte[] before = frame(grey, 0, 0, random, -1, 0, 0, 0);
        byte[] after = frame(brighter, 0, 0, random, -1, 0, 0, 0);
        faint.update(before, W, H);
        blunt.update(before, W, H);
        assertThat(faint.update(after, W, H).moving()).isTrue();
        assertThat(blunt.update(after, W, H).moving()).isFalse();
    }

    @Test
    void testANewFrameSizeStartsAFreshBackground() {
        MotionDetector detector = new MotionDetector(MotionSettings.NONE);
        byte[] small = new byte[320 * 180 * 3];
        detector.update(small, 320, 180);
        assertThat(detector.update(small, 320, 180).moving()).isFalse();
        assertThat(detector.update(new byte[100 * 50 * 3], 100, 50).moving()).isTrue();
        assertThat(detector.width()).isEqualTo(100); // never wider than the frame
        assertThatThrownBy(() -> detector.update(new byte[10], 100, 50))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 15000 bytes, got 10");
    }
}
