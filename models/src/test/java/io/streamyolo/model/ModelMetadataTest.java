package io.streamyolo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelMetadataTest {

    @Test
    void testUltralyticsMetadataIsRead() {
        String json = "{\"description\":\"Ultralytics YOLO11n model\",\"stride\":32,\"task\":\"detect\","
                + "\"batch\":1,\"imgsz\":[384,640],\"names\":{\"0\":\"person\",\"1\":\"bicycle\",\"2\":\"car\"}}";
        ModelMetadata m = ModelMetadata.fromUltralyticsJson(json);
        assertThat(m.classNames()).containsExactly("person", "bicycle", "car");
        assertThat(m.inputHeight()).isEqualTo(384);
        assertThat(m.inputWidth()).isEqualTo(640);
        assertThat(m.stride()).isEqualTo(32);
        assertThat(m.className(2)).isEqualTo("car");
        assertThat(m.className(7)).isEqualTo("class7");
    }

    @Test
    void testSparseAndUnorderedNamesKeepTheirIds() {
        ModelMetadata m = ModelMetadata.fromUltralyticsJson("{\"names\":{\"2\":\"c\",\"0\":\"a\"},\"imgsz\":320}");
        assertThat(m.classNames()).containsExactly("a", "class1", "c");
        assertThat(m.inputWidth()).isEqualTo(320);
    }

    @Test
    void testInvalidJsonNamesTheProblem() {
        assertThatThrownBy(() -> ModelMetadata.fromUltralyticsJson("{names:"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ModelMetadata.fromUltralyticsJson("{\"names\":{\"x\":\"a\"}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-numeric class id");
    }

    @Test
    void testOnnxMetadataPropsAsUltralyticsWritesThem() {
        // What Ultralytics' ONNX export writes: str() of each value.
        Map<String, String> props = Map.of(
                "description", "Ultralytics YOLO11n model trained on coco.yaml",
                "author", "Ultralytics",
                "stride", "32",
                "task", "detect",
                "batch", "1",
                "imgsz", "[384, 640]",
                "names", "{0: 'person', 1: 'bicycle', 2: 'car', 3: \"it's\", 4: 'a\\'b \\\\ c', 5: 'caf\\xe9'}",
                "args", "{'batch': 1, 'half': False, 'dynamic': True}");
        ModelMetadata m = ModelMetadata.fromOnnxMetadata(props);
        assertThat(m.classNames()).containsExactly("person", "bicycle", "car", "it's", "a'b \\ c", "caf\u00e9");
        assertThat(m.inputHeight()).isEqualTo(384);
        assertThat(m.inputWidth()).isEqualTo(640);
        assertThat(m.stride()).isEqualTo(32);
        assertThat(m.description()).startsWith("Ultralytics YOLO11n");
    }

    @Test
    void testOnnxMetadataVariants() {
        // Sparse ids, a list of names, imgsz as one int, no stride.
        ModelMetadata sparse = ModelMetadata.fromOnnxMetadata(Map.of("names", "{2: 'c', 0: 'a'}", "imgsz", "320"));
        assertThat(sparse.classNames()).containsExactly("a", "class1", "c");
        assertThat(sparse.inputWidth()).isEqualTo(320);
        assertThat(sparse.inputHeight()).isEqualTo(320);
        assertThat(sparse.stride()).isEqualTo(32);
        ModelMetadata list = ModelMetadata.fromOnnxMetadata(Map.of("names", "['x', \"y\"]", "imgsz", "(480, 480)"));
        assertThat(list.classNames()).containsExactly("x", "y");
        assertThat(list.inputWidth()).isEqualTo(480);
        // No names at all: none (a labels file must give them), default size.
        ModelMetadata none = ModelMetadata.fromOnnxMetadata(Map.of("author", "someone"));
        assertThat(none.classNames()).isEmpty();
        assertThat(none.inputWidth()).isEqualTo(ModelMetadata.DEFAULT_INPUT_SIZE);
    }

    @Test
    void testUnreadableOnnxMetadataNamesTheKey() {
        assertThatThrownBy(() -> ModelMetadata.fromOnnxMetadata(Map.of("names", "{0: person}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'names'")
                .hasMessageContaining("quoted string");
        assertThatThrownBy(() -> ModelMetadata.fromOnnxMetadata(Map.of("names", "{0: 'person'")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'names'");
        assertThatThrownBy(() -> ModelMetadata.fromOnnxMetadata(Map.of("imgsz", "[640, 640, 3]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imgsz");
        assertThatThrownBy(() -> ModelMetadata.fromOnnxMetadata(Map.of("imgsz", "big")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'imgsz'");
    }

    @Test
    void testFamilyDecodingAndStridesAreReadWhereStated() {
        // What models/scripts/make_yolox.py writes.
        ModelMetadata yolox = ModelMetadata.fromOnnxMetadata(Map.of(
                "names", "{0: 'person', 1: 'bicycle'}", "imgsz", "[416, 416]", "stride", "32",
                "family", "yolox", "decoded", "False", "strides", "[8, 16, 32]"));
        assertThat(yolox.family()).isEqualTo(ModelFamily.YOLOX);
        assertThat(yolox.boxesDecoded()).isFalse();
        assertThat(yolox.strides()).containsExactly(8, 16, 32);
        assertThat(yolox.preprocessing()).isEqualTo(io.streamyolo.model.preprocess.Preprocessing.YOLOX);
        ModelMetadata json = ModelMetadata.fromUltralyticsJson(
                "{\"names\":[\"a\"],\"family\":\"YOLOX\",\"decoded\":true,\"strides\":[8,16,32,64]}");
        assertThat(json.family()).isEqualTo(ModelFamily.YOLOX);
        assertThat(json.boxesDecoded()).isTrue();
        assertThat(json.strides()).containsExactly(8, 16, 32, 64);
        // Ultralytics' own files state none of them: told from the output later.
        ModelMetadata plain = ModelMetadata.fromOnnxMetadata(Map.of("names", "{0: 'a'}", "author", "Ultralytics"));
        assertThat(plain.family()).isEqualTo(ModelFamily.AUTO);
        assertThat(plain.boxesDecoded()).isNull();
        assertThat(plain.strides()).isEqualTo(ModelMetadata.DEFAULT_STRIDES);
        assertThat(plain.preprocessing()).isEqualTo(io.streamyolo.model.preprocess.Preprocessing.ULTRALYTICS);
    }

    @Test
    void testUnreadableFamilyDecodingOrStridesNameTheKey() {
        assertThatThrownBy(() -> ModelMetadata.fromOnnxMetadata(Map.of("family", "yolov7")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'family'")
                .hasMessageContaining("auto, ultralytics, yolox");
        assertThatThrownBy(() -> ModelMetadata.fromOnnxMetadata(Map.of("decoded", "maybe")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'decoded'");
        assertThatThrownBy(() -> ModelMetadata.fromOnnxMetadata(Map.of("strides", "[32, 16]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'strides'");
    }

    @Test
    void testLabelsFileSkipsBlankLinesAndComments(@TempDir Path dir) throws Exception {
        Path labels = dir.resolve("m.names");
        Files.writeString(labels, "# classes\nperson\n\n  car \n");
        assertThat(ModelMetadata.readLabels(labels)).containsExactly("person", "car");
    }

    @Test
    void testLabelsFileOverridesAndFillsInMetadata(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("custom.torchscript");
        Files.writeString(dir.resolve("custom.names"), "dog\ncat\n");
        DetectorConfig config = DetectorConfig.builder().setModelPath(model).optInputSize(416).build();
        // No config.txt in the model: names come from custom.names beside it, size from the options.
        ModelMetadata m = ModelMetadataReader.resolveMetadata(config, model, null);
        assertThat(m.classNames()).containsExactly("dog", "cat");
        assertThat(m.inputWidth()).isEqualTo(416);
    }

    @Test
    void testNoNamesAnywhereIsAClearError(@TempDir Path dir) {
        Path model = dir.resolve("bare.torchscript");
        DetectorConfig config = DetectorConfig.builder().setModelPath(model).build();
        assertThatThrownBy(() -> ModelMetadataReader.resolveMetadata(config, model, ""))
                .isInstanceOf(DetectorException.class)
                .hasMessageContaining("bare.torchscript")
                .hasMessageContaining("bare.names");
    }
}
