package io.streamyolo.source.event;

/**
 * A status or error event about a camera stream or a command. Messages never hold credentials:
 * URLs in them are masked before the event is made.
 *
 * @param streamId the stream, or null when the event is about no stream (an unparsable command)
 * @param kind what happened
 * @param message human-readable detail: the cause of an error, the offending command
 * @param timeMillis when it happened
 */
public record StreamStatus(String streamId, Kind kind, String message, long timeMillis) implements CameraEvent {

    /** The kinds of status event, named as they appear in results ({@code "event": "started"}). */
    public enum Kind {
        /** A stream connected and decodes frames. */
        STARTED,
        /** A stream was stopped by a command or by shutdown. */
        STOPPED,
        /** A stream failed, ended or froze, and is being reopened after a backoff. */
        RECONNECTING,
        /** A stream or a command failed; the message names the cause. */
        ERROR,
        /** A command that changed nothing, or was not needed (STOP of an unknown stream). */
        WARNING,
        /** A command was applied (e.g. a stream restarted on a new URL). */
        INFO;

        public String eventName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How the message of a command the parser refused begins. */
    public static final String REFUSED_COMMAND = "invalid command: ";

    /**
     * Whether this is the error of a refused command: it names a stream when the line held one,
     * but says nothing about that stream's camera, which runs on as before.
     */
    public boolean isRefusedCommand() {
        return kind == Kind.ERROR && message != null && message.startsWith(REFUSED_COMMAND);
    }

    public static StreamStatus of(String streamId, Kind kind, String message) {
        return new StreamStatus(streamId, kind, message, System.currentTimeMillis());
    }
}
