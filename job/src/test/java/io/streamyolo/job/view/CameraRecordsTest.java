package io.streamyolo.job.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.control.settings.StreamSettingsJson;
import io.streamyolo.job.track.CameraTrackers;
import io.streamyolo.model.Detection;
import io.streamyolo.model.ModelMetadata;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.event.VideoFrame;
import io.streamyolo.store.CameraState;
import io.streamyolo.store.Preview;
import io.streamyolo.track.TrackerConfig;
import java.io.ByteArrayInputStream;
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
        CameraRecords records = new CameraRecords(2, new CameraTrackers(TrackerConfig.defaults()));
        Preview first = records.detected(frame(10_000), BOX, new long[] {7}, "m.torchscript", SHAPES);
        assertThat(records.detected(frame(10_200), BOX, new long[] {7}, "m.torchscript", SHAPES)).isNull();
        assertThat(records.detected(frame(10_500), BOX, new long[] {7}, "m.torchscript", SHAPES)).isNotNull();
        assertThat(first.streamId()).isEqualTo("cam1");
        JsonNode boxes = MAPPER.readTree(first.detections());
        assertThat(boxes.path("labels").get(0).asText()).isEqualTo("square");
        assertThat(boxes.path("track_ids").get(0).asLong()).isEqualTo(7);
        byte[] jpeg = first.jpeg();
        assertThat(ImageIO.read(new ByteArrayInputStream(jpeg)).getWidth()).isEqualTo(64);
    }

    @Test
    void testPreviewRateIsTheRateAskedForOnAverage() {
        CameraRecords records = new CameraRecords(2, new CameraTrackers(TrackerConfig.defaults()));
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
        CameraRecords records = new CameraRecords(2, new CameraTrackers(TrackerConfig.defaults()));
        records.settings("cam1", StreamSettingsJson.fromFields(Map.of("preview_fps", "0.2")));
        assertThat(records.detected(frame(10_000), BOX, new long[] {7}, "m", SHAPES)).isNotNull();
        assertThat(records.detected(frame(14_000), BOX, new long[] {7}, "m", SHAPES)).as("5 s apart at 0.2 fps").isNull();
        assertThat(records.detected(frame(15_000), BOX, new long[] {7}, "m", SHAPES)).isNotNull();
        CameraState state = records.states(15_000).get("cam1");
        assertThat(MAPPER.readTree(state.settings()).path("preview_fps").asDouble()).isEqualTo(0.2);
        records.settings("cam1", StreamSettingsJson.fromFields(Map.of("preview_fps", "10")));
        assertThat(records.detected(frame(15_100), BOX, new long[] {7}, "m", SHAPES)).isNotNull();
        records.status(new StreamStatus("cam1", StreamStatus.Kind.STOPPED, "stopped by command", 15_200));
        assertThat(records.detected(frame(15_300), BOX, new long[] {7}, "m", SHAPES)).as("the job's 2 fps again").isNull();
    }

    @Test
    void testStatesFollowStatusEventsAndSettings() throws Exception {
        CameraRecords records = new CameraRecords(0, new CameraTrackers(TrackerConfig.defaults()));
        assertThat(records.detected(frame(1), BOX, new long[] {1}, "m", SHAPES)).isNull(); // no previews at 0 fps
        records.settings("cam1", StreamSettingsJson.fromFields(
                Map.of("conf", "0.4", "lines", "[{\"name\":\"door\",\"a\":[0.5,0],\"b\":[0.5,1]}]")));
        CameraState reconnecting = records.status(
                new StreamStatus("cam1", StreamStatus.Kind.RECONNECTING, "connection refused; retrying in 2 s", 5));
        assertThat(reconnecting.state()).isEqualTo("reconnecting");
        assertThat(reconnecting.reason()).contains("connection refused");
        assertThat(MAPPER.readTree(reconnecting.settings()).path("conf").asDouble()).isEqualTo(0.4);
        assertThat(MAPPER.readTree(reconnecting.lines()).get(0).path("name").asText()).isEqualTo("door");
        assertThat(records.status(new StreamStatus("cam1", StreamStatus.Kind.INFO, "nothing changed", 6))).isNull();
        // A refused command for a running camera, or for a stream id that never ran: no state, no camera.
        assertThat(records.status(new StreamStatus("cam1", StreamStatus.Kind.ERROR,
                StreamStatus.REFUSED_COMMAND + "missing camera URL (field 'rtsp' or 'url')", 7))).isNull();
        assertThat(records.status(new StreamStatus("probe10", StreamStatus.Kind.ERROR,
                StreamStatus.REFUSED_COMMAND + "missing camera URL (field 'rtsp' or 'url')", 7))).isNull();
        assertThat(records.states(7)).doesNotContainKey("probe10");
        CameraState kept = records.states(7).get("cam1");
        assertThat(kept.state()).isEqualTo("reconnecting");
        assertThat(MAPPER.readTree(kept.lines()).get(0).path("name").asText()).isEqualTo("door");
        records.detected(frame(7), BOX, new long[] {1}, "m", SHAPES);
        CameraState live = records.states(8).get("cam1");
        assertThat(live.state()).isEqualTo("live");
        assertThat(live.reason()).isNull();
        assertThat(live.objects()).isEqualTo(1);
        assertThat(live.skipped()).isZero();
        records.skippedNoMotion("cam1");
        records.skippedNoMotion("cam1");
        records.predicted("cam1");
        CameraState counted = records.states(8).get("cam1");
        assertThat(counted.skipped()).isEqualTo(2);
        assertThat(counted.predicted()).isEqualTo(1);
        assertThat(records.states(8).get("cam1").skipped()).as("per interval").isZero();
        CameraState stopped = records.status(new StreamStatus("cam1", StreamStatus.Kind.STOPPED, "stopped", 9));
        assertThat(stopped.state()).isEqualTo("stopped");
        assertThat(MAPPER.readTree(stopped.lines())).isEmpty();
    }
}
