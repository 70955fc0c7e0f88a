package io.streamyolo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import io.streamyolo.model.footage.Footage;
import io.streamyolo.model.footage.OnnxFiles;
import io.streamyolo.model.postprocess.OutputLayout;
import io.streamyolo.model.postprocess.YoloxGrid;
import io.streamyolo.model.postprocess.YoloxOutputDecoder;
import io.streamyolo.model.preprocess.Letterbox;
import io.streamyolo.model.preprocess.Preprocessing;
import io.streamyolo.testing.ShippedModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped YOLOX-Nano (COCO) on ONNX Runtime, on a real frame of the shop camera. */
class YoloxNanoModelTest {

    static final String YOLOX_NANO = ShippedModels.YOLOX_NANO;
    private static final int PERSON = 0;
    private static final int CHAIR = 56;
    private static final int FRAME = 400;

    /**
     * People in frame 400 of the shop clip that a viewer sees in full (boxes drawn by looking at
     * the frame): the man in a black hoodie at the bottom, the man in black in the aisle, the man in
     * a denim jacket, the man in grey at the left shelf, the woman in black behind the counter.
     */
    private static final float[][] PEOPLE = {
        {550, 790, 895, 1080}, {730, 215, 900, 635}, {1055, 185, 1205, 480}, {225, 465, 535, 940}, {1475, 140, 1580, 470},
    };

    /**
     * The same frame through OpenCV's DNN with YOLOX's own pre-processing (cv2.resize, top-left,
     * 114 padding) and decode, printed by models/scripts/make_yolox.py: {class, conf, x1, y1, x2, y2}.
     */
    private static final float[][] OPENCV_REFERENCE = {
        {PERSON, 0.73f, 547, 794, 896, 1075}, {PERSON, 0.69f, 729, 211, 903, 640}, {PERSON, 0.67f, 1053, 185, 1208, 480},
        {PERSON, 0.60f, 1195, 66, 1293, 380}, {PERSON, 0.59f, 224, 464, 535, 940}, {PERSON, 0.44f, 1472, 141, 1581, 469},
        {PERSON, 0.38f, 1346, 169, 1498, 445}, {PERSON, 0.26f, 1277, 146, 1341, 357},
        {CHAIR, 0.72f, 1221, 682, 1463, 1011}, {CHAIR, 0.70f, 1004, 673, 1232, 944},
    };

    /** The timestamp burnt in at the top right of the shop camera: "2022-02-01 18:26:51". */
    private static final float[] TIMESTAMP = {1300, 30, 1860, 105};

    private static YoloDetector detector;

