package io.streamyolo.store.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamyolo.store.Box;
import io.streamyolo.store.CameraState;
import io.streamyolo.store.Preview;
import io.streamyolo.store.StoreRecord;
import io.streamyolo.store.StoredClip;
import io.streamyolo.store.StoredEvent;
import io.streamyolo.store.StoredSnapshot;
import io.streamyolo.store.TrackSummary;
import java.io.IOException;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class StoreRecordSerializerTest {

    private static final StoreRecordSerializer SERIALIZER = StoreRecordSerializer.INSTANCE;

    private static StoreRecord roundTrip(StoreRecord r) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        SERIALIZER.serialize(r, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        StoreRecord read = SERIALIZER.deserialize(in);
        assertThat(in.available()).as("all bytes read").isZero();
        return read;
    }

    @Test
    void testEveryKindOfRecordRoundTrips() throws IOException {
        List<StoreRecord> records = List.of(
                new StoredEvent("cam1", 7, StoredEvent.OBJECT_ENTERED, "", 0, null, 1000, 1, "square", 0.91, new Box(1, 2, 3, 4), null),
                new StoredEvent("cam1", 7, StoredEvent.LINE_CROSSED, "door", 2, "in", 1100, null, null, null, null, null),
                new StoredEvent("cam1", 7, StoredEvent.OBJECT_LEFT, "", 0, null, 5000, 1, "square", 0.8, new Box(1.5, 2, 3, 4),
                        new TrackSummary(1000, 4900, 3900, 0.95, List.of("gate", "hall"))),
                new StoredEvent("cam1", 8, StoredEvent.OBJECT_LEFT, "", 0, null, 5000, 2, "star", null, null,
                        new TrackSummary(1000, 4900, 3900, null, List.of())),
                new StoredSnapshot("cam1", 7, 1000, 0.9, new Box(1, 2, 3, 4), new byte[] {1, 2, 3}, new byte[] {4}),
                new StoredSnapshot("cam1", 7, 1000, null, null, new byte[] {1}, null),
                new Preview("cam1", 1000, 12, 640, 480, new byte[] {9, 8}, "{\"data\":[],\"labels\":[],\"track_ids\":[]}"),
                new CameraState("cam1", 1000, CameraState.RECONNECTING, "refused: ".repeat(10_000), 4.5, 1L, 2L, 3L, 4, "m.torchscript",
                        "{\"conf\":0.4}", "[]", "[{\"name\":\"door\"}]", "{\"gate\":1}", "{\"door\":{\"in\":3,\"out\":2}}"),
                new CameraState("cam1", 1000, CameraState.LIVE, null, null, null, null, null, null, null, null, null, null, null, null),
                new StoredClip(0, "cam1", StoredClip.KIND_EVENT, 1000, 9000, "/rec/cam1/a.mp4", 12345, StoredClip.CODEC_HEVC,
                        List.of(7L, 8L)),
                new StoredClip(0, "cam1", StoredClip.KIND_SEGMENT, 1000, 9000, "/rec/cam1/b.mp4", 1, StoredClip.CODEC_H264, List.of()));
        for (StoreRecord r : records) {
            assertThat(roundTrip(r)).isEqualTo(r);
        }
    }

    @Test
    void testUnknownVersionIsRefused() {
        DataOutputSerializer out = new DataOutputSerializer(16);
        assertThatThrownBy(() -> {
            out.writeInt(StoreRecordSerializer.VERSION + 1);
            out.writeByte(1);
            SERIALIZER.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        }).isInstanceOf(IOException.class).hasMessageContaining("version " + (StoreRecordSerializer.VERSION + 1));
    }

    @Test
    void testSnapshotRestoresTheSameSerializer() {
        assertThat(SERIALIZER.snapshotConfiguration().restoreSerializer()).isSameAs(SERIALIZER);
        assertThat(new StoreRecordTypeInfo().createSerializer(null)).isSameAs(SERIALIZER);
    }
}
