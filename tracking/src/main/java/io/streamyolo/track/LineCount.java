package io.streamyolo.track;

/**
 * Crossings of one line since the stream's tracker started: towards the in side and away from it.
 */
public record LineCount(long in, long out) {}
