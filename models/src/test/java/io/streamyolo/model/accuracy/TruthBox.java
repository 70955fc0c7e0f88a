package io.streamyolo.model.accuracy;

/**
 * A labelled object: its class name and box in the frame's pixels. A {@code difficult} one (mostly
 * hidden, or cut to a sliver by the frame's edge) neither counts as missed nor makes a detection on
 * it a false positive.
 */
record TruthBox(String className, int x1, int y1, int x2, int y2, boolean difficult) {}
