package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.source.event.CameraEvent;
import io.streamyolo.source.event.StreamSettingsUpdate;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.testing.ShippedModels;
import io.streamyolo.track.TrackerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stream opened with a model of its own is detected by that model from its first result on. */
class DetectionOperatorModelTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private long now;

    @Test
    void testStreamOpenedWithItsOwnModelWaitsForIt(@TempDir Path dir) throws Exception {
        Path shapes = ShippedModels.path(ShippedModels.SHAPES);
        Path names = shapes.resolveSibling("shapes-yolo-320.names");
        Files.copy(shapes, dir.resolve("default.torchscript"));
        Files.copy(names, dir.resolve("default.names"));
        Files.copy(shapes, dir.resolve("own.torchscript"));
        Files.copy(names, dir.resolve("own.names"));
        DetectionOperator operator = new DetectionOperator(new DetectionSetup(
                DetectorConfig.builder().setModelPath(dir.resolve("default.torchscript")).optCpu().build(),
                new DetectionSettings(0.25f, null), 2, 10, 0, TrackerConfig.defaults(), false, 0, true));
        try (var h = new OneInputStreamOperatorTestHarness<CameraEvent, DetectionResult>(operator)) {
            h.open();
            // As after a restore: the stream's settings, then its frames; and a stream without a model.
            h.processElement(new StreamRecord<>(new StreamSettingsUpdate("a", StreamSettings.ofModel("own.torchscript"))));
            long seq = 0;
            for (long end = System.currentTimeMillis() + 30_000; results(h, "a").isEmpty() && System.currentTimeMillis() < end; ) {
                h.processElement(frame("a", seq));
                h.processElement(frame("b", seq++));
                h.setProcessingTime(now += 20);
                Thread.sleep(20);
            }
            List<JsonNode> a = results(h, "a");
            List<JsonNode> b = results(h, "b");
            System.out.printf("stream a waited %d frames for its model; b meanwhile had %d results%n", seq - 1, b.size());
            assertThat(a).isNotEmpty().allSatisfy(r -> assertThat(r.path("model").asText()).isEqualTo("own.torchscript"));
            assertThat(b).isNotEmpty().allSatisfy(r -> assertThat(r.path("model").asText()).isEqualTo("default.torchscript"));
            assertThat(seq).as("a's frames waited for the load").isGreaterThan(1);
        }
    }

    /** At detection interval 2, the frames between detections wait with the others: none names the job's model. */
    @Test
    void testFramesBetweenDetectionsOfAStreamWaitingForItsModelGetNoResult(@TempDir Path dir) throws Exception {
        Path shapes = ShippedModels.path(ShippedModels.SHAPES);
        Path names = shapes.resolveSibling("shapes-yolo-320.names");
        Files.copy(shapes, dir.resolve("default.torchscript"));
        Files.copy(names, dir.resolve("default.names"));
        Files.copy(shapes, dir.resolve("own.torchscript"));
        Files.copy(names, dir.resolve("own.names"));
        DetectionOperator operator = new DetectionOperator(new DetectionSetup(
                DetectorConfig.builder().setModelPath(dir.resolve("default.torchscript")).optCpu().build(),
                new DetectionSettings(0.25f, null), 2, 10, 0, TrackerConfig.defaults(), false, 0, true));
        try (var h = new OneInputStreamOperatorTestHarness<CameraEvent, DetectionResult>(operator)) {
            h.open();
            h.processElement(new StreamRecord<>(new StreamSettingsUpdate("a",
                    new StreamSettings(null, null, null, "own.torchscript", null, null, null, null, null, 2))));
            long seq = 0;
            for (long end = System.currentTimeMillis() + 30_000;
                    results(h, "a").stream().noneMatch(r -> r.path("detected").asBoolean(true)) && System.currentTimeMillis() < end; ) {
                h.processElement(frame("a", seq++));
                h.setProcessingTime(now += 20);
                Thread.sleep(20);
            }
            for (int i = 0; i < 6; i++) {
                h.processElement(frame("a", seq++));
                h.setProcessingTime(now += 20);
                Thread.sleep(20);
            }
            List<JsonNode> a = results(h, "a");
            System.out.printf("stream a at interval 2: %d frames, %d results, %d of them between detections%n", seq, a.size(),
                    a.stream().filter(r -> !r.path("detected").asBoolean(true)).count());
            assertThat(a).isNotEmpty().allSatisfy(r -> assertThat(r.path("model").asText()).isEqualTo("own.torchscript"));
            assertThat(a).as("frames between detections once the model is there").anyMatch(r -> !r.path("detected").asBoolean(true));
        }
    }

    private static StreamRecord<CameraEvent> frame(String streamId, long seq) {
        return new StreamRecord<>(new VideoFrame(streamId, seq, System.currentTimeMillis(), 0, 32, 32, new byte[32 * 32 * 3]));
    }

    private static List<JsonNode> results(OneInputStreamOperatorTestHarness<CameraEvent, DetectionResult> h, String streamId)
            throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (DetectionResult r : h.extractOutputValues()) {
            JsonNode n = MAPPER.readTree(r.json());
            if (r.streamId().equals(streamId) && n.path("event").asText().equals("detections")) {
                out.add(n);
            }
        }
        return out;
    }
}
