package io.streamyolo.model.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.model.BgrFrame;
import io.streamyolo.model.DetectorException;
import io.streamyolo.model.footage.Footage;
import io.streamyolo.testing.ShippedModels;
import io.streamyolo.scene.SceneVideo;
import io.streamyolo.scene.SyntheticScene;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DetectCommandTest {

    private static Path png(SyntheticScene scene, Path file) throws Exception {
        BufferedImage image = new BufferedImage(scene.width(), scene.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = scene.render(0);
        System.arraycopy(pixels, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0, pixels.length);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {ShippedModels.SHAPES, ShippedModels.SHAPES_ONNX})
    void testImagesGiveAnnotatedCopiesAndJsonLines(String model, @TempDir Path dir) throws Exception {
        SyntheticScene a = new SyntheticScene(7001, 640, 360, 4);
        SyntheticScene b = new SyntheticScene(7002, 1280, 720, 2);
        Path out = dir.resolve("out");
        int rc = DetectCommand.run(new String[] {
            "--model", ShippedModels.path(model).toString(), "--out", out.toString(), "--batch", "2",
            png(a, dir.resolve("a.png")).toString(), png(b, dir.resolve("b.png")).toString()
        });
        assertThat(rc).isZero();
        assertThat(out.resolve("a-det.jpg")).exists();
        assertThat(out.resolve("b-det.jpg")).exists();
        List<String> lines = Files.readAllLines(out.resolve("detections.jsonl"));
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.path("source").asText()).isEqualTo("a.png");
        assertThat(first.path("width").asInt()).isEqualTo(640);
        assertThat(first.path("data").size()).isEqualTo(4);
        assertThat(first.path("labels").size()).isEqualTo(4);
        JsonNode second = new ObjectMapper().readTree(lines.get(1));
        assertThat(second.path("data").size()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {ShippedModels.SHAPES, ShippedModels.SHAPES_ONNX})
    void testVideoFramesAreDetected(String model, @TempDir Path dir) throws Exception {
        // 30 frames of a scene with 3 moving objects.
        Path video = SceneVideo.write(new SyntheticScene(7003, 640, 360, 3), 30, 15, dir);
        Path out = dir.resolve("out");
        DetectCommand.run(new String[] {
            "--model", ShippedModels.path(model).toString(), "--out", out.toString(), "--every", "10",
            "--batch", "4", video.toString()
        });
        List<String> lines = Files.readAllLines(out.resolve("detections.jsonl"));
        assertThat(lines).hasSize(30);
        ObjectMapper mapper = new ObjectMapper();
        int detections = 0;
        for (String line : lines) {
            detections += mapper.readTree(line).path("data").size();
        }
        // 30 frames of 3 objects; moving objects sometimes overlap and hide each other.
        assertThat(detections).as("detections in 30 frames of 3 objects").isBetween(72, 90);
        try (var files = Files.list(out)) {
            assertThat(files.filter(p -> p.toString().endsWith(".jpg")).count()).isEqualTo(3);
        }
    }

    @Test
    void testShopFrameGetsBoxesDrawnOnItsPeople(@TempDir Path dir) throws Exception {
        // Frame 400 of the real shop camera (1920x1080 HEVC), as a PNG, through the shipped YOLOX-Nano.
        BgrFrame frame = Footage.frame(Footage.SHOP, 400);
        BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_3BYTE_BGR);
        frame.pixels().get(0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData());
        Path png = dir.resolve("shop.png");
        ImageIO.write(image, "png", png.toFile());
        Path out = dir.resolve("out");
        int rc = DetectCommand.run(new String[] {
            "--model", ShippedModels.path(ShippedModels.YOLOX_NANO).toString(), "--model-type", "yolox",
            "--classes", "0", "--conf", "0.5", "--out", out.toString(), png.toString()
        });
        assertThat(rc).isZero();
        JsonNode line = new ObjectMapper().readTree(Files.readAllLines(out.resolve("detections.jsonl")).get(0));
        assertThat(line.path("width").asInt()).isEqualTo(1920);
        // Five people at 0.5 or more (0.59-0.73), nothing but people (--classes 0).
        assertThat(line.path("labels").size()).isEqualTo(5);
        line.path("labels").forEach(label -> assertThat(label.asText()).isEqualTo("person"));
        // The most confident: the man in a black hoodie at the bottom, about (547, 794)-(896, 1075).
        JsonNode best = line.path("data").get(0);
        assertThat(best.get(0).get(0).asDouble()).isBetween(530.0, 565.0);
        assertThat(best.get(0).get(1).asDouble()).isBetween(775.0, 815.0);
        assertThat(best.get(2).asDouble()).isBetween(0.65, 0.8);
        // His box is drawn: the annotated image is person-red (255, 38, 38) on its left edge, where the frame is not.
        BufferedImage annotated = ImageIO.read(out.resolve("shop-det.jpg").toFile());
        int x = (int) Math.round(best.get(0).get(0).asDouble());
        int y = (int) Math.round((best.get(0).get(1).asDouble() + best.get(0).get(3).asDouble()) / 2);
        assertThat(isRed(annotated.getRGB(x, y))).as("annotated pixel at the box's left edge").isTrue();
        assertThat(isRed(image.getRGB(x, y))).as("same pixel of the frame").isFalse();
    }

    @Test
    void testModelTypeOptionIsChecked(@TempDir Path dir) throws Exception {
        Path png = png(new SyntheticScene(5, 320, 240, 1), dir.resolve("s.png"));
        assertThatThrownBy(() -> DetectCommand.run(new String[] {
            "--model", ShippedModels.path(ShippedModels.SHAPES_ONNX).toString(), "--model-type", "yolov5", png.toString()}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("yolov5")
                .hasMessageContaining("auto, ultralytics, yolox");
        assertThatThrownBy(() -> DetectCommand.run(new String[] {
            "--model", ShippedModels.path(ShippedModels.YOLOX_NANO).toString(), "--model-type", "ultralytics",
            "--out", dir.resolve("out").toString(), png.toString()}))
                .isInstanceOf(DetectorException.class)
                .hasMessageContaining("(1, 3549, 85)")
                .hasMessageContaining("yolox");
    }

    private static boolean isRed(int rgb) {
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        return r > 200 && g < 110 && b < 110;
    }

    @Test
    void testUsageNamesWhatIsAccepted() {
        assertThat(DetectCommand.USAGE).contains("image files (bmp, gif, jpeg, jpg, png) and video files",
                "ONNX of YOLOX", "a multiple of 32", "--help");
    }

    @Test
    void testMissingModelIsAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> DetectCommand.run(new String[] {"--model", dir.resolve("none.pt").toString(),
                png(new SyntheticScene(1, 64, 64, 0), dir.resolve("x.png")).toString()}))
                .hasMessageContaining("not found");
    }
}
