package io.streamyolo.scene;

/**
 * An axis-aligned rectangle in relative frame coordinates (0 to 1, origin top left, y down): a zone
 * for zone events, or an opaque occluder of a {@link TrackingScene}.
 */
public record SceneRect(double x1, double y1, double x2, double y2) {

    public SceneRect {
        if (!(x1 < x2 && y1 < y2)) {
            throw new IllegalArgumentException("Expected x1 < x2 and y1 < y2, got " + x1 + "," + y1 + " " + x2 + "," + y2);
        }
    }

    /** Whether a pixel point lies in the rectangle, edges included. */
    public boolean contains(double px, double py, int width, int height) {
        return px >= x1 * width && px <= x2 * width && py >= y1 * height && py <= y2 * height;
    }

    /** The rectangle in whole frame pixels: {x, y, width, height}, corners rounded. */
    int[] pixels(int width, int height) {
        int left = (int) Math.round(x1 * width);
        int top = (int) Math.round(y1 * height);
        return new int[] {left, top, (int) Math.round(x2 * width) - left, (int) Math.round(y2 * height) - top};
    }
}
