package io.streamyolo.scene;

import java.util.List;

/**
 * The script of {@link TrackingScene#standard}: one {@link TrackingScene#STANDARD_SECONDS} cycle,
 * written in pixels of a 640x360 frame for readability. The line is at x = 320; the occluder, a
 * sign hanging from the top, covers x = 429 to 493 and y = 0 to 180.
 */
final class StandardScript {

    private static final int CIRCLE = 0;
    private static final int SQUARE = 1;
    private static final int TRIANGLE = 2;
    private static final int STAR = 3;

    /**
     * Each entry: class, size, then where the centre is at time t (when it crosses the line, for
     * most), then velocity in pixels per second. Paths with y up to about 135 at the sign go behind
     * it, those with y from 235 pass below it. Object ids follow entry into the frame, which is the
     * order here except for the first crossing pair: the circle from the right (id 4) enters
     * before the one from the left (id 5).
     */
    static final List<ScriptedObject> OBJECTS = List.of(
            at(CIRCLE, 76, 3.0, 320, 100, 150, 0),
            at(SQUARE, 72, 5.6, 320, 262, -135, 5),
            at(TRIANGLE, 84, 8.0, 170, 180, 30, 120),
            at(STAR, 80, 11.0, 320, 295, -140, 0),
            // Two circles cross each other's paths at x = 190, 47 pixels apart; the rear one stays visible.
            at(CIRCLE, 80, 13.0, 190, 205, 125, 10),
            at(CIRCLE, 74, 13.0, 190, 252, -125, 0),
            at(STAR, 80, 17.6, 320, 250, 130, 15),
            at(TRIANGLE, 78, 18.5, 320, 120, 125, 10),
            at(STAR, 82, 21.0, 320, 260, -70, -110),
            // Fast: hidden behind the sign for fewer frames.
            at(SQUARE, 74, 25.0, 320, 105, 220, 0),
            // A square (id 11) passes in front of a smaller star (id 10) at x = 230 and hides it.
            at(STAR, 72, 30.0, 230, 262, -120, 0),
            at(SQUARE, 88, 30.0, 230, 254, 120, 0),
            at(CIRCLE, 88, 35.0, 320, 100, -140, 0));

    private StandardScript() {}

    private static ScriptedObject at(int classId, double size, double t, double x, double y, double vx, double vy) {
        return new ScriptedObject(classId, size / 640, t, x / 640, y / 360, vx / 640, vy / 360);
    }
}
