package io.streamyolo.source.command;

import io.streamyolo.source.event.StreamStatus;
import org.apache.flink.api.connector.source.SourceEvent;

/** The enumerator's commands to a reader, sent as Flink {@link SourceEvent}s. */
public final class ReaderCommands {

    private ReaderCommands() {}

    /** Stop decoding a stream and forget it. */
    public record StopStream(String streamId, String reason) implements SourceEvent {}

    /** Change a running stream's frame-rate cap (0 = no cap). */
    public record UpdateStream(String streamId, double maxFps) implements SourceEvent {}

    /** Emit a status event that the enumerator produced (about a command, say). */
    public record EmitStatus(StreamStatus status) implements SourceEvent {}
}
