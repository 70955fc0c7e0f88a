package io.streamyolo.source.event;

import io.streamyolo.control.settings.StreamSettings;
import java.util.Objects;

/**
 * A stream's settings from a START or UPDATE (or a MODEL for the stream), sent in-band before its
 * first frame and again after each change, so that they reach the operator that handles the
 * stream's frames, in order with them. The fields given replace the stream's; the others stay.
 */
public record StreamSettingsUpdate(String streamId, StreamSettings settings) implements CameraEvent {

    public StreamSettingsUpdate {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(settings, "settings");
    }
}
