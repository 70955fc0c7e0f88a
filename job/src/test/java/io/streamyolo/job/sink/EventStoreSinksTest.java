package io.streamyolo.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamyolo.job.detect.DetectionResult;
import org.junit.jupiter.api.Test;

/** Which results go to the event store: track events, not a frame's detections. */
class EventStoreSinksTest {

    @Test
    void testTrackEventsAreStoredAndDetectionsWithPredictedBoxesAreNot() throws Exception {
        EventStoreSinks.TrackEvents events = new EventStoreSinks.TrackEvents();
        assertThat(events.filter(new DetectionResult("cam", "{\"stream_id\":\"cam\",\"event\":\"object_entered\",\"track_id\":7}")))
                .isTrue();
        assertThat(events.filter(new DetectionResult("cam",
                "{\"stream_id\":\"cam\",\"event\":\"detections\",\"data\":[],\"track_ids\":[],"
                        + "\"predicted\":[{\"track_id\":7,\"class\":\"person\",\"class_id\":0,\"box\":[1,2,3,4]}]}")))
                .isFalse();
        assertThat(events.filter(new DetectionResult("cam", "{\"stream_id\":\"cam\",\"event\":\"detections\",\"track_ids\":[7]}")))
                .isFalse();
    }
}
