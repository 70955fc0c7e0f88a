package io.streamyolo.store;

import static io.streamyolo.store.testutils.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoredClipTest {

    @Test
    void testFileNameHasCameraStartKindAndIdAndNoUnsafeCharacters() {
        StoredClip clip = new StoredClip(12, "cam1", StoredClip.KIND_EVENT, T0 + 5_250, T0 + 15_000, "/rec/a.mp4", 10, "h264", List.of());
        // T0 is 2025-11-25T11:43:00Z.
        assertThat(clip.fileName()).isEqualTo("cam1_20251125T114305Z_event-12.mp4");
        StoredClip odd = new StoredClip(3, "../door cam", StoredClip.KIND_SEGMENT, T0, T0 + 60_000, "/rec/b.mp4", 10, "hevc", null);
        assertThat(odd.fileName()).isEqualTo(".._door_cam_20251125T114300Z_segment-3.mp4").doesNotContain("/");
    }

    @Test
    void testOnlyH264PlaysInTheBrowser() {
        assertThat(new StoredClip(1, "c", "event", 0, 1, "/f", 1, StoredClip.CODEC_H264, null).playsInBrowser()).isTrue();
        assertThat(new StoredClip(1, "c", "event", 0, 1, "/f", 1, StoredClip.CODEC_HEVC, null).playsInBrowser()).isFalse();
    }
}
