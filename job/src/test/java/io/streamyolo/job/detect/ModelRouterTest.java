package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.model.DetectorConfig;
import io.streamyolo.testing.ShippedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With real model files: two copies of the shipped shapes model under other names. */
class ModelRouterTest {

    private static ModelRouter router(Path dir) throws Exception {
        Path shapes = ShippedModels.path(ShippedModels.SHAPES);
        for (String name : List.of("default", "other")) {
            Files.copy(shapes, dir.resolve(name + ".torchscript"));
            Files.copy(shapes.resolveSibling("shapes-yolo-320.names"), dir.resolve(name + ".names"));
        }
        return ModelRouter.open(DetectorConfig.builder().setModelPath(dir.resolve("default.torchscript")).optCpu().build(), 0);
    }

    /** Polls until a load finished (they run on a background thread). */
    private static List<ModelRouter.Outcome> awaitOutcomes(ModelRouter models) throws InterruptedException {
        List<ModelRouter.Outcome> outcomes = new ArrayList<>();
        for (long end = System.currentTimeMillis() + 30_000; outcomes.isEmpty() && System.currentTimeMillis() < end; ) {
            outcomes.addAll(models.poll());
            Thread.sleep(10);
        }
        return outcomes;
    }

    @Test
    void testStreamOpenedWithAModelWaitsForItAndSwitchesWhenLoaded(@TempDir Path dir) throws Exception {
        try (ModelRouter models = router(dir)) {
            models.request(ModelUser.stream("a"), "other.torchscript", true);
            assertThat(models.waitsForModel("a")).isTrue();
            assertThat(models.waitsForModel("b")).isFalse();
            assertThat(models.modelOf("a")).as("until it loads").isEqualTo("default.torchscript");
            assertThat(awaitOutcomes(models)).singleElement().satisfies(o -> {
                assertThat(o.user()).isEqualTo(ModelUser.stream("a"));
                assertThat(o.failed()).isFalse();
                assertThat(o.message()).isEqualTo("now detecting with model other.torchscript");
            });
            assertThat(models.waitsForModel("a")).isFalse();
            assertThat(models.modelOf("a")).isEqualTo("other.torchscript");
            assertThat(models.modelOf("b")).isEqualTo("default.torchscript");
            models.forget("a");
            assertThat(models.modelOf("a")).isEqualTo("default.torchscript");
            assertThat(models.detector("other.torchscript")).as("a running batch may still use it").isNotNull();
            models.poll();
            assertThat(models.detector("other.torchscript")).as("closed when no one uses it").isNull();
        }
    }

    @Test
    void testJobWideChoiceAppliesToStreamsWithoutTheirOwn(@TempDir Path dir) throws Exception {
        try (ModelRouter models = router(dir)) {
            models.request(ModelUser.JOB, "other.torchscript", false);
            assertThat(models.waitsForModel("a")).as("a switch at run time: the old model goes on").isFalse();
            assertThat(awaitOutcomes(models)).singleElement().satisfies(o -> assertThat(o.user().isJob()).isTrue());
            assertThat(models.modelOf("a")).isEqualTo("other.torchscript");
            models.request(ModelUser.stream("b"), "default.torchscript", false);
            awaitOutcomes(models);
            assertThat(models.modelOf("b")).isEqualTo("default.torchscript");
            assertThat(models.byModel(List.of()).keySet()).isEmpty();
        }
    }

    @Test
    void testFailedLoadKeepsTheModelAndSaysWhy(@TempDir Path dir) throws Exception {
        try (ModelRouter models = router(dir)) {
            models.request(ModelUser.stream("a"), "../etc/passwd", true);
            assertThat(awaitOutcomes(models)).singleElement().satisfies(o -> {
                assertThat(o.failed()).isTrue();
                assertThat(o.message()).startsWith("model switch to '../etc/passwd' failed, keeping default.torchscript: ")
                        .contains("must be a file name in the model directory");
            });
            assertThat(models.waitsForModel("a")).isFalse();
            models.request(ModelUser.stream("a"), null, true);
            assertThat(models.poll()).isEmpty();
        }
    }
}
