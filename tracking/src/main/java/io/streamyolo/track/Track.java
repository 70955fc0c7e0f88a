package io.streamyolo.track;

import io.streamyolo.track.kalman.BoxKalmanFilter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One track's mutable state: life cycle, Kalman posterior, last match, zone and line memory.
 *
 * <p>The Kalman posterior is kept at the time of the last match and every frame predicts afresh
 * from it ({@link #predictTo}), so a lost track's prediction does not compound frame by frame and
 * its horizon can be capped in one place. Everything here except the prediction is part of the
 * checkpointed state (see {@link TrackerStateCodec}).
 */
final class Track {

    enum State {
        /** Seen, not yet confirmed: has no id and causes no events. */
        TENTATIVE,
        /** Confirmed and matched in the latest frame. */
        TRACKED,
        /** Confirmed, not matched in the latest frame; kept until lostTimeoutMs. */
        LOST
    }

    /** {@code pendingSinceMs} when no change of side or zone membership is pending. */
    static final long NO_PENDING = Long.MIN_VALUE;

    /**
     * How often a track entered one zone, whether it is inside now, and since when a change of that
     * has been pending (see GeometryMonitor's hysteresis).
     */
    static final class ZoneVisit {
        int entries;
        boolean inside;
        long pendingSinceMs = NO_PENDING;
    }

    /**
     * A track's memory of one line: last definite side (0: none yet) and where it was seen there.
     */
    static final class LineSide {
        int side;
        double x;
        double y;

        /** Crossings of this line by this track: the next line_crossed occurrence. Never reset. */
        int crossings;

        /** Since when the anchor has been on the other side, beyond the dead band. */
        long pendingSinceMs = NO_PENDING;
    }

    /**
     * Weight of a new uncut box in the running average of the full size, when it is larger and when
     * it is smaller. Smaller counts less: an object starting to pass behind something shrinks by a
     * few percent per frame before its box counts as cut, and must not drag its full size down
     * meanwhile; an object moving away shrinks far more slowly.
     */
    static final double FULL_SIZE_GROW = 0.25;

    static final double FULL_SIZE_SHRINK = 0.1;

    /** 0 while tentative; ids are handed out at confirmation so every reported id has an entry. */
    long id;

    /** The class with the most votes (see {@link ClassVotes}); events report it. */
    int classId;

    final ClassVotes votes = new ClassVotes();

    /**
     * The object's full width and height (pixels; 0: not known yet): a running average of its boxes
     * that were neither cut off nor touching the frame edge on that axis (see {@link PartialView}).
     */
    float fullW;

    float fullH;

    State state = State.TENTATIVE;

    /** Consecutive matches while tentative. */
    int hits;

    /**
     * Whether a tentative track's velocity was set from its first two boxes, found by distance
     * (see StreamTracker's round 6).
     */
    boolean velocityLearnt;

    long firstSeenMs;
    long lastSeenMs;

    /**
     * The stream's total outage time (see StreamTracker) when this track was last seen: outage time
     * since then does not age it.
     */
    long outageAtSeenMs;
    float bestConfidence;
    float lastConfidence;
    float lastX1;
    float lastY1;
    float lastX2;
    float lastY2;

    /** Posterior at {@link #lastSeenMs}. */
    double[] mean = new double[BoxKalmanFilter.DIM];

    double[] cov = new double[BoxKalmanFilter.COV_SIZE];
    final Map<String, ZoneVisit> zones = new LinkedHashMap<>(4);
    final Map<String, LineSide> lines = new LinkedHashMap<>(4);

    // Per-frame working state, not checkpointed: recomputed at the start of every update.
    double[] predMean = new double[BoxKalmanFilter.DIM];
    double[] predCov = new double[BoxKalmanFilter.COV_SIZE];
    double predX1;
    double predY1;
    double predX2;
    double predY2;
    boolean matched;

    /** Index of the matched detection in this frame's input, valid while {@link #matched}. */
    int matchedDet;

    /** Capture time since the last match, at this frame. */
    long gapMs;

    /** Unseen time at this frame: {@link #gapMs} less outages, which do not age a track. */
    long unseenMs;

    /** The motion round's gate this frame: how far (px) a box may be from the predicted path. */
    double gatePx;

    boolean justConfirmed;

    /** Whether this frame's match counts as a hit towards confirmation. */
    boolean countsHit;

    boolean confirmed() {
        return id > 0;
    }

    /** Starts a tentative track at a detection. */
    static Track start(BoxKalmanFilter kalman, TrackInput d, long timeMs, int width, int height) {
        Track t = new Track();
        t.classId = t.votes.add(d.classId(), d.confidence(), d.classId());
        t.firstSeenMs = timeMs;
        t.hits = 1;
        kalman.initiate(
                (d.x1() + d.x2()) * 0.5,
                (d.y1() + d.y2()) * 0.5,
                d.x2() - d.x1(),
                d.y2() - d.y1(),
                t.mean,
                t.cov);
        t.learnFullSize(d, width, height);
        t.remember(d, timeMs);
        t.matched = true;
        return t;
    }

    /**
     * Predicts {@code gapMs} past the last match, at most {@code maxPredictionMs} ahead; notes
     * {@code unseenMs} (the gap less outages, which ages the track). The
     * predicted box that association uses is clipped to the {@code width x height} frame, as the
     * detector's boxes are: an object half out of the frame has a half box.
     */
    void predictTo(
            BoxKalmanFilter kalman,
            long gapMs,
            long unseenMs,
            long maxPredictionMs,
            int width,
            int height) {
        this.gapMs = Math.max(0, gapMs);
        this.unseenMs = Math.max(0, unseenMs);
        long gap = Math.min(this.gapMs, maxPredictionMs);
        kalman.predict(mean, cov, gap / 1000.0, predMean, predCov);
        double hw = Math.max(predMean[2], 1) * 0.5;
        double hh = Math.max(predMean[3], 1) * 0.5;
        predX1 = Math.max(predMean[0] - hw, 0);
        predY1 = Math.max(predMean[1] - hh, 0);
        predX2 = Math.min(predMean[0] + hw, width);
        predY2 = Math.min(predMean[1] + hh, height);
        if (predX1 >= predX2 || predY1 >= predY2) {
            // Wholly out of the frame: nothing can match it; keep a proper (empty-overlap) box.
            predX1 = predMean[0] - hw;
            predY1 = predMean[1] - hh;
            predX2 = predMean[0] + hw;
            predY2 = predMean[1] + hh;
        }
        matched = false;
        justConfirmed = false;
    }

    /**
     * Corrects the prediction with a matched detection; the corrected state becomes the posterior.
     *
     * <p>A box cut off on one side ({@link PartialView}) is measured as the object's full size
     * anchored at its edge that agrees with the prediction, on both axes the full size; and the
     * velocity along a cut axis stays as learnt from whole boxes, because the rest of a cut box
     * (how far the detector's box reaches past the occluder, the other axis of a round shape)
     * wobbles from frame to frame. Taken as it is, a cut box would drag the centre back, teach the
     * filter a wrong velocity and a shrinking size, and the prediction would miss the object when
     * it comes out again. Its class vote is weighted by the share of the object it shows: a
     * half-hidden shape is often misclassified.
     *
     * @param width frame width in pixels: a box touching the frame edge does not teach the size
     * @param height frame height in pixels
     */
    void correct(BoxKalmanFilter kalman, TrackInput d, long timeMs, int width, int height) {
        double w = d.x2() - d.x1();
        double h = d.y2() - d.y1();
        double cx = (d.x1() + d.x2()) * 0.5;
        double cy = (d.y1() + d.y2()) * 0.5;
        int cutX = PartialView.cutSide(d.x1(), d.x2(), predMean[0], fullW);
        int cutY = PartialView.cutSide(d.y1(), d.y2(), predMean[1], fullH);
        double shown = 1;
        if (cutX != 0 || cutY != 0) {
            double fw = Math.max(w, fullW);
            double fh = Math.max(h, fullH);
            shown = w * h / Math.max(fw * fh, 1);
            cx = cutX > 0 ? d.x1() + fw * 0.5 : cutX < 0 ? d.x2() - fw * 0.5 : cx;
            cy = cutY > 0 ? d.y1() + fh * 0.5 : cutY < 0 ? d.y2() - fh * 0.5 : cy;
            w = fw;
            h = fh;
        } else {
            learnFullSize(d, width, height);
        }
        // Velocities of centre and size per axis: [vcx, vcy, vw, vh] at 4..7.
        double vcx = predMean[4];
        double vcy = predMean[5];
        double vw = predMean[6];
        double vh = predMean[7];
        kalman.update(predMean, predCov, cx, cy, w, h);
        if (cutX != 0) {
            predMean[4] = vcx;
            predMean[6] = vw;
        }
        if (cutY != 0) {
            predMean[5] = vcy;
            predMean[7] = vh;
        }
        double[] m = mean;
        mean = predMean;
        predMean = m;
        double[] c = cov;
        cov = predCov;
        predCov = c;
        classId = votes.add(d.classId(), (float) (d.confidence() * shown), classId);
        remember(d, timeMs);
        matched = true;
    }

    /** Averages an uncut box into the full size, per axis unless it touches the frame edge. */
    private void learnFullSize(TrackInput d, int width, int height) {
        double w = d.x2() - d.x1();
        double h = d.y2() - d.y1();
        if (d.x1() > 1 && d.x2() < width - 1) {
            fullW = average(fullW, w);
        }
        if (d.y1() > 1 && d.y2() < height - 1) {
            fullH = average(fullH, h);
        }
    }

    private static float average(float full, double size) {
        if (!(full > 0)) {
            return (float) size;
        }
        return (float) (full + (size > full ? FULL_SIZE_GROW : FULL_SIZE_SHRINK) * (size - full));
    }

    /**
     * Sets the velocity from the move between the previous box's centre and the posterior's, over
     * {@code dtMs}: for a track's second box found by distance, which the filter's zero initial
     * velocity would take many frames to learn.
     */
    void setVelocityFrom(double prevCx, double prevCy, long dtMs) {
        if (dtMs > 0) {
            mean[4] = (mean[0] - prevCx) * 1000.0 / dtMs;
            mean[5] = (mean[1] - prevCy) * 1000.0 / dtMs;
        }
    }

    /** The predicted box of this frame, as association sees it. */
    Box predictedBox() {
        return new Box((float) predX1, (float) predY1, (float) predX2, (float) predY2);
    }

    private void remember(TrackInput d, long timeMs) {
        lastSeenMs = timeMs;
        lastConfidence = d.confidence();
        bestConfidence = Math.max(bestConfidence, d.confidence());
        lastX1 = d.x1();
        lastY1 = d.y1();
        lastX2 = d.x2();
        lastY2 = d.y2();
    }

    // Smoothed (posterior) box, used for zone and line decisions: steadier than the raw box.
    double smoothX1() {
        return mean[0] - Math.max(mean[2], 1) * 0.5;
    }

    double smoothY1() {
        return mean[1] - Math.max(mean[3], 1) * 0.5;
    }

    double smoothX2() {
        return mean[0] + Math.max(mean[2], 1) * 0.5;
    }

    double smoothY2() {
        return mean[1] + Math.max(mean[3], 1) * 0.5;
    }

    /** An event about this track carrying its last matched box and confidence. */
    TrackEvent event(
            TrackEvent.Kind kind,
            long timeMs,
            String target,
            TrackEvent.Direction direction,
            int occurrence) {
        return new TrackEvent(
                kind,
                id,
                classId,
                timeMs,
                new Box(lastX1, lastY1, lastX2, lastY2),
                lastConfidence,
                target,
                direction,
                occurrence,
                null);
    }

    TrackEvent objectLeft(long timeMs) {
        List<String> visited = new ArrayList<>();
        for (Map.Entry<String, ZoneVisit> e : zones.entrySet()) {
            if (e.getValue().entries > 0) {
                visited.add(e.getKey());
            }
        }
        ObjectSummary summary =
                new ObjectSummary(
                        firstSeenMs, lastSeenMs, lastSeenMs - firstSeenMs, bestConfidence, visited);
        return new TrackEvent(
                TrackEvent.Kind.OBJECT_LEFT,
                id,
                classId,
                timeMs,
                new Box(lastX1, lastY1, lastX2, lastY2),
                lastConfidence,
                "",
                null,
                0,
                summary);
    }
}
