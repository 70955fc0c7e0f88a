package io.streamyolo.source.enumerator;

import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.control.settings.StreamSettingsSerializer;
import io.streamyolo.source.split.RtspStreamSplitSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Versioned serializer of {@link RtspEnumState}. Version 2 writes settings typed; version 1 (JSON
 * text per field) is still read.
 */
public final class RtspEnumStateSerializer implements SimpleVersionedSerializer<RtspEnumState> {

    public static final RtspEnumStateSerializer INSTANCE = new RtspEnumStateSerializer();

    private static final int VERSION = 2;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(RtspEnumState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(state.streams().size());
            for (RtspEnumState.AssignedStream s : state.streams()) {
                RtspStreamSplitSerializer.write(s.split(), out);
                out.writeInt(s.owner());
            }
            out.writeInt(state.channelPositions().size());
            for (Map.Entry<String, Long> e : state.channelPositions().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
            out.writeBoolean(state.initialCommandsApplied());
            out.writeBoolean(state.shutdown());
            StreamSettingsSerializer.write(state.jobSettings(), out);
        }
        return bytes.toByteArray();
    }

    @Override
    public RtspEnumState deserialize(int version, byte[] serialized) throws IOException {
        if (version < 1 || version > VERSION) {
            throw new IOException("Unknown RtspEnumState serializer version " + version + " (this build reads 1.." + VERSION + ")");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            int n = in.readInt();
            List<RtspEnumState.AssignedStream> streams = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                streams.add(new RtspEnumState.AssignedStream(RtspStreamSplitSerializer.read(in, version), in.readInt()));
            }
            int m = in.readInt();
            Map<String, Long> positions = new HashMap<>();
            for (int i = 0; i < m; i++) {
                positions.put(in.readUTF(), in.readLong());
            }
            boolean initialApplied = in.readBoolean();
            boolean shutdown = in.readBoolean();
            StreamSettings jobSettings = version == 1 ? StreamSettingsSerializer.readFieldsAsJsonText(in)
                    : StreamSettingsSerializer.read(in);
            return new RtspEnumState(streams, positions, initialApplied, shutdown, jobSettings);
        }
    }
}
