package io.streamyolo.track;

import java.util.Arrays;
import java.util.List;

/**
 * One association round: optimal matching of tracks' predicted boxes to detections by their
 * overlap, IoU or (see {@link Overlap#COVER}) the share of the box inside the prediction.
 *
 * <p>Classes weigh in softly: the cost of a pair is {@code 1 - overlap}, plus {@code mismatchCost}
 * when the box's class is not the track's (voted) class. A detector often gets the class of a
 * partly hidden object wrong for a frame or two; a hard class gate would end the object's track
 * there and start a spurious one, while the extra cost still settles close calls between
 * overlapping objects by class. A {@code mismatchCost} of 1 or more is a hard gate: such pairs are
 * infeasible.
 *
 * <p>Infeasible pairs (overlap below {@code minOverlap}) cost {@code 1 - minOverlap +
 * mismatchCost}, the most a feasible pair can cost: clamping gives them the price of leaving both
 * sides unmatched, which makes a full rectangular assignment equivalent to ByteTrack's {@code
 * lapjv(..., cost_limit)} (a strong pair is never broken up to create two weak ones). Rows and
 * columns without any feasible pair are left out of the solve. Not thread-safe; buffers are reused
 * across frames.
 */
final class IouMatcher {

    /** How the overlap of a predicted box and a detection is measured. */
    enum Overlap {
        /** Intersection over union. */
        IOU,
        /**
         * Intersection over the detection's area: 1 for a box that lies inside the prediction
         * however small it is. For a partial view of an object (coming out from behind something)
         * its IoU with the whole predicted object is small, but it lies inside it.
         */
        COVER,
        /**
         * Nearness to the track's predicted path, for boxes no prediction overlaps: 1 - d / gate,
         * where d is the distance (px) from the box's centre to the segment from the track's last
         * matched centre to its predicted one (an object that stopped or turned back is near the
         * start of it, one that kept going near the end) and the gate is the track's {@link
         * Track#gatePx}; times the similarity of the sizes, which must not differ by more than
         * half in area.
         */
        MOTION
    }

    private final LinearAssignment assignment = new LinearAssignment();

    /** Overlap of each pair, 0 where infeasible. */
    private double[] overlaps = new double[0];

    /** Whether each pair's classes differ. */
    private boolean[] mismatch = new boolean[0];

    private double[] cost = new double[0];
    private int[] rows = new int[0];
    private int[] cols = new int[0];
    private int[] rowToCol = new int[0];
    private boolean[] colFeasible = new boolean[0];

    /**
     * Matches {@code tracks} to the detections {@code dets[detIdx[0..detCount)]}; writes, for each
     * track, the matched detection's index into {@code dets} (or -1) to {@code trackToDet}.
     */
    void match(
            List<Track> tracks,
            List<TrackInput> dets,
            int[] detIdx,
            int detCount,
            Overlap overlap,
            float minOverlap,
            float mismatchCost,
            int[] trackToDet) {
        int nt = tracks.size();
        Arrays.fill(trackToDet, 0, nt, -1);
        if (nt == 0 || detCount == 0) {
            return;
        }
        ensureCapacity(nt, detCount);
        Arrays.fill(colFeasible, 0, detCount, false);
        int nRows = 0;
        for (int r = 0; r < nt; r++) {
            Track t = tracks.get(r);
            boolean any = false;
            for (int c = 0; c < detCount; c++) {
                TrackInput d = dets.get(detIdx[c]);
                boolean differ = d.classId() != t.classId;
                double v = differ && mismatchCost >= 1 ? 0 : overlap(overlap, t, d);
                if (!(v > 0 && v >= minOverlap)) {
                    v = 0;
                }
                overlaps[r * detCount + c] = v;
                mismatch[r * detCount + c] = differ;
                if (v > 0) {
                    any = true;
                    colFeasible[c] = true;
                }
            }
            if (any) {
                rows[nRows++] = r;
            }
        }
        int nCols = 0;
        for (int c = 0; c < detCount; c++) {
            if (colFeasible[c]) {
                cols[nCols++] = c;
            }
        }
        if (nRows == 0) {
            return;
        }
        double extra = Math.min(mismatchCost, 1);
        double limit = 1.0 - minOverlap + extra;
        for (int i = 0; i < nRows; i++) {
            for (int j = 0; j < nCols; j++) {
                int k = rows[i] * detCount + cols[j];
                cost[i * nCols + j] =
                        overlaps[k] > 0 ? 1.0 - overlaps[k] + (mismatch[k] ? extra : 0) : limit;
            }
        }
        assignment.solve(cost, nRows, nCols, rowToCol);
        for (int i = 0; i < nRows; i++) {
            int j = rowToCol[i];
            if (j >= 0) {
                if (overlaps[rows[i] * detCount + cols[j]] > 0) {
                    trackToDet[rows[i]] = detIdx[cols[j]];
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static double overlap(Overlap overlap, Track t, TrackInput d) {
        if (overlap == Overlap.MOTION) {
            return nearness(t, d);
        }
        double ix = Math.min(t.predX2, d.x2()) - Math.max(t.predX1, d.x1());
        double iy = Math.min(t.predY2, d.y2()) - Math.max(t.predY1, d.y1());
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        double inter = ix * iy;
        double area = (double) (d.x2() - d.x1()) * (d.y2() - d.y1());
        if (overlap == Overlap.COVER) {
            return area > 0 ? inter / area : 0;
        }
        double union = (t.predX2 - t.predX1) * (t.predY2 - t.predY1) + area - inter;
        return union > 0 ? inter / union : 0;
    }

    private static double nearness(Track t, TrackInput d) {
        double dw = d.x2() - d.x1();
        double dh = d.y2() - d.y1();
        double pw = Math.max(t.predMean[2], 1);
        double ph = Math.max(t.predMean[3], 1);
        double similar = Math.min(dw, pw) / Math.max(dw, pw) * (Math.min(dh, ph) / Math.max(dh, ph));
        if (!(similar >= 0.5) || !(t.gatePx > 0)) {
            return 0;
        }
        double px = (d.x1() + d.x2()) * 0.5;
        double py = (d.y1() + d.y2()) * 0.5;
        double ax = t.mean[0];
        double ay = t.mean[1];
        double sx = t.predMean[0] - ax;
        double sy = t.predMean[1] - ay;
        double len2 = sx * sx + sy * sy;
        double u = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * sx + (py - ay) * sy) / len2)) : 0;
        double dist = Math.hypot(ax + u * sx - px, ay + u * sy - py);
        if (dist >= t.gatePx) {
            return 0;
        }
        return (1 - dist / t.gatePx) * Math.sqrt(similar);
    }

    private void ensureCapacity(int nt, int nd) {
        if (overlaps.length < nt * nd) {
            overlaps = new double[nt * nd];
            mismatch = new boolean[nt * nd];
            cost = new double[nt * nd];
        }
        if (rows.length < nt) {
            rows = new int[nt];
            rowToCol = new int[nt];
        }
        if (cols.length < nd) {
            cols = new int[nd];
            colFeasible = new boolean[nd];
        }
    }
}
