package io.streamyolo.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.scene.GroundTruthBox;
import io.streamyolo.scene.SyntheticScene;
import io.streamyolo.testing.ShippedModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped shapes detector on held-out generated scenes (seeds below 500,000, which training
 * never uses): precision and recall at IoU 0.5, class-aware, at the default thresholds. The same
 * bar for both engines: the TorchScript file on PyTorch and its ONNX export on ONNX Runtime.
 */
class ShapesModelAccuracyTest {

    private static final int SCENES = 300;

    @ParameterizedTest
    @ValueSource(strings = {ShippedModels.SHAPES, ShippedModels.SHAPES_ONNX})
    void testPrecisionAndRecallOnHeldOutScenes(String model) throws Exception {
        DetectorConfig config = DetectorConfig.builder().setModelPath(ShippedModels.path(model)).build();
        int truePositives = 0;
        int detections = 0;
        int objects = 0;
        try (YoloDetector detector = YoloDetector.load(config)) {
            assertThat(detector.metadata().classNames()).containsExactly("circle", "square", "triangle", "star");
            assertThat(detector.metadata().inputWidth()).isEqualTo(320);
            for (int start = 0; start < SCENES; start += 8) {
                List<SyntheticScene> scenes = new ArrayList<>();
                List<BgrFrame> frames = new ArrayList<>();
                for (int seed = start; seed < Math.min(SCENES, start + 8); seed++) {
                    SyntheticScene scene = SyntheticScene.random(seed);
                    scenes.add(scene);
                    frames.add(BgrFrame.of(scene.render(0), scene.width(), scene.height()));
                }
                List<List<Detection>> results = detector.detect(frames);
                for (int i = 0; i < scenes.size(); i++) {
                    List<GroundTruthBox> truth = scenes.get(i).groundTruth(0);
                    objects += truth.size();
                    detections += results.get(i).size();
                    truePositives += matches(truth, results.get(i));
                }
            }
        }
        double precision = detections == 0 ? 0 : (double) truePositives / detections;
        double recall = (double) truePositives / objects;
        System.out.printf("%s on %d held-out scenes: %d objects, %d detections, precision %.3f, recall %.3f%n",
                model, SCENES, objects, detections, precision, recall);
        assertThat(precision).isGreaterThanOrEqualTo(0.9);
        assertThat(recall).isGreaterThanOrEqualTo(0.9);
    }

    /** Greedy one-to-one matching, most confident detection first, same class, IoU >= 0.5. */
    static int matches(List<GroundTruthBox> truth, List<Detection> detections) {
        boolean[] used = new boolean[truth.size()];
        int matched = 0;
        List<Detection> sorted = new ArrayList<>(detections);
        sorted.sort((a, b) -> Float.compare(b.confidence(), a.confidence()));
        for (Detection d : sorted) {
            int best = -1;
            float bestIou = 0.5f;
            for (int t = 0; t < truth.size(); t++) {
                GroundTruthBox g = truth.get(t);
                float iou = Detection.iou(g.x1(), g.y1(), g.x2(), g.y2(), d.x1(), d.y1(), d.x2(), d.y2());
                if (!used[t] && g.classId() == d.classId() && iou >= bestIou) {
                    best = t;
                    bestIou = iou;
                }
            }
            if (best >= 0) {
                used[best] = true;
                matched++;
            }
        }
        return matched;
    }
}