    @BeforeAll
    static void load() throws Exception {
        detector = YoloDetector.load(DetectorConfig.builder().setModelPath(ShippedModels.path(YOLOX_NANO)).build());
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    private static Detection box(float[] b, int classId) {
        return new Detection(b[0], b[1], b[2], b[3], classId, 1f);
    }

    private static Detection bestMatch(List<Detection> detections, Detection wanted) {
        return detections.stream()
                .filter(d -> d.classId() == wanted.classId())
                .max((a, b) -> Float.compare(a.iou(wanted), b.iou(wanted)))
                .orElseThrow(() -> new AssertionError("no detection of class " + wanted.classId()));
    }

    @Test
    void testMetadataMakesItAYoloxModelWithCocoClasses() {
        assertThat(detector.layout()).isEqualTo(OutputLayout.YOLOX_RAW);
        ModelMetadata m = detector.metadata();
        assertThat(m.family()).isEqualTo(ModelFamily.YOLOX);
        assertThat(m.boxesDecoded()).isFalse();
        assertThat(m.preprocessing()).isEqualTo(Preprocessing.YOLOX);
        assertThat(m.classCount()).isEqualTo(80);
        assertThat(m.className(PERSON)).isEqualTo("person");
        assertThat(m.className(CHAIR)).isEqualTo("chair");
        assertThat(m.inputWidth()).isEqualTo(416);
        assertThat(m.inputHeight()).isEqualTo(416);
    }

    @Test
    void testPeopleInTheShopAreDetectedWhereTheyStand() throws Exception {
        List<Detection> detections = detector.detect(Footage.frame(Footage.SHOP, FRAME));
        List<Detection> people = detections.stream().filter(d -> d.classId() == PERSON).toList();
        assertThat(people).hasSizeGreaterThanOrEqualTo(PEOPLE.length);
        for (float[] person : PEOPLE) {
            Detection match = bestMatch(people, box(person, PERSON));
            assertThat(match.iou(box(person, PERSON))).as("IoU with the person at %s", java.util.Arrays.toString(person))
                    .isGreaterThan(0.8f);
            assertThat(match.confidence()).isBetween(0.4f, 0.9f);
        }
    }

    @Test
    void testDetectionsAreOpenCvsWithYoloxsOwnPreprocessing() throws Exception {
        List<Detection> detections = detector.detect(Footage.frame(Footage.SHOP, FRAME));
        assertThat(detections).hasSize(OPENCV_REFERENCE.length);
        for (float[] ref : OPENCV_REFERENCE) {
            Detection wanted = new Detection(ref[2], ref[3], ref[4], ref[5], (int) ref[0], ref[1]);
            Detection match = bestMatch(detections, wanted);
            // Same box to a few pixels (bilinear resampling differs a little from cv2.resize's).
            assertThat(match.iou(wanted)).as("IoU with %s", wanted).isGreaterThan(0.97f);
            assertThat(match.confidence()).as("confidence of %s", wanted).isCloseTo(wanted.confidence(), within(0.02f));
        }
    }

    @Test
    void testBatchOfFourIdenticalFramesGivesTheBatchOfOneOutput() throws Exception {
        BgrFrame frame = Footage.frame(Footage.SHOP, FRAME);
        List<Detection> one = detector.detect(frame);
        List<List<Detection>> four = detector.detect(Collections.nCopies(4, frame));
        assertThat(one).hasSize(OPENCV_REFERENCE.length);
        // Bit for bit: the freed Reshape keeps images apart, and ONNX Runtime's kernels compute
        // each image of a batch as they compute one alone.
        assertThat(four).containsExactly(one, one, one, one);
    }

    @Test
    void testFileWithoutMetadataIsToldFromItsOutput(@TempDir Path dir) throws Exception {
        // As an exporter that writes no metadata leaves it: names from the .names file beside it,
        // family from the output's shape, raw boxes from the output's values.
        Path bare = dir.resolve("bare.onnx");
        Files.write(bare, OnnxFiles.withoutMetadata(Files.readAllBytes(ShippedModels.path(YOLOX_NANO))));
        Files.copy(ShippedModels.path("yolox-nano-coco-416.names"), dir.resolve("bare.names"));
        // Without imgsz the input is taken as 640, which this file refuses, naming its own size.
        assertThatThrownBy(() -> YoloDetector.load(DetectorConfig.builder().setModelPath(bare).build()))
                .isInstanceOf(DetectorException.class)
                .hasMessageContaining("input 640x640")
                .hasMessageContaining("Expected: 416")
                .hasMessageContaining("--imgsz")
                .hasMessageNotContaining("\n");
        DetectorConfig config = DetectorConfig.builder().setModelPath(bare).optInputSize(416).build();
        try (YoloDetector fromShape = YoloDetector.load(config)) {
            assertThat(fromShape.layout()).isEqualTo(OutputLayout.YOLOX_RAW);
            assertThat(fromShape.metadata().description()).isEmpty();
            BgrFrame frame = Footage.frame(Footage.SHOP, FRAME);
            assertThat(fromShape.detect(frame)).isEqualTo(detector.detect(frame));
        }
    }

    @Test
    void testRealOutputIsToldRawAndItsDecodeDecoded() throws Exception {
        // The decode heuristic on the model's real output for the shop frame, raw and decoded here.
        BgrFrame frame = Footage.frame(Footage.SHOP, FRAME);
        Path path = ShippedModels.path(YOLOX_NANO);
        float[] input = new float[3 * 416 * 416];
        Letterbox.of(frame.width(), frame.height(), 416, 416, Preprocessing.YOLOX)
                .toModelInput(frame.pixels(), frame.rowStride(), FloatBuffer.wrap(input), 0);
        float[] raw;
        try (ZooModel<NDList, NDList> model = ModelFormat.ONNX.criteria(path, Device.cpu()).build().loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = NDManager.newBaseManager()) {
            NDList out = predictor.predict(new NDList(manager.create(input, new Shape(1, 3, 416, 416))));
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(1, 3549, 85));
            raw = out.get(0).toFloatArray();
        }
        YoloxGrid grid = new YoloxGrid(416, 416, List.of(8, 16, 32));
        float[] decoded = raw.clone();
        for (int i = 0; i < grid.cells(); i++) {
            int s = grid.stride(i);
            decoded[i * 85] = (raw[i * 85] + grid.column(i)) * s;
            decoded[i * 85 + 1] = (raw[i * 85 + 1] + grid.row(i)) * s;
            decoded[i * 85 + 2] = (float) Math.exp(raw[i * 85 + 2]) * s;
            decoded[i * 85 + 3] = (float) Math.exp(raw[i * 85 + 3]) * s;
        }
        assertThat(YoloxOutputDecoder.looksDecoded(raw, 80, grid)).isFalse();
        assertThat(YoloxOutputDecoder.looksDecoded(decoded, 80, grid)).isTrue();
    }

