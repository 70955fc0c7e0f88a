package io.streamyolo.source.enumerator;

import io.streamyolo.source.command.ReaderCommands;
import io.streamyolo.source.event.StreamStatus;
import io.streamyolo.source.split.RtspStreamSplit;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * The enumerator's status events on their way out. The enumerator has no output of its own: a
 * reader emits them (the one with the lowest index), and while none is registered they wait.
 * Coordinator thread only.
 */
final class StatusOutbox {

    private final SplitEnumeratorContext<RtspStreamSplit> context;
    private final Deque<StreamStatus> undelivered = new ArrayDeque<>();

    StatusOutbox(SplitEnumeratorContext<RtspStreamSplit> context) {
        this.context = context;
    }

    void report(StreamStatus status) {
        undelivered.add(status);
        flush();
    }

    /** Sends what waits, if a reader is there to emit it. */
    void flush() {
        if (context.registeredReaders().isEmpty()) {
            return;
        }
        int reader = context.registeredReaders().keySet().stream().min(Integer::compare).orElseThrow();
        while (!undelivered.isEmpty()) {
            context.sendEventToSourceReader(reader, new ReaderCommands.EmitStatus(undelivered.poll()));
        }
    }
}
