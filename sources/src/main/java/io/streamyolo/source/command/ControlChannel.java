package io.streamyolo.source.command;

import io.streamyolo.control.command.StreamCommandParser;
import java.io.Closeable;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * Where commands come from: a file of JSON lines, a Kafka topic, or the job's arguments. Polled
 * by the enumerator's worker thread; the position of each line lets a restored enumerator go on
 * after the last command it applied.
 */
public interface ControlChannel extends Closeable, Serializable {

    /** The longest command line taken; longer ones are skipped whole, with one error. */
    int MAX_LINE_BYTES = StreamCommandParser.MAX_LINE_BYTES;

    /** Identifies the channel in the enumerator's checkpoint, e.g. {@code file:/path}. */
    String id();

    /**
     * Whether the channel's commands apply only at the job's first start, not again after a
     * restore that has no position for the channel (commands given as job arguments).
     */
    default boolean appliesOnlyAtFirstStart() {
        return false;
    }

    /** Seeks to a position returned with an earlier line; called before the first poll. */
    void restore(long position);

    /** Lines that arrived since the last poll; never blocks for long. */
    List<ControlLine> poll() throws IOException;

    /**
     * One command line and the channel position just after it. A line over {@link
     * #MAX_LINE_BYTES} has no text, only its size: it is reported as one error, never parsed.
     */
    record ControlLine(String channelId, String text, long positionAfter, long oversizeBytes) {

        public ControlLine(String channelId, String text, long positionAfter) {
            this(channelId, text, positionAfter, 0);
        }

        public static ControlLine oversized(String channelId, long bytes, long positionAfter) {
            return new ControlLine(channelId, null, positionAfter, bytes);
        }

        public boolean isOversized() {
            return text == null;
        }

        /** The error an oversized line gets. */
        public static String oversizeMessage(long bytes) {
            return StreamCommandParser.oversizeMessage(bytes);
        }
    }
}
