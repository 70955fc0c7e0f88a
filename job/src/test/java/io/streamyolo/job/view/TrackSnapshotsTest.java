package io.streamyolo.job.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.model.Detection;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.store.Box;
import io.streamyolo.store.StoredSnapshot;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class TrackSnapshotsTest {

    private static VideoFrame frame(long captureMillis) {
        return new VideoFrame("cam1", 0, captureMillis, 0, 64, 48, new byte[64 * 48 * 3]);
    }

    /** A snapshot carries the values its JSON line showed: 0.91, not the float's 0.9100000262. */
    @Test
    void testSnapshotHasTheDecimalsOfTheDetectionAndItsJpegs() throws Exception {
        TrackSnapshots snapshots = new TrackSnapshots();
        List<StoredSnapshot> taken = snapshots.take(frame(1000), List.of(new Detection(10.5f, 20, 50, 40.25f, 1, 0.9126f)),
                new long[] {7}, List.of());
        assertThat(taken).singleElement().satisfies(s -> {
            assertThat(s.streamId()).isEqualTo("cam1");
            assertThat(s.trackId()).isEqualTo(7);
            assertThat(s.ts()).isEqualTo(1000);
            assertThat(s.conf()).isEqualTo(0.913);
            assertThat(s.box()).isEqualTo(new Box(10.5, 20, 50, 40.25));
            assertThat(ImageIO.read(new ByteArrayInputStream(s.jpeg())).getWidth()).isEqualTo(64);
            assertThat(ImageIO.read(new ByteArrayInputStream(s.thumbnail())).getWidth()).isEqualTo(39);
        });
        assertThat(snapshots.take(frame(1100), List.of(new Detection(10.5f, 20, 50, 40.25f, 1, 0.95f)), new long[] {7}, List.of()))
                .as("better, but within the minimum interval").isEmpty();
    }
}
