package io.streamyolo.track;

import io.streamyolo.track.kalman.BoxKalmanFilter;
import io.streamyolo.track.zone.GeometryCodec;
import io.streamyolo.track.zone.Line;
import io.streamyolo.track.zone.Zone;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Versioned binary form of a {@link StreamTracker}'s whole state, for Flink checkpoints without
 * Java serialization or Kryo.
 *
 * <pre>{@code
 * byte[] bytes = TrackerStateCodec.encode(tracker);             // snapshotState
 * StreamTracker restored = TrackerStateCodec.decode(bytes, config); // initializeState
 * }</pre>
 *
 * <p>A restored tracker continues exactly: same ids and id counter, same Kalman state, no second
 * {@code object_entered} for confirmed tracks, zone memberships, line sides, occurrence numbers and
 * counts go on. Zones and lines are stored too, so a restore is complete by itself and a job that
 * re-sets the same zones afterwards changes nothing. The config is not stored: it comes from the
 * job, and may legitimately change across a restart. Per-frame predictions are not stored; every
 * frame recomputes them.
 *
 * <p>Layout (big-endian, {@link DataOutputStream}): int magic, int version, then the fields in the
 * order written below. A new layout gets a new version and a branch in {@link #decode}.
 */
public final class TrackerStateCodec {

    /**
     * 2 added per track, after its line memory: full width and height, then the class votes (count,
     * then class and weight each). 3 added, after the frame count, the previous frame's time, the
     * total outage time and the usual frame interval; and per track, at its end, the outage time
     * when it was last seen, whether its velocity was learnt from its first two boxes, then since when a change was pending for each of its zones and lines
     * (in their order above). Versions 1 and 2 are still read (see {@link #readTrack}).
     */
    public static final int VERSION = 3;

    private static final int MAGIC = 0x53595452; // "SYTR"

    private TrackerStateCodec() {}

    /** Encodes the tracker's state. Call from the thread that owns the tracker. */
    public static byte[] encode(StreamTracker tracker) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + 512 * tracker.tracks.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(tracker.nextId);
            out.writeLong(tracker.frameCount);
            out.writeLong(tracker.clock.lastFrameMs);
            out.writeLong(tracker.clock.outageMs);
            out.writeDouble(tracker.clock.frameIntervalMs);
            GeometryCodec.writeZones(tracker.zones(), out);
            GeometryCodec.writeLines(tracker.lines(), out);
            Map<String, long[]> counts = tracker.geometry.lineCounts;
            out.writeInt(counts.size());
            for (Map.Entry<String, long[]> e : counts.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue()[0]);
                out.writeLong(e.getValue()[1]);
            }
            out.writeInt(tracker.tracks.size());
            for (Track t : tracker.tracks) {
                writeTrack(out, t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot happen: writing to memory", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Restores a tracker from {@link #encode}'s bytes.
     *
     * @throws IOException when the bytes are not a tracker state, are truncated, or have a version
     *     this code does not know
     */
    public static StreamTracker decode(byte[] bytes, TrackerConfig config) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IOException("Not a tracker state: magic " + Integer.toHexString(magic));
            }
            int version = in.readInt();
            StreamTracker tracker;
            switch (version) {
                case 1:
                case 2:
                case 3:
                    tracker = read(in, config, version);
                    break;
                default:
                    throw new IOException(
                            "Unknown tracker state version "
                                    + version
                                    + "; this code reads 1.."
                                    + VERSION);
            }
            if (in.available() > 0) {
                throw new IOException("Tracker state has " + in.available() + " trailing bytes");
            }
            return tracker;
        } catch (IllegalArgumentException e) {
            // Validation of a zone, line or enum name failed: the bytes are corrupt.
            throw new IOException("Corrupt tracker state: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Reads versions 1 to 3. Before 3, the previous frame is unknown (the gap to the next frame is
     * no outage) and nothing is pending.
     */
    private static StreamTracker read(DataInputStream in, TrackerConfig config, int version)
            throws IOException {
        StreamTracker tracker = new StreamTracker(config);
        tracker.nextId = in.readLong();
        tracker.frameCount = in.readLong();
        if (version >= 3) {
            tracker.clock.lastFrameMs = in.readLong();
            tracker.clock.outageMs = in.readLong();
            tracker.clock.frameIntervalMs = in.readDouble();
        }
        List<Zone> zones = GeometryCodec.readZones(in);
        List<Line> lines = GeometryCodec.readLines(in);
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            counts.put(in.readUTF(), new long[] {in.readLong(), in.readLong()});
        }
        tracker.geometry.restore(zones, lines, counts);
        for (int i = in.readInt(); i > 0; i--) {
            tracker.tracks.add(readTrack(in, version));
        }
        return tracker;
    }

    private static void writeTrack(DataOutputStream out, Track t) throws IOException {
        out.writeLong(t.id);
        out.writeInt(t.classId);
        out.writeUTF(t.state.name());
        out.writeInt(t.hits);
        out.writeLong(t.firstSeenMs);
        out.writeLong(t.lastSeenMs);
        out.writeFloat(t.bestConfidence);
        out.writeFloat(t.lastConfidence);
        out.writeFloat(t.lastX1);
        out.writeFloat(t.lastY1);
        out.writeFloat(t.lastX2);
        out.writeFloat(t.lastY2);
        for (double v : t.mean) {
            out.writeDouble(v);
        }
        // The covariance is symmetric: its upper triangle is enough (36 of 64 values).
        int dim = BoxKalmanFilter.DIM;
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                out.writeDouble(t.cov[i * dim + j]);
            }
        }
        out.writeInt(t.zones.size());
        for (Map.Entry<String, Track.ZoneVisit> e : t.zones.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().entries);
            out.writeBoolean(e.getValue().inside);
        }
        out.writeInt(t.lines.size());
        for (Map.Entry<String, Track.LineSide> e : t.lines.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().side);
            out.writeDouble(e.getValue().x);
            out.writeDouble(e.getValue().y);
            out.writeInt(e.getValue().crossings);
        }
        out.writeFloat(t.fullW);
        out.writeFloat(t.fullH);
        out.writeInt(t.votes.count);
        for (int k = 0; k < t.votes.count; k++) {
            out.writeInt(t.votes.classes[k]);
            out.writeFloat(t.votes.weights[k]);
        }
        out.writeLong(t.outageAtSeenMs);
        out.writeBoolean(t.velocityLearnt);
        for (Track.ZoneVisit v : t.zones.values()) {
            out.writeLong(v.pendingSinceMs);
        }
        for (Track.LineSide l : t.lines.values()) {
            out.writeLong(l.pendingSinceMs);
        }
    }

    /**
     * Reads a track. A version 1 track knew one class and no full size: its class gets a vote of
     * its best confidence, so that one misclassified box does not flip it, and the full size is
     * learnt anew from its next whole box.
     */
    private static Track readTrack(DataInputStream in, int version) throws IOException {
        Track t = new Track();
        t.id = in.readLong();
        t.classId = in.readInt();
        t.state = Track.State.valueOf(in.readUTF());
        t.hits = in.readInt();
        t.firstSeenMs = in.readLong();
        t.lastSeenMs = in.readLong();
        t.bestConfidence = in.readFloat();
        t.lastConfidence = in.readFloat();
        t.lastX1 = in.readFloat();
        t.lastY1 = in.readFloat();
        t.lastX2 = in.readFloat();
        t.lastY2 = in.readFloat();
        for (int i = 0; i < t.mean.length; i++) {
            t.mean[i] = in.readDouble();
        }
        int dim = BoxKalmanFilter.DIM;
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                double v = in.readDouble();
                t.cov[i * dim + j] = v;
                t.cov[j * dim + i] = v;
            }
        }
        for (int i = in.readInt(); i > 0; i--) {
            Track.ZoneVisit v = new Track.ZoneVisit();
            String name = in.readUTF();
            v.entries = in.readInt();
            v.inside = in.readBoolean();
            t.zones.put(name, v);
        }
        for (int i = in.readInt(); i > 0; i--) {
            Track.LineSide s = new Track.LineSide();
            String name = in.readUTF();
            s.side = in.readInt();
            s.x = in.readDouble();
            s.y = in.readDouble();
            s.crossings = in.readInt();
            t.lines.put(name, s);
        }
        if (version == 1) {
            t.votes.add(t.classId, t.bestConfidence, t.classId);
            return t;
        }
        t.fullW = in.readFloat();
        t.fullH = in.readFloat();
        int votes = in.readInt();
        if (votes < 0 || votes > in.available() / 8) {
            throw new IOException("Corrupt tracker state: " + votes + " class votes");
        }
        int[] classes = new int[votes];
        float[] weights = new float[votes];
        for (int k = 0; k < votes; k++) {
            classes[k] = in.readInt();
            weights[k] = in.readFloat();
        }
        // Set as stored rather than added up again: the class read above stays the class.
        t.votes.set(classes, weights, votes);
        if (version >= 3) {
            t.outageAtSeenMs = in.readLong();
            t.velocityLearnt = in.readBoolean();
            for (Track.ZoneVisit v : t.zones.values()) {
                v.pendingSinceMs = in.readLong();
            }
            for (Track.LineSide l : t.lines.values()) {
                l.pendingSinceMs = in.readLong();
            }
        }
        return t;
    }
}
