package io.streamyolo.store;

/**
 * What one {@link EventStore#write} did.
 *
 * @param newEvents events inserted
 * @param duplicateEvents events already stored (a replay), left as they were
 * @param snapshots snapshots inserted or replaced
 * @param previews camera pictures written (the newest of each camera in the batch)
 * @param cameraStates camera states written (the newest of each camera in the batch)
 */
public record WriteResult(int newEvents, int duplicateEvents, int snapshots, int previews, int cameraStates) {

    /** A result without previews or camera states. */
    public WriteResult(int newEvents, int duplicateEvents, int snapshots) {
        this(newEvents, duplicateEvents, snapshots, 0, 0);
    }
}
