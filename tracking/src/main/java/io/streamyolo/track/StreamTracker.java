package io.streamyolo.track;

import io.streamyolo.track.IouMatcher.Overlap;
import io.streamyolo.track.TrackEvent.Kind;
import io.streamyolo.track.kalman.BoxKalmanFilter;
import io.streamyolo.track.zone.Line;
import io.streamyolo.track.zone.Zone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Multi-object tracker for one camera stream (ByteTrack-style) that turns boxes into track ids and
 * events: objects entering and leaving, zone visits and line crossings.
 *
 * <pre>{@code
 * StreamTracker tracker = new StreamTracker(TrackerConfig.defaults());
 * tracker.setZones(List.of(new Zone("door", List.of(p1, p2, p3, p4))));
 * FrameResult r = tracker.update(captureTimeMs, width, height, detections);
 * long idOfFirst = r.trackId(0);
 * r.events().forEach(sink::write);
 * }</pre>
 *
 * <p>Per frame: tracks unseen for longer than {@code lostTimeoutMs} leave (time in which the
 * camera sent no frame at all, up to {@code outageLimitMs}, does not count); every track predicts
 * to the capture time (at most {@code maxPredictionMs}, which follows the lost timeout); round 1
 * matches high-confidence boxes to live confirmed tracks (matched in the previous frame or missed
 * for a frame or two), round 2 low-confidence boxes to still unmatched tracked ones, round 3 the
 * remaining high boxes to the other lost tracks: a stale track's guess must not take a live
 * object's box. Round 4 gives the remaining high boxes to tracks lost before this frame whose
 * predicted box they lie mostly inside (an object coming out from behind something shows a small
 * part of itself first), round 5 to those whose predicted path they are near (an object that
 * turned, stopped or turned back, or moved further than predicted while hidden), round 6 to
 * tentative tracks, by IoU, then by the distance moved (a fast object's boxes do not overlap from
 * frame to frame; such a match teaches the track its velocity and its next box must overlap the
 * prediction). The rest of the high boxes start tentative tracks. A tentative track that misses a
 * frame is dropped silently; after {@code minHits} consecutive matches, the stream's first frame
 * included, it is confirmed (on a camera detected one frame in N, after {@code ceil(minHits / N)}:
 * see {@link #setDetectInterval}), gets the next id and emits {@code object_entered}. Ids start at 1 and
 * are never reused. Every confirmed track's box of the frame, matched or (briefly lost) predicted,
 * is in {@link FrameResult#boxes()}. The whole state can be checkpointed with {@link
 * TrackerStateCodec}.
 *
 * <p>Association ignores classes but for a small extra cost ({@code classMismatchCost}): the
 * detector's class of a partly hidden object flickers, and an object must not turn into a new track
 * each time. A track's class is the confidence-weighted vote of its boxes, and its events report
 * that. A box cut off by an occluder or the frame edge is taken for the partial view it is: the
 * track keeps its full size and velocity, so that its prediction meets the object when it comes out
 * again.
 *
 * <p>Threads: not thread-safe. One instance per stream, used only by the thread that processes that
 * stream (a Flink task thread).
 */
public final class StreamTracker {

    static final long NO_FRAME = Long.MIN_VALUE;

    /** A gap between frames shorter than this is never an outage. */
    static final long OUTAGE_MIN_GAP_MS = 1000;

    /** A gap of more usual frame intervals than this may be an outage. */
    static final double OUTAGE_INTERVALS = 4;

    /** A track missed for at most this many usual frame intervals is live in round 1. */
    static final double RECENT_INTERVALS = 3;

    /** Least nearness (see IouMatcher.Overlap.MOTION) of a pair in the motion rounds. */
    private static final float MIN_NEARNESS = 0.01f;

    private final TrackerConfig config;
    /** Matches that confirm a tentative track: minHits, fewer on a camera detected one frame in N. */
    private int confirmHits;
    private final BoxKalmanFilter kalman = new BoxKalmanFilter();
    private final IouMatcher matcher = new IouMatcher();
    final GeometryMonitor geometry;

    /** In creation order, which fixes the order of events within a frame. */
    final List<Track> tracks = new ArrayList<>();

    long nextId = 1;

    /** Frames since the start or the last {@link #closeAll}. */
    long frameCount;

    /** Capture time of the previous frame, or {@link #NO_FRAME}. */
    long lastFrameMs = NO_FRAME;

    /** Total outage time of the stream so far (see {@link #noteFrameGap}). */
    long outageMs;

    /** Running average of the gaps between frames that were no outage (0: none yet). */
    double frameIntervalMs;

    // Reused per-frame buffers, and the frame's size.
    private final List<Track> pool = new ArrayList<>();
    private int frameWidth;
    private int frameHeight;
    private int[] high = new int[16];
    private int[] low = new int[16];
    private int[] trackToDet = new int[16];
    private boolean[] used = new boolean[16];

    public StreamTracker(TrackerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.geometry = new GeometryMonitor(config);
        this.confirmHits = config.minHits();
    }

    /**
     * Tracks one frame's detections.
     *
     * @param timeMs capture time of the frame (ms); intervals may vary
     * @param width frame width in pixels, for the relative zones and lines
     * @param height frame height in pixels
     */
    public FrameResult update(long timeMs, int width, int height, List<TrackInput> detections) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "Frame size must be positive, got " + width + "x" + height);
        }
        Objects.requireNonNull(detections, "detections");
        frameWidth = width;
        frameHeight = height;
        frameCount++;
        noteFrameGap(timeMs);
        int n = detections.size();
        long[] ids = new long[n];
        Arrays.fill(ids, -1);
        List<TrackEvent> events = new ArrayList<>();
        ensureCapacity(n);

        // Leaving first: a track unseen for longer than the timeout cannot be matched again.
        removeExpired(timeMs, events);
        for (Track t : tracks) {
            if (t.confirmed()) {
                geometry.dropRemovedZones(t, timeMs, events);
            }
            // An object moves on during an outage too: the prediction uses the whole gap.
            t.predictTo(
                    kalman,
                    timeMs - t.lastSeenMs,
                    unseenMs(t, timeMs),
                    config.maxPredictionMs(),
                    width,
                    height);
            t.gatePx = gate(t);
        }
        int nHigh = 0;
        int nLow = 0;
        for (int i = 0; i < n; i++) {
            float c = detections.get(i).confidence();
            used[i] = false;
            if (c >= config.highThreshold()) {
                high[nHigh++] = i;
            } else if (c >= config.lowThreshold()) {
                low[nLow++] = i;
            }
        }

        // Round 1: high boxes against live tracks: matched in the previous frame, or missed for
        // a frame or two only (a detector's miss; they compete as ByteTrack's lost tracks do).
        // Tracks lost for longer come after them: their prediction is a guess, and must not take
        // a box that continues a live track (which then would lose its object as well).
        double recentMs = RECENT_INTERVALS * frameIntervalMs;
        poolOf(t -> t.confirmed() && (t.state == Track.State.TRACKED || t.unseenMs <= recentMs));
        assign(detections, high, nHigh, Overlap.IOU, config.matchIou(), timeMs, ids, false);
        // Round 2: low boxes only continue tracks that were tracked until now, as in ByteTrack.
        pool.removeIf(t -> t.matched || t.state != Track.State.TRACKED);
        assign(detections, low, nLow, Overlap.IOU, config.lowMatchIou(), timeMs, ids, false);
        // Round 3: the remaining high boxes against the other lost tracks.
        poolOf(t -> t.confirmed() && !t.matched);
        nHigh = compactUnused(high, nHigh);
        assign(detections, high, nHigh, Overlap.IOU, config.matchIou(), timeMs, ids, false);
        // Round 4: a part of an object coming out from behind something overlaps its whole
        // predicted box too little for round 1, but lies inside it. Only for tracks lost before
        // this frame: a live track missed for a frame would take, in a crowd, the box of a smaller
        // object passing in front of it.
        poolOf(t -> t.confirmed() && !t.matched && t.state == Track.State.LOST);
        nHigh = compactUnused(high, nHigh);
        assign(detections, high, nHigh, Overlap.COVER, config.lostMatchCover(), timeMs, ids, false);
        // Round 5: no overlap at all, but near the predicted path: an object that turned, stopped
        // or turned back, or that moved further than the prediction during an occlusion.
        if (config.motionGate() > 0) {
            pool.removeIf(t -> t.matched);
            nHigh = compactUnused(high, nHigh);
            assign(detections, high, nHigh, Overlap.MOTION, MIN_NEARNESS, timeMs, ids, false);
        }
        for (Track t : tracks) {
            if (t.confirmed() && !t.matched) {
                t.state = Track.State.LOST;
            }
        }
        // Round 6: remaining high boxes against tentative tracks, by overlap, then (a fast object
        // overlaps its previous box not at all) by the distance moved.
        poolOf(t -> !t.confirmed());
        nHigh = compactUnused(high, nHigh);
        assign(detections, high, nHigh, Overlap.IOU, config.tentativeMatchIou(), timeMs, ids, false);
        if (config.motionGate() > 0) {
            pool.removeIf(t -> t.matched);
            nHigh = compactUnused(high, nHigh);
            assign(detections, high, nHigh, Overlap.MOTION, MIN_NEARNESS, timeMs, ids, true);
            poolOf(t -> !t.confirmed());
        }
        tracks.removeIf(t -> !t.confirmed() && !t.matched);
        for (Track t : pool) {
            if (t.matched && t.countsHit && ++t.hits >= confirmHits) {
                confirm(t);
                ids[t.matchedDet] = t.id;
            }
        }
        nHigh = compactUnused(high, nHigh);
        startTracks(detections, nHigh, timeMs, ids);
        emitEvents(timeMs, width, height, events);
        return new FrameResult(ids, events, boxes(detections));
    }

    /**
     * Where the confirmed tracks are at {@code timeMs}, for a frame the model did not see (a
     * camera detected every Nth frame): each box predicted from the track's last match, as {@link
     * #update} reports a briefly lost track's, and only for tracks it would report. Changes
     * nothing: no track ages, ends or enters a zone on a prediction (events come from detected
     * frames, where what was predicted is checked).
     */
    public List<TrackBox> predict(long timeMs) {
        List<TrackBox> out = new ArrayList<>();
        double[] mean = new double[BoxKalmanFilter.DIM];
        double[] cov = new double[BoxKalmanFilter.COV_SIZE];
        for (Track t : tracks) {
            if (!t.confirmed() || timeMs < t.lastSeenMs) {
                continue;
            }
            if (t.state != Track.State.TRACKED && unseenMs(t, timeMs) > config.predictedBoxMs()) {
                continue;
            }
            long gap = Math.min(timeMs - t.lastSeenMs, config.maxPredictionMs());
            kalman.predict(t.mean, t.cov, gap / 1000.0, mean, cov);
            double hw = Math.max(mean[2], 1) * 0.5;
            double hh = Math.max(mean[3], 1) * 0.5;
            float x1 = (float) Math.max(mean[0] - hw, 0);
            float y1 = (float) Math.max(mean[1] - hh, 0);
            float x2 = (float) Math.min(mean[0] + hw, frameWidth);
            float y2 = (float) Math.min(mean[1] + hh, frameHeight);
            if (x1 < x2 && y1 < y2) {
                out.add(new TrackBox(t.id, t.classId, new Box(x1, y1, x2, y2), true, -1));
            }
        }
        return out;
    }

    /**
     * Ends every track, as when the camera stops: confirmed ones leave their zones and emit {@code
     * object_left} at {@code timeMs}. Ids continue; the gap to the next frame is no outage.
     */
    public List<TrackEvent> closeAll(long timeMs) {
        List<TrackEvent> events = new ArrayList<>();
        for (Track t : tracks) {
            if (t.confirmed()) {
                geometry.leaveAll(t, timeMs, events);
                events.add(t.objectLeft(timeMs));
            }
        }
        tracks.clear();
        frameCount = 0;
        lastFrameMs = NO_FRAME;
        return events;
    }

    /**
     * The camera's {@code detect_interval}: the tracker sees one frame in {@code n}. A tentative
     * track is then confirmed after {@code ceil(minHits / n)} matches (at least 1), so after about
     * as many frames as when every frame is detected: counted in detections, confirmation would
     * come n times later and every predicted frame before it would miss the object (on the
     * tracking scene, MOTA 0.89 instead of 0.94 at interval 3: bin/bench-tracker --replay).
     */
    public void setDetectInterval(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("detect interval must be at least 1, got " + n);
        }
        confirmHits = Math.max(1, (config.minHits() + n - 1) / n);
    }

    /**
     * Replaces the zones (matched by name): an unchanged zone keeps its members and emits nothing,
     * a changed one is re-evaluated at each track's next match, a removed one makes its members
     * emit zone_left in the next frame.
     */
    public void setZones(List<Zone> zones) {
        geometry.setZones(Objects.requireNonNull(zones, "zones"));
    }

    /**
     * Replaces the lines; a changed or removed line forgets track sides, a removed line its counts.
     */
    public void setLines(List<Line> lines) {
        geometry.setLines(Objects.requireNonNull(lines, "lines"), tracks);
    }

    public List<Zone> zones() {
        return geometry.zones();
    }

    public List<Line> lines() {
        return geometry.lines();
    }

    /** Confirmed tracks inside each zone now (lost ones included: they are likely occluded). */
    public Map<String, Integer> zoneOccupancy() {
        return geometry.occupancy(tracks);
    }

    /** Crossings per line since the tracker started (or the line was added). */
    public Map<String, LineCount> lineCounts() {
        return geometry.counts();
    }

    /** Confirmed tracks now, tracked or lost. */
    public int confirmedTrackCount() {
        int n = 0;
        for (Track t : tracks) {
            n += t.confirmed() ? 1 : 0;
        }
        return n;
    }

    /** The id the next confirmed track will get. */
    public long nextTrackId() {
        return nextId;
    }

    public TrackerConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- helpers

    /** Sets {@link #pool} to the tracks that pass the filter, in creation order. */
    private void poolOf(Predicate<Track> filter) {
        pool.clear();
        for (Track t : tracks) {
            if (filter.test(t)) {
                pool.add(t);
            }
        }
    }

    /** One association round of {@link #pool} against {@code dets[detIdx[0..count)]}. */
    private void assign(
            List<TrackInput> dets,
            int[] detIdx,
            int count,
            Overlap overlap,
            float minOverlap,
            long timeMs,
            long[] ids,
            boolean learnVelocity) {
        if (trackToDet.length < pool.size()) {
            trackToDet = new int[pool.size() * 2];
        }
        matcher.match(
                pool,
                dets,
                detIdx,
                count,
                overlap,
                minOverlap,
                config.classMismatchCost(),
                trackToDet);
        for (int r = 0; r < pool.size(); r++) {
            int i = trackToDet[r];
            if (i >= 0) {
                Track t = pool.get(r);
                double prevCx = t.mean[0];
                double prevCy = t.mean[1];
                long dtMs = t.gapMs;
                t.correct(kalman, dets.get(i), timeMs, frameWidth, frameHeight);
                // A tentative track's box found only by distance teaches its velocity but is no
                // hit: false positives near each other are no object unless a later box lies where
                // their motion predicts (overlapping the prediction).
                t.countsHit = !learnVelocity;
                if (learnVelocity && !t.velocityLearnt) {
                    t.setVelocityFrom(prevCx, prevCy, dtMs);
                    t.velocityLearnt = true;
                }
                t.outageAtSeenMs = outageMs;
                t.matchedDet = i;
                used[i] = true;
                if (t.confirmed()) {
                    t.state = Track.State.TRACKED;
                    ids[i] = t.id;
                }
            }
        }
    }

    /** Starts tracks from the high boxes nobody claimed; {@code high} holds only unclaimed ones. */
    private void startTracks(List<TrackInput> detections, int nHigh, long timeMs, long[] ids) {
        for (int k = 0; k < nHigh; k++) {
            int i = high[k];
            TrackInput d = detections.get(i);
            if (!used[i] && d.confidence() >= config.newTrackThreshold()) {
                Track t = Track.start(kalman, d, timeMs, frameWidth, frameHeight);
                t.outageAtSeenMs = outageMs;
                t.matchedDet = i;
                tracks.add(t);
                // Unlike ByteTrack, the first frame is no exception: a false positive in it would
                // become a track at once.
                if (confirmHits <= 1) {
                    confirm(t);
                    ids[i] = t.id;
                }
            }
        }
    }

    /**
     * Events of matched confirmed tracks, in track creation order so that replays are identical.
     */
    private void emitEvents(long timeMs, int width, int height, List<TrackEvent> events) {
        for (Track t : tracks) {
            if (t.matched && t.confirmed()) {
                if (t.justConfirmed) {
                    events.add(t.event(Kind.OBJECT_ENTERED, timeMs, "", null, 0));
                }
                geometry.evaluate(t, timeMs, width, height, events);
            }
        }
    }

    private void confirm(Track t) {
        t.id = nextId++;
        t.state = Track.State.TRACKED;
        t.justConfirmed = true;
    }

    /**
     * Removes every track unseen for longer than lostTimeoutMs, outages excepted (see {@link
     * #noteFrameGap}).
     */
    private void removeExpired(long timeMs, List<TrackEvent> events) {
        for (Iterator<Track> it = tracks.iterator(); it.hasNext(); ) {
            Track t = it.next();
            if (unseenMs(t, timeMs) > config.lostTimeoutMs()) {
                if (t.confirmed()) {
                    geometry.leaveAll(t, timeMs, events);
                    events.add(t.objectLeft(timeMs));
                }
                it.remove();
            }
        }
    }

    /**
     * Notes the gap since the previous frame. A gap longer than {@link #OUTAGE_MIN_GAP_MS} and
     * {@link #OUTAGE_INTERVALS} usual frame intervals is an outage (the camera sent nothing, e.g.
     * while reconnecting): up to outageLimitMs, its time past one usual interval does not age the
     * tracks, so that the objects still there when frames come back keep their ids. The usual
     * interval is a running average of the other gaps.
     */
    private void noteFrameGap(long timeMs) {
        long gap = timeMs - lastFrameMs;
        boolean first = lastFrameMs == NO_FRAME;
        lastFrameMs = timeMs;
        if (first || gap <= 0) {
            return;
        }
        if (gap > Math.max(OUTAGE_MIN_GAP_MS, OUTAGE_INTERVALS * frameIntervalMs)) {
            if (gap <= config.outageLimitMs()) {
                outageMs += gap - (long) frameIntervalMs;
            }
        } else {
            frameIntervalMs = frameIntervalMs == 0 ? gap : frameIntervalMs + 0.1 * (gap - frameIntervalMs);
        }
    }

    /** How long the track has been unseen at {@code timeMs}, outages excepted. */
    private long unseenMs(Track t, long timeMs) {
        return timeMs - t.lastSeenMs - (outageMs - t.outageAtSeenMs);
    }

    /**
     * The motion round's gate (px): for a tentative track, how far its object may have moved
     * since its first box; for a confirmed one, how far from its predicted path a box may be,
     * widening with the time unseen (up to 1 s) as the guess of where it went gets worse; none
     * for a confirmed track predicted out of the frame.
     */
    private double gate(Track t) {
        double size = Math.max(t.predMean[2], t.predMean[3]);
        if (!t.confirmed()) {
            // The mean side, not the longer one: a tall box's height is no measure of how far it
            // may move sideways, and a gate too wide joins false positives into tracks.
            return config.motionGate() * 0.5 * (t.predMean[2] + t.predMean[3]);
        }
        if (t.predMean[0] < 0
                || t.predMean[0] > frameWidth
                || t.predMean[1] < 0
                || t.predMean[1] > frameHeight) {
            // Predicted out of the frame: the object left, a box near the edge is a newcomer.
            return 0;
        }
        double widening = Math.min(1, (1 + t.gapMs / 500.0) / 3);
        return config.motionGate() * size * widening;
    }

    /** Every confirmed track's box: matched ones their detection's, briefly lost ones predicted. */
    private List<TrackBox> boxes(List<TrackInput> detections) {
        List<TrackBox> out = new ArrayList<>();
        for (Track t : tracks) {
            if (!t.confirmed()) {
                continue;
            }
            if (t.matched) {
                TrackInput d = detections.get(t.matchedDet);
                out.add(new TrackBox(t.id, t.classId, new Box(d.x1(), d.y1(), d.x2(), d.y2()), false, t.matchedDet));
            } else if (t.unseenMs <= config.predictedBoxMs()
                    && t.predX1 < t.predX2
                    && t.predX2 > 0
                    && t.predX1 < frameWidth
                    && t.predY2 > 0
                    && t.predY1 < frameHeight) {
                out.add(new TrackBox(t.id, t.classId, t.predictedBox(), true, -1));
            }
        }
        return out;
    }

    private int compactUnused(int[] idx, int count) {
        int k = 0;
        for (int j = 0; j < count; j++) {
            if (!used[idx[j]]) {
                idx[k++] = idx[j];
            }
        }
        return k;
    }

    private void ensureCapacity(int size) {
        if (high.length < size) {
            int cap = Math.max(size, high.length * 2);
            high = new int[cap];
            low = new int[cap];
            used = new boolean[cap];
        }
    }
}
