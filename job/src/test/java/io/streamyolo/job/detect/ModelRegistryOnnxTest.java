package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.model.BgrFrame;
import io.streamyolo.model.Detection;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.testing.ShippedModels;
import io.streamyolo.scene.SyntheticScene;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A MODEL command may name an {@code .onnx} file in the model directory: it runs on ONNX Runtime. */
class ModelRegistryOnnxTest {

    @Test
    void testOnnxModelLoadsByFileNameBesideATorchScriptDefault(@TempDir Path dir) throws Exception {
        Path shapes = ShippedModels.path(ShippedModels.SHAPES);
        Files.copy(shapes, dir.resolve("default.torchscript"));
        Files.copy(shapes.resolveSibling("shapes-yolo-320.names"), dir.resolve("default.names"));
        Files.copy(ShippedModels.path(ShippedModels.SHAPES_ONNX), dir.resolve("shapes.onnx"));
        DetectorConfig config = DetectorConfig.builder().setModelPath(dir.resolve("default.torchscript")).optCpu().build();
        try (ModelRegistry registry = new ModelRegistry(config)) {
            registry.request(ModelUser.stream("cam1"), "shapes.onnx");
            List<ModelRegistry.Loaded> done = List.of();
            for (long end = System.currentTimeMillis() + 30_000; done.isEmpty() && System.currentTimeMillis() < end; ) {
                Thread.sleep(20);
                done = registry.poll();
            }
            assertThat(done).singleElement().satisfies(l -> {
                assertThat(l.error()).isNull();
                assertThat(l.requestedBy()).isEqualTo(ModelUser.stream("cam1"));
                assertThat(l.name()).isEqualTo("shapes.onnx");
            });
            // Names from the ONNX file's metadata (no .names file beside it), same boxes as TorchScript.
            assertThat(registry.get("shapes.onnx").metadata().classNames())
                    .containsExactly("circle", "square", "triangle", "star");
            SyntheticScene scene = new SyntheticScene(7001, 640, 360, 4);
            BgrFrame frame = BgrFrame.of(scene.render(0), scene.width(), scene.height());
            List<Detection> onnx = registry.get("shapes.onnx").detect(frame);
            List<Detection> torch = registry.get("default.torchscript").detect(frame);
            assertThat(onnx).hasSize(4).hasSameSizeAs(torch);
            for (int i = 0; i < onnx.size(); i++) {
                assertThat(onnx.get(i).classId()).isEqualTo(torch.get(i).classId());
                assertThat(Math.abs(onnx.get(i).x1() - torch.get(i).x1())).isLessThan(0.5f);
            }
        }
    }
}
