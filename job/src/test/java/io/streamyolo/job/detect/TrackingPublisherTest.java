package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.control.settings.StreamSettingsJson;
import io.streamyolo.job.metrics.DetectionMetrics;
import io.streamyolo.job.metrics.TrackingMetrics;
import io.streamyolo.job.track.CameraTrackers;
import io.streamyolo.model.Detection;
import io.streamyolo.model.ModelMetadata;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.store.Box;
import io.streamyolo.store.CameraState;
import io.streamyolo.store.Preview;
import io.streamyolo.store.StoredEvent;
import io.streamyolo.store.StoredSnapshot;
import io.streamyolo.store.StoreRecord;
import io.streamyolo.track.TrackerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Without Flink: what a stream's detections become. */
class TrackingPublisherTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ModelMetadata SHAPES = new ModelMetadata(List.of("circle", "square", "triangle", "star"), 320, 320, 32, "");
    private static final Detection SQUARE = new Detection(10, 10, 30, 30, 1, 0.9f);
    private static final Detection FAINT_STAR = new Detection(40, 40, 60, 60, 3, 0.3f);

    private final List<JsonNode> results = new ArrayList<>();
    private final List<StoreRecord> stored = new ArrayList<>();
    private TrackingPublisher out;
    private DetectionMetrics metrics;

    @BeforeEach
    void setUp() {
        metrics = new DetectionMetrics(new UnregisteredMetricsGroup());
        out = new TrackingPublisher(new DetectionSettings(0.25f, null), new CameraTrackers(TrackerConfig.defaults()), metrics,
                new TrackingMetrics(new UnregisteredMetricsGroup()), true, 0,
                new TrackingPublisher.Emitter(r -> results.add(json(r.json())), stored::add));
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void detect(long seq, StreamProgress progress, Detection... detections) {
        VideoFrame frame = new VideoFrame("cam", seq, 1000 + seq * 100, 0, 64, 64, new byte[64 * 64 * 3]);
        out.detected(frame, List.of(detections), "shapes.torchscript", SHAPES, progress, 1000 + seq * 100 + 5);
    }

    private List<JsonNode> of(String event) {
        return results.stream().filter(r -> r.path("event").asText().equals(event)).toList();
    }

    @Test
    void testStreamSettingsChooseWhatIsReportedAndCounted() throws Exception {
        StreamProgress progress = new StreamProgress("cam");
        metrics.mirror("cam", () -> progress.framesDetected, () -> progress.objectsDetected, () -> progress.framesDroppedWaiting);
        detect(0, progress, SQUARE, FAINT_STAR);
        assertThat(of("detections").get(0).path("data")).hasSize(2);
        out.settings("cam", StreamSettingsJson.fromFields(Map.of("conf", "0.5", "classes", "[\"star\",\"square\"]", "priority", "4")),
                "shapes.torchscript", SHAPES);
        assertThat(out.priority("cam")).isEqualTo(4);
        detect(1, progress, SQUARE, FAINT_STAR);
        JsonNode second = of("detections").get(1);
        assertThat(second.path("labels")).singleElement().satisfies(l -> assertThat(l.asText()).isEqualTo("square"));
        assertThat(second.path("track_ids")).hasSize(1);
        assertThat(progress.framesDetected).isEqualTo(2);
        assertThat(progress.objectsDetected).isEqualTo(3);
    }

    @Test
    void testClassTheModelLacksLeavesTheSettingsAndSaysWhy() throws Exception {
        out.settings("cam", StreamSettingsJson.fromFields(Map.of("conf", "0.1", "classes", "[999]")), "shapes.torchscript", SHAPES);
        assertThat(of("error")).singleElement().satisfies(e -> assertThat(e.path("reason").asText())
                .startsWith("settings not applied, the previous ones stay: class id 999 is not in the model"));
        StreamProgress progress = new StreamProgress("cam");
        metrics.mirror("cam", () -> 0, () -> 0, () -> 0);
        detect(0, progress, SQUARE, FAINT_STAR);
        assertThat(of("detections").get(0).path("data")).as("conf 0.1 was not applied either, nor the classes").hasSize(2);
    }

    @Test
    void testStopEndsTheOpenTracksAndTheCameraState() {
        StreamProgress progress = new StreamProgress("cam");
        metrics.mirror("cam", () -> 0, () -> 0, () -> 0);
        for (int seq = 0; seq < 5; seq++) {
            detect(seq, progress, SQUARE);
        }
        assertThat(of("object_entered")).hasSize(1);
        out.stopped("cam", 2000, SHAPES);
        out.status(new StreamStatus("cam", StreamStatus.Kind.STOPPED, "stopped by command", 2000));
        assertThat(of("object_left")).singleElement().satisfies(e -> assertThat(e.path("label").asText()).isEqualTo("square"));
        assertThat(of("stopped")).hasSize(1);
        assertThat(stored).anySatisfy(s -> assertThat(s).isInstanceOfSatisfying(CameraState.class,
                c -> assertThat(c.state()).isEqualTo("stopped")));
    }

    /** A track missed for a frame or two goes on as a predicted box beside the detections; none while it is seen. */
    @Test
    void testBrieflyMissedTrackIsReportedAsPredicted() {
        StreamProgress progress = new StreamProgress("cam");
        metrics.mirror("cam", () -> 0, () -> 0, () -> 0);
        for (int seq = 0; seq < 5; seq++) {
            detect(seq, progress, new Detection(10 + 2 * seq, 10, 30 + 2 * seq, 30, 1, 0.9f));
        }
        long track = of("object_entered").get(0).path("track_id").asLong();
        assertThat(of("detections")).allSatisfy(d -> assertThat(d.has("predicted")).isFalse());
        detect(5, progress);
        JsonNode missed = of("detections").get(5);
        assertThat(missed.path("data")).isEmpty();
        assertThat(missed.path("predicted")).singleElement().satisfies(p -> {
            assertThat(p.path("track_id").asLong()).isEqualTo(track);
            assertThat(p.path("class").asText()).isEqualTo("square");
            // Where the square would be one frame on: its left edge moves 2 px a frame.
            assertThat(p.path("box").get(0).asDouble()).isBetween(19.0, 23.0);
        });
    }

    /**
     * Which records go to the event store: the track events (typed, the same as the results'
     * JSON), not a frame's detections, not even those with predicted boxes that name a track.
     */
    @Test
    void testTrackEventsAreStoredAndDetectionsWithPredictedBoxesAreNot() {
        StreamProgress progress = new StreamProgress("cam");
        metrics.mirror("cam", () -> 0, () -> 0, () -> 0);
        for (int seq = 0; seq < 5; seq++) {
            detect(seq, progress, SQUARE);
        }
        detect(5, progress);
        assertThat(of("detections").get(5).path("predicted")).hasSize(1);
        JsonNode entered = of("object_entered").get(0);
        assertThat(stored).filteredOn(StoredEvent.class::isInstance).singleElement()
                .isInstanceOfSatisfying(StoredEvent.class, e -> {
                    assertThat(e.kind()).isEqualTo(entered.path("event").asText());
                    assertThat(e.trackId()).isEqualTo(entered.path("track_id").asLong());
                    assertThat(e.label()).isEqualTo("square");
                    assertThat(e.conf()).isEqualTo(0.9);
                    assertThat(e.box()).isEqualTo(new Box(10, 10, 30, 30));
                });
        assertThat(stored).allSatisfy(r -> assertThat(r).isInstanceOfAny(StoredEvent.class, StoredSnapshot.class, Preview.class,
                CameraState.class));
        // The store keeps what it kept when it read the results' JSON of the events.
        out.stopped("cam", 2000, SHAPES);
        List<StoredEvent> fromJson = results.stream().filter(r -> r.has("track_id"))
                .map(r -> StoredEvent.fromJson(r.toString()).orElseThrow()).toList();
        assertThat(fromJson).extracting(StoredEvent::kind).containsExactly("object_entered", "object_left");
        assertThat(stored).filteredOn(StoredEvent.class::isInstance).containsExactlyElementsOf(fromJson);
    }

    @Test
    void testCameraDetectedOneFrameInThreeConfirmsATrackAtItsFirstDetection() throws Exception {
        StreamProgress progress = new StreamProgress("cam");
        metrics.mirror("cam", () -> 0, () -> 0, () -> 0);
        out.settings("cam", StreamSettingsJson.fromFields(Map.of("detect_interval", "3")), "shapes.torchscript", SHAPES);
        detect(0, progress, SQUARE);
        assertThat(of("object_entered")).singleElement().satisfies(e -> assertThat(e.path("frame_seq").asLong()).isZero());
        // Another camera, detected every frame, still needs two detections.
        metrics.mirror("other", () -> 0, () -> 0, () -> 0);
        VideoFrame other = new VideoFrame("other", 0, 1000, 0, 64, 64, new byte[64 * 64 * 3]);
        out.detected(other, List.of(SQUARE), "shapes.torchscript", SHAPES, new StreamProgress("other"), 1005);
        assertThat(of("object_entered")).hasSize(1);
    }
}
