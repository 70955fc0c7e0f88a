package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.model.BgrFrame;
import io.streamyolo.model.Detection;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.model.ModelFamily;
import io.streamyolo.model.preprocess.Preprocessing;
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

    /**
     * A YOLOX file beside a shapes default: its family comes from the file, not from the job's
     * model; forced as Ultralytics it is a model of its own that fails with the shape it has.
     */
    @Test
    void testYoloxBesideUltralyticsAndAForcedWrongType(@TempDir Path dir) throws Exception {
        Files.copy(ShippedModels.path(ShippedModels.SHAPES_ONNX), dir.resolve("shapes.onnx"));
        Files.copy(ShippedModels.path(ShippedModels.YOLOX_NANO), dir.resolve("yolox.onnx"));
        DetectorConfig config = DetectorConfig.builder().setModelPath(dir.resolve("shapes.onnx"))
                .optModelFamily(ModelFamily.ULTRALYTICS).optCpu().build();
        try (ModelRegistry registry = new ModelRegistry(config)) {
            registry.request(ModelUser.stream("cam1"), ModelRegistry.key("yolox.onnx", null));
            registry.request(ModelUser.stream("cam2"), ModelRegistry.key("yolox.onnx", "ultralytics"));
            List<ModelRegistry.Loaded> done = new java.util.ArrayList<>();
            for (long end = System.currentTimeMillis() + 60_000; done.size() < 2 && System.currentTimeMillis() < end; ) {
                Thread.sleep(20);
                done.addAll(registry.poll());
            }
            assertThat(done).hasSize(2);
            assertThat(done.get(0).error()).isNull();
            assertThat(registry.get("yolox.onnx").metadata().preprocessing()).isEqualTo(Preprocessing.YOLOX);
            assertThat(registry.get("yolox.onnx").metadata().className(0)).isEqualTo("person");
            assertThat(done.get(1).name()).isEqualTo("yolox.onnx as ultralytics");
            assertThat(done.get(1).error()).contains("3549").contains("85");
            assertThat(registry.isLoaded("yolox.onnx as ultralytics")).isFalse();
        }
    }
}
