package io.streamyolo.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.scene.SceneVideo;
import io.streamyolo.scene.SyntheticScene;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.source.input.InputFormat;
import io.streamyolo.source.split.RtspStreamSplit;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decoder writes the frames it keeps into the input format asked of it, from FFmpeg's buffer;
 * frames it replaces give their buffers back, so a few pooled buffers serve a whole stream.
 */
class RtspStreamDecoderInputTest {

    /** Every 8th pixel's blue byte of every 4th row: enough to tell frames apart and rows apart. */
    private record Subsample(int width, int height) implements InputFormat {
        @Override
        public int bytes() {
            return (width / 8) * (height / 4);
        }

        @Override
        public void write(ByteBuffer bgr, int frameWidth, int frameHeight, int rowStride, ByteBuffer target) {
            int i = 0;
            for (int y = 0; y < frameHeight; y += 4) {
                for (int x = 0; x < frameWidth; x += 8) {
                    target.put(i++, bgr.get(y * rowStride + x * 3));
                }
            }
        }
    }

    @Test
    void testKeptFramesArePreparedOnceAskedAndReplacedOnesGiveTheirBuffersBack(@TempDir Path dir) throws Exception {
        Path video = SceneVideo.write(new SyntheticScene(7, 320, 240, 3), 180, 30, dir);
        List<VideoFrame> frames = Collections.synchronizedList(new ArrayList<>());
        RtspStreamDecoder decoder = new RtspStreamDecoder(
                new RtspStreamSplit("cam", "file:" + video.toAbsolutePath(), 0, null, null), DecoderSettings.defaults(),
                new StreamListener() {
                    @Override
                    public void frameAvailable() {}

                    @Override
                    public void status(StreamStatus status) {}
                });
        decoder.start();
        try {
            VideoFrame first = awaitFrame(decoder);
            assertThat(first.input()).as("nothing asked yet").isNull();
            assertThat(first.preparation()).isSameAs(decoder.preparation);

            Subsample format = new Subsample(320, 240);
            first.preparation().want(format);
            Set<ByteBuffer> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
            int prepared = 0;
            for (long end = System.currentTimeMillis() + 10_000; prepared < 20 && System.currentTimeMillis() < end; ) {
                // Taking only every 100 ms: most frames are replaced before they are taken.
                Thread.sleep(100);
                VideoFrame f = decoder.takeLatest();
                if (f == null || f.input() == null) {
                    continue;
                }
                assertThat(f.input().format()).isEqualTo(format);
                ByteBuffer expected = ByteBuffer.allocate(format.bytes());
                format.write(ByteBuffer.wrap(f.pixels()), f.width(), f.height(), f.width() * 3, expected);
                assertThat(f.input().buffer().duplicate().clear()).isEqualTo(expected.clear());
                buffers.add(f.input().buffer());
                f.releaseInput();
                prepared++;
            }
            assertThat(prepared).isEqualTo(20);
            assertThat(decoder.droppedBehind.get()).as("frames replaced before they were taken").isGreaterThan(20);
            assertThat(decoder.preparation.prepared()).isGreaterThan(40);
            assertThat(buffers).as("pooled buffers served every frame").hasSizeLessThanOrEqualTo(3);
        } finally {
            decoder.stop();
            decoder.join(5000);
        }
    }

    private static VideoFrame awaitFrame(RtspStreamDecoder decoder) throws InterruptedException {
        for (long end = System.currentTimeMillis() + 10_000; System.currentTimeMillis() < end; Thread.sleep(10)) {
            VideoFrame f = decoder.takeLatest();
            if (f != null) {
                return f;
            }
        }
        throw new AssertionError("no frame in 10 s");
    }
}
