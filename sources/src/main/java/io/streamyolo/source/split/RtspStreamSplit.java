package io.streamyolo.source.split;

import io.streamyolo.control.command.StreamCommand;
import io.streamyolo.control.redact.Redaction;
import io.streamyolo.control.settings.StreamSettings;
import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One camera stream, as the enumerator hands it to a reader: immutable, identified by its stream
 * id. Its {@link #toString()} masks the URL's password.
 *
 * @param maxFps frames per second to emit at most; 0 = every decoded frame
 * @param transport RTSP transport, {@code tcp} (default) or {@code udp}
 * @param settings the stream's settings for the detection stage, from its START and UPDATEs
 */
public record RtspStreamSplit(String streamId, String url, double maxFps, String transport, StreamSettings settings)
        implements SourceSplit, Serializable {

    public RtspStreamSplit {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(url, "url");
        transport = transport == null ? "tcp" : transport;
        settings = settings == null ? StreamSettings.NONE : settings;
    }

    /** The split a START command asks for; {@code defaultMaxFps} applies where the command gives none. */
    public static RtspStreamSplit fromStart(StreamCommand start, double defaultMaxFps) {
        return new RtspStreamSplit(start.streamId(), start.url(),
                start.maxFps() == null ? defaultMaxFps : start.maxFps(), start.transport(), start.settings());
    }

    /** This split with an UPDATE command's settings applied. */
    public RtspStreamSplit withUpdate(StreamCommand update) {
        return new RtspStreamSplit(streamId, url, update.maxFps() == null ? maxFps : update.maxFps(), transport,
                settings.then(update.settings()));
    }

    @Override
    public String splitId() {
        return streamId;
    }

    /** The URL with its password masked, for logs and events. */
    public String redactedUrl() {
        return Redaction.redact(url);
    }

    @Override
    public String toString() {
        return "RtspStreamSplit{" + streamId + ", " + redactedUrl() + ", maxFps=" + maxFps + ", " + transport + "}";
    }
}
