package io.streamyolo.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamyolo.dashboard.testutils.TestCameras;
import io.streamyolo.store.CameraState;
import org.junit.jupiter.api.Test;

class HiddenCamerasTest {

    static final long NOW = 1_800_000_000_000L;

    @Test
    void testEndedCamerasHiddenAfterTheirTime() {
        HiddenCameras h = new HiddenCameras(600_000);
        assertThat(h.hidden(TestCameras.state("a", NOW - 599_000, CameraState.STOPPED, null), NOW)).isFalse();
        assertThat(h.hidden(TestCameras.state("a", NOW - 601_000, CameraState.STOPPED, null), NOW)).isTrue();
        // Live but no longer reported: ended too.
        assertThat(h.hidden(TestCameras.live("b", NOW - 601_000), NOW)).isTrue();
        // In error and still reported: the job still holds it.
        assertThat(h.hidden(TestCameras.state("c", NOW - 1_000, CameraState.ERROR, "x"), NOW)).isFalse();
        assertThat(h.hidden(TestCameras.live("d", NOW - 1_000), NOW)).isFalse();
        assertThat(new HiddenCameras(0).hidden(TestCameras.state("a", NOW - 86_400_000, CameraState.STOPPED, null), NOW)).isFalse();
    }

    @Test
    void testRemovedUntilRunningAgain() {
        HiddenCameras h = new HiddenCameras(0);
        assertThatThrownBy(() -> h.remove(TestCameras.live("a", NOW), NOW)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'a' is live");
        assertThatThrownBy(() -> h.remove(TestCameras.state("a", NOW, CameraState.RECONNECTING, null), NOW))
                .hasMessageContaining("reconnecting");
        h.remove(TestCameras.state("a", NOW, CameraState.ERROR, "x"), NOW);
        assertThat(h.hidden(TestCameras.state("a", NOW + 5_000, CameraState.ERROR, "x"), NOW + 5_000)).isTrue();
        assertThat(h.hidden(TestCameras.live("a", NOW + 6_000), NOW + 6_000)).isFalse();
        // Stopped after running again: listed until removed again.
        assertThat(h.hidden(TestCameras.state("a", NOW + 7_000, CameraState.STOPPED, null), NOW + 7_000)).isFalse();
    }
}
