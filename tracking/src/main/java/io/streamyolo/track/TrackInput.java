package io.streamyolo.track;

/**
 * One detection handed to the tracker: a box in pixels {@code (x1, y1, x2, y2)}, its class and its
 * confidence in [0, 1].
 */
public record TrackInput(float x1, float y1, float x2, float y2, int classId, float confidence) {

    public TrackInput {
        if (!(x2 >= x1) || !(y2 >= y1)) {
            throw new IllegalArgumentException(
                    "Box must have x2 >= x1 and y2 >= y1, got ("
                            + x1
                            + ", "
                            + y1
                            + ", "
                            + x2
                            + ", "
                            + y2
                            + ")");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("Confidence must be in [0, 1], got " + confidence);
        }
    }
}
