package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamyolo.control.InvalidCommandException;
import io.streamyolo.control.settings.StreamSettingsJson;
import io.streamyolo.model.ModelMetadata;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DetectionSettingsTest {

    private static final ModelMetadata SHAPES = new ModelMetadata(List.of("circle", "square", "triangle", "star"), 320, 320, 32, "");
    private final DetectionSettings defaults = new DetectionSettings(0.25f, null);

    /** Fields as a command gives them, read as the parser reads them, then applied. */
    private DetectionSettings apply(DetectionSettings s, Map<String, String> fields) throws InvalidCommandException {
        return s.with(StreamSettingsJson.fromFields(fields), "shapes.torchscript", SHAPES);
    }

    @Test
    void testUpdateFieldsApply() throws Exception {
        DetectionSettings s = apply(defaults, Map.of("conf", "0.4", "classes", "[0,2]", "priority", "3"));
        assertThat(s.confidence()).isEqualTo(0.4f);
        assertThat(s.classes()).containsExactlyInAnyOrder(0, 2);
        assertThat(s.keeps(2, 0.5f)).isTrue();
        assertThat(s.keeps(1, 0.9f)).isFalse();
        assertThat(s.keeps(0, 0.3f)).isFalse();
        assertThat(apply(s, Map.of("classes", "[]")).classes()).isNull();
        assertThat(apply(s, Map.of("conf", "0.1")).classes()).containsExactlyInAnyOrder(0, 2);
    }

    @Test
    void testClassNamesAreTheModelsIds() throws Exception {
        assertThat(apply(defaults, Map.of("classes", "[\"star\",\"circle\"]")).classes()).containsExactlyInAnyOrder(3, 0);
        assertThat(apply(defaults, Map.of("classes", "[\"square\",2]")).classes()).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void testClassesTheModelDoesNotHaveAreRejected() throws Exception {
        assertThatThrownBy(() -> apply(defaults, Map.of("classes", "[999]")))
                .hasMessage("class id 999 is not in the model: shapes.torchscript has class ids 0-3 (circle, square, triangle, star)");
        assertThatThrownBy(() -> apply(defaults, Map.of("classes", "[-1]"))).hasMessageContaining("class ids (0 or more)");
        assertThatThrownBy(() -> apply(defaults, Map.of("classes", "[\"person\",\"car\"]")))
                .hasMessage("class 'person' is not in the model: shapes.torchscript has circle, square, triangle, star");
        assertThatThrownBy(() -> new DetectionSettings(0.25f, Set.of(0, 7)).checkClasses("shapes.torchscript", SHAPES))
                .hasMessageContaining("class id 7 is not in the model");
        ModelMetadata unnamed = new ModelMetadata(List.of(), 640, 640, 32, "");
        assertThat(defaults.with(StreamSettingsJson.fromFields(Map.of("classes", "[57]")), "m", unnamed).classes()).containsExactly(57);
        assertThatThrownBy(() -> defaults.with(StreamSettingsJson.fromFields(Map.of("classes", "[\"car\"]")), "m", unnamed)).hasMessageContaining("names no classes");
    }

    @Test
    void testPriority() throws Exception {
        assertThat(defaults.priority()).isZero();
        assertThat(apply(defaults, Map.of("priority", "5")).priority()).isEqualTo(5);
        assertThatThrownBy(() -> apply(defaults, Map.of("priority", "1.5"))).hasMessageContaining("priority");
    }

    @Test
    void testInvalidValuesNameTheField() throws Exception {
        assertThatThrownBy(() -> apply(defaults, Map.of("conf", "2"))).hasMessageContaining("conf");
        assertThatThrownBy(() -> apply(defaults, Map.of("conf", "\"high\""))).hasMessageContaining("conf");
        assertThatThrownBy(() -> apply(defaults, Map.of("classes", "[1.5]"))).hasMessageContaining("classes");
        assertThatThrownBy(() -> apply(defaults, Map.of("classes", "3"))).hasMessageContaining("classes");
    }
}
