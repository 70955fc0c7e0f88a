package io.streamyolo.store;

/** A box in frame pixels: top-left (x1, y1), bottom-right (x2, y2). */
public record Box(double x1, double y1, double x2, double y2) {}
