package io.streamyolo.source.command;

import io.streamyolo.control.settings.StreamSettings;
import io.streamyolo.source.event.StreamStatus;
import org.apache.flink.api.connector.source.SourceEvent;

/** The enumerator's commands to a reader, sent as Flink {@link SourceEvent}s. */
public final class ReaderCommands {

    private ReaderCommands() {}

    /** Stop decoding a stream and forget it. */
    public record StopStream(String streamId, String reason) implements SourceEvent {}

    /**
     * Change a running stream's settings: its frame-rate cap (0 = no cap), and the settings the
     * UPDATE gives, which the reader passes on in-band as a {@code StreamSettingsUpdate}.
     */
    public record UpdateStream(String streamId, double maxFps, StreamSettings settings) implements SourceEvent {}

    /** Settings for every stream of the reader (a job-wide MODEL switch), passed on in-band. */
    public record JobSettings(StreamSettings settings) implements SourceEvent {}

    /** Emit a status event that the enumerator produced (about a command, say). */
    public record EmitStatus(StreamStatus status) implements SourceEvent {}
}
