package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.control.settings.StreamSettingsJson;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.scene.TrackedBox;
import io.streamyolo.scene.TrackingScene;
import io.streamyolo.source.event.CameraEvent;
import io.streamyolo.source.event.StreamSettingsUpdate;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.testing.ShippedModels;
import io.streamyolo.track.TrackerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * A camera detected every third frame, on the real model and the tracking scene: the model sees one
 * frame in three, the others' results carry predicted boxes where the objects are, and the line
 * crossings and zone entries are the same as when every frame is detected.
 */
class DetectionOperatorIntervalTest {

    private static final int FPS = 15;
    private static final int FRAMES = 240;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TrackingScene SCENE = TrackingScene.standard(7, 640, 360, FRAMES, FPS);

    private long now;

    private List<JsonNode> play(int interval) throws Exception {
        DetectionOperator operator = new DetectionOperator(new DetectionSetup(
                DetectorConfig.builder().setModelPath(ShippedModels.path(ShippedModels.SHAPES)).optCpu().build(),
                new DetectionSettings(0.25f, null), 1, 10, 0, TrackerConfig.defaults(), false, 0, true));
        try (var h = new OneInputStreamOperatorTestHarness<CameraEvent, DetectionResult>(operator, 16, 1, 0)) {
            h.open();
            h.processElement(new StreamRecord<>(new StreamSettingsUpdate("t", StreamSettingsJson.read(MAPPER.readTree(
                    "{\"detect_interval\":" + interval + ",\"lines\":[{\"name\":\"mid\",\"a\":[0.5,0],\"b\":[0.5,1],\"in\":\"left\"}],"
                    + "\"zones\":[{\"name\":\"pen\",\"polygon\":[[0.05,0.5],[0.45,0.5],[0.45,0.9],[0.05,0.9]]}]}")))));
            for (int i = 0; i < FRAMES; i++) {
                int before = HarnessBatches.detections(h);
                h.processElement(new StreamRecord<>(new VideoFrame("t", i, 1_000_000L + i * 1000L / FPS, i * 1_000_000L / FPS,
                        SCENE.width(), SCENE.height(), SCENE.render(i))));
                now = HarnessBatches.awaitDetections(h, now, before + 1);
            }
            List<JsonNode> out = new ArrayList<>();
            for (DetectionResult r : h.extractOutputValues()) {
                out.add(MAPPER.readTree(r.json()));
            }
            return out;
        }
    }

    /** How many of each event kind, per zone or line. */
    private static Map<String, Integer> eventCounts(List<JsonNode> results) {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode r : results) {
            String kind = r.path("event").asText();
            if (kind.startsWith("zone_") || kind.equals("line_crossed")) {
                counts.merge(kind + " " + r.path("zone").asText(r.path("line").asText()) + " " + r.path("direction").asText(), 1,
                        Integer::sum);
            }
        }
        return counts;
    }

    private static double iou(JsonNode box, TrackedBox t) {
        double ix = Math.max(0, Math.min(box.get(2).asDouble(), t.x2()) - Math.max(box.get(0).asDouble(), t.x1()));
        double iy = Math.max(0, Math.min(box.get(3).asDouble(), t.y2()) - Math.max(box.get(1).asDouble(), t.y1()));
        double inter = ix * iy;
        double a = (box.get(2).asDouble() - box.get(0).asDouble()) * (box.get(3).asDouble() - box.get(1).asDouble());
        return inter / (a + (t.x2() - t.x1()) * (t.y2() - t.y1()) - inter);
    }

    @Test
    void testEveryThirdFrameIsDetectedAndTheTrackerCarriesTheBoxesBetween() throws Exception {
        List<JsonNode> every = play(1);
        List<JsonNode> third = play(3);
        List<JsonNode> frames = third.stream().filter(r -> r.path("event").asText().equals("detections")).toList();
        assertThat(frames).hasSize(FRAMES);
        List<JsonNode> predictedFrames = frames.stream().filter(r -> r.has("detected")).toList();
        assertThat(predictedFrames).hasSize(FRAMES * 2 / 3)
                .allSatisfy(r -> {
                    assertThat(r.path("detected").asBoolean(true)).isFalse();
                    assertThat(r.path("frame_seq").asLong() % 3).isNotZero();
                    assertThat(r.path("data")).isEmpty();
                });

        // The predicted boxes are where the objects are.
        int boxes = 0;
        int onAnObject = 0;
        for (JsonNode r : predictedFrames) {
            List<TrackedBox> truth = SCENE.groundTruth((int) r.path("frame_seq").asLong());
            for (JsonNode p : r.path("predicted")) {
                boxes++;
                if (truth.stream().anyMatch(t -> iou(p.path("box"), t) >= 0.5)) {
                    onAnObject++;
                }
            }
        }
        System.out.printf("interval 3: %d predicted boxes, %d on an object; events %s (every frame: %s)%n", boxes, onAnObject,
                eventCounts(third), eventCounts(every));
        assertThat(boxes).as("predicted boxes").isGreaterThan(FRAMES / 2);
        assertThat(onAnObject).as("predicted boxes with IoU >= 0.5 against the scene's truth").isGreaterThanOrEqualTo(boxes * 9 / 10);

        // Crossings and zone entries happen on detected frames, and are the same ones.
        assertThat(eventCounts(every)).containsKey("line_crossed mid in").anySatisfy((k, v) -> assertThat(k).startsWith("zone_entered"));
        assertThat(eventCounts(third)).isEqualTo(eventCounts(every));
        assertThat(third).filteredOn(r -> r.path("event").asText().equals("line_crossed"))
                .allSatisfy(r -> assertThat(r.path("frame_seq").asLong() % 3).isZero());
    }
}
