package io.streamyolo.source.command;

import java.io.Serializable;
import java.util.Map;

/**
 * A control command, in the original design's JSON format:
 *
 * <pre>
 * {"type":"START","stream_id":"cam1","rtsp":"rtsp://...","max_fps":5}
 * {"type":"STOP","stream_id":"cam1"}
 * {"type":"UPDATE","stream_id":"cam1","max_fps":2,"conf":0.4,"classes":[0,2]}
 * {"type":"MODEL","model":"yolo11n.torchscript"}                 (the whole job)
 * {"type":"MODEL","stream_id":"cam1","model":"yolo11s.torchscript"}  (one stream)
 * {"type":"SHUTDOWN"}
 * </pre>
 *
 * @param streamId null for SHUTDOWN, and for a MODEL switch of the whole job
 * @param url the camera URL, for START
 * @param maxFps for START and UPDATE: frames per second to emit at most; 0 = every frame, null = not given
 * @param transport RTSP transport for START ({@code tcp} or {@code udp})
 * @param extra every other field of the command, as JSON text per field, for later stages (e.g.
 *     {@code conf}, {@code classes}, {@code priority})
 */
public record StreamCommand(
        Type type, String streamId, String url, Double maxFps, String transport, Map<String, String> extra)
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
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }
}
