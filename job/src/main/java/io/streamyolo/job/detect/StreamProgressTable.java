package io.streamyolo.job.detect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every stream's {@link StreamProgress} that a detection subtask knows of: those of its own
 * streams, and the others' from a restore (union state gives every subtask all of them; they are
 * kept, since the source may hand any stream to this subtask later).
 */
final class StreamProgressTable {

    private final Map<String, StreamProgress> progress = new HashMap<>();
    /** Streams whose frames this subtask has had in this run. */
    private final Set<String> own = new HashSet<>();

    /** Restores the copies of every subtask's state, keeping the furthest copy of each stream. */
    StreamProgressTable(Iterable<StreamProgress> restored) {
        for (StreamProgress p : restored) {
            progress.merge(p.streamId, p, StreamProgress::furthest);
        }
    }

    Collection<StreamProgress> all() {
        return progress.values();
    }

    /** A stream's progress; null if this subtask knows none. */
    StreamProgress get(String streamId) {
        return progress.get(streamId);
    }

    /**
     * The progress of a stream whose frame this subtask has; {@code firstUse} runs the first time
     * in this run (to show its counts as metrics, say).
     */
    StreamProgress own(String streamId, Consumer<StreamProgress> firstUse) {
        StreamProgress p = progress.computeIfAbsent(streamId, StreamProgress::new);
        if (own.add(streamId)) {
            firstUse.accept(p);
        }
        return p;
    }

    /** Every stream's progress for a checkpoint, the own streams' with their tracker state now. */
    List<StreamProgress> snapshot(Function<String, byte[]> trackerState) {
        for (String streamId : own) {
            byte[] state = trackerState.apply(streamId);
            if (state != null) {
                progress.get(streamId).trackerState = state;
            }
        }
        return new ArrayList<>(progress.values());
    }
}
