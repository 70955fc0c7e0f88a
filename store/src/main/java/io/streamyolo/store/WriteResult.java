package io.streamyolo.store;

/**
 * What one {@link EventStore#write} did.
 *
 * @param newEvents events inserted
 * @param duplicateEvents events already stored (a replay), left as they were
 * @param snapshots snapshots inserted or replaced
 */
public record WriteResult(int newEvents, int duplicateEvents, int snapshots) {}
