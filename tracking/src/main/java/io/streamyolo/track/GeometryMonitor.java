package io.streamyolo.track;

import io.streamyolo.track.TrackEvent.Direction;
import io.streamyolo.track.TrackEvent.Kind;
import io.streamyolo.track.zone.Line;
import io.streamyolo.track.zone.Zone;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Zone membership and line crossings of confirmed tracks, and the per-line counts.
 *
 * <p>Decisions use the anchor of the Kalman-smoothed box of a track matched in the current frame:
 * smoothing removes most detector jitter at zone borders and lines, and a lost track's predicted
 * position is a guess, so it causes no zone or line event. Hysteresis in space and in time keeps
 * decisions stable under jitter for any box size: the anchor must be beyond a dead band around the
 * line or zone border (the larger of {@code marginPx} and {@code lineMargin} of the box height),
 * and stay beyond it on the new side for {@code holdMs} of consecutive matches, before a crossing,
 * an entry or an exit counts; it counts in the frame where the hold is complete. A lost track stays a member of its zones
 * until it is matched elsewhere or leaves.
 *
 * <p>Zones and lines are identified by name. Re-setting a zone unchanged keeps its members; a zone
 * with new geometry is re-evaluated for each track at its next match; a removed zone makes its
 * members leave (zone_left) at the next frame. A line whose geometry changed or that was removed
 * forgets every track's side (its next side is a start, not a crossing); a removed line's counts
 * are dropped. Per-track occurrence counters are never reset, so a name that comes back does not
 * reuse an idempotency key.
 */
final class GeometryMonitor {

    private final Map<String, Zone> zones = new LinkedHashMap<>();
    private final Map<String, Line> lines = new LinkedHashMap<>();

    /** Per line: {in, out}. */
    final Map<String, long[]> lineCounts = new LinkedHashMap<>();

    private final double lineMargin;
    private final double marginPx;
    private final long holdMs;

    GeometryMonitor(TrackerConfig config) {
        this.lineMargin = config.lineMargin();
        this.marginPx = config.marginPx();
        this.holdMs = config.holdMs();
    }

    List<Zone> zones() {
        return List.copyOf(zones.values());
    }

    List<Line> lines() {
        return List.copyOf(lines.values());
    }

    void setZones(List<Zone> newZones) {
        Map<String, Zone> byName = new LinkedHashMap<>();
        for (Zone z : newZones) {
            if (byName.put(z.name(), z) != null) {
                throw new IllegalArgumentException("Zone name '" + z.name() + "' is used twice");
            }
        }
        zones.clear();
        zones.putAll(byName);
    }

    void setLines(List<Line> newLines, List<Track> tracks) {
        Map<String, Line> byName = new LinkedHashMap<>();
        for (Line l : newLines) {
            if (byName.put(l.name(), l) != null) {
                throw new IllegalArgumentException("Line name '" + l.name() + "' is used twice");
            }
        }
        Set<String> forget = new HashSet<>();
        for (Map.Entry<String, Line> old : lines.entrySet()) {
            if (!old.getValue().equals(byName.get(old.getKey()))) {
                forget.add(old.getKey());
            }
        }
        for (Track t : tracks) {
            for (String name : forget) {
                Track.LineSide s = t.lines.get(name);
                if (s != null) {
                    s.side = 0;
                }
            }
        }
        lineCounts.keySet().retainAll(byName.keySet());
        for (String name : byName.keySet()) {
            lineCounts.computeIfAbsent(name, k -> new long[2]);
        }
        lines.clear();
        lines.putAll(byName);
    }

    /** Emits zone_left for memberships of zones that are no longer set. */
    void dropRemovedZones(Track t, long timeMs, List<TrackEvent> out) {
        if (t.zones.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Track.ZoneVisit> e : t.zones.entrySet()) {
            Track.ZoneVisit v = e.getValue();
            if (v.inside && !zones.containsKey(e.getKey())) {
                v.inside = false;
                out.add(t.event(Kind.ZONE_LEFT, timeMs, e.getKey(), null, v.entries - 1));
            }
        }
    }

    /** Emits zone_left for every zone the track is in; it is leaving the scene. */
    void leaveAll(Track t, long timeMs, List<TrackEvent> out) {
        for (Map.Entry<String, Track.ZoneVisit> e : t.zones.entrySet()) {
            Track.ZoneVisit v = e.getValue();
            if (v.inside) {
                v.inside = false;
                out.add(t.event(Kind.ZONE_LEFT, timeMs, e.getKey(), null, v.entries - 1));
            }
        }
    }

