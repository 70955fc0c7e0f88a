package io.streamyolo.job.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.control.settings.StreamSettingsJson;
import io.streamyolo.job.track.StreamTracking;
import io.streamyolo.model.Detection;
import io.streamyolo.model.ModelMetadata;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.track.TrackerConfig;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class CameraRecordsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ModelMetadata SHAPES = new ModelMetadata(List.of("circle", "square", "triangle", "star"), 320, 320, 32, "");
    private static final List<Detection> BOX = List.of(new Detection(10, 20, 50, 60, 1, 0.9f));

    private static VideoFrame frame(long captureMillis) {
        return new VideoFrame("cam1", 0, captureMillis, 0, 64, 48, new byte[64 * 48 * 3]);
    }

    @Test
    void testPreviewsAtTheirRateWithTheirBoxes() throws Exception {
        CameraRecords records = new CameraRecords(2, new StreamTracking(TrackerConfig.defaults()));
        String first = records.detected(frame(10_000), BOX, new long[] {7}, "m.torchscript", SHAPES);
        assertThat(records.detected(frame(10_200), BOX, new long[] {7}, "m.torchscript", SHAPES)).isNull();
        assertThat(records.detected(frame(10_500), BOX, new long[] {7}, "m.torchscript", SHAPES)).isNotNull();
        JsonNode preview = MAPPER.readTree(first);
        assertThat(preview.path("event").asText()).isEqualTo("preview");
        assertThat(preview.path("labels").get(0).asText()).isEqualTo("square");
        assertThat(preview.path("track_ids").get(0).asLong()).isEqualTo(7);
        byte[] jpeg = Base64.getDecoder().decode(preview.path("jpeg").asText());
        assertThat(ImageIO.read(new ByteArrayInputStream(jpeg)).getWidth()).isEqualTo(64);
    }

    @Test
    void testPreviewRateIsTheRateAskedForOnAverage() {
        CameraRecords records = new CameraRecords(2, new StreamTracking(TrackerConfig.defaults()));
        int previews = 0;
        for (long t = 10_000; t < 20_000; t += 200) { // 5 frames a second for 10 s
            if (records.detected(frame(t), BOX, new long[] {7}, "m", SHAPES) != null) {
                previews++;
            }
        }
        assertThat(previews).as("2 a second over 10 s").isBetween(19, 21);
    }

    @Test
    void testCameraPreviewRateReplacesTheJobsAndGoesWithAStop() throws Exception {
        CameraRecords records = new CameraRecords(2, new StreamTracking(TrackerConfig.defaults()));
        records.settings("cam1", StreamSettingsJson.fromFields(Map.of("preview_fps", "0.2")));
        assertThat(records.detected(frame(10_000), BOX, new long[] {7}, "m", SHAPES)).isNotNull();
        assertThat(records.detected(frame(14_000), BOX, new long[] {7}, "m", SHAPES)).as("5 s apart at 0.2 fps").isNull();
        assertThat(records.detected(frame(15_000), BOX, new long[] {7}, "m", SHAPES)).isNotNull();
        JsonNode state = MAPPER.readTree(records.states(15_000).get("cam1"));
        assertThat(state.path("settings").path("preview_fps").asDouble()).isEqualTo(0.2);
        records.settings("cam1", StreamSettingsJson.fromFields(Map.of("preview_fps", "10")));
        assertThat(records.detected(frame(15_100), BOX, new long[] {7}, "m", SHAPES)).isNotNull();
        records.status(new StreamStatus("cam1", StreamStatus.Kind.STOPPED, "stopped by command", 15_200));
        assertThat(records.detected(frame(15_300), BOX, new long[] {7}, "m", SHAPES)).as("the job's 2 fps again").isNull();
    }

    @Test
    void testStatesFollowStatusEventsAndSettings() throws Exception {
        CameraRecords records = new CameraRecords(0, new StreamTracking(TrackerConfig.defaults()));
        assertThat(records.detected(frame(1), BOX, new long[] {1}, "m", SHAPES)).isNull(); // no previews at 0 fps
        records.settings("cam1", StreamSettingsJson.fromFields(
                Map.of("conf", "0.4", "lines", "[{\"name\":\"door\",\"a\":[0.5,0],\"b\":[0.5,1]}]")));
        JsonNode reconnecting = MAPPER.readTree(records.status(
                new StreamStatus("cam1", StreamStatus.Kind.RECONNECTING, "connection refused; retrying in 2 s", 5)));
        assertThat(reconnecting.path("state").asText()).isEqualTo("reconnecting");
        assertThat(reconnecting.path("reason").asText()).contains("connection refused");
        assertThat(reconnecting.path("settings").path("conf").asDouble()).isEqualTo(0.4);
        assertThat(reconnecting.path("lines").get(0).path("name").asText()).isEqualTo("door");
        assertThat(records.status(new StreamStatus("cam1", StreamStatus.Kind.INFO, "nothing changed", 6))).isNull();
        // A refused command for a running camera, or for a stream id that never ran: no state, no camera.
        assertThat(records.status(new StreamStatus("cam1", StreamStatus.Kind.ERROR,
                StreamStatus.REFUSED_COMMAND + "missing camera URL (field 'rtsp' or 'url')", 7))).isNull();
        assertThat(records.status(new StreamStatus("probe10", StreamStatus.Kind.ERROR,
                StreamStatus.REFUSED_COMMAND + "missing camera URL (field 'rtsp' or 'url')", 7))).isNull();
        assertThat(records.states(7)).doesNotContainKey("probe10");
        JsonNode kept = MAPPER.readTree(records.states(7).get("cam1"));
        assertThat(kept.path("state").asText()).isEqualTo("reconnecting");
        assertThat(kept.path("lines").get(0).path("name").asText()).isEqualTo("door");
        records.detected(frame(7), BOX, new long[] {1}, "m", SHAPES);
        JsonNode live = MAPPER.readTree(records.states(8).get("cam1"));
        assertThat(live.path("state").asText()).isEqualTo("live");
        assertThat(live.path("reason").isNull()).isTrue();
        assertThat(live.path("objects").asInt()).isEqualTo(1);
        assertThat(live.path("skipped").asInt()).isZero();
        records.skippedNoMotion("cam1");
        records.skippedNoMotion("cam1");
        records.predicted("cam1");
        JsonNode counted = MAPPER.readTree(records.states(8).get("cam1"));
        assertThat(counted.path("skipped").asInt()).isEqualTo(2);
        assertThat(counted.path("predicted").asInt()).isEqualTo(1);
        assertThat(MAPPER.readTree(records.states(8).get("cam1")).path("skipped").asInt()).as("per interval").isZero();
        JsonNode stopped = MAPPER.readTree(records.status(new StreamStatus("cam1", StreamStatus.Kind.STOPPED, "stopped", 9)));
        assertThat(stopped.path("state").asText()).isEqualTo("stopped");
        assertThat(stopped.path("lines")).isEmpty();
    }
}
