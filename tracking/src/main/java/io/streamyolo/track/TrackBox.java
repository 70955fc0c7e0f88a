package io.streamyolo.track;

/**
 * Where a confirmed track is in one frame: the box of the detection it matched ({@code detection}
 * is that detection's index in the frame's input), or, for a track lost for a moment (not matched
 * in this frame), its predicted box, marked {@code predicted} (and {@code detection} -1).
 */
public record TrackBox(long trackId, int classId, Box box, boolean predicted, int detection) {}
