package io.streamyolo.track;

import java.io.Serializable;

/**
 * Tuning of a {@link StreamTracker}; build with {@link #builder()}, defaults follow ByteTrack where
 * it has the setting.
 *
 * <pre>{@code
 * TrackerConfig config = TrackerConfig.builder().setLostTimeoutMs(3000).setMinHits(3).build();
 * }</pre>
 *
 * @param highThreshold detections at least this confident take part in the first round
 * @param lowThreshold detections below this are ignored; between low and high they only continue
 *     tracks (second round)
 * @param newTrackThreshold an unmatched high detection starts a track only from this confidence
 * @param matchIou least IoU for the first round (high detections against confirmed tracks)
 * @param lowMatchIou least IoU for the second round (low detections against tracked tracks)
 * @param tentativeMatchIou least IoU for a tentative track to continue
 * @param lostMatchCover least share of a high detection's area inside the predicted box of a
 *     confirmed track that rounds 1 and 2 left unmatched, for that track to take it (third round):
 *     an object coming out from behind something shows a small part of itself first
 * @param classMismatchCost added to a pair's cost {@code 1 - overlap} when the box's class is not
 *     the track's: 0 ignores classes, 1 or more never lets a box continue a track of another class.
 *     Between, a track follows its object through a detector's passing misclassifications (a partly
 *     hidden object), and reports the class most of its boxes had (votes weighted by confidence)
 * @param minHits consecutive matches that confirm a tentative track
 * @param lostTimeoutMs a track unseen for longer than this (capture time, outages excepted) is
 *     removed; the one setting for how long an occluded object keeps its id
 * @param maxPredictionMs the Kalman prediction never extrapolates further than this past the last
 *     match; unless set, it follows {@code lostTimeoutMs}, so that an occlusion the timeout allows is
 *     also bridged by the prediction of a moving object
 * @param lineMargin dead band around a counting line or a zone border, as a fraction of the track's
 *     box height: the anchor must leave the band on the other side for a crossing (or a zone entry
 *     or exit) to count
 * @param marginPx the least dead band in pixels, whatever the box size: jitter of a small box's
 *     edges is a few pixels, far more than a fraction of its height
 * @param holdMs a crossing, zone entry or zone exit counts only once the anchor has stayed beyond
 *     the dead band on the new side for this long (over consecutive matches): a detector's bad
 *     frame or two does not cross a line; 0 counts at once
 * @param motionGate how far a box may be from a track's predicted path and still continue it when no
 *     box overlaps the prediction (the last association rounds), in sizes of the box ({@code
 *     max(w, h)}); for a track not yet confirmed, which knows no velocity, the distance it may have
 *     moved since its first box, in mean sides {@code (w + h) / 2}: a fast object moves more than
 *     its own width between frames. A tentative track's box found this way teaches its velocity
 *     but confirms nothing: its next box must overlap the prediction
 * @param outageLimitMs a gap between frames of a stream that is an outage (the camera sent nothing:
 *     a reconnect) does not age its tracks, up to this long; a longer one ages them as usual. A gap
 *     is an outage when it is longer than 1 s and 4 of the stream's usual frame intervals; 0 ages
 *     tracks through every gap
 * @param predictedBoxMs a confirmed track unseen for at most this long reports its predicted box in
 *     {@link FrameResult#boxes()}, marked as predicted; 0 reports none
 */
