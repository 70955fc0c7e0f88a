package io.streamyolo.source.motion;

/**
 * What a camera's motion detector made of one frame.
 *
 * @param score the fraction of the picture outside the motion masks that changed, 0 to 1
 * @param moving whether that is motion (the score reached the camera's threshold, or the detector
 *     has just started and has no background yet)
 */
public record Motion(float score, boolean moving) {}
