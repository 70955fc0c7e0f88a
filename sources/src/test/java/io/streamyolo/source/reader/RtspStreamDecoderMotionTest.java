package io.streamyolo.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.control.settings.MotionSettings;
import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.scene.SceneVideo;
import io.streamyolo.scene.SyntheticScene;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.source.split.RtspStreamSplit;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A decoder measures each kept frame's motion while the camera is gated, and none when gating is off. */
class RtspStreamDecoderMotionTest {

    @Test
    void testFramesCarryTheirMotionWhileGatedAndNoneWhenOff(@TempDir Path dir) throws Exception {
        // Shapes that move every frame.
        Path video = SceneVideo.write(new SyntheticScene(11, 320, 240, 4), 300, 30, dir);
        StreamSettings off = new StreamSettings(null, null, null, null, null, null, null, null,
                new MotionSettings(MotionSettings.Mode.OFF, null, null, null, null));
        RtspStreamDecoder decoder = new RtspStreamDecoder(new RtspStreamSplit("cam", "file:" + video.toAbsolutePath(), 0, null, off),
                DecoderSettings.defaults(), new StreamListener() {
                    @Override
                    public void frameAvailable() {}

                    @Override
                    public void status(StreamStatus status) {}
                });
        decoder.start();
        try {
            assertThat(awaitFrame(decoder).motion()).as("gating off at START").isNull();
            assertThat(decoder.motionFrames.get()).isZero();
            decoder.updateMotion(new MotionSettings(MotionSettings.Mode.GATE, null, null, null, null));
            int moving = 0;
            int measured = 0;
            for (long end = System.currentTimeMillis() + 10_000; measured < 20 && System.currentTimeMillis() < end; ) {
                VideoFrame f = awaitFrame(decoder);
                if (f.motion() != null) {
                    measured++;
                    moving += f.motion().moving() ? 1 : 0;
                }
            }
            assertThat(measured).isEqualTo(20);
            assertThat(moving).as("frames of moving shapes with motion").isGreaterThanOrEqualTo(18);
            assertThat(decoder.motionFrames.get()).isGreaterThanOrEqualTo(20);
            // An UPDATE that gives only a threshold keeps gating on.
            decoder.updateMotion(new MotionSettings(null, 0.5, null, null, null));
            awaitFrame(decoder);
            VideoFrame f = awaitFrame(decoder);
            assertThat(f.motion()).isNotNull();
            assertThat(f.motion().moving()).as("no frame changes by half").isFalse();
            decoder.updateMotion(new MotionSettings(MotionSettings.Mode.OFF, null, null, null, null));
            awaitFrame(decoder);
            assertThat(awaitFrame(decoder).motion()).isNull();
        } finally {
            decoder.stop();
            decoder.join(2000);
        }
    }

    private static VideoFrame awaitFrame(RtspStreamDecoder decoder) throws InterruptedException {
        for (long end = System.currentTimeMillis() + 10_000; System.currentTimeMillis() < end; Thread.sleep(5)) {
            VideoFrame f = decoder.takeLatest();
            if (f != null) {
                return f;
            }
        }
        throw new AssertionError("no frame in 10 s");
    }
}
