package io.streamyolo.source.enumerator;

import io.streamyolo.source.split.RtspStreamSplit;
import java.io.Serializable;
import java.util.Map;

/**
 * Chooses the reader subtask of a new stream. A stream stays with its reader afterwards unless the
 * reader goes away. Pluggable, because a job may need streams placed by Flink key group.
 */
@FunctionalInterface
public interface SplitAssigner extends Serializable {

    /**
     * @param streamsPerReader number of streams of each reader subtask, registered or not (never empty)
     * @param parallelism the source's parallelism
     * @return the subtask index, one of {@code streamsPerReader}'s keys
     */
    int assign(RtspStreamSplit split, Map<Integer, Integer> streamsPerReader, int parallelism);

    /** The default: the reader with the fewest streams (the lowest index on a tie). */
    static SplitAssigner leastLoaded() {
        return (split, load, parallelism) -> load.entrySet().stream()
                .min(Map.Entry.<Integer, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .orElseThrow()
                .getKey();
    }
}
