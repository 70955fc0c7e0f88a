package io.streamyolo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.inference.Predictor;
import ai.djl.translate.NoopTranslator;
import io.streamyolo.testing.ShippedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.CRC32;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import io.streamyolo.model.cli.CompareModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

class YoloDetectorTest {

    @Test
    void testYolov8nStructureModelRunsAtBatchOneAndFour() throws Exception {
        Path path = ShippedModels.path(ShippedModels.YOLOV8N_STRUCTURE);
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine("PyTorch")
                .optModelPath(path)
                .optOption("extraFiles", "config.txt")
                .optTranslator(new NoopTranslator())
                .build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = NDManager.newBaseManager()) {
            assertThat(model.getProperty("config.txt")).contains("\"imgsz\": [640, 640]");
            for (int batch : new int[] {1, 4}) {
                NDArray input = manager.randomUniform(0f, 1f, new Shape(batch, 3, 640, 640));
                NDList output = predictor.predict(new NDList(input));
                assertThat(output.get(0).getShape()).isEqualTo(new Shape(batch, 84, 8400));
            }
        }
    }

    @Test
    void testDetectorReadsMetadataAndDetectsFramesOfDifferentSizes() throws Exception {
        DetectorConfig config = DetectorConfig.builder()
                .setModelPath(ShippedModels.path(ShippedModels.YOLOV8N_STRUCTURE))
                .build();
        try (YoloDetector detector = YoloDetector.load(config)) {
            ModelMetadata m = detector.metadata();
            assertThat(m.classCount()).isEqualTo(80);
            assertThat(m.className(0)).isEqualTo("person");
            assertThat(m.inputWidth()).isEqualTo(640);
            assertThat(m.description()).contains("UNTRAINED");
            List<BgrFrame> frames = new ArrayList<>();
            for (int[] size : new int[][] {{1280, 720}, {640, 480}, {333, 517}}) {
                byte[] pixels = new byte[size[0] * size[1] * 3];
                new Random(size[0]).nextBytes(pixels);
                frames.add(BgrFrame.of(pixels, size[0], size[1]));
            }
            List<List<Detection>> results = detector.detect(frames);
            assertThat(results).hasSize(3);
            for (int i = 0; i < 3; i++) {
                for (Detection d : results.get(i)) {
                    assertThat(d.x2()).isLessThanOrEqualTo(frames.get(i).width());
                    assertThat(d.y2()).isLessThanOrEqualTo(frames.get(i).height());
                }
            }
        }
    }

    @Test
    void testOnnxModelReadsMetadataPropsAndDetectsAtBatchOneAndFour() throws Exception {
        DetectorConfig config = DetectorConfig.builder()
                .setModelPath(ShippedModels.path(ShippedModels.YOLOV8N_STRUCTURE_ONNX))
                .build();
        try (YoloDetector detector = YoloDetector.load(config)) {
            ModelMetadata m = detector.metadata();
            assertThat(m.classCount()).isEqualTo(80);
            assertThat(m.className(0)).isEqualTo("person");
            assertThat(m.className(79)).isEqualTo("toothbrush");
            assertThat(m.inputWidth()).isEqualTo(640);
            assertThat(m.inputHeight()).isEqualTo(640);
            assertThat(m.stride()).isEqualTo(32);
            assertThat(m.description()).contains("UNTRAINED");
            for (int batch : new int[] {1, 4}) {
                List<BgrFrame> frames = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    byte[] pixels = new byte[1280 * 720 * 3];
                    new Random(i).nextBytes(pixels);
                    frames.add(BgrFrame.of(pixels, 1280, 720));
                }
                assertThat(detector.detect(frames)).hasSize(batch);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        ShippedModels.SHAPES + "," + ShippedModels.SHAPES_ONNX + ",320",
        ShippedModels.YOLOV8N_STRUCTURE + "," + ShippedModels.YOLOV8N_STRUCTURE_ONNX + ",640"
    })
    void testOnnxExportGivesTheTorchScriptOutput(String torchscript, String onnx, int size) throws Exception {
        // Raw outputs (box rows in pixels, scores in [0, 1]) of both engines on one random batch of 2.
        float diff = CompareModels.maxAbsDiff(ShippedModels.path(torchscript), ShippedModels.path(onnx),
                new Shape(2, 3, size, size), 7);
        System.out.printf("max |%s - %s| = %.2e%n", onnx, torchscript, diff);
        assertThat(diff).isLessThan(1e-3f);
    }

    @Test
    void testLabelsFileOverridesOnnxMetadata(@TempDir Path dir) throws Exception {
        Path labels = dir.resolve("mine.names");
        Files.writeString(labels, "round\nbox\npyramid\nasterisk\n");
        DetectorConfig config = DetectorConfig.builder()
                .setModelPath(ShippedModels.path(ShippedModels.SHAPES_ONNX))
                .optLabelsPath(labels)
                .build();
        try (YoloDetector detector = YoloDetector.load(config)) {
            assertThat(detector.metadata().classNames()).containsExactly("round", "box", "pyramid", "asterisk");
            assertThat(detector.metadata().inputWidth()).isEqualTo(320);
        }
    }

    @Test
    void testFileThatIsNotOnnxIsAClearError(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.onnx");
        Files.writeString(junk, "this is not a model");
        DetectorConfig config = DetectorConfig.builder().setModelPath(junk).build();
        assertThatThrownBy(() -> YoloDetector.load(config))
                .isInstanceOf(DetectorException.class)
                .hasMessageContaining(junk.toString())
                .hasMessageContaining("as an ONNX model")
                .hasMessageContaining("format=onnx")
                .hasMessageNotContaining("\n");
    }

    @Test
    void testModelWithoutMetadataTakesNamesFromTheLabelsFileBesideIt(@TempDir Path dir) throws Exception {
        // A TorchScript archive without Ultralytics' config.txt, as torch.jit.save writes by default.
        Path bare = dir.resolve("bare.torchscript");
        try (ZipFile in = new ZipFile(ShippedModels.path(ShippedModels.SHAPES).toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bare))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                if (e.getName().endsWith("/extra/config.txt")) {
                    continue;
                }
                byte[] data = in.getInputStream(e).readAllBytes();
                CRC32 crc = new CRC32();
                crc.update(data);
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setMethod(ZipEntry.STORED); // as torch.jit.save writes them
                copy.setSize(data.length);
                copy.setCrc(crc.getValue());
                out.putNextEntry(copy);
                out.write(data);
                out.closeEntry();
            }
        }
        Files.writeString(dir.resolve("bare.names"), "round\nbox\npyramid\nasterisk\n");
        DetectorConfig config = DetectorConfig.builder().setModelPath(bare).optInputSize(320).build();
        try (YoloDetector detector = YoloDetector.load(config)) {
            assertThat(detector.metadata().classNames()).containsExactly("round", "box", "pyramid", "asterisk");
            assertThat(detector.metadata().inputWidth()).isEqualTo(320);
        }
    }

    @Test
    void testMissingModelFileNamesTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.torchscript");
        DetectorConfig config = DetectorConfig.builder().setModelPath(missing).build();
        assertThatThrownBy(() -> YoloDetector.load(config))
                .isInstanceOf(DetectorException.class)
                .hasMessageContaining("not found")
                .hasMessageContaining(missing.toString());
    }

    @Test
    void testFileThatIsNotTorchScriptIsAClearError(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.torchscript");
        Files.writeString(junk, "this is not a model");
        DetectorConfig config = DetectorConfig.builder().setModelPath(junk).build();
        assertThatThrownBy(() -> YoloDetector.load(config))
                .isInstanceOf(DetectorException.class)
                .hasMessageContaining(junk.toString())
                .hasMessageContaining("TorchScript")
                .hasMessageNotContaining("\n");
    }

    @Test
    void testWrongOutputLayoutIsAClearError(@TempDir Path dir) throws Exception {
        // A labels file claiming 3 classes for an 80-class model: its output (1, 84, N) cannot fit.
        Path labels = dir.resolve("three.names");
        Files.writeString(labels, "a\nb\nc\n");
        DetectorConfig config = DetectorConfig.builder()
                .setModelPath(ShippedModels.path(ShippedModels.YOLOV8N_STRUCTURE))
                .optLabelsPath(labels)
                .build();
        assertThatThrownBy(() -> YoloDetector.load(config))
                .isInstanceOf(DetectorException.class)
                .hasMessageContaining(ShippedModels.YOLOV8N_STRUCTURE)
                .hasMessageContaining("(1, 84, 8400)")
                .hasMessageContaining("4 + 3 classes = 7");
    }
}
