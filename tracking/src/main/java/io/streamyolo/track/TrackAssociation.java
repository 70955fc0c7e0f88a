package io.streamyolo.track;

import io.streamyolo.track.IouMatcher.Overlap;
import io.streamyolo.track.kalman.BoxKalmanFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The association step of a {@link StreamTracker}'s frame: which detection continues which track,
 * in six rounds, each an optimal matching ({@link IouMatcher}) of a pool of tracks against the
 * boxes still unclaimed.
 *
 * <p>Round 1 matches high-confidence boxes to live confirmed tracks (matched in the previous frame
 * or missed for a frame or two), round 2 low-confidence boxes to still unmatched tracked ones,
 * round 3 the remaining high boxes to the other lost tracks: a stale track's guess must not take a
 * live object's box. Round 4 gives the remaining high boxes to tracks lost before this frame whose
 * predicted box they lie mostly inside (an object coming out from behind something shows a small
 * part of itself first), round 5 to those whose predicted path they are near (an object that
 * turned, stopped or turned back, or moved further than predicted while hidden), round 6 to
 * tentative tracks, by IoU, then by the distance moved (a fast object's boxes do not overlap from
 * frame to frame; such a match teaches the track its velocity and its next box must overlap the
 * prediction). Confirmed tracks left unmatched are lost; what to do with unmatched tentative
 * tracks and the unclaimed high boxes is the tracker's.
 *
 * <p>Not thread-safe: buffers are reused across frames; the tracker's thread only.
 */
final class TrackAssociation {

    /** A track missed for at most this many usual frame intervals is live in round 1. */
    static final double RECENT_INTERVALS = 3;

    /** Least nearness (see IouMatcher.Overlap.MOTION) of a pair in the motion rounds. */
    private static final float MIN_NEARNESS = 0.01f;

    private final TrackerConfig config;
    private final BoxKalmanFilter kalman;
    private final IouMatcher matcher = new IouMatcher();

    // Reused per-frame buffers, and the frame's size and outage time.
    private final List<Track> pool = new ArrayList<>();
    private int frameWidth;
    private int frameHeight;
    private long outageMs;
    private int[] high = new int[16];
    private int nHigh;
    private int[] low = new int[16];
    private int[] trackToDet = new int[16];
    private boolean[] used = new boolean[16];

    /** @param kalman the tracker's filter, whose state the matched tracks are corrected in */
    TrackAssociation(TrackerConfig config, BoxKalmanFilter kalman) {
        this.config = config;
        this.kalman = kalman;
    }

    /**
     * Matches the frame's detections to the tracks, all predicted to {@code timeMs}: corrects each
     * matched track with its box and notes it ({@link Track#matched}, {@link Track#matchedDet}),
     * sets {@code ids[i]} for the boxes of confirmed tracks, and makes the confirmed tracks left
     * unmatched lost. Then {@link #tentatives()} are round 6's tracks and {@link #unclaimedHigh}
     * the high boxes nobody claimed.
     *
     * @param tracks every track, in creation order (which decides ties)
     */
    void match(List<Track> tracks, List<TrackInput> detections, long timeMs, int width, int height, FrameClock clock,
            long[] ids) {
        int n = detections.size();
        ensureCapacity(n);
        frameWidth = width;
        frameHeight = height;
        outageMs = clock.outageMs;
        for (Track t : tracks) {
            t.gatePx = gate(t);
        }
        nHigh = 0;
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
        double recentMs = RECENT_INTERVALS * clock.frameIntervalMs;
        poolOf(tracks, t -> t.confirmed() && (t.state == Track.State.TRACKED || t.unseenMs <= recentMs));
        assign(detections, high, nHigh, Overlap.IOU, config.matchIou(), timeMs, ids, false);
        // Round 2: low boxes only continue tracks that were tracked until now, as in ByteTrack.
        pool.removeIf(t -> t.matched || t.state != Track.State.TRACKED);
        assign(detections, low, nLow, Overlap.IOU, config.lowMatchIou(), timeMs, ids, false);
        // Round 3: the remaining high boxes against the other lost tracks.
        poolOf(tracks, t -> t.confirmed() && !t.matched);
        nHigh = compactUnused(high, nHigh);
        assign(detections, high, nHigh, Overlap.IOU, config.matchIou(), timeMs, ids, false);
        // Round 4: a part of an object coming out from behind something overlaps its whole
        // predicted box too little for round 1, but lies inside it. Only for tracks lost before
        // this frame: a live track missed for a frame would take, in a crowd, the box of a smaller
        // object passing in front of it.
        poolOf(tracks, t -> t.confirmed() && !t.matched && t.state == Track.State.LOST);
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
        poolOf(tracks, t -> !t.confirmed());
        nHigh = compactUnused(high, nHigh);
        assign(detections, high, nHigh, Overlap.IOU, config.tentativeMatchIou(), timeMs, ids, false);
        if (config.motionGate() > 0) {
            pool.removeIf(t -> t.matched);
            nHigh = compactUnused(high, nHigh);
            assign(detections, high, nHigh, Overlap.MOTION, MIN_NEARNESS, timeMs, ids, true);
            poolOf(tracks, t -> !t.confirmed());
        }
        nHigh = compactUnused(high, nHigh);
    }

    /** The tentative tracks of the last {@link #match}, matched or not, in creation order. */
    List<Track> tentatives() {
        return pool;
    }

    /** How many high boxes the last {@link #match} left unclaimed. */
    int unclaimedHighCount() {
        return nHigh;
    }

    /** The detection index of the {@code k}th unclaimed high box, in input order. */
    int unclaimedHigh(int k) {
        return high[k];
    }

    // ---------------------------------------------------------------- helpers

    /** Sets {@link #pool} to the tracks that pass the filter, in creation order. */
    private void poolOf(List<Track> tracks, Predicate<Track> filter) {
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
