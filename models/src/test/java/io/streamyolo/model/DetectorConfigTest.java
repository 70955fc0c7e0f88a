package io.streamyolo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DetectorConfigTest {

    @Test
    void testDefaults() {
        DetectorConfig c = DetectorConfig.builder().setModelPath(Path.of("m.pt")).build();
        assertThat(c.device()).isEqualTo("cpu");
        assertThat(c.confidenceThreshold()).isEqualTo(0.25f);
        assertThat(c.iouThreshold()).isEqualTo(0.45f);
        assertThat(c.classFilter()).isNull();
        assertThat(c.inputSize()).isZero();
    }

    @Test
    void testDeviceNames() {
        assertThat(DetectorConfig.builder().setModelPath(Path.of("m")).optDevice("gpu:1").build().device()).isEqualTo("gpu1");
        assertThat(DetectorConfig.builder().setModelPath(Path.of("m")).optDevice("cuda").build().device()).isEqualTo("gpu0");
        assertThat(DetectorConfig.builder().setModelPath(Path.of("m")).optDevice("CPU").build().device()).isEqualTo("cpu");
        assertThatThrownBy(() -> DetectorConfig.builder().optDevice("tpu"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tpu");
    }

    @Test
    void testInvalidSettingsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> DetectorConfig.builder().build()).hasMessageContaining("model path");
        assertThatThrownBy(() -> DetectorConfig.builder().setModelPath(Path.of("m")).optConfidenceThreshold(1.5f).build())
                .hasMessageContaining("Confidence");
        assertThatThrownBy(() -> DetectorConfig.builder().setModelPath(Path.of("m")).optInputSize(300).build())
                .hasMessageContaining("multiple of 32");
    }

    @Test
    void testToBuilderCopies() {
        DetectorConfig c = DetectorConfig.builder().setModelPath(Path.of("m")).optClassFilter(Set.of(1, 2)).build();
        DetectorConfig d = c.toBuilder().optConfidenceThreshold(0.5f).build();
        assertThat(d.classFilter()).containsExactlyInAnyOrder(1, 2);
        assertThat(d.confidenceThreshold()).isEqualTo(0.5f);
        assertThat(d.modelPath()).isEqualTo(Path.of("m"));
    }
}
