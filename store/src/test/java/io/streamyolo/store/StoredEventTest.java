package io.streamyolo.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamyolo.store.testutils.TestEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The job's JSON lines to records and back. */
class StoredEventTest {

    @Test
    void testParseTrackEvents() {
        assertThat(StoredEvent.fromJson("{\"stream_id\":\"cam1\",\"event\":\"object_entered\",\"track_id\":7,\"class_id\":1,"
                + "\"label\":\"square\",\"ts\":1764071000123,\"box\":[12.5,40.0,88.1,120.7],\"conf\":0.91,\"occurrence\":0}"))
                .contains(new StoredEvent("cam1", 7, "object_entered", "", 0, null, 1764071000123L, 1, "square", 0.91,
                        new Box(12.5, 40.0, 88.1, 120.7), null));
        assertThat(StoredEvent.fromJson("{\"stream_id\":\"cam1\",\"event\":\"zone_entered\",\"zone\":\"gate\",\"track_id\":7,"
                + "\"class_id\":1,\"label\":\"square\",\"ts\":5,\"box\":[1,2,3,4],\"conf\":0.88,\"occurrence\":2}"))
                .get().extracting(StoredEvent::subject, StoredEvent::occurrence, StoredEvent::isZoneEvent)
                .containsExactly("gate", 2, true);
        StoredEvent line = StoredEvent.fromJson("{\"stream_id\":\"cam1\",\"event\":\"line_crossed\",\"line\":\"door\","
                + "\"direction\":\"in\",\"track_id\":7,\"class_id\":1,\"label\":\"square\",\"ts\":125000,\"conf\":0.8,"
                + "\"occurrence\":1}").orElseThrow();
        assertThat(line.subject()).isEqualTo("door");
        assertThat(line.direction()).isEqualTo("in");
        assertThat(line.box()).isNull();
        assertThat(line.countKind()).contains("line_in");
        assertThat(line.minute()).isEqualTo(120_000);
    }

    @Test
    void testParseObjectLeft() {
        StoredEvent left = StoredEvent.fromJson("{\"stream_id\":\"cam1\",\"event\":\"object_left\",\"track_id\":7,"
                + "\"class_id\":1,\"label\":\"square\",\"ts\":9000,\"first_seen\":3600,\"last_seen\":9000,\"duration_ms\":5400,"
                + "\"best_conf\":0.95,\"zones\":[\"gate\",\"yard\"],\"box\":[1,2,3,4],\"conf\":0.7,\"occurrence\":0}").orElseThrow();
        assertThat(left.track()).isEqualTo(new TrackSummary(3600, 9000, 5400, 0.95, List.of("gate", "yard")));
        assertThat(left.countKind()).isEmpty();
    }

    @Test
    void testLinesThatAreNotTrackEventsAreIgnored() {
        assertThat(StoredEvent.fromJson(TestEvents.detectionsJson("cam1", 5))).isEmpty();
        assertThat(StoredEvent.fromJson("{\"stream_id\":\"cam1\",\"event\":\"started\",\"ts\":5}")).isEmpty();
        assertThat(StoredEvent.fromJson("{\"stream_id\":\"cam1\",\"status\":\"ok\"}")).isEmpty();
        // A snapshot is a record, but not an event.
        String snapshot = TestEvents.snapshotJson(TestEvents.snapshot("cam1", 7, 5, 0.9, 100, 10, 1));
        assertThat(StoredEvent.fromJson(snapshot)).isEmpty();
        assertThat(StoreRecord.fromJson(snapshot)).containsInstanceOf(StoredSnapshot.class);
    }

    @Test
    void testBadLinesAreRejected() {
        assertThatThrownBy(() -> StoredEvent.fromJson("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoredEvent.fromJson("[1,2]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoredEvent.fromJson("{\"event\":\"object_entered\",\"track_id\":1,\"ts\":5}"))
                .hasMessageContaining("stream_id");
        assertThatThrownBy(() -> StoredEvent.fromJson("{\"stream_id\":\"c\",\"event\":\"object_entered\",\"track_id\":1}"))
                .hasMessageContaining("ts");
        assertThatThrownBy(() -> StoredSnapshot.fromJson(
                "{\"stream_id\":\"c\",\"event\":\"snapshot\",\"track_id\":1,\"ts\":5,\"jpeg\":\"%%%\"}"))
                .hasMessageContaining("base64");
    }

    @Test
    void testSnapshotRoundTrip() {
        StoredSnapshot s = TestEvents.snapshot("cam 1", 7, 1234, 0.93, 20_000, 3_000, 42);
        assertThat(StoredSnapshot.fromJson(TestEvents.snapshotJson(s))).contains(s);
        StoredSnapshot noThumb = TestEvents.snapshot("cam1", 8, 1234, 0.93, 500, 0, 42);
        assertThat(StoredSnapshot.fromJson(TestEvents.snapshotJson(noThumb))).contains(noThumb);
        assertThat(s.toString()).contains("20000 bytes").doesNotContain("[B@");
    }

    @Test
    void testToJsonRoundTrip() {
        for (StoredEvent e : TestEvents.track("cam1", 7, TestEvents.T0)) {
            assertThat(StoredEvent.fromJson(e.toJson())).contains(e);
        }
        assertThat(TestEvents.zoneEntered("cam1", 7, 5, "gate", 0).toJson()).contains("\"zone\":\"gate\"");
        assertThat(TestEvents.lineCrossed("cam1", 7, 5, "door", "out", 0).toJson())
                .contains("\"line\":\"door\"", "\"direction\":\"out\"");
    }
}
