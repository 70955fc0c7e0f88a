package io.streamyolo.source.command;

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

    /** Identifies the channel in the enumerator's checkpoint, e.g. {@code file:/path}. */
    String id();

    /** Seeks to a position returned with an earlier line; called before the first poll. */
    void restore(long position);

    /** Lines that arrived since the last poll; never blocks for long. */
    List<ControlLine> poll() throws IOException;

    /** One command line and the channel position just after it. */
    record ControlLine(String channelId, String text, long positionAfter) {}
}
