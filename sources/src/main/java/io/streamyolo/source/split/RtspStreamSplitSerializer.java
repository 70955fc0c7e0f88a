package io.streamyolo.source.split;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Versioned serializer of {@link RtspStreamSplit}. */
public final class RtspStreamSplitSerializer implements SimpleVersionedSerializer<RtspStreamSplit> {

    public static final RtspStreamSplitSerializer INSTANCE = new RtspStreamSplitSerializer();

    private static final int VERSION = 1;

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
        if (version != VERSION) {
            throw new IOException("Unknown RtspStreamSplit serializer version " + version + " (this build reads " + VERSION + ")");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(in);
        }
    }

    /** Writes a split in the current version's layout (also used inside the enumerator state). */
    public static void write(RtspStreamSplit split, DataOutputStream out) throws IOException {
        out.writeUTF(split.streamId());
        out.writeUTF(split.url());
        out.writeDouble(split.maxFps());
        out.writeUTF(split.transport());
        out.writeInt(split.extra().size());
        for (Map.Entry<String, String> e : split.extra().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
    }

    public static RtspStreamSplit read(DataInputStream in) throws IOException {
        String streamId = in.readUTF();
        String url = in.readUTF();
        double maxFps = in.readDouble();
        String transport = in.readUTF();
        int n = in.readInt();
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            extra.put(in.readUTF(), in.readUTF());
        }
        return new RtspStreamSplit(streamId, url, maxFps, transport, extra);
    }
}
