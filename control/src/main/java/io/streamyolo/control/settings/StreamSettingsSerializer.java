package io.streamyolo.control.settings;

import io.streamyolo.control.InvalidCommandException;
import io.streamyolo.track.zone.GeometryCodec;
import io.streamyolo.track.zone.Line;
import io.streamyolo.track.zone.Point;
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
 * rate, version 3 no model type, version 4 no motion settings, version 5 no detection interval,
 * version 6 no recording. All are still read.
 */
public final class StreamSettingsSerializer {

    /**
     * 2: typed fields; 3: {@code previewFps} added; 4: {@code modelType} added; 5: {@code motion}
     * added; 6: {@code detectInterval} added; 7: {@code record} added.
     */
    public static final int VERSION = 7;
    private static final int WITHOUT_RECORD = 6;
    private static final int WITHOUT_DETECT_INTERVAL = 5;
    private static final int WITHOUT_MOTION = 4;
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
            writeClasses(s.classes(), out);
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
        out.writeBoolean(s.motion() != null);
        if (s.motion() != null) {
            writeMotion(s.motion(), out);
        }
        out.writeBoolean(s.detectInterval() != null);
        if (s.detectInterval() != null) {
            out.writeInt(s.detectInterval());
        }
        out.writeBoolean(s.record() != null);
        if (s.record() != null) {
            writeRecord(s.record(), out);
        }
    }

    public static StreamSettings read(DataInput in) throws IOException {
        int version = in.readInt();
        try {
            return switch (version) {
                case WITHOUT_PREVIEW_FPS, WITHOUT_MODEL_TYPE, WITHOUT_MOTION, WITHOUT_DETECT_INTERVAL, WITHOUT_RECORD, VERSION -> readTyped(in, version);
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
        List<ClassRef> classes = in.readBoolean() ? readClasses(in) : null;
        Integer priority = in.readBoolean() ? in.readInt() : null;
        String model = in.readBoolean() ? in.readUTF() : null;
        List<Zone> zones = in.readBoolean() ? GeometryCodec.readZones(in) : null;
        List<Line> lines = in.readBoolean() ? GeometryCodec.readLines(in) : null;
        Double previewFps = version >= WITHOUT_MODEL_TYPE && in.readBoolean() ? in.readDouble() : null;
        String modelType = version >= WITHOUT_MOTION && in.readBoolean() ? in.readUTF() : null;
        MotionSettings motion = version >= WITHOUT_DETECT_INTERVAL && in.readBoolean() ? readMotion(in) : null;
        Integer detectInterval = version >= WITHOUT_RECORD && in.readBoolean() ? in.readInt() : null;
        RecordSettings record = version >= VERSION && in.readBoolean() ? readRecord(in) : null;
        return new StreamSettings(conf, classes, priority, model, zones, lines, previewFps, modelType, motion, detectInterval, record);
    }

    /** Each field a presence flag, then its value; the mode by name, so that modes may be added. */
    private static void writeMotion(MotionSettings m, DataOutput out) throws IOException {
        out.writeBoolean(m.mode() != null);
        if (m.mode() != null) {
            out.writeUTF(m.mode().name());
        }
        out.writeBoolean(m.threshold() != null);
        if (m.threshold() != null) {
            out.writeDouble(m.threshold());
        }
        out.writeBoolean(m.pixelDelta() != null);
        if (m.pixelDelta() != null) {
            out.writeInt(m.pixelDelta());
        }
        out.writeBoolean(m.masks() != null);
        if (m.masks() != null) {
            out.writeInt(m.masks().size());
            for (List<Point> polygon : m.masks()) {
                out.writeInt(polygon.size());
                for (Point p : polygon) {
                    out.writeDouble(p.x());
                    out.writeDouble(p.y());
                }
            }
        }
        out.writeBoolean(m.keepaliveSeconds() != null);
        if (m.keepaliveSeconds() != null) {
            out.writeDouble(m.keepaliveSeconds());
        }
    }

    private static void writeClasses(List<ClassRef> classes, DataOutput out) throws IOException {
        out.writeInt(classes.size());
        for (ClassRef c : classes) {
            out.writeBoolean(c.isName());
            if (c.isName()) {
                out.writeUTF(c.name());
            } else {
                out.writeInt(c.id());
            }
        }
    }

    private static List<ClassRef> readClasses(DataInput in) throws IOException {
        List<ClassRef> classes = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            classes.add(in.readBoolean() ? ClassRef.ofName(in.readUTF()) : ClassRef.ofId(in.readInt()));
        }
        return classes;
    }

    /** Each field a presence flag, then its value; the mode by name, so that modes may be added. */
    private static void writeRecord(RecordSettings r, DataOutput out) throws IOException {
        out.writeBoolean(r.mode() != null);
        if (r.mode() != null) {
            out.writeUTF(r.mode().name());
        }
        out.writeBoolean(r.classes() != null);
        if (r.classes() != null) {
            writeClasses(r.classes(), out);
        }
        out.writeBoolean(r.zones() != null);
        if (r.zones() != null) {
            out.writeInt(r.zones().size());
            for (String zone : r.zones()) {
                out.writeUTF(zone);
            }
        }
        for (Double seconds : new Double[] {r.preRollSeconds(), r.postRollSeconds(), r.maxClipSeconds(), r.segmentSeconds()}) {
            out.writeBoolean(seconds != null);
            if (seconds != null) {
                out.writeDouble(seconds);
            }
        }
    }

    private static RecordSettings readRecord(DataInput in) throws IOException {
        RecordSettings.Mode mode = null;
        if (in.readBoolean()) {
            String name = in.readUTF();
            try {
                mode = RecordSettings.Mode.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new IOException("Unknown record mode '" + name + "' in stream settings", e);
            }
        }
        List<ClassRef> classes = in.readBoolean() ? readClasses(in) : null;
        List<String> zones = null;
        if (in.readBoolean()) {
            zones = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                zones.add(in.readUTF());
            }
        }
        Double preRoll = in.readBoolean() ? in.readDouble() : null;
        Double postRoll = in.readBoolean() ? in.readDouble() : null;
        Double maxClip = in.readBoolean() ? in.readDouble() : null;
        Double segment = in.readBoolean() ? in.readDouble() : null;
        return new RecordSettings(mode, classes, zones, preRoll, postRoll, maxClip, segment);
    }

    private static MotionSettings readMotion(DataInput in) throws IOException {
        MotionSettings.Mode mode = null;
        if (in.readBoolean()) {
            String name = in.readUTF();
            try {
                mode = MotionSettings.Mode.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new IOException("Unknown motion mode '" + name + "' in stream settings", e);
            }
        }
        Double threshold = in.readBoolean() ? in.readDouble() : null;
        Integer pixelDelta = in.readBoolean() ? in.readInt() : null;
        List<List<Point>> masks = null;
        if (in.readBoolean()) {
            masks = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                List<Point> polygon = new ArrayList<>();
                for (int j = in.readInt(); j > 0; j--) {
                    polygon.add(new Point(in.readDouble(), in.readDouble()));
                }
                masks.add(polygon);
            }
        }
        Double keepalive = in.readBoolean() ? in.readDouble() : null;
        return new MotionSettings(mode, threshold, pixelDelta, masks, keepalive);
    }
}
