package io.streamyolo.track;

/** An axis-aligned box in pixels, {@code (x1, y1)} top-left and {@code (x2, y2)} bottom-right. */
public record Box(float x1, float y1, float x2, float y2) {}
