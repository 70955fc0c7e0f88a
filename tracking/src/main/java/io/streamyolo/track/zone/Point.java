package io.streamyolo.track.zone;

/**
 * A point in frame-relative coordinates: x and y in [0, 1], origin top-left, y pointing down.
 *
 * <p>Relative coordinates keep zones and lines valid when a camera changes resolution. The
 * constructor only rejects NaN and infinities; {@link Zone} and {@link Line} check the [0, 1] range
 * so that their messages can name the zone or line.
 */
public record Point(double x, double y) implements java.io.Serializable {

    public Point {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException(
                    "Point coordinates must be finite, got (" + x + ", " + y + ")");
        }
    }

    boolean inUnitSquare() {
        return x >= 0 && x <= 1 && y >= 0 && y <= 1;
    }
}
