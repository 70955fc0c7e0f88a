package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.source.event.VideoFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictedFramesTest {

    private static VideoFrame frame(String id, long seq) {
        return new VideoFrame(id, seq, 1000 + seq, 0, 2, 2, new byte[12]);
    }

    private static List<Long> seqs(List<FrameTimes> frames) {
        return frames.stream().map(FrameTimes::sequence).toList();
    }

    @Test
    void testFramesWaitForTheEarlierFrameInDetectionAndGoInOrder() {
        PredictedFrames p = new PredictedFrames();
        VideoFrame f0 = frame("a", 0);
        p.offered(f0);
        assertThat(p.add(frame("a", 1))).isEmpty();
        assertThat(p.add(frame("a", 2))).isEmpty();
        assertThat(p.add(frame("b", 1))).extracting(FrameTimes::streamId).containsExactly("b"); // another camera: at once
        VideoFrame f3 = frame("a", 3);
        p.offered(f3);
        assertThat(p.add(frame("a", 4))).isEmpty();
        assertThat(seqs(p.done(f0))).containsExactly(1L, 2L); // not 4: frame 3 is still in detection
        assertThat(seqs(p.done(f3))).containsExactly(4L);
        assertThat(seqs(p.add(frame("a", 5)))).containsExactly(5L);
    }

    @Test
    void testAReplacedFrameReleasesThoseBeforeItsSuccessorAndAStopDropsAll() {
        PredictedFrames p = new PredictedFrames();
        VideoFrame f0 = frame("a", 0);
        p.offered(f0);
        p.add(frame("a", 1));
        VideoFrame f2 = frame("a", 2);
        p.offered(f2); // the batcher replaced frame 0 by frame 2
        assertThat(seqs(p.done(f0))).containsExactly(1L);
        p.add(frame("a", 3));
        p.forget("a");
        assertThat(p.done(f2)).isEmpty();
    }

    @Test
    void testALostDetectionHoldsNoMoreThanMaxWaiting() {
        PredictedFrames p = new PredictedFrames();
        p.offered(frame("a", 0));
        int released = 0;
        for (int i = 1; i <= PredictedFrames.MAX_WAITING + 10; i++) {
            released += p.add(frame("a", i)).size();
        }
        assertThat(released).isEqualTo(10);
    }
}
