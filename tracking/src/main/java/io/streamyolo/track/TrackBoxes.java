package io.streamyolo.track;

import io.streamyolo.track.kalman.BoxKalmanFilter;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@link StreamTracker}'s confirmed tracks are, as it reports them: for a detected frame
 * ({@link FrameResult#boxes()}) and, predicted, for a frame the model did not see ({@link
 * StreamTracker#predict}). Reads the tracks, changes nothing.
 */
final class TrackBoxes {

    private TrackBoxes() {}

    /**
     * Every confirmed track's box of a detected frame: matched ones their detection's, briefly
     * lost ones (unseen for at most {@code predictedBoxMs}) predicted, where in the frame.
     */
    static List<TrackBox> ofFrame(List<Track> tracks, List<TrackInput> detections, long predictedBoxMs, int width,
            int height) {
        List<TrackBox> out = new ArrayList<>();
        for (Track t : tracks) {
            if (!t.confirmed()) {
                continue;
            }
            if (t.matched) {
                TrackInput d = detections.get(t.matchedDet);
                out.add(new TrackBox(t.id, t.classId, new Box(d.x1(), d.y1(), d.x2(), d.y2()), false, t.matchedDet));
            } else if (t.unseenMs <= predictedBoxMs
                    && t.predX1 < t.predX2
                    && t.predX2 > 0
                    && t.predX1 < width
                    && t.predY2 > 0
                    && t.predY1 < height) {
                out.add(new TrackBox(t.id, t.classId, t.predictedBox(), true, -1));
            }
        }
        return out;
    }

    /**
     * The boxes of the confirmed tracks {@link #ofFrame} would report at {@code timeMs}, each
     * predicted from the track's last match and clipped to the {@code width x height} frame.
     * The tracks' own predictions are left alone: the filter writes to buffers of its own.
     */
    static List<TrackBox> predicted(List<Track> tracks, long timeMs, BoxKalmanFilter kalman, FrameClock clock,
            TrackerConfig config, int width, int height) {
        List<TrackBox> out = new ArrayList<>();
        double[] mean = new double[BoxKalmanFilter.DIM];
        double[] cov = new double[BoxKalmanFilter.COV_SIZE];
        for (Track t : tracks) {
            if (!t.confirmed() || timeMs < t.lastSeenMs) {
                continue;
            }
            if (t.state != Track.State.TRACKED && clock.unseenMs(t, timeMs) > config.predictedBoxMs()) {
                continue;
            }
            long gap = Math.min(timeMs - t.lastSeenMs, config.maxPredictionMs());
            kalman.predict(t.mean, t.cov, gap / 1000.0, mean, cov);
            double hw = Math.max(mean[2], 1) * 0.5;
            double hh = Math.max(mean[3], 1) * 0.5;
            float x1 = (float) Math.max(mean[0] - hw, 0);
            float y1 = (float) Math.max(mean[1] - hh, 0);
            float x2 = (float) Math.min(mean[0] + hw, width);
            float y2 = (float) Math.min(mean[1] + hh, height);
            if (x1 < x2 && y1 < y2) {
                out.add(new TrackBox(t.id, t.classId, new Box(x1, y1, x2, y2), true, -1));
            }
        }
        return out;
    }
}
