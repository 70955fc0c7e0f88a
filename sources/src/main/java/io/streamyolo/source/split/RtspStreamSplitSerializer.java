package io.streamyolo.source.split;

import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.control.settings.StreamSettingsSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Versioned serializer of {@link RtspStreamSplit}. Version 2 writes the settings typed ({@link
 * StreamSettingsSerializer}); version 1, JSON text per field, is still read.
 */
public final class RtspStreamSplitSerializer implements SimpleVersionedSerializer<RtspStreamSplit> {

    public static final RtspStreamSplitSerializer INSTANCE = new RtspStreamSplitSerializer();

    private static final int VERSION = 2;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(RtspStreamSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(split, out);
        }
        return bytes.toByteArray();
    }

    @Override
    public RtspStreamSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version < 1 || version > VERSION) {
            throw new IOException("Unknown RtspStreamSplit serializer version " + version + " (this build reads 1.." + VERSION + ")");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(in, version);
        }
    }

    /** Writes a split in the current version's layout (also used inside the enumerator state). */
    public static void write(RtspStreamSplit split, DataOutputStream out) throws IOException {
        out.writeUTF(split.streamId());
        out.writeUTF(split.url());
        out.writeDouble(split.maxFps());
        out.writeUTF(split.transport());
        StreamSettingsSerializer.write(split.settings(), out);
    }

    /** Reads a split written by {@link #write} of the given serializer version. */
    public static RtspStreamSplit read(DataInputStream in, int version) throws IOException {
        String streamId = in.readUTF();
        String url = in.readUTF();
        double maxFps = in.readDouble();
        String transport = in.readUTF();
        StreamSettings settings = version == 1 ? StreamSettingsSerializer.readFieldsAsJsonText(in) : StreamSettingsSerializer.read(in);
        return new RtspStreamSplit(streamId, url, maxFps, transport, settings);
    }
}