    @Test
    void testForcedWrongModelTypeIsAClearError() {
        DetectorConfig yoloxAsUltralytics = DetectorConfig.builder().setModelPath(ShippedModels.path(YOLOX_NANO))
                .optModelFamily(ModelFamily.ULTRALYTICS).build();
        assertThatThrownBy(() -> YoloDetector.load(yoloxAsUltralytics))
                .isInstanceOf(DetectorException.class)
                .hasMessageContaining(YOLOX_NANO)
                .hasMessageContaining("(1, 3549, 85)")
                .hasMessageContaining("model type is set to ultralytics")
                .hasMessageContaining("set the model type to yolox or auto")
                .hasMessageNotContaining("\n");
        DetectorConfig shapesAsYolox = DetectorConfig.builder().setModelPath(ShippedModels.path(ShippedModels.SHAPES_ONNX))
                .optModelFamily("yolox").build();
        assertThatThrownBy(() -> YoloDetector.load(shapesAsYolox))
                .isInstanceOf(DetectorException.class)
                .hasMessageContaining(ShippedModels.SHAPES_ONNX)
                .hasMessageContaining("(1, 8, 2100)")
                .hasMessageContaining("yolox (batch, cells, 5 + 4 classes = 9)")
                .hasMessageContaining("set the model type to ultralytics");
    }

    @Test
    void testForcedRightModelTypeGivesTheSameDetections() throws Exception {
        DetectorConfig forced = DetectorConfig.builder().setModelPath(ShippedModels.path(YOLOX_NANO))
                .optModelFamily(ModelFamily.YOLOX).build();
        try (YoloDetector yolox = YoloDetector.load(forced)) {
            BgrFrame frame = Footage.frame(Footage.SHOP, FRAME);
            assertThat(yolox.detect(frame)).isEqualTo(detector.detect(frame));
        }
    }

    @Test
    void testFrameLetterboxedForAnotherFamilyIsLetterboxedAgain() throws Exception {
        // A decoder thread that letterboxed for an Ultralytics model (RGB 0-1, centred): the YOLOX
        // detector must not read that buffer as its input.
        BgrFrame frame = Footage.frame(Footage.SHOP, FRAME);
        ByteBuffer ultralytics = ByteBuffer.allocateDirect(3 * 416 * 416 * Float.BYTES).order(ByteOrder.nativeOrder());
        Letterbox.of(frame.width(), frame.height(), 416, 416)
                .toPlanarRgb(frame.pixels(), frame.rowStride(), ultralytics.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer(), 0);
        BgrFrame tagged = new BgrFrame(frame.pixels(), frame.width(), frame.height(), frame.rowStride(), ultralytics);
        assertThat(detector.detect(tagged)).isEqualTo(detector.detect(frame));
        // One letterboxed the YOLOX way is copied as it is.
        ByteBuffer yolox = ByteBuffer.allocateDirect(3 * 416 * 416 * Float.BYTES).order(ByteOrder.nativeOrder());
        Letterbox.of(frame.width(), frame.height(), 416, 416, Preprocessing.YOLOX)
                .toModelInput(frame.pixels(), frame.rowStride(), yolox.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer(), 0);
        BgrFrame blank = BgrFrame.of(new byte[frame.width() * frame.height() * 3], frame.width(), frame.height());
        BgrFrame ready = new BgrFrame(blank.pixels(), frame.width(), frame.height(), frame.rowStride(), yolox, Preprocessing.YOLOX);
        assertThat(detector.detect(ready)).isEqualTo(detector.detect(frame));
    }

    @Test
    void testBurntInTimestampGivesNoDetection() throws Exception {
        // Every 20th frame of the clip: no box lies mostly on the timestamp. (People who walk
        // behind it, at the top of the picture, are detected through it: their boxes reach far below.)
        int sampled = 0;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(Footage.path(Footage.SHOP).toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            Frame frame;
            for (int index = 0; (frame = grabber.grabImage()) != null; index++) {
                if (index % 20 != 0) {
                    continue;
                }
                ByteBuffer pixels = ((ByteBuffer) frame.image[0]).duplicate();
                BgrFrame bgr = new BgrFrame(pixels, frame.imageWidth, frame.imageHeight, frame.imageStride);
                for (Detection d : detector.detect(bgr)) {
                    float iw = Math.min(d.x2(), TIMESTAMP[2]) - Math.max(d.x1(), TIMESTAMP[0]);
                    float ih = Math.min(d.y2(), TIMESTAMP[3]) - Math.max(d.y1(), TIMESTAMP[1]);
                    float onTimestamp = iw > 0 && ih > 0 ? iw * ih / d.area() : 0f;
                    assertThat(onTimestamp).as("share of %s (frame %d) on the timestamp", d, index).isLessThan(0.5f);
                }
                sampled++;
            }
        }
        assertThat(sampled).isEqualTo(31);
    }
}
