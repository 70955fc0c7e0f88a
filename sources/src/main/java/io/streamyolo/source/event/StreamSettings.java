package io.streamyolo.source.event;

import java.util.Map;

/**
 * A stream's settings for later stages, sent in-band before its first frame and again after each
 * UPDATE, so that they reach the operator that handles the stream's frames, in order with them.
 *
 * @param fields the START or UPDATE command's fields other than those the source itself uses, as
 *     JSON text per field (e.g. {@code "conf" -> "0.4"}, {@code "classes" -> "[0,2]"})
 */
public record StreamSettings(String streamId, Map<String, String> fields) implements CameraEvent {

    /** The stream id of settings for every stream (no stream id can contain '*'). */
    public static final String ALL_STREAMS = "*";

    public StreamSettings {
        fields = Map.copyOf(fields);
    }
}
