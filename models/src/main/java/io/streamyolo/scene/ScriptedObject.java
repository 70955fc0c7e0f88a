package io.streamyolo.scene;

/**
 * One object of a {@link TrackingScene} script: a shape moving at constant velocity, in relative
 * units so that a script plays the same at any resolution and frame rate. It is in the scene
 * exactly while its box overlaps the frame.
 *
 * @param classId class id, see {@link SyntheticScene#CLASS_NAMES}
 * @param size shape size as a fraction of the frame width (the training data has 0.07 to 0.2)
 * @param time a time in seconds (frame {@code time * fps}) at which the centre is at (x, y)
 * @param x centre at {@code time}, as a fraction of the frame width (may be outside 0..1)
 * @param y centre at {@code time}, as a fraction of the frame height
 * @param vx velocity in frame widths per second
 * @param vy velocity in frame heights per second
 */
public record ScriptedObject(int classId, double size, double time, double x, double y, double vx, double vy) {

    public ScriptedObject {
        if (classId < 0 || classId >= SyntheticScene.CLASS_NAMES.size()) {
            throw new IllegalArgumentException("Unknown class id " + classId);
        }
        if (!(size > 0 && size < 1)) {
            throw new IllegalArgumentException("Size must be a fraction of the width in (0, 1), got " + size);
        }
    }

    /** The same object shifted later by {@code seconds}. */
    public ScriptedObject delayed(double seconds) {
        return new ScriptedObject(classId, size, time + seconds, x, y, vx, vy);
    }
}
