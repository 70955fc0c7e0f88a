package io.streamyolo.model;

/** One detected object: box corners in the source frame's pixels, class id and confidence. */
public record Detection(float x1, float y1, float x2, float y2, int classId, float confidence) {

    public float area() {
        return Math.max(0f, x2 - x1) * Math.max(0f, y2 - y1);
    }

    /** Intersection over union of two boxes. */
    public float iou(Detection other) {
        return iou(x1, y1, x2, y2, other.x1, other.y1, other.x2, other.y2);
    }

    public static float iou(
            float ax1, float ay1, float ax2, float ay2, float bx1, float by1, float bx2, float by2) {
        float iw = Math.min(ax2, bx2) - Math.max(ax1, bx1);
        float ih = Math.min(ay2, by2) - Math.max(ay1, by1);
        if (iw <= 0f || ih <= 0f) {
            return 0f;
        }
        float inter = iw * ih;
        float union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter;
        return union <= 0f ? 0f : inter / union;
    }
}
