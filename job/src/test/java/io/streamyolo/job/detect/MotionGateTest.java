package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.control.settings.MotionSettings;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.source.motion.Motion;
import org.junit.jupiter.api.Test;

class MotionGateTest {

    private static final long LOST_MS = 1500;

    private static VideoFrame frame(String id, long captureMillis, Boolean moving) {
        Motion motion = moving == null ? null : new Motion(moving ? 0.05f : 0f, moving);
        return new VideoFrame(id, captureMillis, captureMillis, 0, 2, 2, new byte[12], null, null, motion);
    }

    @Test
    void testStillFramesSkipUntilKeepaliveAndMovingOnesGo() {
        MotionGate gate = new MotionGate(LOST_MS);
        assertThat(gate.admits(frame("a", 0, false))).as("the first frame always goes").isTrue();
        assertThat(gate.admits(frame("a", 100, false))).isFalse();
        assertThat(gate.admits(frame("a", 200, true))).isTrue();
        assertThat(gate.admits(frame("a", 300, false))).isFalse();
        assertThat(gate.admits(frame("a", 5100, false))).as("4.9 s since the last detection").isFalse();
        assertThat(gate.admits(frame("a", 5200, false))).as("keepalive 5 s (default)").isTrue();
        assertThat(gate.admits(frame("a", 5300, false))).isFalse();
        assertThat(gate.admits(frame("a", 5400, null))).as("motion not measured counts as motion").isTrue();
    }

    @Test
    void testRecentBoxesKeepTracksSeenBeforeTheyWouldBeLost() {
        MotionGate gate = new MotionGate(LOST_MS);
        gate.admits(frame("a", 0, true));
        gate.detected("a", 0, 1);
        // Still, with a box 0 ms ago: detected every third of the lost timeout (500 ms), not every frame.
        assertThat(gate.admits(frame("a", 100, false))).isFalse();
        assertThat(gate.admits(frame("a", 400, false))).isFalse();
        assertThat(gate.admits(frame("a", 500, false))).isTrue();
        gate.detected("a", 500, 0); // the box was not found this time: the track is lost, not gone
        assertThat(gate.admits(frame("a", 900, false))).isFalse();
        assertThat(gate.admits(frame("a", 1000, false))).as("a lost track is looked for again").isTrue();
        gate.detected("a", 1000, 0);
        assertThat(gate.admits(frame("a", 1500, false))).isTrue();
        gate.detected("a", 1500, 0);
        assertThat(gate.admits(frame("a", 2000, false))).as("once past the lost timeout, so that the track ends on time")
                .isTrue();
        gate.detected("a", 2000, 0);
        assertThat(gate.admits(frame("a", 2500, false))).as("no box for more than the lost timeout: the track is gone")
                .isFalse();
        // Another camera's boxes do not open this one's gate.
        gate.admits(frame("b", 0, true));
        assertThat(gate.admits(frame("b", 600, false))).isFalse();
    }

    @Test
    void testModeOffAndKeepaliveFromSettings() {
        MotionGate gate = new MotionGate(LOST_MS);
        gate.settings("a", new MotionSettings(MotionSettings.Mode.OFF, null, null, null, null));
        gate.settings("b", new MotionSettings(null, null, null, null, 1.0));
        gate.settings("c", new MotionSettings(null, null, null, null, 0.0));
        gate.admits(frame("a", 0, true));
        gate.admits(frame("b", 0, true));
        gate.admits(frame("c", 0, true));
        assertThat(gate.admits(frame("a", 100, false))).as("gating off").isTrue();
        assertThat(gate.admits(frame("b", 900, false))).isFalse();
        assertThat(gate.admits(frame("b", 1000, false))).as("keepalive 1 s").isTrue();
        assertThat(gate.admits(frame("c", 3_600_000, false))).as("keepalive 0: never without motion").isFalse();
        // An UPDATE that gives other fields keeps the mode; one that gives the mode changes it.
        gate.settings("a", new MotionSettings(null, 0.5, null, null, null));
        assertThat(gate.admits(frame("a", 200, false))).isTrue();
        gate.settings("a", new MotionSettings(MotionSettings.Mode.GATE, null, null, null, null));
        assertThat(gate.admits(frame("a", 300, false))).isFalse();
        gate.forget("a");
        assertThat(gate.admits(frame("a", 400, false))).as("a stopped stream starts anew").isTrue();
    }
}
