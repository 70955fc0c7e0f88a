package io.streamyolo.source.settings;

import io.streamyolo.source.command.InvalidCommandException;
import io.streamyolo.track.zone.GeometryCodec;
import io.streamyolo.track.zone.Line;
import io.streamyolo.track.zone.Zone;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary form of {@link StreamSettings} inside the source's versioned states and events. Each
 * field is a presence flag, then its value. The version is written with the settings, so that the
 * states that hold them need no new version of their own when a field is added.
 *
 * <p>Version 1 was JSON text per field (before settings were typed); version 2 had no preview
 * rate, version 3 no model type. All are still read.
 */
public final class StreamSettingsSerializer {

    /** 2: typed fields; 3: {@code previewFps} added; 4: {@code modelType} added. */
    public static final int VERSION = 4;
    private static final int WITHOUT_MODEL_TYPE = 3;
    private static final int WITHOUT_PREVIEW_FPS = 2;
    private static final int FIELDS_AS_JSON_TEXT = 1;

    private StreamSettingsSerializer() {}

    public static void write(StreamSettings s, DataOutput out) throws IOException {
        out.writeInt(VERSION);
        out.writeBoolean(s.conf() != null);
        if (s.conf() != null) {
            out.writeFloat(s.conf());
        }
        out.writeBoolean(s.classes() != null);
        if (s.classes() != null) {
            out.writeInt(s.classes().size());
            for (ClassRef c : s.classes()) {
                out.writeBoolean(c.isName());
                if (c.isName()) {
                    out.writeUTF(c.name());
                } else {
                    out.writeInt(c.id());
                }
            }
        }
        out.writeBoolean(s.priority() != null);
        if (s.priority() != null) {
            out.writeInt(s.priority());
        }
        out.writeBoolean(s.model() != null);
        if (s.model() != null) {
            out.writeUTF(s.model());
        }
        out.writeBoolean(s.zones() != null);
        if (s.zones() != null) {
            GeometryCodec.writeZones(s.zones(), out);
        }
        out.writeBoolean(s.lines() != null);
        if (s.lines() != null) {
            GeometryCodec.writeLines(s.lines(), out);
        }
        out.writeBoolean(s.previewFps() != null);
        if (s.previewFps() != null) {
            out.writeDouble(s.previewFps());
        }
        out.writeBoolean(s.modelType() != null);
        if (s.modelType() != null) {
            out.writeUTF(s.modelType());
        }
    }

    public static StreamSettings read(DataInput in) throws IOException {
        int version = in.readInt();
        try {
            return switch (version) {
                case WITHOUT_PREVIEW_FPS, WITHOUT_MODEL_TYPE, VERSION -> readTyped(in, version);
                default -> throw new IOException("Unknown stream settings version " + version + " (this build reads 1.." + VERSION + ")");
            };
        } catch (IllegalArgumentException e) {
            throw new IOException("Corrupt stream settings: " + e.getMessage(), e);
        }
    }

    /**
     * Settings in version 1's layout, which had no version of its own: a count, then field name
     * and JSON text per field (the states that held them know when they are in this layout).
     */
    public static StreamSettings readFieldsAsJsonText(DataInput in) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            fields.put(in.readUTF(), in.readUTF());
        }
        try {
            return StreamSettingsJson.fromFields(fields);
        } catch (InvalidCommandException e) {
            throw new IOException("Corrupt stream settings (version " + FIELDS_AS_JSON_TEXT + "): " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------

    private static StreamSettings readTyped(DataInput in, int version) throws IOException {
        Float conf = in.readBoolean() ? in.readFloat() : null;
        List<ClassRef> classes = null;
        if (in.readBoolean()) {
            classes = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                classes.add(in.readBoolean() ? ClassRef.ofName(in.readUTF()) : ClassRef.ofId(in.readInt()));
            }
        }
        Integer priority = in.readBoolean() ? in.readInt() : null;
        String model = in.readBoolean() ? in.readUTF() : null;
        List<Zone> zones = in.readBoolean() ? GeometryCodec.readZones(in) : null;
        List<Line> lines = in.readBoolean() ? GeometryCodec.readLines(in) : null;
        Double previewFps = version >= WITHOUT_MODEL_TYPE && in.readBoolean() ? in.readDouble() : null;
        String modelType = version >= VERSION && in.readBoolean() ? in.readUTF() : null;
        return new StreamSettings(conf, classes, priority, model, zones, lines, previewFps, modelType);
    }
}
