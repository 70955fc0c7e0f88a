package io.streamyolo.track;

/**
 * Tells a box that shows only part of its object, cut off by an occluder or the frame edge, from
 * one that shows it whole, on one axis at a time.
 *
 * <p>When an object passes behind something, its box's edge on that side stops at the occluder
 * while the far edge goes on with the object; when it comes out, the far edge leads and the near
 * one stays at the occluder. Either way the box is smaller than the object's full size, one edge is
 * where a full-size box at the predicted centre has it, and the other lies well inside. A box that
 * shrinks evenly on both sides (an object moving away, or a round shape cut off on the other axis,
 * whose extent across the cut shrinks too) is not cut. Comparing with the prediction's own size
 * would not do: it shrinks with every uncut update and hides a cut that grows slowly, and a
 * prediction too large would make every later box look cut; so the full size comes from the track's
 * uncut boxes ({@link Track#fullW}).
 */
final class PartialView {

    /**
     * A box smaller than the full size by more than this fraction may be cut off; and its cut edge
     * must lie this far inside the full-size prediction. Larger than a detector's jitter.
     */
    static final double CUT_TOLERANCE = 0.1;

    private PartialView() {}

    /**
     * Which side of the box {@code lo..hi} (one axis) is cut off, given the predicted centre and
     * the full size on that axis: +1 the high side (the low edge agrees with the prediction, the
     * high one lies well inside), -1 the low side, 0 neither, or the full size is not known.
     */
    static int cutSide(double lo, double hi, double centre, double full) {
        double tolerance = CUT_TOLERANCE * full;
        if (!(full > 0) || hi - lo >= full - tolerance) {
            return 0;
        }
        // Positive: the edge lies inside the full-size prediction.
        double inLo = lo - (centre - full * 0.5);
        double inHi = centre + full * 0.5 - hi;
        if (inHi > tolerance && Math.abs(inLo) < 0.5 * inHi) {
            return 1;
        }
        if (inLo > tolerance && Math.abs(inHi) < 0.5 * inLo) {
            return -1;
        }
        return 0;
    }
}
