package io.streamyolo.source.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputPreparationTest {

    /** The frame's first {@code bytes} bytes. */
    private record Head(int bytes) implements InputFormat {
        @Override
        public void write(ByteBuffer bgr, int width, int height, int rowStride, ByteBuffer target) {
            for (int i = 0; i < bytes; i++) {
                target.put(i, bgr.get(i));
            }
        }
    }

    private static final ByteBuffer FRAME = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});

    @Test
    void testNothingIsPreparedUntilAFormatIsWanted() {
        InputPreparation p = new InputPreparation();
        assertThat(p.prepare(FRAME, 2, 2, 6)).isNull();
        p.want(new Head(4));
        PreparedInput input = p.prepare(FRAME, 2, 2, 6);
        assertThat(input.format()).isEqualTo(new Head(4));
        assertThat(input.buffer().isDirect()).isTrue();
        assertThat(input.buffer().get(3)).isEqualTo((byte) 4);
        assertThat(p.prepared()).isEqualTo(1);
        p.want(null);
        assertThat(p.prepare(FRAME, 2, 2, 6)).isNull();
    }

    @Test
    void testReleasedBuffersAreReusedOnceAndAtMostMaxIdleAreKept() {
        InputPreparation p = new InputPreparation();
        p.want(new Head(4));
        PreparedInput a = p.prepare(FRAME, 2, 2, 6);
        a.release();
        a.release(); // a second release must not put the buffer in the pool twice
        PreparedInput b = p.prepare(FRAME, 2, 2, 6);
        PreparedInput c = p.prepare(FRAME, 2, 2, 6);
        assertThat(b.buffer()).isSameAs(a.buffer());
        assertThat(c.buffer()).isNotSameAs(a.buffer());

        List<PreparedInput> many = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            many.add(p.prepare(FRAME, 2, 2, 6));
        }
        many.forEach(PreparedInput::release);
        assertThat(p.idleBuffers()).isEqualTo(InputPreparation.MAX_IDLE);
    }

    @Test
    void testBuffersOfAFormatNoLongerWantedAreNotReused() {
        InputPreparation p = new InputPreparation();
        p.want(new Head(4));
        PreparedInput small = p.prepare(FRAME, 2, 2, 6);
        p.want(new Head(8)); // a model switch
        small.release();
        assertThat(p.idleBuffers()).isZero();
        PreparedInput large = p.prepare(FRAME, 2, 2, 6);
        assertThat(large.buffer().capacity()).isEqualTo(8);
        assertThat(large.buffer().get(7)).isEqualTo((byte) 8);
    }

    @Test
    void testBuffersStayPooledWhileNoFormatIsWantedForAWhile() {
        InputPreparation p = new InputPreparation();
        p.want(new Head(4));
        PreparedInput a = p.prepare(FRAME, 2, 2, 6);
        p.want(null); // the camera is not in the next batch
        a.release();
        assertThat(p.prepare(FRAME, 2, 2, 6)).isNull();
        p.want(new Head(4));
        assertThat(p.prepare(FRAME, 2, 2, 6).buffer()).isSameAs(a.buffer());
    }

    @Test
    void testFramesLongBeforeTheBatchIsDueAreNotPrepared() throws InterruptedException {
        InputPreparation p = new InputPreparation();
        p.want(new Head(4), System.nanoTime() + 10_000_000_000L);
        for (int i = 0; i < 3; i++) {
            // A camera at about 50 fps: each of these frames would be replaced long before the batch.
            assertThat(p.prepare(FRAME, 2, 2, 6)).isNull();
            Thread.sleep(20);
        }
        // The batch is due: the frame kept now is the one it will take.
        p.want(new Head(4), System.nanoTime());
        assertThat(p.prepare(FRAME, 2, 2, 6)).isNotNull();
        assertThat(p.prepared()).isEqualTo(1);
    }
}