public record TrackerConfig(
        float highThreshold,
        float lowThreshold,
        float newTrackThreshold,
        float matchIou,
        float lowMatchIou,
        float tentativeMatchIou,
        float lostMatchCover,
        float classMismatchCost,
        int minHits,
        long lostTimeoutMs,
        long maxPredictionMs,
        double lineMargin,
        double marginPx,
        long holdMs,
        float motionGate,
        long outageLimitMs,
        long predictedBoxMs)
        implements Serializable {

    public TrackerConfig {
        checkUnit("lowThreshold", lowThreshold);
        checkUnit("highThreshold", highThreshold);
        checkUnit("newTrackThreshold", newTrackThreshold);
        if (!(lowThreshold < highThreshold)) {
            throw new IllegalArgumentException(
                    "lowThreshold ("
                            + lowThreshold
                            + ") must be below highThreshold ("
                            + highThreshold
                            + ")");
        }
        if (!(newTrackThreshold >= highThreshold)) {
            throw new IllegalArgumentException(
                    "newTrackThreshold ("
                            + newTrackThreshold
                            + ") must be at least highThreshold ("
                            + highThreshold
                            + "): only high detections can start tracks");
        }
        checkIou("matchIou", matchIou);
        checkIou("lowMatchIou", lowMatchIou);
        checkIou("tentativeMatchIou", tentativeMatchIou);
        checkIou("lostMatchCover", lostMatchCover);
        if (!(classMismatchCost >= 0)) {
            throw new IllegalArgumentException(
                    "classMismatchCost must not be negative, got " + classMismatchCost);
        }
        if (minHits < 1) {
            throw new IllegalArgumentException("minHits must be at least 1, got " + minHits);
        }
        if (lostTimeoutMs <= 0) {
            throw new IllegalArgumentException(
                    "lostTimeoutMs must be positive, got " + lostTimeoutMs);
        }
        if (maxPredictionMs < 0) {
            throw new IllegalArgumentException(
                    "maxPredictionMs must not be negative, got " + maxPredictionMs);
        }
        if (!(lineMargin >= 0 && lineMargin < 1)) {
            throw new IllegalArgumentException(
                    "lineMargin must be in [0, 1) of the box height, got " + lineMargin);
        }
        if (!(marginPx >= 0)) {
            throw new IllegalArgumentException("marginPx must not be negative, got " + marginPx);
        }
        if (holdMs < 0) {
            throw new IllegalArgumentException("holdMs must not be negative, got " + holdMs);
        }
        if (!(motionGate >= 0)) {
            throw new IllegalArgumentException(
                    "motionGate must not be negative (0: off), got " + motionGate);
        }
        if (outageLimitMs < 0) {
            throw new IllegalArgumentException(
                    "outageLimitMs must not be negative (0: off), got " + outageLimitMs);
        }
        if (predictedBoxMs < 0) {
            throw new IllegalArgumentException(
                    "predictedBoxMs must not be negative (0: off), got " + predictedBoxMs);
        }
    }

    public static TrackerConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void checkUnit(String name, float value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }

    private static void checkIou(String name, float value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1], got " + value);
        }
    }

    /** Builder with ByteTrack's defaults where it has them; {@link #build()} validates. */
    public static final class Builder {
        private float highThreshold = 0.5f;
        private float lowThreshold = 0.1f;
        private float newTrackThreshold = 0.6f;
        // ByteTrack's match_thresh 0.8, 0.5 and 0.7 are costs 1 - IoU.
        private float matchIou = 0.2f;
        private float lowMatchIou = 0.5f;
        private float tentativeMatchIou = 0.3f;
        // Measured on the standard tracking scene (bin/bench-tracker --replay).
        private float lostMatchCover = 0.4f;
        private float classMismatchCost = 0.15f;
        private int minHits = 2;
        private long lostTimeoutMs = 1500;
        /** Null: follows lostTimeoutMs. */
        private Long maxPredictionMs;

        private double lineMargin = 0.05;
        // The hostile box-level scenes (HostileScenes in the tests): jitter of ±3 px with bad
        // frames of ±9 px (and ±5 px with bad frames of ±15 px) on 20x40 boxes standing on a line.
        private double marginPx = 5;
        private long holdMs = 150;
        private float motionGate = 1.5f;
        private long outageLimitMs = 10_000;
        private long predictedBoxMs = 500;

        private Builder() {}

        public Builder setHighThreshold(float v) {
            highThreshold = v;
            return this;
        }

        public Builder setLowThreshold(float v) {
            lowThreshold = v;
            return this;
        }

        public Builder setNewTrackThreshold(float v) {
            newTrackThreshold = v;
            return this;
        }

        public Builder setMatchIou(float v) {
            matchIou = v;
            return this;
        }

        public Builder setLowMatchIou(float v) {
            lowMatchIou = v;
            return this;
        }

        public Builder setTentativeMatchIou(float v) {
            tentativeMatchIou = v;
            return this;
        }

        public Builder setLostMatchCover(float v) {
            lostMatchCover = v;
            return this;
        }

        public Builder setClassMismatchCost(float v) {
            classMismatchCost = v;
            return this;
        }

        public Builder setMinHits(int v) {
            minHits = v;
            return this;
        }

        public Builder setLostTimeoutMs(long v) {
            lostTimeoutMs = v;
            return this;
        }

        public Builder setMaxPredictionMs(long v) {
            maxPredictionMs = v;
            return this;
        }

        public Builder setLineMargin(double v) {
            lineMargin = v;
            return this;
        }

        public Builder setMarginPx(double v) {
            marginPx = v;
            return this;
        }

        public Builder setHoldMs(long v) {
            holdMs = v;
            return this;
        }

        public Builder setMotionGate(float v) {
            motionGate = v;
            return this;
        }

        public Builder setOutageLimitMs(long v) {
            outageLimitMs = v;
            return this;
        }

        public Builder setPredictedBoxMs(long v) {
            predictedBoxMs = v;
            return this;
        }

        public TrackerConfig build() {
            return new TrackerConfig(
                    highThreshold,
                    lowThreshold,
                    newTrackThreshold,
                    matchIou,
                    lowMatchIou,
                    tentativeMatchIou,
                    lostMatchCover,
                    classMismatchCost,
                    minHits,
                    lostTimeoutMs,
                    maxPredictionMs != null ? maxPredictionMs : lostTimeoutMs,
                    lineMargin,
                    marginPx,
                    holdMs,
                    motionGate,
                    outageLimitMs,
                    predictedBoxMs);
        }
    }
}
