package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.control.settings.MotionSettings;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.source.motion.Motion;
import io.streamyolo.source.motion.MotionDetector;
import io.streamyolo.testing.ShippedFootage;
import io.streamyolo.track.TrackerConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Motion gating on the real hall clip (people walk in one at a time, stand, walk out; the room is
 * empty between them), decoded by FFmpeg and measured by the motion detector as a camera's decoder
 * thread does, with the default settings and the tracker's default lost timeout.
 *
 * <p>The model's place is taken by the clip's ground truth: the frames in which a person is in the
 * room, found by looking at every frame around each entry and exit. A frame the gate lets through
 * "detects" a person exactly when one is there; so this measures what gating alone loses.
 */
class MotionGateHallTest {

    /** First and last frame (inclusive) in which each person is in the picture. */
    private static final int[][] PEOPLE = {{60, 197}, {227, 449}, {502, 699}, {745, 869}, {921, 1199}, {1234, 1359}};
    private static final int FRAMES = 1394;
    private static final long FRAME_MS = 100; // 10 fps

    private static final List<Motion> MOTION = new ArrayList<>();

    @BeforeAll
    static void measureTheClip() throws Exception {
        MotionDetector detector = new MotionDetector(MotionSettings.NONE);
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(ShippedFootage.path(ShippedFootage.HALL).toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            Frame f;
            while ((f = grabber.grabImage()) != null) {
                byte[] pixels = new byte[f.imageWidth * f.imageHeight * 3];
                ByteBuffer src = ((ByteBuffer) f.image[0]).duplicate();
                for (int y = 0; y < f.imageHeight; y++) {
                    src.position(y * f.imageStride);
                    src.get(pixels, y * f.imageWidth * 3, f.imageWidth * 3);
                }
                MOTION.add(detector.update(pixels, f.imageWidth, f.imageHeight));
            }
        }
        assertThat(MOTION).hasSize(FRAMES);
    }

    private static boolean present(int frame) {
        for (int[] p : PEOPLE) {
            if (frame >= p[0] && frame <= p[1]) {
                return true;
            }
        }
        return false;
    }

    /** The frames the gate lets through, with ground truth as the detector's boxes. */
    private static boolean[] gated(long lostTimeoutMs) {
        MotionGate gate = new MotionGate(lostTimeoutMs);
        boolean[] admitted = new boolean[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            VideoFrame frame = new VideoFrame("hall", i, i * FRAME_MS, i * FRAME_MS * 1000, 2, 2, new byte[12], null, null,
                    MOTION.get(i));
            admitted[i] = gate.admits(frame);
            if (admitted[i]) {
                gate.detected("hall", frame.captureTimeMillis(), present(i) ? 1 : 0);
            }
        }
        return admitted;
    }

    @Test
    void testAnEmptyRoomIsStillAndPeopleWalkingInOrOutMove() {
        int emptyFrames = 0;
        int emptyMoving = 0;
        for (int i = 40; i < FRAMES; i++) { // after the background has settled
            boolean nearPerson = false;
            for (int[] p : PEOPLE) {
                // A person's ghost in the background (and their shadow) fades within two seconds after they left.
                nearPerson |= i >= p[0] - 2 && i <= p[1] + 20;
            }
            if (!nearPerson) {
                emptyFrames++;
                emptyMoving += MOTION.get(i).moving() ? 1 : 0;
            }
        }
        assertThat(emptyFrames).isGreaterThan(100);
        assertThat(emptyMoving).as("frames of the empty room with motion, of %d", emptyFrames).isZero();
        for (int[] p : PEOPLE) {
            // Walking in (first second) and out (last second): motion in every frame, from the
            // second frame on (the first shows the top of a head at the picture's edge).
            for (int i = p[0] + 1; i < p[0] + 10; i++) {
                assertThat(MOTION.get(i).moving()).as("frame %d, entering", i).isTrue();
            }
            for (int i = p[1] - 9; i <= p[1]; i++) {
                assertThat(MOTION.get(i).moving()).as("frame %d, leaving", i).isTrue();
            }
        }
    }

    @Test
    void testGatingSkipsMostFramesAndLosesNoOne() {
        long lostMs = TrackerConfig.defaults().lostTimeoutMs();
        boolean[] admitted = gated(lostMs);
        int kept = 0;
        for (boolean a : admitted) {
            kept += a ? 1 : 0;
        }
        double skipped = 1 - (double) kept / FRAMES;
        assertThat(skipped).as("share of frames that skip the model").isGreaterThanOrEqualTo(0.5);
        for (int[] p : PEOPLE) {
            // Everyone who enters is detected within two frames of appearing ...
            int first = p[0];
            while (!admitted[first]) {
                first++;
            }
            assertThat(first - p[0]).as("person entering at frame %d", p[0]).isLessThanOrEqualTo(2);
            // ... and detected again before the tracker's lost timeout all the time they stay:
            // their track never ends while they stand still, so nobody is counted twice.
            int last = first;
            for (int i = first; i <= p[1]; i++) {
                if (admitted[i]) {
                    assertThat((i - last) * FRAME_MS).as("gap before frame %d", i).isLessThanOrEqualTo(lostMs);
                    last = i;
                }
            }
            assertThat((p[1] - last) * FRAME_MS).as("person leaving at frame %d", p[1]).isLessThanOrEqualTo(lostMs);
        }
        System.out.printf("hall: %d of %d frames skip the model (%.1f %%)%n", FRAMES - kept, FRAMES, 100 * skipped);
    }
}
