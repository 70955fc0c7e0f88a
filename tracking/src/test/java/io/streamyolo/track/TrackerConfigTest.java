package io.streamyolo.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrackerConfigTest {

    @Test
    void testDefaultsFollowByteTrack() {
        TrackerConfig c = TrackerConfig.defaults();
        assertThat(c.highThreshold()).isEqualTo(0.5f);
        assertThat(c.lowThreshold()).isEqualTo(0.1f);
        assertThat(c.newTrackThreshold()).isEqualTo(0.6f);
        assertThat(c.minHits()).isEqualTo(2);
        assertThat(c.lostTimeoutMs()).isEqualTo(1500);
        assertThat(c.classMismatchCost()).isEqualTo(0.15f);
        assertThat(c.lostMatchCover()).isEqualTo(0.4f);
        assertThat(c.marginPx()).isEqualTo(5);
        assertThat(c.holdMs()).isEqualTo(150);
        assertThat(c.motionGate()).isEqualTo(1.5f);
        assertThat(c.outageLimitMs()).isEqualTo(10_000);
        assertThat(c.predictedBoxMs()).isEqualTo(500);
    }

    @Test
    void testPredictionFollowsTheLostTimeoutUnlessSet() {
        assertThat(TrackerConfig.defaults().maxPredictionMs()).isEqualTo(1500);
        assertThat(TrackerConfig.builder().setLostTimeoutMs(3000).build().maxPredictionMs())
                .isEqualTo(3000);
        assertThat(
                        TrackerConfig.builder()
                                .setLostTimeoutMs(3000)
                                .setMaxPredictionMs(800)
                                .build()
                                .maxPredictionMs())
                .isEqualTo(800);
    }

    @Test
    void testBuilderSetsValues() {
        TrackerConfig c =
                TrackerConfig.builder()
                        .setLostTimeoutMs(3000)
                        .setMinHits(3)
                        .setLineMargin(0)
                        .setClassMismatchCost(1)
                        .setLostMatchCover(0.6f)
                        .build();
        assertThat(c.lostTimeoutMs()).isEqualTo(3000);
        assertThat(c.minHits()).isEqualTo(3);
        assertThat(c.lineMargin()).isZero();
        assertThat(c.classMismatchCost()).isEqualTo(1);
        assertThat(c.lostMatchCover()).isEqualTo(0.6f);
    }

    @Test
    void testValidationMessages() {
        assertThatThrownBy(() -> TrackerConfig.builder().setLowThreshold(0.6f).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lowThreshold (0.6) must be below highThreshold (0.5)");
        assertThatThrownBy(() -> TrackerConfig.builder().setNewTrackThreshold(0.4f).build())
                .hasMessageContaining(
                        "newTrackThreshold (0.4) must be at least highThreshold (0.5)");
        assertThatThrownBy(() -> TrackerConfig.builder().setHighThreshold(1.5f).build())
                .hasMessage("highThreshold must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> TrackerConfig.builder().setMatchIou(0).build())
                .hasMessage("matchIou must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> TrackerConfig.builder().setMinHits(0).build())
                .hasMessage("minHits must be at least 1, got 0");
        assertThatThrownBy(() -> TrackerConfig.builder().setLostTimeoutMs(0).build())
                .hasMessage("lostTimeoutMs must be positive, got 0");
        assertThatThrownBy(() -> TrackerConfig.builder().setMaxPredictionMs(-1).build())
                .hasMessage("maxPredictionMs must not be negative, got -1");
        assertThatThrownBy(() -> TrackerConfig.builder().setLineMargin(Double.NaN).build())
                .hasMessageContaining("lineMargin");
        assertThatThrownBy(() -> TrackerConfig.builder().setClassMismatchCost(-0.1f).build())
                .hasMessage("classMismatchCost must not be negative, got -0.1");
        assertThatThrownBy(() -> TrackerConfig.builder().setLostMatchCover(0).build())
                .hasMessage("lostMatchCover must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> TrackerConfig.builder().setMarginPx(-1).build())
                .hasMessage("marginPx must not be negative, got -1.0");
        assertThatThrownBy(() -> TrackerConfig.builder().setHoldMs(-1).build())
                .hasMessage("holdMs must not be negative, got -1");
        assertThatThrownBy(() -> TrackerConfig.builder().setMotionGate(Float.NaN).build())
                .hasMessage("motionGate must not be negative (0: off), got NaN");
        assertThatThrownBy(() -> TrackerConfig.builder().setOutageLimitMs(-5).build())
                .hasMessage("outageLimitMs must not be negative (0: off), got -5");
        assertThatThrownBy(() -> TrackerConfig.builder().setPredictedBoxMs(-5).build())
                .hasMessage("predictedBoxMs must not be negative (0: off), got -5");
    }
}
