package io.streamyolo.scene;

/**
 * A run of frames, {@code firstFrame} to {@code lastFrame} inclusive, in which an object that was
 * visible before and is visible again afterwards cannot be seen (hidden by an occluder or by
 * another object).
 */
public record Occlusion(int objectId, int firstFrame, int lastFrame) {

    /** How many frames the object is hidden. */
    public int frames() {
        return lastFrame - firstFrame + 1;
    }
}