    /** Zone and line events of a confirmed track matched in this frame. */
    void evaluate(Track t, long timeMs, int width, int height, List<TrackEvent> out) {
        double x1 = t.smoothX1();
        double y1 = t.smoothY1();
        double x2 = t.smoothX2();
        double y2 = t.smoothY2();
        // The dead band: detector jitter is a fraction of the box size, but never below a few px.
        double bandPx = Math.max(marginPx, lineMargin * (y2 - y1));
        for (Zone zone : zones.values()) {
            double ax = zone.anchor().x(x1, y1, x2, y2) / width;
            double ay = zone.anchor().y(x1, y1, x2, y2) / height;
            Track.ZoneVisit v = t.zones.get(zone.name());
            boolean wasInside = v != null && v.inside;
            boolean inside = zone.contains(ax, ay);
            // A track's first decision (just confirmed) is taken as it is: there is no earlier
            // state to hold against.
            boolean first = t.justConfirmed;
            if (inside == wasInside
                    || !first && zone.boundaryDistancePx(ax, ay, width, height) <= bandPx) {
                // On the same side, or in the band: nothing changes, a pending change is off.
                if (v != null) {
                    v.pendingSinceMs = Track.NO_PENDING;
                }
                continue;
            }
            if (v == null) {
                v = new Track.ZoneVisit();
                t.zones.put(zone.name(), v);
            }
            if (!first && !held(v.pendingSinceMs, timeMs)) {
                if (v.pendingSinceMs == Track.NO_PENDING) {
                    v.pendingSinceMs = timeMs;
                }
                continue;
            }
            v.pendingSinceMs = Track.NO_PENDING;
            if (inside) {
                out.add(t.event(Kind.ZONE_ENTERED, timeMs, zone.name(), null, v.entries));
                v.entries++;
                v.inside = true;
            } else {
                v.inside = false;
                out.add(t.event(Kind.ZONE_LEFT, timeMs, zone.name(), null, v.entries - 1));
            }
        }
        for (Line line : lines.values()) {
            double ax = line.anchor().x(x1, y1, x2, y2) / width;
            double ay = line.anchor().y(x1, y1, x2, y2) / height;
            int side = line.side(ax, ay, width, height, bandPx);
            Track.LineSide s = t.lines.get(line.name());
            if (side == 0) {
                // On the line: keep the last definite side; a pending change is off.
                if (s != null) {
                    s.pendingSinceMs = Track.NO_PENDING;
                }
                continue;
            }
            if (s == null) {
                s = new Track.LineSide();
                t.lines.put(line.name(), s);
            }
            if (s.side != 0 && s.side != side) {
                if (!held(s.pendingSinceMs, timeMs)) {
                    if (s.pendingSinceMs == Track.NO_PENDING) {
                        s.pendingSinceMs = timeMs;
                    }
                    continue;
                }
                if (line.pathCrossesSegment(s.x, s.y, ax, ay)) {
                    Direction dir = side > 0 ? Direction.IN : Direction.OUT;
                    out.add(t.event(Kind.LINE_CROSSED, timeMs, line.name(), dir, s.crossings));
                    s.crossings++;
                    lineCounts.get(line.name())[side > 0 ? 0 : 1]++;
                }
            }
            s.pendingSinceMs = Track.NO_PENDING;
            s.side = side;
            s.x = ax;
            s.y = ay;
        }
    }

    /** Whether a change pending since {@code sinceMs} (or from this frame on) has held long enough. */
    private boolean held(long sinceMs, long timeMs) {
        return holdMs == 0 || sinceMs != Track.NO_PENDING && timeMs - sinceMs >= holdMs;
    }

    Map<String, Integer> occupancy(List<Track> tracks) {
        Map<String, Integer> result = new LinkedHashMap<>();
        for (String name : zones.keySet()) {
            int n = 0;
            for (Track t : tracks) {
                Track.ZoneVisit v = t.zones.get(name);
                if (v != null && v.inside && t.confirmed()) {
                    n++;
                }
            }
            result.put(name, n);
        }
        return result;
    }

    Map<String, LineCount> counts() {
        Map<String, LineCount> result = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : lineCounts.entrySet()) {
            result.put(e.getKey(), new LineCount(e.getValue()[0], e.getValue()[1]));
        }
        return result;
    }

    /** Restores zones, lines and counts from a snapshot, without touching any track. */
    void restore(List<Zone> restoredZones, List<Line> restoredLines, Map<String, long[]> counts) {
        setZones(restoredZones);
        setLines(restoredLines, new ArrayList<>());
        lineCounts.clear();
        lineCounts.putAll(counts);
    }
}
