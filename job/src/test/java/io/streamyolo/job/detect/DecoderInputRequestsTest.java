package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.model.preprocess.Preprocessing;
import io.streamyolo.scene.SyntheticScene;
import io.streamyolo.source.event.CameraEvent;
import io.streamyolo.source.event.StreamSettingsUpdate;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.source.input.InputPreparation;
import io.streamyolo.source.input.PreparedInput;
import io.streamyolo.testing.ShippedModels;
import io.streamyolo.track.TrackerConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The detection subtask asks each camera's decoder for frames letterboxed in the stream's model
 * size, detects them as it would have detected the pixels, gives their buffers back, and asks
 * again after a model switch. The decoder is played by the test: it prepares each frame as {@link
 * io.streamyolo.source.reader} does, through the {@link InputPreparation} the frame carries.
 */
class DecoderInputRequestsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;

    private final SyntheticScene scene = new SyntheticScene(41, WIDTH, HEIGHT, 4);
    private long now;

    @Test
    void testDecoderInputRequestsedFramesAreDetectedAsPixelsAreAndTheirBuffersComeBack() throws Exception {
        InputPreparation decoderA = new InputPreparation();
        Set<ByteBuffer> buffers = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        try (var h = harness(true)) {
            h.open();
            int seq = 0;
            for (; seq < 12; seq++) {
                byte[] pixels = scene.render(seq);
                PreparedInput input = decoderA.prepare(ByteBuffer.wrap(pixels), WIDTH, HEIGHT, WIDTH * 3);
                if (input != null) {
                    buffers.add(input.buffer());
                }
                // Stream a from a decoder that letterboxes once asked; stream b as plain pixels.
                h.processElement(new StreamRecord<>(new VideoFrame("a", seq, System.currentTimeMillis(), 0, WIDTH, HEIGHT,
                        pixels, input, decoderA)));
                h.processElement(new StreamRecord<>(new VideoFrame("b", seq, System.currentTimeMillis(), 0, WIDTH, HEIGHT, pixels)));
                final int sent = seq + 1;
                awaitResults(h, () -> results(h, "a").size() == sent && results(h, "b").size() == sent);
            }
            assertThat(decoderA.wanted()).isEqualTo(new LetterboxFormat(320, 320, Preprocessing.ULTRALYTICS));
            // Asked after the first frame; a frame that comes sooner before its batch's due time than
            // a frame interval is left as pixels by design (the next one would replace it), and this
            // test's frame intervals follow the machine's load: one in 12 was, once, in a loaded run.
            assertThat(decoderA.prepared()).as("frames after the first, prepared in the decoder").isBetween(seq / 2L, seq - 1L);
            Map<Long, JsonNode> a = bySeq(results(h, "a"));
            Map<Long, JsonNode> b = bySeq(results(h, "b"));
            int boxes = 0;
            for (long s = 0; s < seq; s++) {
                assertThat(a.get(s).path("data")).as("frame %d", s).isEqualTo(b.get(s).path("data"));
                boxes += a.get(s).path("data").size();
            }
            assertThat(boxes).as("the scene's objects were found").isGreaterThanOrEqualTo(seq * 3);
            // Each detected frame's buffer went back to the pool: a few buffers served all frames.
            assertThat(buffers).hasSizeLessThanOrEqualTo(2);
        }
    }

    @Test
    void testModelSwitchAsksForTheNewModelsSizeAndOlderFramesAreLetterboxedInTheBatch() throws Exception {
        InputPreparation decoder = new InputPreparation();
        try (var h = harness(true)) {
            h.open();
            h.processElement(new StreamRecord<>(new VideoFrame("a", 0, System.currentTimeMillis(), 0, WIDTH, HEIGHT,
                    scene.render(0), null, decoder)));
            awaitResults(h, () -> results(h, "a").size() == 1);
            assertThat(decoder.wanted()).isEqualTo(new LetterboxFormat(320, 320, Preprocessing.ULTRALYTICS));
            PreparedInput for320 = decoder.prepare(ByteBuffer.wrap(scene.render(1)), WIDTH, HEIGHT, WIDTH * 3);

            h.processElement(new StreamRecord<>(new StreamSettingsUpdate("a",
                    StreamSettings.ofModel(ShippedModels.YOLOV8N_STRUCTURE_ONNX))));
            int seq = 1;
            for (long end = System.currentTimeMillis() + 60_000;
                    !decoder.wanted().equals(new LetterboxFormat(640, 640, Preprocessing.ULTRALYTICS)) && System.currentTimeMillis() < end; seq++) {
                h.processElement(new StreamRecord<>(new VideoFrame("a", seq, System.currentTimeMillis(), 0, WIDTH, HEIGHT,
                        scene.render(seq), null, decoder)));
                h.setProcessingTime(now += 20);
                Thread.sleep(20);
            }
            assertThat(decoder.wanted()).isEqualTo(new LetterboxFormat(640, 640, Preprocessing.ULTRALYTICS));
            PreparedInput for640 = decoder.prepare(ByteBuffer.wrap(scene.render(seq + 1)), WIDTH, HEIGHT, WIDTH * 3);
            assertThat(for640.buffer().capacity()).isEqualTo(3 * 640 * 640 * Float.BYTES);
            // A frame letterboxed for the old model (it was on its way during the switch), then one for the new.
            h.processElement(new StreamRecord<>(new VideoFrame("a", seq, System.currentTimeMillis(), 0, WIDTH, HEIGHT,
                    scene.render(seq), for320, decoder)));
            final long old = seq;
            awaitResults(h, () -> results(h, "a").stream().anyMatch(r -> r.path("frame_seq").asLong() == old));
            h.processElement(new StreamRecord<>(new VideoFrame("a", seq + 1, System.currentTimeMillis(), 0, WIDTH, HEIGHT,
                    scene.render(seq + 1), for640, decoder)));
            final long last = seq + 1;
            awaitResults(h, () -> results(h, "a").stream().anyMatch(r -> r.path("frame_seq").asLong() == last));
            assertThat(results(h, "a")).filteredOn(r -> r.path("frame_seq").asLong() >= last - 1).hasSize(2)
                    .allSatisfy(r -> assertThat(r.path("model").asText()).isEqualTo(ShippedModels.YOLOV8N_STRUCTURE_ONNX));
        }
    }

    @Test
    void testLetterboxOnTheInferenceThreadAsksNoDecoder() throws Exception {
        InputPreparation decoder = new InputPreparation();
        try (var h = harness(false)) {
            h.open();
            h.processElement(new StreamRecord<>(new VideoFrame("a", 0, System.currentTimeMillis(), 0, WIDTH, HEIGHT,
                    scene.render(0), null, decoder)));
            awaitResults(h, () -> results(h, "a").size() == 1);
            assertThat(decoder.wanted()).isNull();
            assertThat(decoder.prepare(ByteBuffer.wrap(scene.render(1)), WIDTH, HEIGHT, WIDTH * 3)).isNull();
        }
    }

    private static OneInputStreamOperatorTestHarness<CameraEvent, DetectionResult> harness(boolean letterboxInDecoders)
            throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new DetectionOperator(new DetectionSetup(
                DetectorConfig.builder().setModelPath(ShippedModels.path(ShippedModels.SHAPES_ONNX)).optCpu().build(),
                new DetectionSettings(0.25f, null), 2, 10, 0, TrackerConfig.defaults(), false, 0, letterboxInDecoders)));
    }

    /** Runs the operator's timers until {@code done}. */
    private void awaitResults(OneInputStreamOperatorTestHarness<CameraEvent, DetectionResult> h, BooleanSupplier done)
            throws Exception {
        for (long end = System.currentTimeMillis() + 30_000; !done.getAsBoolean() && System.currentTimeMillis() < end; ) {
            h.setProcessingTime(now += 20);
            Thread.sleep(5);
        }
        assertThat(done.getAsBoolean()).as("results came").isTrue();
    }

    private static Map<Long, JsonNode> bySeq(List<JsonNode> results) {
        Map<Long, JsonNode> bySeq = new HashMap<>();
        results.forEach(r -> bySeq.put(r.path("frame_seq").asLong(), r));
        return bySeq;
    }

    private static List<JsonNode> results(OneInputStreamOperatorTestHarness<CameraEvent, DetectionResult> h, String streamId) {
        List<JsonNode> out = new ArrayList<>();
        try {
            for (DetectionResult r : h.extractOutputValues()) {
                JsonNode n = MAPPER.readTree(r.json());
                if (r.streamId().equals(streamId) && n.path("event").asText().equals("detections")) {
                    out.add(n);
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
