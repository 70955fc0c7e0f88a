package io.streamyolo.store.sink;

import io.streamyolo.store.Box;
import io.streamyolo.store.CameraState;
import io.streamyolo.store.Preview;
import io.streamyolo.store.StoreRecord;
import io.streamyolo.store.StoredClip;
import io.streamyolo.store.StoredEvent;
import io.streamyolo.store.StoredSnapshot;
import io.streamyolo.store.TrackSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of the {@link StoreRecord}s that go from the detection subtasks to the event store
 * sink: each record is its format version, a tag of its kind and its fields; JPEGs are written as
 * one block of bytes. {@link #copy} returns the same instance since records are immutable (their
 * byte arrays are never changed after they are made).
 *
 * <p>The version is written with every record, so that a record written by an older build (in
 * an unaligned checkpoint's in-flight data) is still read after an upgrade, and one of a newer
 * build fails with an IOException instead of being misread.
 *
 * <p>Long because it writes and reads five record kinds field by field, each beside the other so
 * that a field added to one is added to both.
 */
public final class StoreRecordSerializer extends TypeSerializerSingleton<StoreRecord> {

    private static final long serialVersionUID = 1L;

    public static final StoreRecordSerializer INSTANCE = new StoreRecordSerializer();

    /** 1: events, snapshots, previews, camera states and clips. */
    static final int VERSION = 1;

    private static final byte EVENT = 1;
    private static final byte SNAPSHOT = 2;
    private static final byte PREVIEW = 3;
    private static final byte CAMERA_STATE = 4;
    private static final byte CLIP = 5;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public StoreRecord createInstance() {
        return null;
    }

    @Override
    public StoreRecord copy(StoreRecord from) {
        return from;
    }

    @Override
    public StoreRecord copy(StoreRecord from, StoreRecord reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(StoreRecord record, DataOutputView out) throws IOException {
        out.writeInt(VERSION);
        if (record instanceof StoredEvent e) {
            out.writeByte(EVENT);
            writeString(e.streamId(), out);
            out.writeLong(e.trackId());
            writeString(e.kind(), out);
            writeString(e.subject(), out);
            out.writeInt(e.occurrence());
            writeNullable(e.direction(), out);
            out.writeLong(e.ts());
            writeNullable(e.classId(), out);
            writeNullable(e.label(), out);
            writeNullable(e.conf(), out);
            writeBox(e.box(), out);
            TrackSummary t = e.track();
            out.writeBoolean(t != null);
            if (t != null) {
                out.writeLong(t.firstSeen());
                out.writeLong(t.lastSeen());
                out.writeLong(t.durationMs());
                writeNullable(t.bestConf(), out);
                out.writeInt(t.zones().size());
                for (String zone : t.zones()) {
                    writeString(zone, out);
                }
            }
        } else if (record instanceof StoredSnapshot s) {
            out.writeByte(SNAPSHOT);
            writeString(s.streamId(), out);
            out.writeLong(s.trackId());
            out.writeLong(s.ts());
            writeNullable(s.conf(), out);
            writeBox(s.box(), out);
            writeBytes(s.jpeg(), out);
            out.writeBoolean(s.thumbnail() != null);
            if (s.thumbnail() != null) {
                writeBytes(s.thumbnail(), out);
            }
        } else if (record instanceof Preview p) {
            out.writeByte(PREVIEW);
            writeString(p.streamId(), out);
            out.writeLong(p.ts());
            out.writeLong(p.frameSeq());
            out.writeInt(p.width());
            out.writeInt(p.height());
            writeBytes(p.jpeg(), out);
            writeString(p.detections(), out);
        } else if (record instanceof CameraState c) {
            out.writeByte(CAMERA_STATE);
            writeString(c.streamId(), out);
            out.writeLong(c.ts());
            writeString(c.state(), out);
            writeNullable(c.reason(), out);
            writeNullable(c.fps(), out);
            writeNullable(c.dropped(), out);
            writeNullable(c.skipped(), out);
            writeNullable(c.predicted(), out);
            writeNullable(c.objects(), out);
            writeNullable(c.model(), out);
            writeString(c.settings(), out);
            writeString(c.zones(), out);
            writeString(c.lines(), out);
            writeString(c.zoneCounts(), out);
            writeString(c.lineCounts(), out);
        } else if (record instanceof StoredClip c) {
            out.writeByte(CLIP);
            out.writeLong(c.id());
            writeString(c.streamId(), out);
            writeString(c.kind(), out);
            out.writeLong(c.startMs());
            out.writeLong(c.endMs());
            writeString(c.file(), out);
            out.writeLong(c.sizeBytes());
            writeString(c.codec(), out);
            out.writeInt(c.trackIds().size());
            for (long id : c.trackIds()) {
                out.writeLong(id);
            }
        } else {
            throw new IOException("Unknown store record type: " + record.getClass());
        }
    }

    @Override
    public StoreRecord deserialize(DataInputView in) throws IOException {
        int version = in.readInt();
        if (version < 1 || version > VERSION) {
            throw new IOException("Unknown store record serializer version " + version + " (this build reads 1.." + VERSION + ")");
        }
        byte tag = in.readByte();
        return switch (tag) {
            case EVENT -> {
                String streamId = readString(in);
                long trackId = in.readLong();
                String kind = readString(in);
                String subject = readString(in);
                int occurrence = in.readInt();
                String direction = readNullableString(in);
                long ts = in.readLong();
                Integer classId = in.readBoolean() ? in.readInt() : null;
                String label = readNullableString(in);
                Double conf = readNullableDouble(in);
                Box box = readBox(in);
                TrackSummary track = null;
                if (in.readBoolean()) {
                    long first = in.readLong();
                    long last = in.readLong();
                    long duration = in.readLong();
                    Double best = readNullableDouble(in);
                    int n = in.readInt();
                    List<String> zones = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        zones.add(readString(in));
                    }
                    track = new TrackSummary(first, last, duration, best, zones);
                }
                yield new StoredEvent(streamId, trackId, kind, subject, occurrence, direction, ts, classId, label, conf, box, track);
            }
            case SNAPSHOT -> {
                String streamId = readString(in);
                long trackId = in.readLong();
                long ts = in.readLong();
                Double conf = readNullableDouble(in);
                Box box = readBox(in);
                byte[] jpeg = readBytes(in);
                byte[] thumbnail = in.readBoolean() ? readBytes(in) : null;
                yield new StoredSnapshot(streamId, trackId, ts, conf, box, jpeg, thumbnail);
            }
            case PREVIEW -> new Preview(readString(in), in.readLong(), in.readLong(), in.readInt(), in.readInt(), readBytes(in),
                    readString(in));
            case CAMERA_STATE -> {
                String streamId = readString(in);
                long ts = in.readLong();
                String state = readString(in);
                String reason = readNullableString(in);
                Double fps = readNullableDouble(in);
                Long dropped = readNullableLong(in);
                Long skipped = readNullableLong(in);
                Long predicted = readNullableLong(in);
                Integer objects = in.readBoolean() ? in.readInt() : null;
                String model = readNullableString(in);
                yield new CameraState(streamId, ts, state, reason, fps, dropped, skipped, predicted, objects, model,
                        readString(in), readString(in), readString(in), readString(in), readString(in));
            }
            case CLIP -> {
                long id = in.readLong();
                String streamId = readString(in);
                String kind = readString(in);
                long start = in.readLong();
                long end = in.readLong();
                String file = readString(in);
                long size = in.readLong();
                String codec = readString(in);
                int n = in.readInt();
                List<Long> tracks = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    tracks.add(in.readLong());
                }
                yield new StoredClip(id, streamId, kind, start, end, file, size, codec, tracks);
            }
            default -> throw new IOException("Corrupt store record: unknown tag " + tag);
        };
    }

    @Override
    public StoreRecord deserialize(StoreRecord reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<StoreRecord> snapshotConfiguration() {
        return new StoreRecordSerializerSnapshot();
    }

    /** Snapshot for savepoint compatibility checks. */
    public static final class StoreRecordSerializerSnapshot extends SimpleTypeSerializerSnapshot<StoreRecord> {
        public StoreRecordSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }

    // ------------------------------------------------------------------------------------------

    // Strings as length and UTF-8, not writeUTF: a camera's settings or an error's reason may
    // exceed writeUTF's 64 KB.
    private static void writeString(String s, DataOutputView out) throws IOException {
        writeBytes(s.getBytes(StandardCharsets.UTF_8), out);
    }

    private static String readString(DataInputView in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static void writeBytes(byte[] bytes, DataOutputView out) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputView in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }

    private static void writeNullable(String s, DataOutputView out) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(s, out);
        }
    }

    private static String readNullableString(DataInputView in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }

    private static void writeNullable(Double d, DataOutputView out) throws IOException {
        out.writeBoolean(d != null);
        if (d != null) {
            out.writeDouble(d);
        }
    }

    private static Double readNullableDouble(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    private static void writeNullable(Long l, DataOutputView out) throws IOException {
        out.writeBoolean(l != null);
        if (l != null) {
            out.writeLong(l);
        }
    }

    private static Long readNullableLong(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    private static void writeNullable(Integer i, DataOutputView out) throws IOException {
        out.writeBoolean(i != null);
        if (i != null) {
            out.writeInt(i);
        }
    }

    private static void writeBox(Box b, DataOutputView out) throws IOException {
        out.writeBoolean(b != null);
        if (b != null) {
            out.writeDouble(b.x1());
            out.writeDouble(b.y1());
            out.writeDouble(b.x2());
            out.writeDouble(b.y2());
        }
    }

    private static Box readBox(DataInputView in) throws IOException {
        return in.readBoolean() ? new Box(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()) : null;
    }
}
