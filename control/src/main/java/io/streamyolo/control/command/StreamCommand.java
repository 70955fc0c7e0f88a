package io.streamyolo.control.command;

import io.streamyolo.control.settings.StreamSettings;
import java.io.Serializable;

/**
 * A control command, in the original design's JSON format:
 *
 * <pre>
 * {"type":"START","stream_id":"cam1","rtsp":"rtsp://...","max_fps":5}
 * {"type":"STOP","stream_id":"cam1"}
 * {"type":"UPDATE","stream_id":"cam1","max_fps":2,"conf":0.4,"classes":[0,2],"priority":1}
 * {"type":"MODEL","model":"yolo11n.torchscript"}                 (the whole job)
 * {"type":"MODEL","stream_id":"cam1","model":"yolo11s.torchscript"}  (one stream)
 * {"type":"SHUTDOWN"}
 * </pre>
 *
 * @param streamId null for SHUTDOWN, and for a MODEL switch of the whole job
 * @param url the camera URL, for START
 * @param maxFps for START and UPDATE: frames per second to emit at most; 0 = every frame, null = not given
 * @param transport RTSP transport for START ({@code tcp} or {@code udp})
 * @param settings the settings for the detection stage that the command gives (conf, classes,
 *     priority, model, zones, lines), checked
 */
public record StreamCommand(
        Type type, String streamId, String url, Double maxFps, String transport, StreamSettings settings)
        implements Serializable {

    /** Command types. */
    public enum Type {
        START,
        STOP,
        UPDATE,
        MODEL,
        SHUTDOWN
    }

    public StreamCommand {
        settings = settings == null ? StreamSettings.NONE : settings;
    }
}
