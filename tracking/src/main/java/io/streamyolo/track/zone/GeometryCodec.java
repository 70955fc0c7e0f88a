package io.streamyolo.track.zone;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary form of zones and lines, shared by every versioned state that holds them (the tracker's
 * state, a stream's settings in the source's checkpoint). A change of this layout is a new version
 * of each of those.
 */
public final class GeometryCodec {

    private GeometryCodec() {}

    public static void writeZones(List<Zone> zones, DataOutput out) throws IOException {
        out.writeInt(zones.size());
        for (Zone z : zones) {
            out.writeUTF(z.name());
            out.writeUTF(z.anchor().name());
            out.writeInt(z.polygon().size());
            for (Point p : z.polygon()) {
                out.writeDouble(p.x());
                out.writeDouble(p.y());
            }
        }
    }

    /**
     * @throws IllegalArgumentException when a zone read is not valid (the bytes are corrupt)
     */
    public static List<Zone> readZones(DataInput in) throws IOException {
        List<Zone> zones = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            String name = in.readUTF();
            Anchor anchor = Anchor.valueOf(in.readUTF());
            List<Point> polygon = new ArrayList<>();
            for (int k = in.readInt(); k > 0; k--) {
                polygon.add(new Point(in.readDouble(), in.readDouble()));
            }
            zones.add(new Zone(name, polygon, anchor));
        }
        return zones;
    }

    public static void writeLines(List<Line> lines, DataOutput out) throws IOException {
        out.writeInt(lines.size());
        for (Line l : lines) {
            out.writeUTF(l.name());
            out.writeDouble(l.a().x());
            out.writeDouble(l.a().y());
            out.writeDouble(l.b().x());
            out.writeDouble(l.b().y());
            out.writeUTF(l.inSide().name());
            out.writeUTF(l.anchor().name());
        }
    }

    /**
     * @throws IllegalArgumentException when a line read is not valid (the bytes are corrupt)
     */
    public static List<Line> readLines(DataInput in) throws IOException {
        List<Line> lines = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            String name = in.readUTF();
            Point a = new Point(in.readDouble(), in.readDouble());
            Point b = new Point(in.readDouble(), in.readDouble());
            lines.add(new Line(name, a, b, InSide.valueOf(in.readUTF()), Anchor.valueOf(in.readUTF())));
        }
        return lines;
    }
}
