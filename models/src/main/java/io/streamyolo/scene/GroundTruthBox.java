package io.streamyolo.scene;

/** A known object in a synthetic frame: class id and box corners in frame pixels. */
public record GroundTruthBox(int classId, float x1, float y1, float x2, float y2) {

    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }
}
