package io.streamyolo.source.event;

import io.streamyolo.control.settings.StreamSettings;
import java.util.Objects;

/**
 * Settings of every stream from a job-wide command (a MODEL switch without a stream id), sent
 * in-band to every reader; a stream's own settings win over them.
 */
public record JobSettingsUpdate(StreamSettings settings) implements CameraEvent {

    public JobSettingsUpdate {
        Objects.requireNonNull(settings, "settings");
    }

    /** About no single stream. */
    @Override
    public String streamId() {
        return null;
    }
}
