package io.streamyolo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelFamilyTest {

    @Test
    void testNamesParseCaseInsensitively() {
        assertThat(ModelFamily.parse("yolox")).isEqualTo(ModelFamily.YOLOX);
        assertThat(ModelFamily.parse(" Ultralytics ")).isEqualTo(ModelFamily.ULTRALYTICS);
        assertThat(ModelFamily.parse("AUTO")).isEqualTo(ModelFamily.AUTO);
        assertThat(ModelFamily.YOLOX.configName()).isEqualTo("yolox");
    }

    @Test
    void testUnknownNameListsTheAcceptedValues() {
        assertThatThrownBy(() -> ModelFamily.parse("yolov5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'yolov5'")
                .hasMessageContaining("auto, ultralytics, yolox");
        assertThatThrownBy(() -> ModelFamily.parse(null)).hasMessageContaining("auto, ultralytics, yolox");
    }

    @Test
    void testConfigCarriesTheModelTypeThroughCopiesAndSerialization() throws Exception {
        DetectorConfig auto = DetectorConfig.builder().setModelPath(Path.of("m.onnx")).build();
        assertThat(auto.modelFamily()).isEqualTo(ModelFamily.AUTO);
        DetectorConfig yolox = auto.toBuilder().optModelFamily("YOLOX").build();
        assertThat(yolox.modelFamily()).isEqualTo(ModelFamily.YOLOX);
        assertThat(yolox.toBuilder().optConfidenceThreshold(0.5f).build().modelFamily()).isEqualTo(ModelFamily.YOLOX);
        assertThat(yolox.toString()).contains("modelType=yolox");
        assertThat(auto.toBuilder().optModelFamily((ModelFamily) null).build().modelFamily()).isEqualTo(ModelFamily.AUTO);
        assertThatThrownBy(() -> DetectorConfig.builder().optModelFamily("darknet"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto, ultralytics, yolox");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(yolox);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(((DetectorConfig) in.readObject()).modelFamily()).isEqualTo(ModelFamily.YOLOX);
        }
    }
}
