package io.streamyolo.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelFormatTest {

    @Test
    void testOnnxExtensionChoosesOnnxRuntimeAndAnythingElsePyTorch() {
        assertThat(ModelFormat.of(Path.of("models/yolo11n.onnx"))).isEqualTo(ModelFormat.ONNX);
        assertThat(ModelFormat.of(Path.of("YOLO11N.ONNX"))).isEqualTo(ModelFormat.ONNX);
        assertThat(ModelFormat.ONNX.engine()).isEqualTo("OnnxRuntime");
        assertThat(ModelFormat.of(Path.of("yolo11n.torchscript"))).isEqualTo(ModelFormat.TORCHSCRIPT);
        assertThat(ModelFormat.of(Path.of("yolo11n.pt"))).isEqualTo(ModelFormat.TORCHSCRIPT);
        assertThat(ModelFormat.of(Path.of("onnx"))).isEqualTo(ModelFormat.TORCHSCRIPT);
        assertThat(ModelFormat.TORCHSCRIPT.engine()).isEqualTo("PyTorch");
    }
}
