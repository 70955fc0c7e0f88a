package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.control.settings.StreamSettingsJson;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.scene.TrackingScene;
import io.streamyolo.source.event.CameraEvent;
import io.streamyolo.source.event.StreamSettingsUpdate;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.testing.ShippedModels;
import io.streamyolo.track.TrackerConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Tracking in the detection operator, on the real model and a scene's frames: a restore (here at
 * another parallelism) in the middle of the scene goes on exactly as if nothing had happened:
 * the same track ids, no event lost and none repeated.
 */
class DetectionOperatorTrackingTest {

    private static final int MAX_PARALLELISM = 16;
    private static final int FPS = 15;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TrackingScene SCENE = TrackingScene.standard(7, 640, 360, 600, FPS);
    /** The scene's line and zone, as a command gives them (left-to-right is "in"). */
    private static final StreamSettings GEOMETRY = geometry(
            "{\"lines\":[{\"name\":\"mid\",\"a\":[0.5,0],\"b\":[0.5,1],\"in\":\"left\"}],"
            + "\"zones\":[{\"name\":\"pen\",\"polygon\":[[0.05,0.5],[0.45,0.5],[0.45,0.9],[0.05,0.9]]}]}");

    private long now;

    private static StreamSettings geometry(String json) {
        try {
            return StreamSettingsJson.read(MAPPER.readTree(json));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static OneInputStreamOperatorTestHarness<CameraEvent, DetectionResult> harness(int parallelism, int subtask)
            throws Exception {
        DetectionOperator operator = new DetectionOperator(new DetectionSetup(
                DetectorConfig.builder().setModelPath(ShippedModels.path(ShippedModels.SHAPES)).optCpu().build(),
                new DetectionSettings(0.25f, null), 1, 10, 0, TrackerConfig.defaults(), false, 0, true));
        return new OneInputStreamOperatorTestHarness<>(operator, MAX_PARALLELISM, parallelism, subtask);
    }

    /**
     * Frames {@code from} to {@code to - 1}, at the scene's frame rate in capture time, each
     * detected before the next. The source numbers them from 0, as it does after every (re)open.
     */
    private void play(OneInputStreamOperatorTestHarness<CameraEvent, DetectionResult> h, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            VideoFrame f = new VideoFrame("t", i - from, 1_000_000L + i * 1000L / FPS, i * 1_000_000L / FPS,
                    SCENE.width(), SCENE.height(), SCENE.render(i));
            int before = HarnessBatches.detections(h);
            h.processElement(new StreamRecord<>(f));
            now = HarnessBatches.awaitDetections(h, now, before + 1);
        }
    }

    private static List<JsonNode> results(OneInputStreamOperatorTestHarness<CameraEvent, DetectionResult> h) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (DetectionResult r : h.extractOutputValues()) {
            out.add(MAPPER.readTree(r.json()));
        }
        return out;
    }

    private static List<String> events(List<JsonNode> results) {
        return results.stream().filter(r -> !r.path("event").asText().equals("detections")).map(JsonNode::toString).toList();
    }

    private static List<String> trackIds(List<JsonNode> results) {
        return results.stream().filter(r -> r.path("event").asText().equals("detections"))
                .map(r -> r.path("frame_seq").asLong() + ":" + r.path("track_ids")).toList();
    }

    @Test
    void testRestoreInTheMiddleOfAScene() throws Exception {
        int split = 90;
        int end = 180;
        List<JsonNode> uninterrupted;
        try (var h = harness(1, 0)) {
            h.open();
            h.processElement(new StreamRecord<>(new StreamSettingsUpdate("t", GEOMETRY)));
            play(h, 0, end);
            uninterrupted = results(h);
        }
        List<JsonNode> before;
        OperatorSubtaskState snapshot;
        try (var h = harness(1, 0)) {
            h.open();
            h.processElement(new StreamRecord<>(new StreamSettingsUpdate("t", GEOMETRY)));
            play(h, 0, split);
            before = results(h);
            snapshot = h.snapshot(1, now);
        }
        List<JsonNode> after;
        // Restored at parallelism 2 on subtask 1: union state gives it the stream's tracker.
        try (var h = harness(2, 1)) {
            h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(snapshot, MAX_PARALLELISM, 1, 2, 1));
            h.open();
            // As the source does on a restore: the stream's settings again, then its frames.
            h.processElement(new StreamRecord<>(new StreamSettingsUpdate("t", GEOMETRY)));
            play(h, split, end);
            after = results(h);
        }
        List<JsonNode> resumed = new ArrayList<>(before);
        resumed.addAll(after);

        List<String> expectedEvents = events(uninterrupted);
        System.out.printf("%d events in %d frames, %d of them after the restore%n", expectedEvents.size(), end, events(after).size());
        assertThat(expectedEvents).anySatisfy(e -> assertThat(e).contains("\"line_crossed\""))
                .anySatisfy(e -> assertThat(e).contains("\"zone_entered\""))
                .anySatisfy(e -> assertThat(e).contains("\"object_left\""));
        // Tracks open at the restore go on under their ids: no object_entered again, same ids.
        assertThat(events(resumed)).containsExactlyElementsOf(expectedEvents);
        assertThat(trackIds(resumed)).containsExactlyElementsOf(trackIds(uninterrupted));
        long openAtSplit = before.stream().filter(r -> r.path("event").asText().equals("detections"))
                .reduce((a, b) -> b).orElseThrow().path("track_ids").size();
        assertThat(openAtSplit).as("tracks open when the savepoint is taken").isPositive();
    }
}
