package io.streamyolo.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamyolo.store.testutils.TestEvents;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Preview and camera_state lines, as the job writes them, to records. */
class StoreJsonTest {

    @Test
    void testParsePreview() throws Exception {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3};
        String line = "{\"event\":\"preview\",\"stream_id\":\"cam1\",\"ts\":1764071000123,\"frame_seq\":412,\"width\":640,"
                + "\"height\":360,\"jpeg\":\"" + Base64.getEncoder().encodeToString(jpeg) + "\","
                + "\"data\":[[[12.5,40.0,88.1,120.7],1,0.91]],\"labels\":[\"square\"],\"track_ids\":[7],\"model\":\"m\"}";
        Preview p = Preview.fromJson(line).orElseThrow();
        assertThat(p).isEqualTo(new Preview("cam1", 1764071000123L, 412, 640, 360, jpeg,
                "{\"data\":[[[12.5,40.0,88.1,120.7],1,0.91]],\"labels\":[\"square\"],\"track_ids\":[7]}"));
        assertThat(p.toString()).contains("jpeg=5 bytes").doesNotContain("/9j");
        // A preview is a store record, not a track event.
        assertThat(StoreRecord.fromJson(line)).containsInstanceOf(Preview.class);
        assertThat(StoredEvent.fromJson(line)).isEmpty();

        Preview bare = Preview.fromJson("{\"event\":\"preview\",\"stream_id\":\"cam1\",\"ts\":5,\"jpeg\":\"/9g=\"}").orElseThrow();
        assertThat(bare.frameSeq()).isEqualTo(-1);
        assertThat(bare.detections()).isEqualTo("{}");
        Preview roundTrip = TestEvents.preview("cam2", 9, 3, 200, 1);
        assertThat(Preview.fromJson(TestEvents.previewJson(roundTrip))).contains(roundTrip);
    }

    @Test
    void testParseCameraState() throws Exception {
        String line = "{\"event\":\"camera_state\",\"stream_id\":\"cam1\",\"ts\":1764071000123,\"state\":\"live\",\"reason\":null,"
                + "\"fps\":12.5,\"dropped\":3,\"skipped\":40,\"predicted\":5,\"objects\":2,\"model\":\"shapes-yolo-320.torchscript\","
                + "\"settings\":{\"conf\":0.4,\"classes\":[0,2],\"priority\":0,\"max_fps\":5},"
                + "\"zones\":[{\"name\":\"gate\",\"polygon\":[[0.1,0.5],[0.4,0.5],[0.4,0.9]]}],"
                + "\"lines\":[{\"name\":\"door\",\"a\":[0.5,0],\"b\":[0.5,1],\"in\":\"left\"}],"
                + "\"zone_counts\":{\"gate\":1},\"line_counts\":{\"door\":{\"in\":3,\"out\":2}}}";
        CameraState c = CameraState.fromJson(line).orElseThrow();
        assertThat(c.state()).isEqualTo(CameraState.LIVE);
        assertThat(c.reason()).isNull();
        assertThat(c.fps()).isEqualTo(12.5);
        assertThat(c.dropped()).isEqualTo(3L);
        assertThat(c.skipped()).isEqualTo(40L);
        assertThat(c.predicted()).isEqualTo(5L);
        assertThat(c.objects()).isEqualTo(2);
        assertThat(c.model()).isEqualTo("shapes-yolo-320.torchscript");
        JsonNode settings = StoreJson.MAPPER.readTree(c.settings());
        assertThat(settings.path("classes").toString()).isEqualTo("[0,2]");
        assertThat(StoreJson.MAPPER.readTree(c.lineCounts()).path("door").path("out").asInt()).isEqualTo(2);
        assertThat(StoreJson.MAPPER.readTree(c.zones()).get(0).path("name").asText()).isEqualTo("gate");

        CameraState stopped = CameraState.fromJson(
                "{\"event\":\"camera_state\",\"stream_id\":\"cam1\",\"ts\":7,\"state\":\"stopped\",\"reason\":\"STOP\"}").orElseThrow();
        assertThat(stopped.isStopped()).isTrue();
        assertThat(stopped.fps()).isNull();
        assertThat(stopped.skipped()).as("an older job's line has no such field").isNull();
        assertThat(stopped.zones()).isEqualTo("[]");
        CameraState roundTrip = TestEvents.cameraState("cam3", 11, CameraState.ERROR, "401 Unauthorized");
        assertThat(CameraState.fromJson(TestEvents.cameraStateJson(roundTrip))).contains(roundTrip);
    }

    @Test
    void testBrokenLiveLinesAreErrors() {
        assertThatThrownBy(() -> Preview.fromJson("{\"event\":\"preview\",\"stream_id\":\"cam1\",\"ts\":5}"))
                .hasMessageContaining("\"jpeg\"");
        assertThatThrownBy(() -> Preview.fromJson("{\"event\":\"preview\",\"stream_id\":\"cam1\",\"ts\":5,\"jpeg\":\"%%\"}"))
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> CameraState.fromJson("{\"event\":\"camera_state\",\"stream_id\":\"cam1\",\"ts\":5}"))
                .hasMessageContaining("\"state\"");
        assertThatThrownBy(() -> CameraState.fromJson("{\"event\":\"camera_state\",\"state\":\"live\",\"ts\":5}"))
                .hasMessageContaining("\"stream_id\"");
    }

    @Test
    void testParseClip() {
        String line = "{\"event\":\"clip\",\"stream_id\":\"cam1\",\"kind\":\"event\",\"start_ms\":1764071000000,"
                + "\"end_ms\":1764071012000,\"file\":\"/rec/cam1/2026-12-02/a.mp4\",\"size_bytes\":123456,\"codec\":\"hevc\","
                + "\"track_ids\":[4,9]}";
        assertThat(StoreRecord.fromJson(line)).contains(new StoredClip(0, "cam1", "event", 1764071000000L, 1764071012000L,
                "/rec/cam1/2026-12-02/a.mp4", 123456, "hevc", java.util.List.of(4L, 9L)));
        assertThat(StoredEvent.fromJson(line)).isEmpty();
        assertThatThrownBy(() -> StoredClip.fromJson(line.replace("\"kind\":\"event\"", "\"kind\":\"movie\"")))
                .hasMessageContaining("kind 'movie'");
        assertThatThrownBy(() -> StoredClip.fromJson(line.replace("/rec/", "rec/"))).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> StoredClip.fromJson(line.replace("\"size_bytes\":123456,", "")))
                .hasMessageContaining("size_bytes");
    }
}
