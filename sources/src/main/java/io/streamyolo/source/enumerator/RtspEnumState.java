package io.streamyolo.source.enumerator;

import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.source.split.RtspStreamSplit;
import java.util.List;
import java.util.Map;

/**
 * The enumerator's checkpoint: the registry of streams that should run (each with the reader
 * subtask that owns it, or -1 when unassigned), how far each control channel has been applied,
 * and whether the job was shut down.
 *
 * @param channelPositions per control channel id, the position after the last applied command
 * @param jobSettings settings of every stream from job-wide commands (a MODEL switch)
 * @param initialCommandsApplied whether the commands given at job start were applied (they are
 *     not applied again after a restore)
 */
public record RtspEnumState(
        List<AssignedStream> streams, Map<String, Long> channelPositions, boolean initialCommandsApplied, boolean shutdown,
        StreamSettings jobSettings) {

    public RtspEnumState {
        streams = List.copyOf(streams);
        channelPositions = Map.copyOf(channelPositions);
        jobSettings = jobSettings == null ? StreamSettings.NONE : jobSettings;
    }

    public static RtspEnumState empty() {
        return new RtspEnumState(List.of(), Map.of(), false, false, StreamSettings.NONE);
    }

    /** A registered stream and its owner subtask (-1: not assigned yet). */
    public record AssignedStream(RtspStreamSplit split, int owner) {}
}
