package io.streamyolo.source.event;

import java.io.Serializable;

/**
 * What the RTSP source emits: decoded {@link VideoFrame}s, {@link StreamStatus} events (started,
 * stopped, reconnecting, errors) and settings ({@link StreamSettingsUpdate}, {@link
 * JobSettingsUpdate}), in one stream so that their order per camera is kept.
 */
public sealed interface CameraEvent extends Serializable permits VideoFrame, StreamStatus, StreamSettingsUpdate, JobSettingsUpdate {

    /** The camera stream this event belongs to; null for events about no stream (a bad command). */
    String streamId();
}
