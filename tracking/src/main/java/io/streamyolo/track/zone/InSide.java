package io.streamyolo.track.zone;

/**
 * Which side of a directed line segment a→b counts as "in", as seen on screen.
 *
 * <p>Stand at a, look towards b on the displayed image (y pointing down): {@link #LEFT} is your
 * left hand. For a = (0, 0.5), b = (1, 0.5), LEFT is the upper half of the frame.
 */
public enum InSide {
    LEFT,
    RIGHT
}
