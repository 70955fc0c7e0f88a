package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectionSettingsTest {

    private final DetectionSettings defaults = new DetectionSettings(0.25f, null);

    @Test
    void testUpdateFieldsApply() {
        DetectionSettings s = defaults.with(Map.of("conf", "0.4", "classes", "[0,2]", "priority", "3"));
        assertThat(s.confidence()).isEqualTo(0.4f);
        assertThat(s.classes()).containsExactlyInAnyOrder(0, 2);
        assertThat(s.keeps(2, 0.5f)).isTrue();
        assertThat(s.keeps(1, 0.9f)).isFalse();
        assertThat(s.keeps(0, 0.3f)).isFalse();
        assertThat(s.with(Map.of("classes", "[]")).classes()).isNull();
        assertThat(s.with(Map.of("conf", "0.1")).classes()).containsExactlyInAnyOrder(0, 2);
    }

    @Test
    void testPriority() {
        assertThat(defaults.priority()).isZero();
        assertThat(defaults.with(Map.of("priority", "5")).priority()).isEqualTo(5);
        assertThatThrownBy(() -> defaults.with(Map.of("priority", "1.5"))).hasMessageContaining("priority");
    }

    @Test
    void testInvalidValuesNameTheField() {
        assertThatThrownBy(() -> defaults.with(Map.of("conf", "2"))).hasMessageContaining("conf");
        assertThatThrownBy(() -> defaults.with(Map.of("conf", "\"high\""))).hasMessageContaining("conf");
        assertThatThrownBy(() -> defaults.with(Map.of("classes", "[\"car\"]"))).hasMessageContaining("classes");
        assertThatThrownBy(() -> defaults.with(Map.of("classes", "3"))).hasMessageContaining("classes");
    }
}
