package io.streamyolo.source.event;

import io.streamyolo.control.settings.StreamSettingsSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link CameraEvent}s. A frame's pixels are written and read as one block, with no
 * per-pixel work; {@link #copy} returns the same instance since events are immutable, so chained
 * operators never copy pixels.
 */
public final class CameraEventSerializer extends TypeSerializerSingleton<CameraEvent> {

    private static final long serialVersionUID = 1L;

    public static final CameraEventSerializer INSTANCE = new CameraEventSerializer();

    private static final byte FRAME = 1;
    private static final byte STATUS = 2;
    private static final byte STREAM_SETTINGS = 3;
    private static final byte JOB_SETTINGS = 4;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public CameraEvent createInstance() {
        return null;
    }

    @Override
    public CameraEvent copy(CameraEvent from) {
        return from;
    }

    @Override
    public CameraEvent copy(CameraEvent from, CameraEvent reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(CameraEvent record, DataOutputView target) throws IOException {
        if (record instanceof VideoFrame frame) {
            target.writeByte(FRAME);
            target.writeUTF(frame.streamId());
            target.writeLong(frame.sequence());
            target.writeLong(frame.captureTimeMillis());
            target.writeLong(frame.ptsMicros());
            target.writeInt(frame.width());
            target.writeInt(frame.height());
            target.write(frame.pixels());
        } else if (record instanceof StreamStatus status) {
            target.writeByte(STATUS);
            target.writeBoolean(status.streamId() != null);
            if (status.streamId() != null) {
                target.writeUTF(status.streamId());
            }
            target.writeByte(status.kind().ordinal());
            writeLongString(status.message() == null ? "" : status.message(), target);
            target.writeLong(status.timeMillis());
        } else if (record instanceof StreamSettingsUpdate update) {
            target.writeByte(STREAM_SETTINGS);
            target.writeUTF(update.streamId());
            StreamSettingsSerializer.write(update.settings(), target);
        } else if (record instanceof JobSettingsUpdate update) {
            target.writeByte(JOB_SETTINGS);
            StreamSettingsSerializer.write(update.settings(), target);
        } else {
            throw new IOException("Unknown camera event type: " + record.getClass());
        }
    }

    @Override
    public CameraEvent deserialize(DataInputView source) throws IOException {
        byte tag = source.readByte();
        if (tag == FRAME) {
            String streamId = source.readUTF();
            long sequence = source.readLong();
            long capture = source.readLong();
            long pts = source.readLong();
            int width = source.readInt();
            int height = source.readInt();
            byte[] pixels = new byte[width * height * 3];
            source.readFully(pixels);
            return new VideoFrame(streamId, sequence, capture, pts, width, height, pixels);
        }
        if (tag == STATUS) {
            String streamId = source.readBoolean() ? source.readUTF() : null;
            StreamStatus.Kind kind = StreamStatus.Kind.values()[source.readByte()];
            String message = readLongString(source);
            return new StreamStatus(streamId, kind, message, source.readLong());
        }
        if (tag == STREAM_SETTINGS) {
            String streamId = source.readUTF();
            return new StreamSettingsUpdate(streamId, StreamSettingsSerializer.read(source));
        }
        if (tag == JOB_SETTINGS) {
            return new JobSettingsUpdate(StreamSettingsSerializer.read(source));
        }
        throw new IOException("Corrupt camera event: unknown tag " + tag);
    }

    @Override
    public CameraEvent deserialize(CameraEvent reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<CameraEvent> snapshotConfiguration() {
        return new CameraEventSerializerSnapshot();
    }

    // writeUTF is limited to 64 KB; a command echoed in an error may be longer.
    private static void writeLongString(String s, DataOutputView target) throws IOException {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    private static String readLongString(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Snapshot for savepoint compatibility checks. */
    public static final class CameraEventSerializerSnapshot extends SimpleTypeSerializerSnapshot<CameraEvent> {
        public CameraEventSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
