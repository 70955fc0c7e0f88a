package io.streamyolo.job.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.control.settings.StreamSettingsJson;
import io.streamyolo.model.Detection;
import io.streamyolo.model.ModelMetadata;
import io.streamyolo.track.Box;
import io.streamyolo.track.TrackBox;
import io.streamyolo.track.TrackEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of a frame's tracks make clips: by the camera's record classes and record zones. */
class ClipTriggersTest {

    private static final ModelMetadata MODEL = new ModelMetadata(List.of("person", "car"), 320, 320, 32, "test");
    private static final Detection PERSON = new Detection(0, 0, 10, 10, 0, 0.9f);
    private static final Detection CAR = new Detection(20, 20, 40, 40, 1, 0.9f);

    @Test
    void testEveryShownTrackTriggersWithoutRecordClassesOrZones() throws Exception {
        ClipTriggers triggers = new ClipTriggers();
        triggers.settings("cam", settings("{\"record\":\"events\"}"), "m.onnx", MODEL);
        List<TrackBox> predicted = List.of(new TrackBox(9, 1, new Box(0, 0, 5, 5), true, -1));
        // Track ids 0 are boxes of no confirmed track: they make no clip.
        assertThat(triggers.triggering("cam", List.of(PERSON, CAR, PERSON), new long[] {3, 4, 0}, predicted, List.of()))
                .containsExactly(3L, 4L, 9L);
    }

    @Test
    void testRecordClassesByNameAreResolvedAndFilter() throws Exception {
        ClipTriggers triggers = new ClipTriggers();
        triggers.settings("cam", settings("{\"record\":\"events\",\"record_classes\":[\"car\"]}"), "m.onnx", MODEL);
        assertThat(triggers.triggering("cam", List.of(PERSON, CAR), new long[] {3, 4}, List.of(), List.of())).containsExactly(4L);
        assertThatThrownBy(() -> triggers.settings("cam", settings("{\"record_classes\":[\"bus\"]}"), "m.onnx", MODEL))
                .hasMessageContaining("class 'bus' is not in the model");
    }

    @Test
    void testRecordZonesTriggerOnlyTracksInsideThem() throws Exception {
        ClipTriggers triggers = new ClipTriggers();
        triggers.settings("cam", settings("{\"record\":\"events\",\"record_zones\":[\"door\"]}"), "m.onnx", MODEL);
        long[] ids = {3, 4};
        List<Detection> boxes = List.of(PERSON, CAR);
        assertThat(triggers.triggering("cam", boxes, ids, List.of(), List.of())).as("nobody in the door zone").isEmpty();
        assertThat(triggers.triggering("cam", boxes, ids, List.of(), List.of(zone(TrackEvent.Kind.ZONE_ENTERED, 4, "door"),
                zone(TrackEvent.Kind.ZONE_ENTERED, 3, "till")))).containsExactly(4L);
        assertThat(triggers.triggering("cam", boxes, ids, List.of(), List.of())).as("still inside").containsExactly(4L);
        assertThat(triggers.triggering("cam", boxes, ids, List.of(), List.of(zone(TrackEvent.Kind.ZONE_LEFT, 3, "till"))))
                .as("leaving another zone changes nothing").containsExactly(4L);
        assertThat(triggers.triggering("cam", boxes, ids, List.of(), List.of(zone(TrackEvent.Kind.ZONE_LEFT, 4, "door")))).isEmpty();
        // An empty list records anywhere again.
        triggers.settings("cam", settings("{\"record_zones\":[]}"), "m.onnx", MODEL);
        assertThat(triggers.triggering("cam", boxes, ids, List.of(), List.of())).containsExactly(3L, 4L);
    }

    private static StreamSettings settings(String json) throws Exception {
        return StreamSettingsJson.read(new ObjectMapper().readTree(json));
    }

    private static TrackEvent zone(TrackEvent.Kind kind, long track, String zone) {
        return new TrackEvent(kind, track, 0, 1000, new Box(0, 0, 1, 1), 0.9f, zone, null, 1, null);
    }
}
